"""Provider staff's pages: start-page worklists, the stays list, the board with every stay,
unit assignment, the transfer form's choices, the figures and the dossier's status line."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from plek.access.models import ProcessingLogEntry
from plek.accounts.context import Actor
from plek.housing import services
from plek.housing.models import Proposal, RespiteBooking, Stay, Unit
from plek.people.dossier import dossier_statuses
from tests.conftest import login_fully
from tests.factories import PersonFactory, RelationFactory
from tests.housing.helpers import TODAY, entry, facility, imported_stay

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def provider(member):  # type: ignore[no-untyped-def]
    """A night shelter of 3 units: one placed stay overdue for departure, one imported stay
    without a unit, one open proposal; and the provider's staff member."""
    shelter = facility(units=3)
    staff = member("aanbieder", organisation=shelter.provider)
    a, b, _c = Unit.objects.filter(facility=shelter).order_by("code")
    placed = PersonFactory(family_name="Vertrekker")
    Stay.objects.create(
        external_id="s-placed",
        person=placed,
        facility=shelter,
        unit=a,
        start_date=TODAY - 20 * DAY,
        expected_end_date=TODAY - 2 * DAY,
    )
    imported_stay(PersonFactory(family_name="Zonder-Eenheid"), shelter, TODAY - 40 * DAY)
    waiting = entry(person=PersonFactory(family_name="Kandidaat"))
    Proposal.objects.create(
        unit=b, waiting_entry=waiting, person=waiting.person, available_on=TODAY - DAY
    )
    return shelter, staff


def test_the_start_page_has_work_in_every_list(provider) -> None:  # type: ignore[no-untyped-def]
    _shelter, staff = provider
    page = login_fully(Client(), staff).get("/").content.decode()
    for title in ("Voorstellen voor plaatsing", "Lopende verblijven", "Vertrek nog te registreren"):
        assert title in page
    assert "Kandidaat" in page and "Vertrekker" in page and "Zonder-Eenheid" in page
    assert "nog geen eenheid toegewezen" in page
    assert reverse("housing:proposals") in page
    assert reverse("housing:stays") + "?status=vertrek" in page


def test_the_stays_list_searches_filters_and_logs_each_person_shown(provider) -> None:  # type: ignore[no-untyped-def]
    _shelter, staff = provider
    client = login_fully(Client(), staff)
    before = ProcessingLogEntry.objects.count()
    page = client.get(reverse("housing:stays"), {"q": "vertrek"}).content.decode()
    assert "Vertrekker" in page and "Zonder-Eenheid" not in page
    assert ProcessingLogEntry.objects.count() - before == 1
    page = client.get(reverse("housing:stays"), {"status": "zonder-eenheid"}).content.decode()
    assert "Zonder-Eenheid" in page and "Vertrekker" not in page
    page = client.get(reverse("housing:stays"), {"status": "vertrek"}).content.decode()
    assert "Vertrekker" in page and "verstreken" in page


