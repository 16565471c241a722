"""The kinds of record that retention periods apply to, registered by the apps that own them.

An app describes each kind in its own ``retention.py`` (imported by the retention app when it
starts): which model, which field holds "the end" the period counts from, the default period in
years and its basis, and whether an expired record is deleted or anonymised. The retention app
(``plek.retention``, at the top of the layers) reads this registry, stores the periods the
functional admin sets and runs the job; the apps stay below it and import only this module.

A record whose end field is empty (a plan still running, an open stay) never expires. When one
field does not say when a record ended (a waiting entry ends when placed or withdrawn, a proposal
with its waiting entry) the kind gives ``end``, an expression on the model; NULL means "not ended".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils.functional import Promise

DELETE = "verwijderen"
ANONYMISE = "anonimiseren"
# person_field for records about someone who is not a Person (a volunteer): nothing to name in
# the processing log's person column, and no person to hold.
NO_PERSON = ""


@dataclass(frozen=True)
class RetentionKind:
    code: str
    label: str | Promise
    # "app_label.Model"
    model: str
    # The date (or datetime) field the period counts from; empty means "not ended yet".
    end_field: str
    default_years: int
    action: str
    # Where the default comes from, in words (shown to the functional admin).
    basis: str | Promise
    # The purpose (plek.access.choices.Purpose) named in the processing log.
    purpose: str
    # The field naming the person, for the processing log; None when the model is the person.
    person_field: str | None = "person"
    # The first day the record tells the monitor about (for sealing published figures), and how
    # many days before its start and after its end the monitor still looks at it (M2 looks back
    # 730 days for an earlier shelter stay, M12 14 days for a plan); 0 for records the monitor
    # only counts inside their own dates.
    start_field: str | None = None
    monitor_reach_days: int = 0
    # Whether the monitor's engine counts these records: only then are the published periods
    # they reach sealed before they go (records no sealed figure reads need no sealing).
    counted_by_monitor: bool = True
    # The end as an expression (a date; NULL while running) when ``end_field`` alone does not
    # say it; ``end_field`` then names the main date for the admin and the docs.
    end: Callable[[], Any] | None = None
    # Records with the same value in this field form one series that counts from its latest end
    # and goes whole (a person's ZRM assessments: the monitor pairs the first with the latest).
    series: str | None = None
    # For ANONYMISE: field -> new value or expression, applied with one UPDATE.
    anonymise: Callable[[], Mapping[str, Any]] | None = None
    # Records never touched, whatever their end (e.g. already anonymised).
    keep: Callable[[], Q] | None = None
    # Only for the person kind: "app_label.Model.field" of other tables whose rows keep a person
    # from being anonymised (besides every registered kind that names a person).
    held_by: tuple[str, ...] = ()
    # Data kinds named in the processing log.
    data_kinds: tuple[str, ...] = field(default=("dossier",))
    order: int = 100


_KINDS: dict[str, RetentionKind] = {}


def register(kind: RetentionKind) -> RetentionKind:
    if kind.action not in (DELETE, ANONYMISE):
        raise ImproperlyConfigured(f"Bewaartermijn {kind.code}: onbekende actie {kind.action!r}")
    if kind.action == ANONYMISE and kind.anonymise is None:
        raise ImproperlyConfigured(f"Bewaartermijn {kind.code}: anonimiseren zonder velden")
    if kind.default_years < 1:
        raise ImproperlyConfigured(f"Bewaartermijn {kind.code}: minstens één jaar")
    existing = _KINDS.get(kind.code)
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(f"Bewaartermijn {kind.code} is al geregistreerd")
    _KINDS[kind.code] = kind
    return kind


def kinds() -> list[RetentionKind]:
    """Every registered kind, deletions before anonymisations (a person is anonymised only
    once the records that need their name are gone), then by order and code."""
    return sorted(_KINDS.values(), key=lambda k: (k.action == ANONYMISE, k.order, k.code))


def kind(code: str) -> RetentionKind:
    return _KINDS[code]
