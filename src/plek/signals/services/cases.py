"""Case linking: signals about the same person or address within a window share a case."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction

from plek.signals.models import (
    Signal,
    SignalCase,
)
from plek.signals.services.common import (
    BATCH,
    LINK_WINDOW_DAYS,
    _chunks,
)

AddressKey = tuple[str, int | None, str]


def _address_key(signal: Signal) -> AddressKey | None:
    if not signal.postcode or signal.house_number is None:
        return None
    return (signal.postcode, signal.house_number, signal.house_number_addition.lower())


def link_cases(signals: Sequence[Signal]) -> int:
    """Put each given (saved) signal in the case of a signal about the same person or address
    received within ``LINK_WINDOW_DAYS`` days of it; returns how many were linked.

    Candidates are read in bulk (no query per signal); signals among the given ones link to
    each other too. A candidate without a case gets a new one, shared with the new signal.
    """
    if not signals:
        return 0
    given = {signal.pk for signal in signals}
    person_ids = sorted({s.person_id for s in signals if s.person_id is not None})
    postcodes = sorted({s.postcode for s in signals if _address_key(s) is not None})
    earliest = min(s.received_on for s in signals) - datetime.timedelta(days=LINK_WINDOW_DAYS)
    latest = max(s.received_on for s in signals) + datetime.timedelta(days=LINK_WINDOW_DAYS)
    candidates: dict[int, Signal] = {}
    window = Signal.objects.filter(received_on__range=(earliest, latest)).exclude(pk__in=given)
    fields = ("id", "person_id", "postcode", "house_number", "house_number_addition")
    for chunk in _chunks(person_ids):
        for signal in window.filter(person_id__in=chunk).only(*fields, "received_on", "case_id"):
            candidates[signal.pk] = signal
    for chunk in _chunks(postcodes):
        for signal in window.filter(postcode__in=chunk).only(*fields, "received_on", "case_id"):
            candidates[signal.pk] = signal
    by_person: dict[int, list[Signal]] = {}
    by_address: dict[AddressKey, list[Signal]] = {}

    def index(signal: Signal) -> None:
        if signal.person_id is not None:
            by_person.setdefault(signal.person_id, []).append(signal)
        key = _address_key(signal)
        if key is not None:
            by_address.setdefault(key, []).append(signal)

    for signal in candidates.values():
        index(signal)
    new_cases: list[tuple[SignalCase, list[Signal]]] = []
    changed: dict[int, Signal] = {}
    linked = 0
    for signal in sorted(signals, key=lambda s: (s.received_on, s.pk)):
        pool = list(by_person.get(signal.person_id, [])) if signal.person_id else []
        key = _address_key(signal)
        if key is not None:
            pool += by_address.get(key, [])
        near = [
            other
            for other in pool
            if abs((other.received_on - signal.received_on).days) <= LINK_WINDOW_DAYS
        ]
        if near:
            other = min(near, key=lambda s: (s.case_id is None, s.received_on, s.pk))
            if other.case_id is None and not hasattr(other, "_pending_case"):
                case = SignalCase(opened_on=min(other.received_on, signal.received_on))
                members = [other]
                new_cases.append((case, members))
                other._pending_case = (case, members)  # type: ignore[attr-defined]
                changed[other.pk] = other
            if hasattr(other, "_pending_case"):
                other._pending_case[1].append(signal)
                signal._pending_case = other._pending_case  # type: ignore[attr-defined]
            else:
                signal.case_id = other.case_id
            changed[signal.pk] = signal
            linked += 1
        index(signal)
    if new_cases:
        SignalCase.objects.bulk_create([case for case, _ in new_cases], batch_size=BATCH)
        for case, members in new_cases:
            for member in members:
                member.case_id = case.pk
    if changed:
        Signal.objects.bulk_update(list(changed.values()), ["case"], batch_size=BATCH)
    return linked


def link_unlinked_signals(batch: int = 5000) -> int:
    """Link signals that arrived without linking (plek-csv imports), oldest first."""
    total = 0
    ids = list(
        Signal.objects.filter(case__isnull=True)
        .order_by("received_on", "id")
        .values_list("id", flat=True)
    )
    for start in range(0, len(ids), batch):
        chunk = list(Signal.objects.filter(pk__in=ids[start : start + batch], case__isnull=True))
        with transaction.atomic():
            total += link_cases(chunk)
    return total
