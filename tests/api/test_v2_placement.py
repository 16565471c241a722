"""API v2, placement and flow: the waiting list, proposals, stays and respite bookings.

The same services and selectors as the pages and v1: the policy decides, each person is logged
once under the relation's purpose, errors are problem+json naming the v2 field, and a system
client needs the scope and acts as its own membership.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from plek.access.models import ProcessingLogEntry
from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.api import services as client_services
from plek.core.dates import today as plek_today
from plek.housing.models import Facility, Proposal, Stay, Unit, WaitingEntry
from plek.people.models import Person
from tests.api.test_v2 import approve, bearer, token
from tests.conftest import login_fully
from tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    RelationFactory,
)
from tests.housing.helpers import entry, facility

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"
TODAY = plek_today()
DAY = datetime.timedelta(days=1)


def logged(person: Person) -> int:
    return ProcessingLogEntry.objects.filter(person_id=person.pk).count()


def unit_of(made: Facility) -> Unit:
    return Unit.objects.filter(facility=made).order_by("code").first()  # type: ignore[return-value]


def post(client: Client, url: str, body: dict[str, Any], **extra: Any) -> Any:
    return client.post(url, body, content_type="application/json", **extra)


def params(response: Any) -> list[str]:
    assert response["Content-Type"] == PROBLEM, response.content
    body = response.json()
    assert body["title"] == "Ongeldige invoer" and body["status"] == 400
    return [p["name"] for p in body["invalidParams"]]


@pytest.fixture
def world(member):  # type: ignore[no-untyped-def]
    """A consultant with a relation to a person; a shelter and a step-down of one provider."""
    region = RegionFactory(name="Regio plaatsing")
    home = MunicipalityFactory(region=region)
    consultant = member(
        "toegang", organisation=OrganisationFactory(kind="sociale_dienst", municipality=home)
    )
    person = PersonFactory(origin_municipality=home)
    RelationFactory(person=person, user=consultant.user)
    shelter = facility("nachtopvang", units=1)
    step = facility("tussenvoorziening", provider=shelter.provider, units=1)
    staff = member("aanbieder", organisation=shelter.provider)
    return {
        "consultant": consultant,
        "person": person,
        "shelter": shelter,
        "step": step,
        "staff": staff,
    }


def register(client: Client, person: Person, **fields: Any) -> Any:
    body = {"persoon": str(person.uuid), "soortVoorziening": "nachtopvang", "prioriteit": "spoed"}
    return post(client, "/api/v2/wachtlijst", {**body, **fields})


def test_register_propose_accept_transfer_and_end(world) -> None:  # type: ignore[no-untyped-def]
    person = world["person"]
    consultant = login_fully(Client(), world["consultant"])
    before = logged(person)

    registered = register(consultant, person)
    assert registered.status_code == 201, registered.content
    body = registered.json()
    assert body["persoon"] == str(person.uuid) and body["prioriteit"] == "spoed"
    assert body["rangorde"]["positie"] == 1 and "id" not in body
    writes = list(ProcessingLogEntry.objects.filter(person_id=person.pk).order_by("id")[before:])
    # The registration is logged once, under the relation's purpose; the answer adds no read.
    assert [(e.action, e.purpose) for e in writes] == [("create", "wmo_mo")]

    staff = login_fully(Client(), world["staff"])
    unit = unit_of(world["shelter"])
    proposed = post(staff, "/api/v2/voorstellen", {"eenheden": [str(unit.uuid)]})
    assert proposed.status_code == 201, proposed.content
    page = proposed.json()
    assert set(page) == {"count", "next", "previous", "results"} and page["count"] == 1
    proposal = page["results"][0]
    assert proposal["persoon"] == str(person.uuid) and proposal["eenheid"] == str(unit.uuid)
    assert proposal["wachtlijstinschrijving"] == body["kenmerk"]

    before = logged(person)
    shown = staff.get(f"/api/v2/voorstellen/{proposal['uuid']}")
    assert shown.status_code == 200 and shown.json()["status"] == "open"
    assert logged(person) == before + 1

    accepted = post(staff, f"/api/v2/voorstellen/{proposal['uuid']}/accepteren", {})
    assert accepted.status_code == 201, accepted.content
    stay = accepted.json()
    assert stay["persoon"] == str(person.uuid) and stay["einddatum"] is None
    assert Stay.objects.get(external_id=stay["kenmerk"]).person_id == person.pk

    before = logged(person)
    assert staff.get(f"/api/v2/verblijven/{stay['kenmerk']}").json()["kenmerk"] == stay["kenmerk"]
    assert logged(person) == before + 1

    target = unit_of(world["step"])
    moved = post(
        staff,
        f"/api/v2/verblijven/{stay['kenmerk']}/overplaatsen",
        {"eenheid": str(target.uuid), "datum": str(TODAY)},
    )
    assert moved.status_code == 201, moved.content
    assert moved.json()["vorigVerblijf"] == stay["kenmerk"]
    assert moved.json()["eenheid"] == str(target.uuid)

    ended = post(
        staff,
        f"/api/v2/verblijven/{moved.json()['kenmerk']}/beeindigen",
        {"einddatum": str(TODAY + DAY), "uitstroombestemming": "housing_first"},
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["uitstroombestemming"] == "housing_first"
    again = post(
        staff,
        f"/api/v2/verblijven/{moved.json()['kenmerk']}/beeindigen",
        {"einddatum": str(TODAY + DAY), "uitstroombestemming": "housing_first"},
    )
    assert params(again) == ["einddatum"]
    assert "al beëindigd" in again.json()["detail"]


def test_decline_then_withdraw(world) -> None:  # type: ignore[no-untyped-def]
    person = world["person"]
    consultant = login_fully(Client(), world["consultant"])
    kenmerk = register(consultant, person).json()["kenmerk"]
    staff = login_fully(Client(), world["staff"])
    proposal = post(staff, "/api/v2/voorstellen", {}).json()["results"][0]

    empty = post(staff, f"/api/v2/voorstellen/{proposal['uuid']}/afwijzen", {"reden": " "})
    assert params(empty) == ["reden"]
    declined = post(
        staff,
        f"/api/v2/voorstellen/{proposal['uuid']}/afwijzen",
        {"reden": "Past niet bij de groep.", "parkeren": True},
    )
    assert declined.status_code == 200, declined.content
    assert declined.json()["status"] == "afgewezen"
    assert WaitingEntry.objects.get(external_id=kenmerk).parked_until is not None
    twice = post(staff, f"/api/v2/voorstellen/{proposal['uuid']}/afwijzen", {"reden": "Nog eens"})
    assert params(twice) == ["status"] and "al afgewezen" in twice.json()["detail"]

    withdrawn = post(
        consultant, f"/api/v2/wachtlijst/{kenmerk}/intrekken", {"reden": "Elders geholpen."}
    )
    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["ingetrokkenOp"] == str(TODAY)
    closed = post(consultant, f"/api/v2/wachtlijst/{kenmerk}/intrekken", {"reden": "Nog eens."})
    assert params(closed) == ["reden"] and "al afgesloten" in closed.json()["detail"]


def test_respite_booking_and_extension(world, member) -> None:  # type: ignore[no-untyped-def]
    person = world["person"]
    consultant = login_fully(Client(), world["consultant"])
    respite = unit_of(facility("terugval", units=1))
    body = {
        "persoon": str(person.uuid),
        "eenheid": str(respite.uuid),
        "eersteNacht": str(TODAY),
        "vertrekdatum": str(TODAY + 15 * DAY),
        "aanleiding": "Terugval na verhuizing.",
    }
    too_long = post(consultant, "/api/v2/terugval", body)
    assert params(too_long) == ["vertrekdatum"]
    assert "hoogstens 14 nachten" in too_long.json()["detail"]

    before = logged(person)
    booked = post(consultant, "/api/v2/terugval", {**body, "vertrekdatum": str(TODAY + 3 * DAY)})
    assert booked.status_code == 201, booked.content
    booking = booked.json()
    assert booking["persoon"] == str(person.uuid) and booking["eenheid"] == str(respite.uuid)
    assert logged(person) == before + 1

    url = f"/api/v2/terugval/{booking['uuid']}/verlengen"
    extended = post(
        consultant, url, {"vertrekdatum": str(TODAY + 5 * DAY), "redenVerlenging": "Nog geen plek."}
    )
    assert extended.status_code == 200, extended.content
    assert extended.json()["vertrekdatum"] == str(TODAY + 5 * DAY)
    # Extending is for the access consultant only, whatever relation someone else has.
    worker = member("wijkteam")
    RelationFactory(person=person, user=worker.user)
    refused = post(
        login_fully(Client(), worker),
        url,
        {"vertrekdatum": str(TODAY + 6 * DAY), "redenVerlenging": "Langer."},
    )
    assert refused.status_code == 403 and refused["Content-Type"] == PROBLEM


def test_bad_input_names_the_v2_fields_in_dutch(world) -> None:  # type: ignore[no-untyped-def]
    consultant = login_fully(Client(), world["consultant"])
    empty = post(consultant, "/api/v2/wachtlijst", {})
    assert set(params(empty)) == {"persoon", "soortVoorziening", "prioriteit"}
    assert "vereist" in empty.json()["detail"]

    unknown = register(consultant, PersonFactory.build())
    assert params(unknown) == ["persoon"]
    assert unknown.json()["detail"] == "Er is geen persoon met deze uuid."

    protected = register(consultant, world["person"], soortVoorziening="beschermd_wonen")
    assert params(protected) == ["toegangsbesluitOp"]

    assert params(register(consultant, world["person"], prioriteit="morgen")) == ["prioriteit"]
    twice = register(consultant, world["person"])
    assert twice.status_code == 201
    assert params(register(consultant, world["person"])) == ["soortVoorziening"]

    staff = login_fully(Client(), world["staff"])
    bad_unit = post(staff, "/api/v2/voorstellen", {"eenheden": ["geen-uuid"]})
    assert params(bad_unit) == ["eenheden.0"]
    missing = post(staff, "/api/v2/voorstellen", {"eenheden": [str(PersonFactory.build().uuid)]})
    assert params(missing) == ["eenheden"] and "geen eenheid" in missing.json()["detail"]


def test_without_a_relation_nothing_is_shown_or_done(world, member) -> None:  # type: ignore[no-untyped-def]
    person = world["person"]
    stay = Stay.objects.create(
        external_id="s-zonder-relatie", person=person, facility=world["shelter"], start_date=TODAY
    )
    stranger = login_fully(Client(), member("wijkteam"))
    before = logged(person)

    for response in (
        register(stranger, person),
        stranger.get(f"/api/v2/verblijven/{stay.external_id}"),
        post(
            stranger,
            f"/api/v2/verblijven/{stay.external_id}/beeindigen",
            {"einddatum": str(TODAY + DAY), "uitstroombestemming": "eigen_woning"},
        ),
    ):
        assert response.status_code == 403, response.content
        assert response["Content-Type"] == PROBLEM
        assert response.json()["title"] == "Geen toegang"
    assert logged(person) == before
    assert not WaitingEntry.objects.filter(person=person).exists()
    assert stranger.get("/api/v2/verblijven/onbekend").json()["status"] == 404
    assert not Proposal.objects.exists()


def test_the_waiting_list_shows_only_related_persons_and_logs_each(world, member) -> None:  # type: ignore[no-untyped-def]
    staff = world["staff"]
    area = staff.organisation.municipality
    mine, other = (PersonFactory(origin_municipality=area) for _ in range(2))
    entries = [entry(mine, priority="spoed"), entry(other)]
    RelationFactory(person=mine, user=staff.user)
    client = login_fully(Client(), staff)
    before = (logged(mine), logged(other))

    listed = client.get("/api/v2/wachtlijst?soortVoorziening=nachtopvang")
    assert listed.status_code == 200, listed.content
    body = listed.json()
    assert body["count"] == 2 and body["next"] is None
    rows = {row["positie"]: row for row in body["results"]}
    assert rows[1]["persoon"] == str(mine.uuid) and rows[1]["kenmerk"] == entries[0].external_id
    assert rows[2]["persoon"] is None and rows[2]["kenmerk"] is None
    assert (logged(mine), logged(other)) == (before[0] + 1, before[1])

    filtered = client.get("/api/v2/wachtlijst?soortVoorziening=nachtopvang&prioriteit=spoed")
    assert filtered.json()["count"] == 1
    assert params(client.get("/api/v2/wachtlijst")) == ["soortVoorziening"]
    assert params(client.get("/api/v2/wachtlijst?soortVoorziening=x&page=0")) == ["page"]
    # A superscript one passes str.isdigit but not int: a 400 naming the field, no traceback.
    assert params(client.get("/api/v2/wachtlijst?soortVoorziening=x&page=%C2%B9")) == ["page"]
    # Without a relation to the list (a district team): refused, as the page shows only counts.
    worker = login_fully(Client(), member("wijkteam"))
    refused = worker.get("/api/v2/wachtlijst?soortVoorziening=nachtopvang")
    assert refused.status_code == 403 and refused["Content-Type"] == PROBLEM


def test_units_of_a_facility_by_uuid(world) -> None:  # type: ignore[no-untyped-def]
    client = login_fully(Client(), world["staff"])
    shelter = world["shelter"]
    listed = client.get(f"/api/v2/voorzieningen/{shelter.external_id}/eenheden?inGebruik=true")
    assert listed.status_code == 200
    assert [u["uuid"] for u in listed.json()["results"]] == [str(unit_of(shelter).uuid)]
    assert client.get("/api/v2/voorzieningen/onbekend/eenheden").status_code == 404


def placement_client(member, scopes: list[str], consultant: Membership):  # type: ignore[no-untyped-def]
    admin = member("beheer")
    client, secret = client_services.create_client(
        Actor(admin.user, admin),
        name="Zorgsysteem",
        client_id="zorg",
        organisation=consultant.organisation,
        role="toegang",
        scopes=scopes,
    )
    approve(client.membership, member)
    return client, bearer(token("zorg", secret))


def test_a_system_client_needs_the_scope_and_is_logged_as_itself(world, member) -> None:  # type: ignore[no-untyped-def]
    person = world["person"]
    client, auth = placement_client(member, ["wachtlijst.lezen"], world["consultant"])
    RelationFactory(person=person, user=client.service_user)
    body = {"persoon": str(person.uuid), "soortVoorziening": "nachtopvang", "prioriteit": "hoog"}

    refused = post(Client(), "/api/v2/wachtlijst", body, **auth)
    assert refused.status_code == 403 and refused["Content-Type"] == PROBLEM
    for url in ("/api/v2/voorstellen", "/api/v2/terugval"):
        assert post(Client(), url, {}, **auth).status_code == 403

    client.scopes = ["wachtlijst.lezen", "wachtlijst.schrijven"]
    client.save(update_fields=["scopes"])
    before = logged(person)
    registered = post(Client(), "/api/v2/wachtlijst", body, **auth)
    assert registered.status_code == 201, registered.content
    entries = list(ProcessingLogEntry.objects.filter(person_id=person.pk).order_by("id")[before:])
    assert [(e.username, e.organisation_id, e.purpose) for e in entries] == [
        ("systeem-zorg", client.organisation_id, "wmo_mo")
    ]