def test_the_stays_list_costs_the_same_for_many_stays(
    provider, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    shelter, staff = provider
    big = facility(provider=shelter.provider, units=40)
    for number in range(40):
        imported_stay(PersonFactory(), big, TODAY - (number + 1) * DAY)
    client = login_fully(Client(), staff)
    client.get(reverse("housing:stays"))
    with django_assert_max_num_queries(40):
        assert client.get(reverse("housing:stays")).status_code == 200
    with django_assert_max_num_queries(40):
        assert client.get(reverse("housing:board", args=[big.pk])).status_code == 200


def test_the_board_shows_every_stay_and_assigns_a_unit(provider) -> None:  # type: ignore[no-untyped-def]
    shelter, staff = provider
    client = login_fully(Client(), staff)
    page = client.get(reverse("housing:board", args=[shelter.pk])).content.decode()
    assert "Verblijven zonder eenheid" in page and "Zonder-Eenheid" in page
    assert 'id="bezet">2<' in page  # the imported stay counts
    assert "Bezetting per nacht" in page and "bezetting-grafiek" in page
    stay = Stay.objects.get(unit__isnull=True, facility=shelter)
    free = Unit.objects.get(facility=shelter, code="03")
    response = client.post(
        reverse("housing:assign-unit", args=[stay.pk]), {f"s{stay.pk}-unit": free.pk}
    )
    assert response.status_code == 302
    assert Stay.objects.get(pk=stay.pk).unit_id == free.pk


def test_automatic_assignment_when_units_match_exactly(member) -> None:  # type: ignore[no-untyped-def]
    shelter = facility(units=2)
    staff = member("aanbieder", organisation=shelter.provider)
    for _ in range(2):
        imported_stay(PersonFactory(), shelter, TODAY - 5 * DAY)
    assert services.assign_units_automatically(Actor(staff.user, staff), shelter.pk) == 2
    assert set(Stay.objects.filter(facility=shelter).values_list("unit__code", flat=True)) == {
        "01",
        "02",
    }


def test_the_transfer_form_offers_only_suitable_units(provider, member) -> None:  # type: ignore[no-untyped-def]
    shelter, staff = provider
    step = facility("tussenvoorziening", provider=shelter.provider, units=2)
    respite = facility("terugval", provider=shelter.provider, units=1)
    other = facility("tussenvoorziening", units=1)
    full = facility("tussenvoorziening", provider=shelter.provider, units=2)
    imported_stay(PersonFactory(), full, TODAY - 3 * DAY)
    imported_stay(PersonFactory(), full, TODAY - 3 * DAY)
    stay = Stay.objects.get(external_id="s-placed")
    page = login_fully(Client(), staff).get(reverse("housing:stay-detail", args=[stay.pk]))
    html = page.content.decode()
    assert f"{step.name} · 01" in html and f"{shelter.name} · 03" in html
    assert respite.name not in html and other.name not in html and full.name not in html
    assert f"{shelter.name} · 01" not in html  # its own unit


def test_ending_a_stay_with_a_destination(provider) -> None:  # type: ignore[no-untyped-def]
    _shelter, staff = provider
    stay = Stay.objects.get(external_id="s-placed")
    client = login_fully(Client(), staff)
    response = client.post(
        reverse("housing:stay-detail", args=[stay.pk]),
        {"end": "1", "end_date": TODAY.isoformat(), "exit_destination": ""},
    )
    assert "Uitstroombestemming" in response.content.decode()
    response = client.post(
        reverse("housing:stay-detail", args=[stay.pk]),
        {"end": "1", "end_date": TODAY.isoformat(), "exit_destination": "eigen_woning"},
    )
    assert response.status_code == 302
    assert Stay.objects.get(pk=stay.pk).exit_destination == "eigen_woning"


def test_overview_shows_waiting_per_type_and_respite_calendar_fits(client_as, provider) -> None:  # type: ignore[no-untyped-def]
    client = client_as("beleid")
    page = client.get(reverse("housing:overview")).content.decode()
    assert "Wachtend" in page
    respite = facility("terugval", units=1)
    worker = client_as("toegang")
    person = PersonFactory()
    RespiteBooking.objects.create(
        unit=Unit.objects.get(facility=respite),
        person=person,
        start_date=TODAY,
        end_date=TODAY + 3 * DAY,
        reason="x",
        created_by=PersonFactory and __import__("tests.factories").factories.UserFactory(),
    )
    html = worker.get(reverse("housing:respite")).content.decode()
    assert html.count("<abbr") == 14
    assert "verlengen" in html


def test_the_dossier_says_where_the_person_stays(provider) -> None:  # type: ignore[no-untyped-def]
    shelter, staff = provider
    stay = Stay.objects.get(external_id="s-placed")
    status = next(s for s in dossier_statuses() if s.key == "housing.stay")
    lines = list(status.lines(Actor(staff.user, staff), stay.person))
    assert shelter.name in str(lines[0].text) and lines[0].alert


def test_a_walk_in_is_placed_from_the_dossier_action(provider) -> None:  # type: ignore[no-untyped-def]
    shelter, staff = provider
    person = PersonFactory()
    RelationFactory(person=person, organisation=shelter.provider, kind="overig")
    client = login_fully(Client(), staff)
    page = client.get(reverse("housing:place", args=[person.pk])).content.decode()
    assert f"{shelter.name} · 03" in page and f"{shelter.name} · 01" not in page
    unit = Unit.objects.get(facility=shelter, code="03")
    response = client.post(
        reverse("housing:place", args=[person.pk]),
        {"unit": unit.pk, "start": TODAY.isoformat()},
    )
    assert response.status_code == 302
    # The open proposal on unit 02 stays; a proposal on 03 would have lapsed.
    assert Stay.objects.get(person=person).unit_id == unit.pk
