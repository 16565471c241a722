"""API v2: problem+json from one handler, the API-Version header, UUIDs, filters and paging,
and system clients that act through the access policy and are logged as themselves."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import jwt
import pytest
from django.test import Client

from plek.access.models import ProcessingLogEntry, Relation
from plek.accounts.context import Actor
from plek.accounts.models import ConfigChange, Membership
from plek.api import services as client_services
from plek.api.middleware import V2_VERSION
from plek.postal import services as postal_services
from plek.postal.models import Decision
from tests.conftest import login_fully
from tests.factories import OrganisationFactory, PersonFactory, RelationFactory
from tests.postal.helpers import assessed, make_mdt

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def token(client_id: str, secret: str, **claims: object) -> str:
    payload = {"client_id": client_id, "iat": int(time.time()), **claims}
    return jwt.encode(payload, secret, algorithm="HS256")


def bearer(value: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {value}"}


def approve(membership: Membership, member) -> None:  # type: ignore[no-untyped-def]
    """A second functional admin approves the client's case-file membership (four eyes)."""
    from plek.accounts import services as account_services

    second = member("beheer")
    account_services.decide_membership(Actor(second.user, second), membership.pk, True)


def test_anonymous_is_a_401_problem_with_the_version_header() -> None:
    response = Client().get("/api/v2/personen")
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["API-Version"] == V2_VERSION
    body = response.json()
    assert body["status"] == 401 and body["title"] == "Niet aangemeld"
    assert body["instance"] == "/api/v2/personen"
    assert "Bearer" in response["WWW-Authenticate"]


def test_v1_keeps_working_and_announces_its_end(client_as) -> None:  # type: ignore[no-untyped-def]
    response = client_as("wijkteam").get("/api/v1/personen/")
    assert response.status_code == 200
    assert response["API-Version"].startswith("1.")
    assert response["Sunset"] and response["Deprecation"] == "true"


def test_bad_filter_names_the_parameter_in_dutch(client_as) -> None:  # type: ignore[no-untyped-def]
    response = client_as("wijkteam").get("/api/v2/personen?geboortedatumVanaf=gisteren")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    params = response.json()["invalidParams"]
    assert [p["name"] for p in params] == ["geboortedatumVanaf"]
    assert "datum" in params[0]["reason"].lower()


