"""API v2 for signal sources and the privacy officer: aanleveringen, terugmeldingen, verwerkingen.

The same services and selectors as the pages and v1: a source (person or its system client)
sees only its own deliveries and end results, never a person; the privacy officer alone
searches the log, and every search is itself logged.
"""

from __future__ import annotations

import datetime
import time
import uuid
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from plek.access.models import ProcessingLogEntry
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.accounts.models import Membership, MembershipStatus
from plek.api import services as client_services
from plek.core.dates import today
from plek.signals.models import Delivery, DeliveryStatus, Feedback, Signal
from tests.conftest import login_fully
from tests.factories import OrganisationFactory, PersonFactory
from tests.signals.helpers import actor_of, delivery_csv, make_signal

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"
Member = Callable[..., Membership]
BAD_ROW = "ref-9,,J.,Proefpersoon,1980-01-01,12AB,3,,huurachterstand,100.00,,,nee"


def csv_file(rows: int = 3, bad: dict[int, str] | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile("maart.csv", delivery_csv(rows, bad), content_type="text/csv")


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def invalid(response: Any) -> list[str]:
    return [param["name"] for param in problem(response, 400)["invalidParams"]]


@pytest.fixture
def source(member: Member) -> Membership:
    return member("signaalbron", organisation=OrganisationFactory(kind="woningcorporatie"))


def new_entries(before: int) -> list[ProcessingLogEntry]:
    return list(ProcessingLogEntry.objects.order_by("id")[before:])


def system_client(member: Member, organisation: Any, role: str, scopes: list[str]) -> str:
    """A system client in its own membership (approved by a second admin where needed);
    returns a fresh token."""
    admin = member("beheer")
    client, secret = client_services.create_client(
        Actor(admin.user, admin),
        name="Bronsysteem",
        client_id=f"bron-{uuid.uuid4().hex[:8]}",
        organisation=organisation,
        role=role,
        scopes=scopes,
    )
    if client.membership.status != MembershipStatus.APPROVED:
        from plek.accounts import services as account_services

        second = member("beheer")
        account_services.decide_membership(Actor(second.user, second), client.membership_id, True)
    claims = {"client_id": client.client_id, "iat": int(time.time())}
    return jwt.encode(claims, secret, algorithm="HS256")


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


# --- aanleveringen ------------------------------------------------------------------------------


def test_a_source_uploads_reads_the_report_and_stores_only_the_valid_rows(
    source: Membership,
) -> None:
    client = login_fully(Client(), source)
    before = ProcessingLogEntry.objects.count()

    uploaded = client.post("/api/v2/aanleveringen", {"bestand": csv_file(3, {3: BAD_ROW})})
    assert uploaded.status_code == 201, uploaded.content
    report = uploaded.json()
    assert report["status"] == "pending" and report["aantalRijen"] == 3
    assert report["aantalMetFouten"] == 1 and report["aantalGeldig"] == 2
    assert report["problemen"][0]["rij"] == 3
    assert report["problemen"][0]["fouten"][0].startswith("postcode:")
    assert "id" not in report and Signal.objects.count() == 0
    [upload] = new_entries(before)
    assert (upload.activity_code, upload.purpose, upload.person_id) == (
        "signaal.aanlevering_controleren",
        "vroegsignalering",
        None,
    )

    url = f"/api/v2/aanleveringen/{report['uuid']}"
    assert client.get(url).json()["problemen"] == report["problemen"]
    decided = client.post(f"{url}/besluit", {"keuze": "opslaan"}, content_type="application/json")
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "stored" and decided.json()["aantalOpgeslagen"] == 2
    assert Signal.objects.filter(source_organisation=source.organisation).count() == 2

    # A decision is taken once: the second is a 400 naming the status, in Dutch.
    again = client.post(f"{url}/besluit", {"keuze": "annuleren"}, content_type="application/json")
    assert invalid(again) == ["status"]
    assert "al besloten" in again.json()["detail"]


def test_bad_input_is_a_problem_naming_the_camel_case_field(source: Membership) -> None:
    client = login_fully(Client(), source)
    assert invalid(client.post("/api/v2/aanleveringen", {})) == ["bestand"]
    assert invalid(client.get("/api/v2/aanleveringen?aangeleverdVanaf=gisteren")) == [
        "aangeleverdVanaf"
    ]
    assert invalid(client.get("/api/v2/aanleveringen?status=klaar")) == ["status"]
    delivery = client.post("/api/v2/aanleveringen", {"bestand": csv_file()}).json()
    bad = client.post(
        f"/api/v2/aanleveringen/{delivery['uuid']}/besluit",
        {"keuze": "misschien"},
        content_type="application/json",
    )
    assert invalid(bad) == ["keuze"]
    assert bad.json()["invalidParams"][0]["reason"] == "Keuze: kies opslaan of annuleren."
    assert Delivery.objects.get(uuid=delivery["uuid"]).status == DeliveryStatus.PENDING


def test_the_list_is_filtered_and_holds_only_the_own_organisation(
    source: Membership, member: Member
) -> None:
    actor = actor_of(source)
    from plek.signals import services

    first = services.upload_delivery(actor, "januari.csv", delivery_csv(2, prefix="jan"))
    services.cancel_delivery(actor, first.pk)
    services.upload_delivery(actor, "februari.csv", delivery_csv(2, prefix="feb"))
    other = member("signaalbron", organisation=OrganisationFactory(kind="energieleverancier"))
    theirs = services.upload_delivery(actor_of(other), "x.csv", delivery_csv(1))
    client = login_fully(Client(), source)

    body = client.get("/api/v2/aanleveringen").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert [d["bestandsnaam"] for d in body["results"]] == ["februari.csv", "januari.csv"]
    cancelled = client.get("/api/v2/aanleveringen?status=cancelled").json()["results"]
    assert [d["bestandsnaam"] for d in cancelled] == ["januari.csv"]
    day = today().isoformat()
    both = client.get(f"/api/v2/aanleveringen?aangeleverdVanaf={day}&bestandsnaam=RUARI")
    assert [d["bestandsnaam"] for d in both.json()["results"]] == ["februari.csv"]
    later = (today() + datetime.timedelta(days=1)).isoformat()
    assert client.get(f"/api/v2/aanleveringen?aangeleverdVanaf={later}").json()["count"] == 0

    # Another organisation's delivery does not exist for this source.
    problem(client.get(f"/api/v2/aanleveringen/{theirs.uuid}"), 404)
    decide = client.post(
        f"/api/v2/aanleveringen/{theirs.uuid}/besluit",
        {"keuze": "annuleren"},
        content_type="application/json",
    )
    problem(decide, 404)
    assert Delivery.objects.get(pk=theirs.pk).status == DeliveryStatus.PENDING
    problem(client.get(f"/api/v2/aanleveringen/{uuid.uuid4()}"), 404)


@pytest.mark.parametrize("role", ["wijkteam", "privacy", "beheer"])
def test_other_roles_are_refused(member: Member, source: Membership, role: str) -> None:
    from plek.signals import services

    delivery = services.upload_delivery(actor_of(source), "a.csv", delivery_csv(1))
    client = login_fully(Client(), member(role))
    before = ProcessingLogEntry.objects.count()
    problem(client.get("/api/v2/aanleveringen"), 403)
    problem(client.get("/api/v2/terugmeldingen"), 403)
    problem(client.post("/api/v2/aanleveringen", {"bestand": csv_file()}), 403)
    decide = client.post(
        f"/api/v2/aanleveringen/{delivery.uuid}/besluit",
        {"keuze": "opslaan"},
        content_type="application/json",
    )
    problem(decide, 403)
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.PENDING
    assert Delivery.objects.count() == 1 and ProcessingLogEntry.objects.count() == before


def test_the_source_system_delivers_decides_and_reads_its_feedback(member: Member) -> None:
    organisation = OrganisationFactory(kind="woningcorporatie")
    token = system_client(
        member,
        organisation,
        "signaalbron",
        ["aanleveringen.lezen", "aanleveringen.schrijven", "terugmeldingen.lezen"],
    )
    before = ProcessingLogEntry.objects.count()
    uploaded = Client().post("/api/v2/aanleveringen", {"bestand": csv_file(2)}, **bearer(token))
    assert uploaded.status_code == 201, uploaded.content
    decided = Client().post(
        f"/api/v2/aanleveringen/{uploaded.json()['uuid']}/besluit",
        {"keuze": "opslaan"},
        content_type="application/json",
        **bearer(token),
    )
    assert decided.json()["aantalOpgeslagen"] == 2
    signal = Signal.objects.get(source_reference="ref-0")
    Feedback.objects.create(
        signal=signal, organisation=organisation, outcome="opgelost", reported_on=today()
    )
    feedback = Client().get("/api/v2/terugmeldingen", **bearer(token))
    assert feedback.status_code == 200, feedback.content
    assert feedback.json()["results"] == [
        {
            "referentie": "ref-0",
            "bron": "huurachterstand",
            "ontvangenOp": signal.received_on.isoformat(),
            "uitkomst": "opgelost",
            "teruggemeldOp": today().isoformat(),
        }
    ]
    entries = new_entries(before)
    assert len({e.username for e in entries}) == 1
    assert entries[0].username.startswith("systeem-bron-")
    assert [e.activity_code for e in entries] == [
        "signaal.aanlevering_controleren",
        "signaal.aanlevering_opslaan",
        "signaal.terugmeldingen_inzien",
    ]
    assert {e.purpose for e in entries} == {"vroegsignalering"}
    assert {e.organisation_id for e in entries} == {organisation.pk}


def test_a_client_without_the_scope_is_refused(member: Member) -> None:
    organisation = OrganisationFactory(kind="woningcorporatie")
    token = system_client(member, organisation, "signaalbron", ["aanleveringen.lezen"])
    assert Client().get("/api/v2/aanleveringen", **bearer(token)).status_code == 200
    refused = Client().post("/api/v2/aanleveringen", {"bestand": csv_file()}, **bearer(token))
    problem(refused, 403)
    problem(Client().get("/api/v2/terugmeldingen", **bearer(token)), 403)
    problem(Client().get("/api/v2/verwerkingen", **bearer(token)), 403)
    assert not Delivery.objects.exists()


# --- terugmeldingen -----------------------------------------------------------------------------


def test_feedback_is_filtered_paged_and_each_page_logged_once(
    source: Membership, member: Member
) -> None:
    organisation = source.organisation
    day = today()
    for n, (kind, outcome) in enumerate(
        [("huurachterstand", "opgelost"), ("energie", "geen_contact"), ("energie", "opgelost")]
    ):
        signal = make_signal(
            source=kind, source_organisation=organisation, source_reference=f"R{n}"
        )
        Feedback.objects.create(
            signal=signal,
            organisation=organisation,
            outcome=outcome,
            reported_on=day - datetime.timedelta(days=n),
        )
    elsewhere = OrganisationFactory()
    Feedback.objects.create(
        signal=make_signal(source_organisation=elsewhere, source_reference="X"),
        organisation=elsewhere,
        outcome="opgelost",
        reported_on=day,
    )
    client = login_fully(Client(), source)
    before = ProcessingLogEntry.objects.count()

    body = client.get("/api/v2/terugmeldingen").json()
    assert [f["referentie"] for f in body["results"]] == ["R0", "R1", "R2"]
    energie = client.get("/api/v2/terugmeldingen?bron=energie&uitkomst=opgelost").json()
    assert [f["referentie"] for f in energie["results"]] == ["R2"]
    since = (day - datetime.timedelta(days=1)).isoformat()
    recent = client.get(f"/api/v2/terugmeldingen?teruggemeldVanaf={since}").json()
    assert [f["referentie"] for f in recent["results"]] == ["R0", "R1"]
    assert client.get("/api/v2/terugmeldingen?referentie=R1").json()["count"] == 1
    entries = new_entries(before)
    assert [(e.activity_code, e.person_id) for e in entries] == [
        ("signaal.terugmeldingen_inzien", None)
    ] * 4
    assert invalid(client.get("/api/v2/terugmeldingen?uitkomst=prima")) == ["uitkomst"]
    assert invalid(client.get("/api/v2/terugmeldingen?teruggemeldTotEnMet=x")) == [
        "teruggemeldTotEnMet"
    ]
    problem(client.get("/api/v2/terugmeldingen?page=9"), 404)


# --- verwerkingen -------------------------------------------------------------------------------


def test_the_privacy_officer_searches_the_log_by_person_uuid(member: Member) -> None:
    worker = member("wijkteam")
    person, other = PersonFactory(), PersonFactory()
    from plek.access.activities import LOG_SEARCH

    for subject in (person, other, person):
        record_processing(
            Actor(worker.user, worker), "read", LOG_SEARCH, subject.pk, ["naam"], "wmo_mo"
        )
    officer = member("privacy")
    client = login_fully(Client(), officer)
    before = ProcessingLogEntry.objects.count()

    response = client.get(f"/api/v2/verwerkingen?persoon={person.uuid}&doel=inzage")
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 2 and body["next"] is None and body["previous"] is None
    first = body["results"][0]
    assert first["persoon"] == str(person.uuid) and first["gebruikersnaam"] == worker.user.username
    assert {"keten", "volgnummer", "hash", "vorigeHash"} <= set(first)
    assert "personId" not in first and "id" not in first
    # The search itself is logged, naming the person searched for, under the chosen purpose.
    [search] = new_entries(before)
    assert (search.person_id, search.purpose, search.username) == (
        person.pk,
        "inzage",
        officer.user.username,
    )
    filtered = client.get(f"/api/v2/verwerkingen?gebruiker={worker.user.username}&actie=read")
    assert filtered.json()["count"] == 3
    by_purpose = client.get("/api/v2/verwerkingen?verwerkingsdoel=inzage").json()
    assert [r["doel"] for r in by_purpose["results"]] == ["inzage"]


def test_the_log_pages_without_counting_the_whole_log(member: Member) -> None:
    worker = member("wijkteam")
    from plek.access.activities import LOG_SEARCH

    for _ in range(51):
        record_processing(Actor(worker.user, worker), "read", LOG_SEARCH, None, ["x"], "wmo_mo")
    client = login_fully(Client(), member("privacy"))
    url = f"/api/v2/verwerkingen?gebruiker={worker.user.username}"
    first = client.get(url).json()
    assert first["count"] == 50 and first["next"].endswith("page=2")
    second = client.get(first["next"]).json()
    assert second["count"] == 1 and second["next"] is None
    assert second["previous"].endswith(f"gebruiker={worker.user.username}")


def test_bad_log_searches_are_problems_naming_the_parameter(member: Member) -> None:
    client = login_fully(Client(), member("privacy"))
    before = ProcessingLogEntry.objects.count()
    assert invalid(client.get("/api/v2/verwerkingen?vanaf=2026-02-01&totEnMet=2026-01-01")) == [
        "totEnMet"
    ]
    assert invalid(client.get("/api/v2/verwerkingen?persoon=12")) == ["persoon"]
    unknown = client.get(f"/api/v2/verwerkingen?persoon={uuid.uuid4()}")
    assert invalid(unknown) == ["persoon"]
    assert unknown.json()["invalidParams"][0]["reason"].startswith("Persoon:")
    assert invalid(client.get("/api/v2/verwerkingen?doel=nieuwsgierigheid")) == ["doel"]
    assert invalid(client.get("/api/v2/verwerkingen?organisatie=onbekend")) == ["organisatie"]
    assert invalid(client.get("/api/v2/verwerkingen?page=nul")) == ["page"]
    # Nothing searched, nothing logged.
    assert ProcessingLogEntry.objects.count() == before


@pytest.mark.parametrize("role", ["wijkteam", "beheer", "signaalbron", "beleid"])
def test_only_the_privacy_officer_searches_the_log(member: Member, role: str) -> None:
    client = login_fully(Client(), member(role))
    before = ProcessingLogEntry.objects.count()
    problem(client.get("/api/v2/verwerkingen"), 403)
    # The role is checked before the person is looked up: no hint whether a person exists.
    problem(client.get(f"/api/v2/verwerkingen?persoon={uuid.uuid4()}"), 403)
    problem(client.get(f"/api/v2/verwerkingen?persoon={PersonFactory().uuid}"), 403)
    assert ProcessingLogEntry.objects.count() == before


def test_a_privacy_system_client_searches_as_itself(member: Member) -> None:
    officer = member("privacy")
    token = system_client(member, officer.organisation, "privacy", ["verwerkingen.lezen"])
    before = ProcessingLogEntry.objects.count()
    response = Client().get("/api/v2/verwerkingen", **bearer(token))
    assert response.status_code == 200, response.content
    [search] = new_entries(before)
    assert search.username.startswith("systeem-") and search.purpose == "toezicht_privacy"
    # A client in another role gets nothing, whatever its scopes.
    other = system_client(member, officer.organisation, "wijkteam", ["verwerkingen.lezen"])
    problem(Client().get("/api/v2/verwerkingen", **bearer(other)), 403)
