"""Deadlines from the configured response norms: property tests, and SQL agrees with Python."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plek.signals.models import Signal
from plek.signals.norms import (
    URGENCY_ORDER,
    deadline,
    default_norms,
    escalated_urgency,
    response_norms,
)
from plek.signals.selectors import annotated
from tests.signals.helpers import make_signal

URGENCIES = [str(u) for u in URGENCY_ORDER]
dates = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 12, 31))


@st.composite
def monotone_norms(draw: st.DrawFn) -> dict[str, int]:
    days = sorted(draw(st.lists(st.integers(0, 60), min_size=3, max_size=3)))
    return dict(zip(URGENCIES, days, strict=True))


@given(received=dates, urgency=st.sampled_from(URGENCIES), norms=monotone_norms())
def test_deadline_is_received_plus_exactly_the_norm(
    received: datetime.date, urgency: str, norms: dict[str, int]
) -> None:
    due = deadline(received, urgency, norms)
    assert due >= received
    assert (due - received).days == norms[urgency]


@given(received=dates, norms=monotone_norms())
def test_deadline_is_monotone_in_urgency(received: datetime.date, norms: dict[str, int]) -> None:
    deadlines = [deadline(received, urgency, norms) for urgency in URGENCIES]
    assert deadlines == sorted(deadlines)


@given(received=dates, urgency=st.sampled_from(URGENCIES))
def test_default_norms_are_the_monitors(received: datetime.date, urgency: str) -> None:
    # Without the functional admin's rows: the monitor's setting (contract defaults 1, 3, 7).
    assert default_norms() == {"spoed": 1, "hoog": 3, "normaal": 7}
    assert deadline(received, urgency, default_norms()) == received + datetime.timedelta(
        days={"spoed": 1, "hoog": 3, "normaal": 7}[urgency]
    )


@pytest.mark.django_db
def test_norms_are_configuration(settings: pytest.FixtureRequest) -> None:
    settings.MONITOR_RESPONSE_NORMS = {"spoed": 2, "hoog": 4, "normaal": 10}  # type: ignore[attr-defined]
    assert response_norms() == {"spoed": 2, "hoog": 4, "normaal": 10}
    assert deadline(datetime.date(2026, 1, 1), "normaal") == datetime.date(2026, 1, 11)


@given(
    urgency=st.sampled_from(URGENCIES),
    days_left=st.one_of(st.none(), st.integers(-30, 60)),
)
def test_escalation_never_lowers_and_follows_the_eviction_date(
    urgency: str, days_left: int | None
) -> None:
    today = datetime.date(2026, 3, 1)
    eviction = None if days_left is None else today + datetime.timedelta(days=days_left)
    current = escalated_urgency(urgency, eviction, today)
    assert URGENCIES.index(current) <= URGENCIES.index(urgency)
    if days_left is not None and days_left <= 3:
        assert current == "spoed"
    elif days_left is not None and days_left <= 14:
        assert URGENCIES.index(current) <= 1


@pytest.mark.django_db
@settings(max_examples=25, deadline=None)
@given(
    received=dates,
    urgency=st.sampled_from(URGENCIES),
    days_left=st.one_of(st.none(), st.integers(-5, 30)),
)
def test_sql_deadline_and_escalation_agree_with_python(
    received: datetime.date, urgency: str, days_left: int | None
) -> None:
    today = datetime.date(2026, 3, 1)
    eviction = None if days_left is None else today + datetime.timedelta(days=days_left)
    signal = make_signal(received_on=received, urgency=urgency, eviction_date=eviction)
    row = annotated(Signal.objects.filter(pk=signal.pk), today).get()
    assert row.deadline_on == deadline(received, urgency)  # type: ignore[attr-defined]
    assert row.current_urgency == escalated_urgency(urgency, eviction, today)  # type: ignore[attr-defined]
    assert row.overdue == int(deadline(received, urgency) < today)  # type: ignore[attr-defined]
    signal.delete()
