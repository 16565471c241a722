"""API v2 for care: intakes, ZRM, plan writes, hand-overs and aftercare.

Each endpoint goes through the same selector or service as the pages and v1: the access policy
decides, every person returned is logged once with the relation's purpose, errors are
problem+json with Dutch text naming the camelCase field, and a system client needs the scope.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from plek.access.models import ProcessingLogEntry
from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.accounts.roles import Role
from plek.aftercare import services as aftercare_services
from plek.aftercare.models import CheckIn
from plek.api import services as client_services
from plek.api.models import SystemClient
from plek.core.dates import today as plek_today
from plek.intake import services as intake_services
from plek.plans.models import CaseLeadAssignment, HandOver, Plan
from tests.aftercare.helpers import case_lead_for, coach
from tests.api.test_v2 import approve, bearer, token
from tests.conftest import login_fully
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RelationFactory,
    TeamFactory,
)
from tests.plans.helpers import family, related

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def actor(membership: Membership) -> Actor:
    return Actor(membership.user, membership)


def logged(person_id: int) -> int:
    return ProcessingLogEntry.objects.filter(person_id=person_id).count()


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    assert response["API-Version"]
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def names(body: dict[str, Any]) -> list[str]:
    return [param["name"] for param in body["invalidParams"]]


def post(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, data or {}, content_type="application/json")


# --- intakes and ZRM ----------------------------------------------------------------------------


def test_an_intake_and_its_zrm_assessments_are_read_by_uuid_and_logged_once(member) -> None:  # type: ignore[no-untyped-def]
    worker = member("wijkteam", team=TeamFactory())
    applicant, partner, household = family()
    related(worker, applicant)
    today = plek_today()
    intake = intake_services.start_intake(
        actor(worker), applicant.pk, household.pk, today, "Rust in huis."
    )
    for days, score in ((30, 2), (0, 4)):
        intake_services.record_assessment(
            actor(worker),
            applicant.pk,
            today - datetime.timedelta(days=days),
            {"financien": score, "werk_opleiding": 3},
            intake_id=intake.pk,
        )
    client = login_fully(Client(), worker)

    before = logged(applicant.pk)
    response = client.get(f"/api/v2/intakes/{intake.uuid}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["uuid"] == str(intake.uuid) and body["persoon"] == str(applicant.uuid)
    assert body["huishouden"] == str(household.uuid)
    assert {m["persoon"] for m in body["leden"]} == {str(applicant.uuid), str(partner.uuid)}
    assert len(body["zrmMetingen"]) == 2 and "id" not in body
    assert logged(applicant.pk) == before + 1

    before = logged(applicant.pk)
    listed = client.get(f"/api/v2/personen/{applicant.uuid}/zrm-metingen")
    assert listed.status_code == 200, listed.content
    page = listed.json()
    assert set(page) == {"count", "next", "previous", "results"} and page["count"] == 2
    first = page["results"][0]
    assert first["scores"]["financien"] == 2 and first["scores"]["werkOpleiding"] == 3
    assert first["scores"]["huiselijkeRelaties"] is None
    assert first["intake"] == str(intake.uuid)
    assert logged(applicant.pk) == before + 1

    recent = client.get(
        f"/api/v2/personen/{applicant.uuid}/zrm-metingen?gemetenVanaf={today.isoformat()}"
    )
    assert [r["scores"]["financien"] for r in recent.json()["results"]] == [4]
    bad = problem(
        client.get(f"/api/v2/personen/{applicant.uuid}/zrm-metingen?gemetenVanaf=gisteren"), 400
    )
    assert names(bad) == ["gemetenVanaf"] and bad["title"] == "Ongeldige invoer"
    problem(client.get(f"/api/v2/intakes/{uuid.uuid4()}"), 404)
    problem(client.get(f"/api/v2/personen/{uuid.uuid4()}/zrm-metingen"), 404)


def test_the_policy_refuses_an_intake_without_a_relation_and_logs_nothing(member) -> None:  # type: ignore[no-untyped-def]
    worker = member("wijkteam", team=TeamFactory())
    applicant, _partner, household = family()
    related(worker, applicant)
    intake = intake_services.start_intake(
        actor(worker), applicant.pk, household.pk, plek_today(), "Rust in huis."
    )
    stranger = login_fully(Client(), member("wijkteam", team=TeamFactory()))
    before = logged(applicant.pk)
    refused = problem(stranger.get(f"/api/v2/intakes/{intake.uuid}"), 403)
    assert refused["title"] == "Geen toegang"
    problem(stranger.get(f"/api/v2/personen/{applicant.uuid}/zrm-metingen"), 403)
    assert logged(applicant.pk) == before


# --- plans: start and goals ---------------------------------------------------------------------


def test_a_plan_is_started_and_given_a_goal_with_dutch_field_errors(member) -> None:  # type: ignore[no-untyped-def]
    lead = member("wijkteam", team=TeamFactory())
    person = PersonFactory()
    related(lead, person)
    client = login_fully(Client(), lead)
    today = plek_today()

    future = problem(
        post(
            client,
            "/api/v2/plannen",
            {
                "persoon": str(person.uuid),
                "begindatum": (today + datetime.timedelta(days=3)).isoformat(),
            },
        ),
        400,
    )
    assert names(future) == ["begindatum"] and "toekomst" in future["detail"]
    assert not Plan.objects.filter(person=person).exists()
    unknown = problem(
        post(
            client,
            "/api/v2/plannen",
            {
                "persoon": str(person.uuid),
                "huishouden": str(uuid.uuid4()),
                "begindatum": today.isoformat(),
            },
        ),
        400,
    )
    assert names(unknown) == ["huishouden"]

    before = logged(person.pk)
    started = post(
        client, "/api/v2/plannen", {"persoon": str(person.uuid), "begindatum": today.isoformat()}
    )
    assert started.status_code == 201, started.content
    kenmerk = started.json()["plan"]["kenmerk"]
    assert started.json()["plan"]["persoon"] == str(person.uuid)
    assert logged(person.pk) > before
    again = problem(
        post(
            client,
            "/api/v2/plannen",
            {"persoon": str(person.uuid), "begindatum": today.isoformat()},
        ),
        400,
    )
    assert names(again) == ["huishouden"]

    url = f"/api/v2/plannen/{kenmerk}/doelen"
    bad = problem(post(client, url, {"leefgebied": "geluk", "doelInEigenWoorden": ""}), 400)
    assert sorted(names(bad)) == ["doelInEigenWoorden", "leefgebied"]
    before = logged(person.pk)
    goal = post(client, url, {"leefgebied": "financien", "doelInEigenWoorden": "Rust in geld."})
    assert goal.status_code == 201, goal.content
    assert goal.json()["leefgebied"] == "financien" and goal.json()["acties"] == []
    assert logged(person.pk) == before + 1
    problem(
        post(
            client,
            "/api/v2/plannen/onbekend/doelen",
            {"leefgebied": "financien", "doelInEigenWoorden": "x"},
        ),
        404,
    )

    # Someone else's plan: the policy decides, nothing written, nothing logged.
    stranger = login_fully(Client(), member("wijkteam", team=TeamFactory()))
    before = logged(person.pk)
    problem(post(stranger, url, {"leefgebied": "financien", "doelInEigenWoorden": "Ik ook."}), 403)
    assert logged(person.pk) == before
    assert Plan.objects.get(external_id=kenmerk).goals.count() == 1


# --- hand-overs ---------------------------------------------------------------------------------


def led_plan(lead: Membership) -> Plan:
    plan = Plan.objects.create(
        external_id=f"pl-{uuid.uuid4().hex[:10]}",
        person=PersonFactory(),
        started_on=plek_today() - datetime.timedelta(days=100),
        review_on=plek_today() + datetime.timedelta(days=5),
    )
    CaseLeadAssignment.objects.create(
        plan=plan, user=lead.user, started_at=timezone.now() - datetime.timedelta(days=100)
    )
    return plan


def test_my_hand_overs_are_listed_filtered_logged_and_accepted_once() -> None:
    receiver = MembershipFactory(role=Role.REGISSEUR)
    sender = MembershipFactory(role=Role.REGISSEUR)
    plans = [led_plan(sender) for _ in range(2)]
    hand_overs = [
        HandOver.objects.create(
            plan=plan, from_user=sender.user, to_membership=receiver, requested_at=timezone.now()
        )
        for plan in plans
    ]
    client = login_fully(Client(), receiver)

    before = ProcessingLogEntry.objects.count()
    listed = client.get("/api/v2/overdrachten")
    assert listed.status_code == 200, listed.content
    body = listed.json()
    assert body["count"] == 2
    assert {h["uuid"] for h in body["results"]} == {str(h.uuid) for h in hand_overs}
    assert {h["plan"] for h in body["results"]} == {p.external_id for p in plans}
    entries = list(ProcessingLogEntry.objects.order_by("id")[before:])
    assert sorted(e.person_id for e in entries) == sorted(p.person_id for p in plans)
    assert {e.purpose for e in entries} == {"wmo_mo"}
    tomorrow = (plek_today() + datetime.timedelta(days=1)).isoformat()
    assert client.get(f"/api/v2/overdrachten?gevraagdVanaf={tomorrow}").json()["count"] == 0
    assert names(problem(client.get("/api/v2/overdrachten?gevraagdTot=morgen"), 400)) == [
        "gevraagdTot"
    ]

    url = f"/api/v2/overdrachten/{hand_overs[0].uuid}/accepteren"
    other = login_fully(Client(), MembershipFactory(role=Role.REGISSEUR))
    refused = problem(post(other, url), 400)
    assert names(refused) == ["nonFieldErrors"] and "niet aan u gericht" in refused["detail"]
    accepted = post(client, url)
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["geaccepteerdOp"]
    assert plans[0].case_leads.get(ended_at__isnull=True).user == receiver.user
    twice = problem(post(client, url), 400)
    assert "al afgehandeld" in twice["detail"]
    problem(post(client, f"/api/v2/overdrachten/{uuid.uuid4()}/accepteren"), 404)


# --- aftercare ----------------------------------------------------------------------------------


def test_a_track_is_read_a_checkin_recorded_once_and_its_alert_in_the_inbox() -> None:
    person = PersonFactory()
    lead = case_lead_for(person)
    the_coach = coach()
    today = plek_today()
    track = aftercare_services.start_track(
        actor(lead), person.pk, today - datetime.timedelta(days=30), the_coach.user.pk
    )
    checkin = CheckIn.objects.filter(track=track).order_by("due_on").first()
    assert checkin is not None
    client = login_fully(Client(), the_coach)

    before = logged(person.pk)
    read = client.get(f"/api/v2/nazorgtrajecten/{track.external_id}")
    assert read.status_code == 200, read.content
    assert read.json()["persoon"] == str(person.uuid)
    assert checkin.external_id in {c["kenmerk"] for c in read.json()["contactmomenten"]}
    assert logged(person.pk) == before + 1
    problem(client.get("/api/v2/nazorgtrajecten/onbekend"), 404)
    problem(login_fully(Client(), coach()).get(f"/api/v2/nazorgtrajecten/{track.external_id}"), 403)

    url = f"/api/v2/contactmomenten/{checkin.external_id}/vastleggen"
    bad = problem(
        post(client, url, {"gedaanOp": today.isoformat(), "stoplichten": {"financien": "paars"}}),
        400,
    )
    assert names(bad) == ["stoplichten.financien"]
    none = problem(post(client, url, {"gedaanOp": today.isoformat(), "stoplichten": {}}), 400)
    assert names(none) == ["stoplichten"] and "Stoplichten" in none["detail"]
    body = {"gedaanOp": today.isoformat(), "stoplichten": {"werkOpleiding": "rood"}}
    recorded = post(client, url, body)
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["stoplicht"] == "rood"
    twice = problem(post(client, url, body), 400)
    assert names(twice) == ["gedaanOp"] and "al vastgelegd" in twice["detail"]

    before = logged(person.pk)
    inbox = client.get("/api/v2/nazorgsignaleringen?soort=rood")
    assert inbox.status_code == 200, inbox.content
    alerts = inbox.json()
    assert alerts["count"] == 1 and alerts["results"][0]["traject"] == track.external_id
    assert alerts["results"][0]["persoon"] == str(person.uuid)
    assert logged(person.pk) == before + 1
    assert client.get("/api/v2/nazorgsignaleringen?soort=terugval").json()["count"] == 0
    assert names(problem(client.get("/api/v2/nazorgsignaleringen?gezien=soms"), 400)) == ["gezien"]
    problem(client.get("/api/v2/nazorgsignaleringen?page=9"), 404)
    assert names(problem(client.get("/api/v2/nazorgsignaleringen?page=nul"), 400)) == ["page"]


# --- system clients -----------------------------------------------------------------------------

CARE_OPERATIONS = [
    ("get", "/api/v2/intakes/{uuid}"),
    ("get", "/api/v2/personen/{uuid}/zrm-metingen"),
    ("post", "/api/v2/plannen"),
    ("post", "/api/v2/plannen/pl-x/doelen"),
    ("get", "/api/v2/overdrachten"),
    ("post", "/api/v2/overdrachten/{uuid}/accepteren"),
    ("get", "/api/v2/nazorgtrajecten/nz-x"),
    ("post", "/api/v2/contactmomenten/ci-x/vastleggen"),
    ("get", "/api/v2/nazorgsignaleringen"),
]


def system_client(member, scopes: list[str]) -> tuple[SystemClient, str]:  # type: ignore[no-untyped-def]
    admin = member("beheer")
    client, secret = client_services.create_client(
        Actor(admin.user, admin),
        name="Zorgsysteem",
        client_id="zorg",
        organisation=OrganisationFactory(),
        role=Role.WIJKTEAM,
        scopes=scopes,
    )
    approve(client.membership, member)
    return client, token("zorg", secret)


def test_a_system_client_without_the_scope_is_refused_everywhere(member) -> None:  # type: ignore[no-untyped-def]
    _client, jwt = system_client(member, ["personen.lezen"])
    for method, path in CARE_OPERATIONS:
        url = path.format(uuid=uuid.uuid4())
        call = getattr(Client(), method)
        response = call(url, {}, content_type="application/json", **bearer(jwt))
        refused = problem(response, 403)
        assert "scope" in refused["detail"], (method, url)


def test_a_system_client_with_the_scope_still_meets_the_policy_and_is_logged_as_itself(
    member,  # type: ignore[no-untyped-def]
) -> None:
    client, jwt = system_client(member, ["intakes.lezen", "zrm.lezen", "nazorg.lezen"])
    worker = member("wijkteam", team=TeamFactory())
    applicant, _partner, household = family()
    related(worker, applicant)
    intake = intake_services.start_intake(
        actor(worker), applicant.pk, household.pk, plek_today(), "Rust in huis."
    )
    before = logged(applicant.pk)
    problem(Client().get(f"/api/v2/intakes/{intake.uuid}", **bearer(jwt)), 403)
    problem(Client().get(f"/api/v2/personen/{applicant.uuid}/zrm-metingen", **bearer(jwt)), 403)
    assert logged(applicant.pk) == before
    inbox = Client().get("/api/v2/nazorgsignaleringen", **bearer(jwt))
    assert inbox.status_code == 200 and inbox.json()["count"] == 0
    # With a relation of its own the client reads, and the log names the client.
    RelationFactory(person=applicant, user=client.service_user)
    read = Client().get(f"/api/v2/intakes/{intake.uuid}", **bearer(jwt))
    assert read.status_code == 200, read.content
    entry = ProcessingLogEntry.objects.filter(person_id=applicant.pk).latest("id")
    assert (entry.username, entry.organisation_id) == ("systeem-zorg", client.organisation_id)
