"""Aftercare: proposals, schedule, check-ins and alerts computed from stored facts."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from plek.access.models import ProcessingLogEntry
from plek.aftercare import selectors, services
from plek.aftercare.models import AlertAcknowledgement, CheckIn
from plek.aftercare.schedule import due_dates
from plek.core.dates import today as plek_today
from plek.signals.models import Signal
from tests.aftercare.helpers import actor, case_lead_for, coach, stay
from tests.conftest import login_fully
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10)), tick=False)


def test_default_schedule_every_four_weeks_for_six_months_then_quarterly_to_24_months() -> None:
    dates = due_dates(datetime.date(2026, 1, 1))
    gaps = [(b - a).days for a, b in zip([datetime.date(2026, 1, 1), *dates], dates, strict=False)]
    assert gaps[:6] == [28] * 6
    assert all(89 <= gap <= 92 for gap in gaps[6:])
    assert dates[-1] <= datetime.date(2028, 1, 1)
    assert len(dates) == 6 + 6


def test_a_stay_ending_in_a_home_is_proposed_to_the_case_lead_until_a_track_starts() -> None:
    person = PersonFactory()
    lead = case_lead_for(person)
    with at(TODAY):
        ended = stay(
            person, datetime.date(2025, 6, 1), TODAY - datetime.timedelta(days=3), "eigen_woning"
        )
        assert [p.stay for p in selectors.proposals(actor(lead))] == [ended]
        assert selectors.proposals(actor(coach())) == []
        services.start_track(actor(lead), person.pk, TODAY, origin_stay_id=ended.pk)
        assert selectors.proposals(actor(lead)) == []


def test_a_checkin_eight_days_late_raises_an_alert_seven_days_late_does_not() -> None:
    person = PersonFactory()
    lead = case_lead_for(person)
    the_coach = coach()
    with at(TODAY):
        track = services.start_track(actor(lead), person.pk, TODAY, the_coach.user.pk)
    first = CheckIn.objects.filter(track=track).order_by("due_on").first()
    assert first is not None and first.due_on == TODAY + datetime.timedelta(days=28)
    with at(first.due_on + datetime.timedelta(days=7)):
        assert [a for a in selectors.alert_inbox(actor(the_coach)) if a.kind == "gemist"] == []
    with at(first.due_on + datetime.timedelta(days=8)):
        for who in (the_coach, lead):
            missed = [a for a in selectors.alert_inbox(actor(who)) if a.kind == "gemist"]
            assert [a.object_id for a in missed] == [first.pk]


def test_each_coach_has_an_inbox_of_their_own_and_a_new_track_counts_at_once() -> None:
    """The inbox's tracks are compiled once per user and day (plek.core.compiled)."""
    started = TODAY - datetime.timedelta(days=60)  # its first check-in is a month late today
    coaches = [coach(), coach(), coach()]
    with at(TODAY):
        assert selectors.alert_inbox(actor(coaches[2])) == []
        tracks = []
        for who in coaches:
            person = PersonFactory()
            lead = actor(case_lead_for(person))
            tracks.append(services.start_track(lead, person.pk, started, who.user.pk))
        for who, track in zip(coaches, tracks, strict=True):
            assert {a.track.pk for a in selectors.alert_inbox(actor(who))} == {track.pk}


def test_red_light_signal_and_relapse_alert_coach_and_case_lead_and_can_be_acknowledged() -> None:
    person = PersonFactory()
    lead = case_lead_for(person)
    the_coach = coach()
    with at(TODAY):
        track = services.start_track(
            actor(lead), person.pk, TODAY - datetime.timedelta(days=30), the_coach.user.pk
        )
        checkin = CheckIn.objects.filter(track=track).order_by("due_on").first()
        assert checkin is not None
        services.record_checkin(
            actor(the_coach),
            checkin.pk,
            TODAY,
            {"financien": "rood", "huisvesting": "groen"},
            "Schulden.",
        )
        Signal.objects.create(
            external_id="sig-1",
            person=person,
            source="huurachterstand",
            urgency="hoog",
            received_on=TODAY,
        )
        relapse = stay(person, TODAY)
        kinds = {a.kind for a in selectors.alert_inbox(actor(lead))}
        assert kinds == {"rood", "signaal", "terugval"}
        assert {a.kind for a in selectors.alert_inbox(actor(the_coach))} == kinds
        services.acknowledge_alert(actor(lead), "terugval", relapse.pk, track.pk)
        assert AlertAcknowledgement.objects.count() == 1
        seen = {a.kind: a.acknowledged for a in selectors.alert_inbox(actor(lead))}
        assert seen["terugval"] and not seen["rood"]
        # the coach's inbox is their own
        assert not {a.kind: a.acknowledged for a in selectors.alert_inbox(actor(the_coach))}[
            "terugval"
        ]
        checkin.refresh_from_db()
        assert checkin.light == "rood"


def test_checkin_needs_a_light_and_is_recorded_once() -> None:
    person = PersonFactory()
    lead = case_lead_for(person)
    with at(TODAY):
        track = services.start_track(actor(lead), person.pk, TODAY - datetime.timedelta(days=30))
        checkin = CheckIn.objects.filter(track=track).order_by("due_on").first()
        assert checkin is not None
        with pytest.raises(ValidationError) as refused:
            services.record_checkin(actor(lead), checkin.pk, TODAY, {})
        assert "Stoplichten" in str(refused.value)
        services.record_checkin(actor(lead), checkin.pk, TODAY, {"financien": "groen"})
        with pytest.raises(ValidationError):
            services.record_checkin(actor(lead), checkin.pk, TODAY, {"financien": "groen"})


def test_the_coach_relation_opens_the_track_and_logs_once() -> None:
    person = PersonFactory()
    lead = case_lead_for(person)
    the_coach = coach()
    track = services.start_track(actor(lead), person.pk, plek_today(), the_coach.user.pk)
    before = ProcessingLogEntry.objects.count()
    response = login_fully(Client(), the_coach).get(reverse("aftercare:track", args=[track.pk]))
    assert response.status_code == 200
    assert ProcessingLogEntry.objects.count() == before + 1
    other = coach()
    assert (
        login_fully(Client(), other).get(reverse("aftercare:track", args=[track.pk])).status_code
        == 403
    )


def test_a_second_open_track_is_refused() -> None:
    person = PersonFactory()
    lead = case_lead_for(person)
    services.start_track(actor(lead), person.pk, plek_today())
    with pytest.raises(ValidationError) as refused:
        services.start_track(actor(lead), person.pk, plek_today())
    assert "loopt al een nazorgtraject" in str(refused.value)


def test_aftercare_writes_log_the_purpose_of_the_deciding_relation() -> None:
    # Issue 9: the purpose is the relation's; starting a track used to log "nazorg" for anyone.
    from plek.access.policy import decide

    person = PersonFactory()
    lead = case_lead_for(person)
    with at(TODAY):
        services.start_track(actor(lead), person.pk, TODAY)
    granted = decide(actor(lead), "create", person.pk)
    logged = ProcessingLogEntry.objects.get(person_id=person.pk, action="create")
    assert granted.purpose is not None and granted.purpose != "nazorg"
    assert logged.purpose == granted.purpose
