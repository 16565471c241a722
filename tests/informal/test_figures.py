"""The figures of informal care against a plain-Python reference on generated data."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plek.informal import figures
from plek.informal.models import (
    BurdenCheckIn,
    Carer,
    CarerSupport,
    HelpRequest,
    Match,
    Outcome,
    Skill,
    Volunteer,
)
from plek.monitor import informal as monitor_informal
from plek.monitor.report.suppression import SMALL_COUNT_MARK
from tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

BASE = datetime.date(2024, 1, 1)
days = st.integers(min_value=0, max_value=500)
maybe_days = st.one_of(st.none(), days)
place = st.integers(min_value=0, max_value=2)


@dataclass(frozen=True)
class CarerRow:
    place: int
    registered: int
    ended: int | None
    support: tuple[int, int | None] | None
    checkins: tuple[tuple[int, bool], ...]


@dataclass(frozen=True)
class RequestRow:
    place: int
    received: int
    matches: tuple[tuple[int, int | None, str], ...]


carers = st.builds(
    CarerRow,
    place,
    days,
    maybe_days,
    st.one_of(st.none(), st.tuples(days, maybe_days)),
    st.lists(st.tuples(days, st.booleans()), max_size=3).map(tuple),
)
requests = st.builds(
    RequestRow,
    place,
    days,
    st.lists(
        st.tuples(
            st.integers(0, 60),
            st.one_of(st.none(), st.integers(0, 200)),
            st.sampled_from(Outcome.values),
        ),
        max_size=2,
    ).map(tuple),
)
volunteers = st.lists(st.tuples(place, days, maybe_days), max_size=8)


def day(offset: int) -> datetime.date:
    return BASE + datetime.timedelta(days=offset)


def running(since: int, until: int | None, start: int, end: int) -> bool:
    return since <= end and (until is None or until >= start)


def reference(carer_rows, volunteer_rows, request_rows, places, start: int, end: int) -> dict:
    def here(p: int) -> bool:
        return places is None or p in places

    registered = [
        c for c in carer_rows if here(c.place) and running(c.registered, c.ended, start, end)
    ]
    supported = [
        c
        for c in registered
        if c.support is not None and running(c.support[0], c.support[1], start, end)
    ]
    overload = sum(
        1
        for c in carer_rows
        if here(c.place)
        for done, overloaded in c.checkins
        if overloaded and start <= done <= end
    )
    active = sum(
        1 for p, since, until in volunteer_rows if here(p) and running(since, until, start, end)
    )
    received = sum(1 for r in request_rows if here(r.place) and start <= r.received <= end)
    made, waits, ended, well = 0, [], 0, 0
    for r in request_rows:
        if not here(r.place) or not r.matches:
            continue
        matched_days = [r.received + after for after, _e, _o in r.matches]
        made += sum(1 for d in matched_days if start <= d <= end)
        if start <= min(matched_days) <= end:
            waits.append(min(matched_days) - r.received)
        for after, length, outcome in r.matches:
            if length is None:
                continue
            end_day = r.received + after + length
            if start <= end_day <= end:
                ended += 1
                well += outcome in ("goed", "doorgelopen")
    median = (
        Decimal(str(statistics.median(waits))).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if waits
        else None
    )
    share = (
        (Decimal(well) / Decimal(ended)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
        if ended
        else None
    )
    return {
        "registered_carers": len(registered),
        "carers_with_support": len(supported),
        "overload_signals": overload,
        "volunteers_active": active,
        "help_requests": received,
        "matches_made": made,
        "time_to_match_requests": len(waits),
        "time_to_match_median_days": median,
        "matches_ended": ended,
        "matches_ended_well": well,
        "ended_well_share": share,
    }


def _nothing() -> dict:
    empty = {key: 0 for key in figures.COUNT_KEYS}
    return {**empty, "time_to_match_median_days": None, "ended_well_share": None}


class Rollback(Exception):
    pass


def store(carer_rows, volunteer_rows, request_rows) -> list[int]:
    municipalities = [MunicipalityFactory() for _ in range(3)]
    organisation = OrganisationFactory(kind="welzijn", municipality=municipalities[0])
    skill = Skill.objects.get(code="boodschappen")
    for c in carer_rows:
        carer = Carer.objects.create(
            municipality=municipalities[c.place],
            first_name="K",
            family_name="Z",
            postcode="1234AB",
            house_number=1,
            registered_on=day(c.registered),
            ended_on=day(c.ended) if c.ended is not None else None,
        )
        if c.support is not None:
            CarerSupport.objects.create(
                carer=carer,
                kind="respijt",
                start_on=day(c.support[0]),
                end_on=day(c.support[1]) if c.support[1] is not None else None,
            )
        for done, overloaded in c.checkins:
            BurdenCheckIn.objects.create(
                carer=carer, done_on=day(done), score=15 if overloaded else 3, overloaded=overloaded
            )
    for p, since, until in volunteer_rows:
        Volunteer.objects.create(
            organisation=organisation,
            municipality=municipalities[p],
            first_name="V",
            family_name="W",
            area="Centrum",
            registered_on=day(since),
            ended_on=day(until) if until is not None else None,
        )
    helper = Volunteer.objects.create(
        organisation=organisation,
        municipality=municipalities[0],
        first_name="H",
        family_name="H",
        area="Centrum",
        registered_on=BASE,
        ended_on=BASE,
    )
    for r in request_rows:
        request = HelpRequest.objects.create(
            municipality=municipalities[r.place],
            requester_kind="bewoner",
            first_name="F",
            area="Centrum",
            question="?",
            consent_on=BASE,
            skill=skill,
            urgency="normaal",
            period_start=BASE,
            received_on=day(r.received),
        )
        for index, (after, length, outcome) in enumerate(r.matches):
            # Only the last match may be open (one open match per request).
            if length is None and index < len(r.matches) - 1:
                length = 0
            matched = r.received + after
            Match.objects.create(
                request=request,
                volunteer=helper,
                matched_on=day(matched),
                ended_on=day(matched + length) if length is not None else None,
                outcome=outcome if length is not None else "",
            )
    return [m.pk for m in municipalities]


def _normalised(request_rows):
    fixed = []
    for r in request_rows:
        matches = tuple(
            (after, 0 if length is None and i < len(r.matches) - 1 else length, outcome)
            for i, (after, length, outcome) in enumerate(r.matches)
        )
        fixed.append(RequestRow(r.place, r.received, matches))
    return fixed


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    carer_rows=st.lists(carers, max_size=8),
    volunteer_rows=volunteers,
    request_rows=st.lists(requests, max_size=8),
    start=st.integers(0, 400),
    length=st.integers(0, 400),
    which=st.sampled_from(["all", "one", "two"]),
)
def test_figures_match_the_reference(
    carer_rows, volunteer_rows, request_rows, start, length, which
) -> None:
    end = start + length
    request_rows = _normalised(request_rows)
    try:
        with transaction.atomic():
            ids = store(carer_rows, volunteer_rows, request_rows)
            chosen = {"all": None, "one": [ids[0]], "two": [ids[1], ids[2]]}[which]
            places = None if chosen is None else {ids.index(i) for i in chosen}
            exact = figures.compute(chosen, day(start), day(end))
            # The volunteer that holds the matches was registered and ended on the first day.
            want = reference(
                carer_rows,
                [*volunteer_rows, (0, 0, 0)],
                request_rows,
                places,
                start,
                end,
            )
            assert exact == want
            # The grouped variant gives each municipality's own figures in one pass.
            grouped = figures.by_municipality(day(start), day(end))
            for municipality_id in ids:
                alone = figures.compute([municipality_id], day(start), day(end))
                assert grouped.get(municipality_id, _nothing()) == alone
            raise Rollback
    except Rollback:
        pass


def test_published_figures_use_the_monitor_suppression() -> None:
    municipality = MunicipalityFactory()
    for _ in range(3):
        Carer.objects.create(
            municipality=municipality,
            first_name="K",
            family_name="Z",
            postcode="1234AB",
            house_number=1,
            registered_on=BASE,
        )
    cells = monitor_informal.publish([municipality.pk], BASE, day(30))
    assert cells["registered_carers"].mark == SMALL_COUNT_MARK
    assert cells["help_requests"].shown == 0
    assert cells["ended_well_share"].shown is None
    assert figures.INDICATORS["registered_carers"].compute([municipality.pk], BASE, day(30)) == 3
    assert (
        monitor_informal.published_indicator(
            "registered_carers", [municipality.pk], BASE, day(30)
        ).mark
        == SMALL_COUNT_MARK
    )
