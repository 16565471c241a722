"""Start pages and lists log exactly the persons they show (finding #8), with the relation's
purpose, and cost a fixed number of queries however many rows they show (issue 13 item 4)."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plek.access.models import ProcessingLogEntry
from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.accounts.roles import Role
from plek.aftercare import worklists as aftercare_worklists
from plek.aftercare.models import AftercareTrack, CheckIn
from plek.aftercare.selectors import WORKLIST_LIMIT
from plek.core.dates import today as plek_today
from plek.people.models import Person
from plek.plans.models import CaseLeadAssignment, Plan
from plek.signals.models import Signal
from tests.conftest import login_fully
from tests.factories import MembershipFactory, PersonFactory, TeamFactory

pytestmark = pytest.mark.django_db

TODAY = plek_today()


def led_plan(lead: Membership, person: Person | None = None) -> Plan:
    person = person or PersonFactory()
    plan = Plan.objects.create(
        external_id=f"pl-{uuid.uuid4().hex[:10]}",
        person=person,
        started_on=TODAY - datetime.timedelta(days=100),
        review_on=TODAY + datetime.timedelta(days=5),
    )
    CaseLeadAssignment.objects.create(
        plan=plan, user=lead.user, started_at=timezone.now() - datetime.timedelta(days=100)
    )
    return plan


def red_alert(person: Person) -> AftercareTrack:
    track = AftercareTrack.objects.create(
        external_id=f"nz-{uuid.uuid4().hex[:10]}",
        person=person,
        started_on=TODAY - datetime.timedelta(days=60),
        coach=MembershipFactory(role=Role.WAAKVLAM).user,
    )
    CheckIn.objects.create(
        external_id=f"ci-{uuid.uuid4().hex[:10]}",
        track=track,
        due_on=TODAY - datetime.timedelta(days=3),
        done_on=TODAY - datetime.timedelta(days=2),
        light="rood",
    )
    return track


def _reads(membership: Membership) -> list[ProcessingLogEntry]:
    return list(ProcessingLogEntry.objects.filter(user_id=membership.user.pk))


def test_the_case_lead_start_page_logs_each_person_shown_once_with_the_purpose() -> None:
    lead = MembershipFactory(role=Role.REGISSEUR)
    plans = [led_plan(lead) for _ in range(3)]
    client = login_fully(Client(), lead)
    html = client.get(reverse("web:home")).content.decode()
    for plan in plans:
        assert str(plan.person) in html
    rows = _reads(lead)
    # Before: the plan worklists wrote nothing at all.
    assert sorted(r.person_id for r in rows if r.person_id) == sorted(p.person_id for p in plans)
    assert {r.purpose for r in rows} == {"wmo_mo"}
    assert {r.activity_code for r in rows} == {"plan.werklijst"}


def _names_on(html: str, persons: list[Person]) -> set[int]:
    return {p.pk for p in persons if re.search(re.escape(str(p)) + r"(?!\d)", html)}


def test_the_aftercare_worklist_logs_the_names_it_shows_not_more() -> None:
    lead = MembershipFactory(role=Role.REGISSEUR)
    persons = [led_plan(lead).person for _ in range(WORKLIST_LIMIT + 5)]
    for person in persons:
        red_alert(person)
    items = aftercare_worklists.open_alerts(Actor(lead.user, lead))
    logged = [r.person_id for r in _reads(lead)]
    # Before: every alert's person was logged (30) while the worklist showed 25.
    assert len(items) == WORKLIST_LIMIT
    assert sorted(logged) == sorted(_names_on(" ".join(i.label for i in items), persons))
    assert {r.purpose for r in _reads(lead)} == {"wmo_mo"}


def test_the_start_page_logs_exactly_the_names_on_it() -> None:
    lead = MembershipFactory(role=Role.REGISSEUR)
    persons = [led_plan(lead).person for _ in range(WORKLIST_LIMIT + 5)]
    for person in persons:
        red_alert(person)
    html = login_fully(Client(), lead).get(reverse("web:home")).content.decode()
    logged = [r.person_id for r in _reads(lead)]
    assert len(logged) == len(set(logged))
    assert set(logged) == _names_on(html, persons)


def _signal(team_member: Membership, person: Person | None = None) -> Signal:
    return Signal.objects.create(
        external_id=f"sig-{uuid.uuid4().hex[:10]}",
        person=person,
        source="huurachterstand",
        urgency="normaal",
        received_on=TODAY - datetime.timedelta(days=1),
        team=team_member.team,
        postcode="" if person else "3311AA",
        house_number=None if person else 1,
    )


@pytest.mark.parametrize("api", [False, True], ids=["pagina", "api"])
def test_the_signals_list_logs_each_person_shown(api: bool) -> None:
    team = TeamFactory()
    member = MembershipFactory(role=Role.WIJKTEAM, team=team, organisation=team.organisation)
    persons = [PersonFactory() for _ in range(3)]
    for person in persons:
        _signal(member, person)
    _signal(member)  # about an address only
    client = login_fully(Client(), member)
    url = reverse("api-signal-list") if api else reverse("signals:list")
    assert (
        client.get(url, HTTP_ACCEPT="application/json" if api else "text/html").status_code == 200
    )
    rows = _reads(member)
    # Before: one row without any person for the whole page.
    assert sorted(r.person_id for r in rows if r.person_id) == sorted(p.pk for p in persons)
    assert {r.purpose for r in rows} == {"vroegsignalering"}
    assert len([r for r in rows if r.person_id is None]) == 1


# --- a query budget that does not grow with the rows shown ---------------------------------------


def _queries(client: Client, url: str) -> int:
    """Statements of one request, savepoints not counted (how deep transactions nest)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(
        [q for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    )


def _regisseur_page(count: int) -> int:
    lead = MembershipFactory(role=Role.REGISSEUR)
    for _ in range(count):
        person = led_plan(lead).person
        red_alert(person)
    client = login_fully(Client(), lead)
    client.get(reverse("web:home"))  # warm the session and caches
    return _queries(client, reverse("web:home"))


def test_the_case_lead_start_page_costs_the_same_with_25_or_60_rows() -> None:
    # Before: one case-lead lookup per track and per stay (444 identical lookups at scale).
    # (From 25 rows on, each of the page's lists has persons of its own to log.)
    assert _regisseur_page(25) == _regisseur_page(60)


def _list_page(count: int, url_name: str) -> int:
    team = TeamFactory()
    member = MembershipFactory(role=Role.WIJKTEAM, team=team, organisation=team.organisation)
    for _ in range(count):
        _signal(member, PersonFactory())
    client = login_fully(Client(), member)
    client.get(reverse(url_name))
    return _queries(client, reverse(url_name))


@pytest.mark.parametrize("url_name", ["signals:list", "web:home"])
def test_the_signal_pages_cost_the_same_with_5_or_40_rows(url_name: str) -> None:
    # (SQLite splits an INSERT of more than ~45 log rows in two; PostgreSQL does not.)
    assert _list_page(5, url_name) == _list_page(40, url_name)


def test_the_hand_over_list_in_the_api_logs_each_person() -> None:
    from plek.plans.models import HandOver

    receiver = MembershipFactory(role=Role.REGISSEUR)
    sender = MembershipFactory(role=Role.REGISSEUR)
    plans = [led_plan(sender) for _ in range(2)]
    for plan in plans:
        HandOver.objects.create(
            plan=plan, from_user=sender.user, to_membership=receiver, requested_at=timezone.now()
        )
    client = login_fully(Client(), receiver)
    response = client.get(reverse("api-hand-over-list"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert len(response.json()) == 2
    rows = _reads(receiver)
    # Before: the list was not logged at all.
    assert sorted(r.person_id for r in rows) == sorted(p.person_id for p in plans)
    assert {r.purpose for r in rows} == {"wmo_mo"}
