"""The dossier's query budget (issue 13): one statement, compiled once, gives a flag per section,
status and action that has rows; empty ones are not asked, and the count does not grow with the
rows shown."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plek.access.models import ProcessingLogEntry
from plek.accounts.models import Membership
from plek.accounts.roles import Role
from plek.aftercare.models import CheckIn
from plek.core import compiled
from plek.core.dates import today
from plek.people import selectors
from plek.people.dossier import dossier_sections
from plek.people.models import Person
from tests.conftest import login_fully
from tests.factories import MembershipFactory, PersonFactory
from tests.web.test_start_page_reads import led_plan, red_alert

pytestmark = pytest.mark.django_db

# A person with only a running plan: session, user, device and membership, the decision, the
# person, its flags (one statement, compiled once per process) and the log row, the running plan
# with its lead and overdue actions (one statement for both status lines and the actions), the
# plan section and the ZRM action's link: 14 in all (13 seen on PostgreSQL, where the log row goes
# by COPY, which the count does not see); the header reuses the memberships. Was 48: every
# section asked; 16 with the plan, its lead and its overdue actions read apart.
PLAN_ONLY_BUDGET = 14
# A person with a running plan, an aftercare track with check-ins and signals: the sections and
# statuses that have rows are asked, each a fixed number of statements (one fewer seen on
# PostgreSQL: the log's COPY). Was 60, then 34.
FULL_BUDGET = 32


def _statements(client: Client, person: Person) -> int:
    url = reverse("people:detail", args=[person.pk])
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(
        [q for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    )


def _signals(person: Person, lead: Membership, count: int) -> None:
    from plek.signals.models import Signal

    for n in range(count):
        Signal.objects.create(
            external_id=f"sig-{uuid.uuid4().hex[:10]}",
            person=person,
            source="huurachterstand",
            urgency="normaal",
            received_on=today() - datetime.timedelta(days=n + 1),
            team=lead.team,
        )


def _full_dossier(rows: int) -> int:
    lead = MembershipFactory(role=Role.REGISSEUR)
    person = led_plan(lead).person
    track = red_alert(person)
    for n in range(rows):
        CheckIn.objects.create(
            external_id=f"ci-{uuid.uuid4().hex[:10]}",
            track=track,
            due_on=today() - datetime.timedelta(days=10 + n),
            done_on=today() - datetime.timedelta(days=9 + n),
            light="groen",
        )
    _signals(person, lead, rows)
    return _statements(login_fully(Client(), lead), person)


def test_sections_without_rows_are_not_asked() -> None:
    lead = MembershipFactory(role=Role.REGISSEUR)
    plan = led_plan(lead)
    other = led_plan(lead, PersonFactory())
    # Only the plan: the other sections' tables hold rows of another person, not this one.
    red_alert(other.person)
    assert _statements(login_fully(Client(), lead), plan.person) <= PLAN_ONLY_BUDGET


def test_the_dossier_costs_the_same_with_2_or_8_rows_per_section() -> None:
    few, many = _full_dossier(2), _full_dossier(8)
    assert few == many
    assert many <= FULL_BUDGET


def test_a_skipped_section_is_still_logged_as_looked_at() -> None:
    # The log names the kinds of every section the relation opens, also the empty ones.
    lead = MembershipFactory(role=Role.REGISSEUR)
    person = led_plan(lead).person
    client = login_fully(Client(), lead)
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200
    row = ProcessingLogEntry.objects.get(person_id=person.pk, user_id=lead.user_id)
    kinds = set(row.data_kinds)
    for section in dossier_sections():
        if section.kind in {"signalen", "nazorg"}:
            assert set(section.data_kinds) <= kinds


def test_a_section_with_rows_is_shown() -> None:
    lead = MembershipFactory(role=Role.REGISSEUR)
    person = led_plan(lead).person
    red_alert(person)
    _signals(person, lead, 1)
    html = (
        login_fully(Client(), lead).get(reverse("people:detail", args=[person.pk])).content.decode()
    )
    assert "Signaal: " in html
    assert "Nazorgtraject (waakvlam) gestart" in html


def test_the_flags_are_compiled_once_and_read_at_every_run(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    built = []
    original = selectors._flags
    monkeypatch.setattr(selectors, "_flags", lambda queries: built.append(1) or original(queries))
    compiled.forget()
    lead = MembershipFactory(role=Role.REGISSEUR)
    first, second = led_plan(lead).person, led_plan(lead, PersonFactory()).person
    client = login_fully(Client(), lead)
    assert "Signaal: " not in client.get(reverse("people:detail", args=[first.pk])).content.decode()
    # Rows made after the statement was compiled count: the statement reads them when it runs.
    _signals(second, lead, 1)
    assert "Signaal: " in client.get(reverse("people:detail", args=[second.pk])).content.decode()
    assert len(built) == 1


def test_two_dossiers_in_one_process_each_show_their_own_person() -> None:
    """The sections' and statuses' statements are compiled once and bound to the person at
    every run (plek.core.compiled): the second dossier is not the first one's."""
    from plek.housing.models import Stay
    from tests.aftercare.helpers import stay

    lead = MembershipFactory(role=Role.REGISSEUR)
    client = login_fully(Client(), lead)
    shown = []
    for name in ("De Eik", "De Linde"):
        plan = led_plan(lead, PersonFactory())
        current = stay(plan.person, today() - datetime.timedelta(days=20))
        current.facility.name = f"Opvang {name}"
        current.facility.save()
        assert Stay.objects.filter(person=plan.person).count() == 1
        html = client.get(reverse("people:detail", args=[plan.person.pk])).content.decode()
        shown.append(html)
    assert "Opvang De Eik" in shown[0] and "Opvang De Linde" not in shown[0]
    assert "Opvang De Linde" in shown[1] and "Opvang De Eik" not in shown[1]


def test_the_stays_are_read_once_for_the_status_the_actions_and_the_section() -> None:
    from tests.aftercare.helpers import stay

    lead = MembershipFactory(role=Role.REGISSEUR)
    person = led_plan(lead).person
    earlier = stay(
        person,
        today() - datetime.timedelta(days=90),
        today() - datetime.timedelta(days=30),
        "ggz_kliniek",
    )
    current = stay(person, today() - datetime.timedelta(days=20))
    earlier.facility.name, current.facility.name = "Opvang De Beuk", "Opvang De Wilg"
    earlier.facility.save()
    current.facility.save()
    client = login_fully(Client(), lead)
    url = reverse("people:detail", args=[person.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert "Verblijft in Opvang De Wilg" in html  # the status line: the current stay
    assert "Verblijf Opvang De Beuk" in html and "Verblijf Opvang De Wilg" in html  # section
    # The presence flags ask EXISTS of the stays too; this is the one read of their rows.
    stay_reads = [
        q for q in queries.captured_queries if q["sql"].startswith('SELECT "housing_stay"')
    ]
    assert len(stay_reads) == 1
