"""Issue 11, aftercare: end a track, plan a check-in, the alert inbox (filters, order, pages,
a selection marked seen in one POST), the check-ins list, worklists with deadlines, and the
dossier's status lines and buttons."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from plek.access.exceptions import AccessDenied
from plek.access.models import ProcessingLogEntry
from plek.aftercare import selectors, services
from plek.aftercare.models import AftercareTrack, AlertAcknowledgement, CheckIn
from plek.aftercare.selectors import AlertFilter, AlertOrder, Seen
from plek.people.selectors import open_dossier
from plek.signals.models import Signal
from tests.aftercare.helpers import actor, case_lead_for, coach
from tests.conftest import login_fully
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10)), tick=False)


def running_track(the_coach=None, started=TODAY - datetime.timedelta(days=60), person=None):
    person = person or PersonFactory()
    lead = case_lead_for(person)
    the_coach = the_coach or coach()
    track = services.start_track(actor(lead), person.pk, started, the_coach.user.pk)
    return track, lead, the_coach


def signal(person_id: int, day: datetime.date, n: int = 0) -> Signal:
    return Signal.objects.create(
        external_id=f"sig-{person_id}-{day}-{n}",
        person_id=person_id,
        source="huurachterstand",
        urgency="normaal",
        received_on=day,
    )


# --- end a track ----------------------------------------------------------------------------


def test_ending_a_track_stores_reason_and_date_drops_later_checkins_and_logs() -> None:
    with at(TODAY):
        track, _lead, the_coach = running_track()
        before = ProcessingLogEntry.objects.filter(person_id=track.person_id).count()
        services.end_track(actor(the_coach), track.pk, TODAY, "afgerond")
    track.refresh_from_db()
    assert track.ended_on == TODAY and track.end_reason_label == "Afgerond volgens schema"
    assert not CheckIn.objects.filter(track=track, due_on__gt=TODAY, done_on__isnull=True).exists()
    assert ProcessingLogEntry.objects.filter(person_id=track.person_id).count() == before + 1


def test_ending_a_track_refuses_bad_input_in_dutch_naming_the_field() -> None:
    with at(TODAY):
        track, _lead, the_coach = running_track()
        with pytest.raises(ValidationError) as reason:
            services.end_track(actor(the_coach), track.pk, TODAY, "zomaar")
        assert reason.value.message_dict["end_reason"] == [
            "Reden van beëindiging: kies waarom het traject eindigt."
        ]
        with pytest.raises(ValidationError) as future:
            services.end_track(
                actor(the_coach), track.pk, TODAY + datetime.timedelta(days=1), "afgerond"
            )
        assert "Beëindigd op: deze datum ligt in de toekomst." in future.value.messages
        with pytest.raises(ValidationError) as early:
            services.end_track(
                actor(the_coach),
                track.pk,
                track.started_on - datetime.timedelta(days=1),
                "afgerond",
            )
        assert early.value.messages == ["Beëindigd op: niet vóór de start van het traject."]
        services.end_track(actor(the_coach), track.pk, TODAY, "terugval")
        with pytest.raises(ValidationError) as twice:
            services.end_track(actor(the_coach), track.pk, TODAY, "afgerond")
        assert twice.value.messages == ["Beëindigd op: dit traject is al beëindigd."]


def test_ending_or_planning_needs_a_relation() -> None:
    with at(TODAY):
        track, _lead, _coach = running_track()
        stranger = coach()
        with pytest.raises(AccessDenied):
            services.end_track(actor(stranger), track.pk, TODAY, "afgerond")
        with pytest.raises(AccessDenied):
            services.plan_checkin(actor(stranger), track.pk, TODAY)
    assert AftercareTrack.objects.get(pk=track.pk).ended_on is None


# --- plan a check-in ------------------------------------------------------------------------


def test_planning_a_checkin_adds_one_and_refuses_past_duplicate_and_ended() -> None:
    with at(TODAY):
        track, _lead, the_coach = running_track()
        day = TODAY + datetime.timedelta(days=3)
        checkin = services.plan_checkin(actor(the_coach), track.pk, day)
        assert checkin.due_on == day and checkin.done_on is None
        with pytest.raises(ValidationError) as duplicate:
            services.plan_checkin(actor(the_coach), track.pk, day)
        assert duplicate.value.messages == [
            "Datum contactmoment: op deze datum staat al een contactmoment."
        ]
        with pytest.raises(ValidationError) as past:
            services.plan_checkin(actor(the_coach), track.pk, TODAY - datetime.timedelta(days=1))
        assert past.value.messages == ["Datum contactmoment: deze datum ligt in het verleden."]
        services.end_track(actor(the_coach), track.pk, TODAY, "verhuisd")
        with pytest.raises(ValidationError) as ended:
            services.plan_checkin(actor(the_coach), track.pk, day)
        assert ended.value.messages == ["Datum contactmoment: dit traject is beëindigd."]


def test_plan_and_end_pages_post_and_show_dutch_errors() -> None:
    with at(TODAY):
        track, _lead, the_coach = running_track()
        client = login_fully(Client(), the_coach)
        url = reverse("aftercare:plan-checkin", args=[track.pk])
        assert client.get(url).status_code == 200
        page = client.post(url, {"due_on": "2026-01-01"}).content.decode()
        assert "deze datum ligt in het verleden" in page
        response = client.post(url, {"due_on": "2026-03-10"})
        assert response.status_code == 302
        assert CheckIn.objects.filter(track=track, due_on=datetime.date(2026, 3, 10)).exists()
        end = reverse("aftercare:end", args=[track.pk])
        page = client.post(end, {"ended_on": "2026-03-02", "end_reason": ""}).content.decode()
        assert "Reden van beëindiging" in page
        assert (
            client.post(end, {"ended_on": "2026-03-02", "end_reason": "geweigerd"}).status_code
            == 302
        )
    assert AftercareTrack.objects.get(pk=track.pk).end_reason == "geweigerd"


# --- the alert inbox ------------------------------------------------------------------------


def _many_alerts(the_coach, count: int) -> AftercareTrack:
    track, _lead, _ = running_track(the_coach)
    for n in range(count):
        signal(track.person_id, TODAY - datetime.timedelta(days=n % 50), n)
    return track


def test_inbox_filters_by_kind_coach_period_and_seen_and_sorts() -> None:
    with at(TODAY):
        first = coach()
        track, lead, _ = running_track(first)
        signal(track.person_id, TODAY - datetime.timedelta(days=2))
        signal(track.person_id, TODAY - datetime.timedelta(days=20), 1)
        checkin = CheckIn.objects.filter(track=track).order_by("due_on").first()
        assert checkin is not None
        services.record_checkin(
            actor(first), checkin.pk, TODAY - datetime.timedelta(days=5), {"financien": "rood"}
        )
        # The case lead sees the alerts of two coaches; the coach filter picks one.
        other_track, _l, other = running_track(person=None)
        signal(other_track.person_id, TODAY, 7)
        lead_actor = actor(lead)
        assert {u.pk for u in selectors.inbox_coaches(lead_actor)} == {first.user.pk}

        every = selectors.alert_page(actor(first), AlertFilter())
        assert {a.kind for a in every} == {"signaal", "rood"}
        only_red = selectors.alert_page(actor(first), AlertFilter(kind="rood"))
        assert [a.kind for a in only_red] == ["rood"]
        recent = selectors.alert_page(
            actor(first), AlertFilter(date_from=TODAY - datetime.timedelta(days=10))
        )
        assert len(recent.object_list) == 2
        oldest = selectors.alert_page(actor(first), AlertFilter(order=AlertOrder.OLDEST))
        assert oldest.object_list[0].day == TODAY - datetime.timedelta(days=20)
        by_coach = selectors.alert_page(actor(first), AlertFilter(coach_id=other.user.pk))
        assert by_coach.object_list == []

        keys = [a.key for a in every.object_list[:2]]
        assert services.acknowledge_alerts(actor(first), keys) == 2
        unseen = selectors.alert_page(actor(first), AlertFilter())
        assert len(unseen.object_list) == 1
        seen = selectors.alert_page(actor(first), AlertFilter(seen=Seen.SEEN))
        assert {a.key for a in seen} == set(keys)
        assert len(selectors.alert_page(actor(first), AlertFilter(seen=Seen.ALL)).object_list) == 3


def test_a_selection_outside_the_inbox_stores_nothing() -> None:
    with at(TODAY):
        mine = coach()
        track, _lead, _ = running_track(mine)
        signal(track.person_id, TODAY)
        elsewhere, _l, _c = running_track()
        foreign = signal(elsewhere.person_id, TODAY, 1)
        own = selectors.alert_page(actor(mine), AlertFilter()).object_list[0]
        with pytest.raises(ValidationError) as refused:
            services.acknowledge_alerts(
                actor(mine), [own.key, ("signaal", foreign.pk, elsewhere.pk)]
            )
        assert refused.value.messages == [
            "Signaleringen: niet elke gekozen signalering staat in uw overzicht."
        ]
        with pytest.raises(ValidationError):
            services.acknowledge_alerts(actor(mine), [])
    assert not AlertAcknowledgement.objects.exists()


def test_inbox_page_marks_a_selection_seen_in_one_post_and_keeps_the_filters() -> None:
    with at(TODAY):
        the_coach = coach()
        track = _many_alerts(the_coach, 3)
        client = login_fully(Client(), the_coach)
        page = client.get(reverse("aftercare:alerts"), {"soort": "signaal"})
        assert page.status_code == 200
        values = [f"{a.kind}:{a.object_id}:{a.track.pk}" for a in page.context["alerts"]]
        assert len(values) == 3
        response = client.post(
            reverse("aftercare:acknowledge"),
            {"alert": values[:2], "query": "soort=signaal&status=ongezien"},
        )
        assert response.status_code == 302
        assert response["Location"].endswith("?soort=signaal&status=ongezien")
        assert AlertAcknowledgement.objects.filter(user=the_coach.user, track=track).count() == 2
        # A row's own button marks just that one.
        client.post(reverse("aftercare:acknowledge"), {"one": values[2]})
        assert AlertAcknowledgement.objects.filter(user=the_coach.user).count() == 3
        bad = client.get(reverse("aftercare:alerts"), {"vanaf": "2026-03-01", "tot": "2026-02-01"})
        assert "Tot en met: deze datum ligt vóór de datum bij Vanaf." in bad.content.decode()


def test_inbox_pages_log_only_the_persons_shown_with_a_fixed_number_of_queries(
    django_assert_max_num_queries,
) -> None:
    with at(TODAY):
        the_coach = coach()
        tracks = [_many_alerts(the_coach, 2) for _ in range(3)]
        client = login_fully(Client(), the_coach)
        client.get(reverse("aftercare:alerts"))  # warm up (sessions, relation caches)
        with django_assert_max_num_queries(40) as few:
            client.get(reverse("aftercare:alerts"))
        small = len(few.captured_queries)
        tracks += [_many_alerts(the_coach, 12) for _ in range(4)]
        with django_assert_max_num_queries(small):
            client.get(reverse("aftercare:alerts"))
        # 54 alerts: 25 on page 1, and only their persons are logged.
        before = ProcessingLogEntry.objects.count()
        response = client.get(reverse("aftercare:alerts"), {"page": "1"})
        shown = {a.track.person_id for a in response.context["alerts"]}
        assert len(response.context["alerts"]) == 25
        assert ProcessingLogEntry.objects.count() - before == len(shown)


# --- check-ins list and worklists --------------------------------------------------------------


def test_checkins_list_and_worklist_put_the_late_first_with_deadlines() -> None:
    with at(TODAY):
        the_coach = coach()
        track, _lead, _ = running_track(the_coach, started=TODAY - datetime.timedelta(days=40))
        late = CheckIn.objects.filter(track=track).order_by("due_on").first()
        assert late is not None and late.due_on < TODAY
        services.plan_checkin(actor(the_coach), track.pk, TODAY + datetime.timedelta(days=2))
        page = selectors.checkins_page(actor(the_coach))
        assert page.object_list[0] == late
        from plek.aftercare.worklists import checkins_due

        items = checkins_due(actor(the_coach))
        assert items[0].overdue and items[0].due == late.due_on
        assert not items[1].overdue
        client = login_fully(Client(), the_coach)
        home = client.get("/").content.decode()
        assert reverse("aftercare:checkins") in home and "te laat" in home
        assert client.get(reverse("aftercare:checkins")).status_code == 200


# --- the dossier ----------------------------------------------------------------------------


def _keys(dossier) -> set[str]:
    return {action.key for action in dossier.actions}


def test_dossier_shows_track_light_next_checkin_alerts_and_the_right_buttons() -> None:
    with at(TODAY):
        person = PersonFactory()
        lead = case_lead_for(person)
        dossier = open_dossier(actor(lead), person.pk)
        assert "aftercare.start" in _keys(dossier)
        assert "aftercare.end" not in _keys(dossier)
        the_coach = coach()
        track = services.start_track(
            actor(lead), person.pk, TODAY - datetime.timedelta(days=40), the_coach.user.pk
        )
        first = CheckIn.objects.filter(track=track).order_by("due_on").first()
        assert first is not None
        services.record_checkin(actor(the_coach), first.pk, TODAY, {"financien": "rood"})
        dossier = open_dossier(actor(the_coach), person.pk)
        lines = dict(dossier.status)
        texts = [
            str(line.text)
            for status, ls in dossier.status
            if status.key == "aftercare"
            for line in ls
        ]
        assert any("stoplicht: Rood" in text for text in texts)
        assert any(line.due for status, ls in dossier.status for line in ls)
        assert any("Signalering" in str(line.text) for line in dossier.alerts)
        assert {"aftercare.checkin", "aftercare.plan-checkin", "aftercare.end"} <= _keys(dossier)
        assert "aftercare.start" not in _keys(dossier)
        assert lines  # the status is there
        # A colleague in another role with the same relation gets no aftercare buttons.
        services.end_track(actor(the_coach), track.pk, TODAY, "afgerond")
        dossier = open_dossier(actor(the_coach), person.pk)
        assert "aftercare.end" not in _keys(dossier)


def test_dossier_buttons_lead_to_pages_that_open(client: Client) -> None:
    with at(TODAY):
        person = PersonFactory()
        lead = case_lead_for(person)
        client = login_fully(Client(), lead)
        page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
        start = reverse("aftercare:start-for-person", args=[person.pk])
        assert start in page
        response = client.post(start, {"started_on": "2026-03-01", "coach": ""})
        assert response.status_code == 302
        assert AftercareTrack.objects.filter(person=person, ended_on__isnull=True).exists()
        wijkteam = MembershipFactory(role="wijkteam")
        assert not selectors.alert_page(actor(wijkteam), AlertFilter()).object_list
