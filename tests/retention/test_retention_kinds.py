"""Retention of every kind the apps register, with frozen time on the demo region.

The demo is loaded as on LOADED (a year and a half of chain up to that day). Per kind the job
runs on the day its default period has passed since the median end of its records: what ended
before that is gone (or held by a record that points at it, and counted), what ended after it
and what is still running is kept, the processing log names every person whose record went, and
the monitor's published figures for the demo's first year stay what they were.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.db.models import F, Model
from django.utils import timezone

from plek.access import chain
from plek.access.models import ProcessingLogEntry
from plek.core.retention import NO_PERSON, RetentionKind, kind, kinds
from plek.demo.chain import load_demo_chain
from plek.demo.region import load_demo_region
from plek.housing.models import Proposal, RespiteBooking, WaitingEntry
from plek.intake.models import Intake
from plek.monitor import precomputed
from plek.monitor.engine import Period
from plek.postal.models import EventKind, PostalApplication, PostalEvent
from plek.protection.models import Arrangement, TryOut
from plek.retention import services

pytestmark = pytest.mark.django_db

LOADED = datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.UTC)
# The kinds registered for issue 18 besides plan, stay, track, signal and person (tested in
# test_retention.py on the golden region).
# Per record: its end as the job sees it (None: still running) and its person.
Ends = dict[int, tuple[datetime.date | None, int | None]]
NEW_KINDS = (
    "intake",
    "zrm",
    "voorstel",
    "wachtlijst",
    "respijt",
    "proefplaatsing",
    "arrangement",
    "indicatie",
    "mantelzorger",
    "hulpvraag",
    "vrijwilliger",
    "straatcontact",
    "briefadresbericht",
    "briefadres",
)


def _load_demo() -> None:
    with time_machine.travel(LOADED, tick=False):
        load_demo_region()
        assert load_demo_chain(timezone.localdate()) > 0
        chain.anchor()


def _ends(retention_kind: RetentionKind) -> Ends:
    """Per record: its end as the job sees it (None: still running) and its person."""
    model = apps.get_model(retention_kind.model)
    expression = services._end(retention_kind)
    person = retention_kind.person_field or "pk"
    rows = model._default_manager.annotate(
        the_end=expression if expression is not None else F(retention_kind.end_field)
    ).values_list("pk", "the_end", person)
    return {
        pk: (
            timezone.localtime(end).date() if isinstance(end, datetime.datetime) else end,
            person_id,
        )
        for pk, end, person_id in rows
    }


def _published(today: datetime.date) -> dict[str, Any]:
    """What the monitor shows for the demo's first year, a quarter and a month (the region)."""
    return {
        f"{start}/{end}": {
            code: value
            for code, value in precomputed.figures(Period(start, end, today)).items()
            if code != "period"
        }
        for start, end in (
            (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
            (datetime.date(2024, 7, 1), datetime.date(2024, 9, 30)),
            (datetime.date(2024, 11, 1), datetime.date(2024, 11, 30)),
        )
    }


def _finish_some() -> None:
    """The demo is recent: some kinds have no ended record yet. End some of each on their own
    start (or earlier), so every kind has records on both sides of a cutoff."""

    def first(model: type[Model], count: int) -> list[int]:
        return list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:count])

    Intake.objects.filter(pk__in=first(Intake, 6)).update(completed_on=F("started_on"))
    TryOut.objects.filter(pk__in=first(TryOut, 2)).update(
        concluded_on=F("start_date"), outcome=TryOut.Outcome.BLIJFT
    )
    Arrangement.objects.filter(pk__in=first(Arrangement, 30)).update(end_date=F("start_date"))
    for days, proposal in enumerate(first(Proposal, 2)):
        WaitingEntry.objects.filter(proposals__pk=proposal).update(
            withdrawn_on=F("registered_on") + datetime.timedelta(days=30 * days)
        )
    RespiteBooking.objects.filter(pk__in=first(RespiteBooking, 2)).update(
        end_date=F("start_date") + datetime.timedelta(days=1)
    )
    PostalEvent.objects.bulk_create(
        PostalEvent(
            application=application,
            person_id=application.person_id,
            kind=EventKind.TOEGEKEND,
            occurred_on=application.applied_on,
        )
        for application in PostalApplication.objects.order_by("pk")[:40]
    )


def _cutoffs(
    ends: dict[str, dict[int, tuple[datetime.date | None, int | None]]],
) -> dict[str, datetime.date]:
    """Per kind the median end of its ended records: some ended before it, some after."""
    cutoffs = {}
    for code, rows in ends.items():
        ended = sorted(end for end, _person in rows.values() if end is not None)
        assert ended and ended[0] < ended[len(ended) // 2], f"{code}: too few ended records"
        cutoffs[code] = ended[len(ended) // 2]
    return cutoffs


def _check(
    code: str,
    before: Ends,
    cutoff: datetime.date,
    after: set[int],
    result: services.KindResult,
) -> None:
    retention_kind = kind(code)
    past = {pk for pk, (end, _p) in before.items() if end is not None and end < cutoff}
    within = {pk for pk, (end, _p) in before.items() if end is not None and end >= cutoff}
    running = {pk for pk, (end, _p) in before.items() if end is None}
    # Past its period: gone, unless another kept record points at it (held, counted).
    gone = past - after
    assert gone, f"{code}: nothing removed"
    assert len(past & after) == result.held, code
    # Within its period or still running: kept.
    assert within <= after and running <= after, code
    # The processing log names every person whose record went.
    if retention_kind.person_field != NO_PERSON:
        persons = {before[pk][1] for pk in gone} - {None}
        logged = set(
            ProcessingLogEntry.objects.filter(
                activity_code="bewaartermijn.verwijderen",
                action="delete",
                purpose=retention_kind.purpose,
                person_id__in=persons,
            ).values_list("person_id", flat=True)
        )
        assert logged == persons, code


def test_the_recent_demo_loses_nothing() -> None:
    _load_demo()
    with time_machine.travel(LOADED + datetime.timedelta(days=1), tick=False):
        outcome = services.run()
    assert {code: result.done for code, result in outcome.kinds.items() if result.done} == {}
    assert chain.verify().intact


def test_each_kind_past_its_period_goes_within_and_running_stay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Sealing every municipality's pages of the demo's year and a half costs minutes; that the
    # sealing covers every area is test_retention.py's. Here: the region's pages.
    monkeypatch.setattr(services, "sealed_areas", lambda: [None])
    _load_demo()
    with time_machine.travel(LOADED, tick=False):
        _finish_some()
    assert {retention_kind.code for retention_kind in kinds()} >= set(NEW_KINDS)
    ends = {code: _ends(kind(code)) for code in NEW_KINDS}
    cutoffs = _cutoffs(ends)
    run_days: dict[datetime.date, list[str]] = {}
    for code, cutoff in cutoffs.items():
        day = cutoff.replace(year=cutoff.year + kind(code).default_years)
        run_days.setdefault(day, []).append(code)
    first_day, last_day = min(run_days), max(run_days)
    with time_machine.travel(first_day, tick=False):
        published = _published(first_day)

    for day in sorted(run_days):
        with time_machine.travel(datetime.datetime.combine(day, datetime.time(3), datetime.UTC)):
            outcome = services.run()
        for code in run_days[day]:
            after = set(_ends(kind(code)))
            _check(code, ends[code], cutoffs[code], after, outcome.kinds[code])

    with time_machine.travel(last_day, tick=False):
        # The monitor for the demo's first year shows what it showed before anything went.
        assert _published(last_day) == published
        assert chain.verify().intact