def test_unknown_uuid_is_a_404_problem(client_as) -> None:  # type: ignore[no-untyped-def]
    response = client_as("wijkteam").get(f"/api/v2/personen/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.json()["title"] == "Niet gevonden"


def test_trailing_slash_is_not_an_address() -> None:
    assert Client().get("/api/v2/personen/").status_code == 404


def test_person_list_is_filtered_paged_and_logged_once_per_person(member) -> None:  # type: ignore[no-untyped-def]
    worker = member("wijkteam")
    mine = [PersonFactory(family_name=name) for name in ("Akker", "Bos", "Berg")]
    PersonFactory(family_name="Bakker")  # no relation: never listed
    for person in mine:
        RelationFactory(person=person, user=worker.user)
    before = ProcessingLogEntry.objects.count()
    response = login_fully(Client(), worker).get("/api/v2/personen?geslachtsnaam=b")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert [p["geslachtsnaam"] for p in body["results"]] == ["Berg", "Bos"]
    assert {p["uuid"] for p in body["results"]} == {str(p.uuid) for p in mine[1:]}
    assert "id" not in body["results"][0]
    logged = ProcessingLogEntry.objects.order_by("id")[before:]
    assert sorted(e.person_id for e in logged) == sorted(p.pk for p in mine[1:])


def social_service_client(member, scopes: list[str]):  # type: ignore[no-untyped-def]
    mdt = make_mdt()
    application = assessed(mdt, PersonFactory().pk)
    postal_services.decide_application(mdt.actor(), application.pk, Decision.TOEGEKEND)
    area = mdt.first.team.municipalities.get()
    social = OrganisationFactory(kind="sociale_dienst", municipality=area)
    admin = member("beheer")
    client, secret = client_services.create_client(
        Actor(admin.user, admin),
        name="Uitkeringssysteem",
        client_id="uitkeringen",
        organisation=social,
        role="toegang",
        scopes=scopes,
    )
    return client, secret, application


def test_system_client_reads_the_feed_as_itself_through_the_policy(member) -> None:  # type: ignore[no-untyped-def]
    client, secret, application = social_service_client(
        member, ["briefadressen.gebeurtenissen.lezen"]
    )
    url = "/api/v2/briefadresgebeurtenissen"
    # Four eyes: until a second admin approves the case-file membership, the policy says no.
    waiting = Client().get(url, **bearer(token("uitkeringen", secret)))
    assert waiting.status_code == 403 and waiting["Content-Type"] == PROBLEM
    approve(client.membership, member)
    before = ProcessingLogEntry.objects.count()
    response = Client().get(url, **bearer(token("uitkeringen", secret)))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["results"][0]["persoon"] == str(application.person.uuid)
    assert body["results"][0]["aanvraag"] == str(application.uuid)
    entries = list(ProcessingLogEntry.objects.order_by("id")[before:])
    assert [(e.person_id, e.username, e.organisation_id, e.purpose) for e in entries] == [
        (application.person_id, "systeem-uitkeringen", client.organisation_id, "briefadres")
    ]
    # Outside its scopes a client is refused, whatever its role could do.
    refused = Client().get("/api/v2/personen", **bearer(token("uitkeringen", secret)))
    assert refused.status_code == 403 and refused["Content-Type"] == PROBLEM


def test_bad_tokens_and_revoked_clients_are_refused(member) -> None:  # type: ignore[no-untyped-def]
    client, secret, _application = social_service_client(
        member, ["briefadressen.gebeurtenissen.lezen"]
    )
    approve(client.membership, member)
    url = "/api/v2/briefadresgebeurtenissen"
    for bad in (
        token("uitkeringen", "not-the-secret-of-this-client-at-all-0123456789"),
        token("uitkeringen", secret, iat=int(time.time()) - 7200),
        jwt.encode({"client_id": "uitkeringen"}, secret, algorithm="HS256"),
        token("someone-else", secret),
        "not-a-jwt",
    ):
        response = Client().get(url, **bearer(bad))
        assert response.status_code == 401, bad
        assert response["Content-Type"] == PROBLEM
    admin = member("beheer")
    client_services.revoke_client(Actor(admin.user, admin), client.pk)
    assert Client().get(url, **bearer(token("uitkeringen", secret))).status_code == 401
    fields = set(
        ConfigChange.objects.filter(area="api", subject_key="uitkeringen").values_list(
            "field", flat=True
        )
    )
    assert {"scopes", "ingetrokken op"} <= fields


def test_only_functional_admins_manage_clients(member) -> None:  # type: ignore[no-untyped-def]
    worker = member("wijkteam")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        client_services.create_client(
            Actor(worker.user, worker),
            name="x",
            client_id="x",
            organisation=worker.organisation,
            role="toegang",
            scopes=[],
        )
    assert not Relation.objects.exists()


def test_plans_i_lead_are_listed_by_kenmerk_and_each_person_logged_once(member) -> None:  # type: ignore[no-untyped-def]
    from plek.core.dates import today as plek_today
    from plek.plans import services as plan_services
    from tests.factories import TeamFactory
    from tests.plans.helpers import related

    lead = member("wijkteam", team=TeamFactory())
    person = PersonFactory()
    related(lead, person)
    plan = plan_services.start_plan(Actor(lead.user, lead), person.pk, None, plek_today())
    client = login_fully(Client(), lead)
    before = ProcessingLogEntry.objects.filter(person_id=person.pk).count()

    listed = client.get("/api/v2/plannen")
    assert listed.status_code == 200
    body = listed.json()
    assert body["count"] == 1 and body["next"] is None
    assert body["results"][0]["kenmerk"] == plan.external_id
    assert body["results"][0]["persoon"] == str(person.uuid)
    assert ProcessingLogEntry.objects.filter(person_id=person.pk).count() == before + 1

    detail = client.get(f"/api/v2/plannen/{plan.external_id}")
    assert detail.status_code == 200
    assert detail.json()["plan"]["kenmerk"] == plan.external_id
    assert client.get("/api/v2/plannen/onbekend").json()["status"] == 404
    bad = client.get("/api/v2/plannen?evaluatieVoor=morgen")
    assert bad.status_code == 400 and bad["Content-Type"] == PROBLEM


def test_a_waiting_entry_is_read_by_kenmerk_and_its_person_logged(member) -> None:  # type: ignore[no-untyped-def]
    from tests.housing.helpers import entry
    from tests.plans.helpers import related

    reader = member("wijkteam")
    person = PersonFactory()
    related(reader, person)
    waiting = entry(person=person)
    client = login_fully(Client(), reader)
    before = ProcessingLogEntry.objects.filter(person_id=person.pk).count()

    response = client.get(f"/api/v2/wachtlijst/{waiting.external_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["kenmerk"] == waiting.external_id and body["persoon"] == str(person.uuid)
    assert ProcessingLogEntry.objects.filter(person_id=person.pk).count() == before + 1
    unknown = client.get("/api/v2/wachtlijst/onbekend")
    assert unknown.status_code == 404 and unknown["Content-Type"] == PROBLEM


def test_a_person_page_past_the_end_is_a_404_problem(client_as) -> None:  # type: ignore[no-untyped-def]
    # Found by the fuzzing once the list's `page` was in the document: it was a 500.
    response = client_as("wijkteam").get("/api/v2/personen?page=99")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["status"] == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/plannen/a%00b",
        "/api/v2/verblijven/%00",
        "/api/v2/wachtlijst/" + "x" * 65,
        "/api/v2/voorzieningen/%00/eenheden",
    ],
)
def test_a_text_key_no_row_can_have_is_a_404_problem_not_a_database_error(
    path: str, client_as: Callable[..., Client]
) -> None:
    """A NUL cannot be stored in PostgreSQL text: looking it up failed with a 500 before."""
    response = client_as("regisseur").get(path, HTTP_ACCEPT="application/json")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
