"""Audit findings #12, #13, #14, #16 and #17 (issue 9): each test failed before its fix.

- #12 the processing log's request id came from the client's X-Request-ID;
- #13 BSNs reached technical and access logs through GET search forms;
- #14 refused attempts (75 × 403 probing ids) left no user-tied trace;
- #16 huge integers in ``?person=`` / ``?pagina=`` (and in paths) gave 500s;
- #17 no ``Cache-Control: no-store`` on person pages, person API responses and PDFs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
import structlog
from django.test import Client
from django.urls import reverse

from plek.access.models import ProcessingLogEntry, RefusedAccess
from plek.accounts.models import Membership
from plek.accounts.roles import Role
from plek.logconfig import BSN_REDACTED, redact_bsn_like
from tests.conftest import login_fully
from tests.factories import PersonFactory, RelationFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.fixture
def caseworker(member: Callable[..., Membership]) -> tuple[Membership, Client]:
    membership = member("regisseur")
    return membership, login_fully(Client(raise_request_exception=False), membership)


# --- #12 ------------------------------------------------------------------------------------------


def test_the_log_request_id_is_made_by_the_server(
    caseworker: tuple[Membership, Client],
) -> None:
    membership, client = caseworker
    person = PersonFactory()
    RelationFactory(person=person, user=membership.user)
    chosen = "someone-elses-request-0001"
    response = client.get(reverse("people:detail", args=[person.pk]), HTTP_X_REQUEST_ID=chosen)
    assert response.status_code == 200
    entry = ProcessingLogEntry.objects.filter(person_id=person.pk).latest("timestamp")
    assert entry.request_id != chosen
    assert entry.request_id == response["X-Request-ID"]
    assert len(entry.request_id) == 32


def test_the_clients_request_id_is_kept_apart_in_technical_logs(client: Client) -> None:
    seen: dict[str, object] = {}

    def capture(logger: object, method: str, event_dict: dict[str, object]) -> dict[str, object]:
        seen.update(structlog.contextvars.get_contextvars())
        return event_dict

    from plek.web.middleware import RequestIdMiddleware

    def view(request: object) -> object:
        capture(None, "", {})
        from django.http import HttpResponse

        return HttpResponse("ok")

    from django.test import RequestFactory

    request = RequestFactory().get("/", HTTP_X_REQUEST_ID="proxy-id-12345678")
    response = RequestIdMiddleware(view)(request)  # type: ignore[arg-type]
    assert seen["client_request_id"] == "proxy-id-12345678"
    assert seen["request_id"] == response["X-Request-ID"] != "proxy-id-12345678"


# --- #13 ------------------------------------------------------------------------------------------


def test_bsn_like_numbers_are_redacted_from_technical_log_lines() -> None:
    event = {
        "event": '"GET /privacy/inzage/?zoek=999912345 HTTP/1.1" 200 1234',
        "timestamp": "2026-01-01T00:00:00Z",
        "path": "/x/?bsn=999900012&person=12",
    }
    redacted = redact_bsn_like(None, "info", event)
    assert "999912345" not in redacted["event"] and BSN_REDACTED in redacted["event"]
    assert redacted["path"] == f"/x/?bsn={BSN_REDACTED}&person=12"


def test_plek_s_own_request_id_is_not_mistaken_for_a_bsn() -> None:
    # A random hex id with nine digits in a row (as uuid4().hex gives now and then); the
    # client's own id is the client's text and stays redacted.
    event = {"request_id": "c1678e821002467b88bb5f25026fc662", "client_request_id": "a999912345b"}
    redacted = redact_bsn_like(None, "info", dict(event))
    assert redacted["request_id"] == event["request_id"]
    assert redacted["client_request_id"] == f"a{BSN_REDACTED}b"


def test_a_django_server_access_line_loses_the_bsn(capsys: pytest.CaptureFixture[str]) -> None:
    from django.conf import settings

    handler = logging.getLogger("django.server").handlers[0]
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s', ("GET /?zoek=999912345", 200), None
    )
    line = handler.format(record)
    assert settings.LOGGING and "999912345" not in line and BSN_REDACTED in line


def test_bsn_search_forms_post_and_keep_the_bsn_out_of_urls(
    member: Callable[..., Membership],
) -> None:
    officer = login_fully(Client(), member(Role.PRIVACY))
    person = PersonFactory()
    for url in (reverse("access:processing-log"), reverse("people:inzage")):
        assert 'method="post"' in officer.get(url).content.decode()
    found = officer.post(reverse("access:processing-log"), {"bsn": person.bsn})
    assert found.status_code == 302
    assert str(person.bsn) not in found["Location"] and f"person={person.pk}" in found["Location"]
    # A BSN in a GET URL is not used any more.
    page = officer.get(reverse("access:processing-log"), {"bsn": person.bsn})
    assert page.context["page"] is None
    html = officer.post(reverse("people:inzage"), {"zoek": person.bsn}).content.decode()
    assert reverse("people:inzage-json", args=[person.pk]) in html


# --- #14 ------------------------------------------------------------------------------------------


def test_refused_attempts_leave_a_trace_tied_to_the_user(
    caseworker: tuple[Membership, Client],
) -> None:
    membership, client = caseworker
    people = [PersonFactory() for _ in range(3)]
    for person in people:
        assert client.get(reverse("people:detail", args=[person.pk])).status_code == 403
    assert client.get(reverse("access:processing-log")).status_code == 403
    traces = RefusedAccess.objects.filter(user_id=membership.user.pk).order_by("at", "pk")
    assert traces.count() == 4
    assert [t.person_id for t in traces] == [p.pk for p in people] + [None]
    first = traces[0]
    assert (first.username, first.role, first.method) == (
        membership.user.username,
        "regisseur",
        "GET",
    )
    assert first.organisation_id == membership.organisation_id
    assert first.path == f"/personen/{people[0].pk}/"


def test_refusals_of_the_api_are_traced_too(caseworker: tuple[Membership, Client]) -> None:
    membership, client = caseworker
    assert client.get("/api/v1/verwerkingen/").status_code == 403
    assert RefusedAccess.objects.filter(user_id=membership.user.pk, path="/api/v1/verwerkingen/")


def test_the_privacy_officer_sees_who_was_refused_most(
    caseworker: tuple[Membership, Client], member: Callable[..., Membership]
) -> None:
    membership, client = caseworker
    for _ in range(3):
        client.get(reverse("people:detail", args=[PersonFactory().pk]))
    officer = login_fully(Client(), member(Role.PRIVACY))
    html = officer.get(reverse("access:unusual-access")).content.decode()
    assert "Geweigerde toegang" in html and membership.user.username in html


# --- #16 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("regisseur", f"/personen/{HUGE}/"),
        (Role.PRIVACY, f"/privacy/verwerkingen/?person={HUGE}"),
        (Role.PRIVACY, f"/privacy/verwerkingen/?person=1&pagina={HUGE}"),
        (Role.PRIVACY, f"/privacy/doorbraken/?pagina={HUGE}"),
        (Role.PRIVACY, f"/api/v1/verwerkingen/?persoon={HUGE}"),
        ("regisseur", f"/signalen/nieuw/?persoon={HUGE}"),
    ],
)
def test_huge_integers_give_400_or_404_not_500(
    role: str, url: str, member: Callable[..., Membership]
) -> None:
    client = login_fully(Client(raise_request_exception=False), member(role))
    response = client.get(url)
    assert response.status_code in {200, 400, 404}, (url, response.status_code)


def test_a_huge_person_number_names_the_field(member: Callable[..., Membership]) -> None:
    client = login_fully(Client(), member(Role.PRIVACY))
    html = client.get(reverse("access:processing-log"), {"person": HUGE}).content.decode()
    assert "Persoonsnummer: dit nummer is te groot." in html


# --- #17 ------------------------------------------------------------------------------------------


def test_personal_data_responses_are_not_stored(
    caseworker: tuple[Membership, Client], member: Callable[..., Membership]
) -> None:
    membership, client = caseworker
    person = PersonFactory()
    RelationFactory(person=person, user=membership.user)
    officer = login_fully(Client(), member(Role.PRIVACY))
    responses = [
        client.get(reverse("people:detail", args=[person.pk])),
        client.get(f"/api/v1/personen/{person.pk}/"),
        officer.get(reverse("people:inzage-pdf", args=[person.pk])),
        officer.get(reverse("people:inzage-json", args=[person.pk])),
    ]
    for response in responses:
        assert response.status_code == 200, response
        assert "no-store" in response["Cache-Control"], response
        assert "private" in response["Cache-Control"]


def test_anonymous_pages_are_left_alone(client: Client) -> None:
    response = Client().get("/accounts/login/")
    assert "no-store" not in response.get("Cache-Control", "")
