"""The privacy officer's pages and the log search API: only the privacy role gets in."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from plek.access.activities import PERSON_VIEW
from plek.access.choices import Action, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.models import BreakGlass, ProcessingLogEntry
from plek.access.selectors import search_log
from plek.access.services import break_the_glass, record_processing
from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.accounts.roles import Role
from plek.people.models import Person
from tests.access.helpers import actor_of
from tests.conftest import login_fully
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

LOG_URL = reverse("access:processing-log")
REVIEW_URL = reverse("access:break-glass-reviews")
API_URL = reverse("api-processing-log")
REASON = "Acute zorgen gemeld door de politie, regisseur ziek."
OTHER_ROLES = [role for role in Role if role != Role.PRIVACY]


def _read(actor: Actor, person: Person, when: datetime.datetime) -> ProcessingLogEntry:
    with time_machine.travel(when, tick=False):
        return record_processing(actor, Action.VIEW, PERSON_VIEW, person.pk, ["naam"], "wmo_mo")


@pytest.fixture
def officer(member: Callable[..., Membership]) -> Membership:
    return member("privacy")


@pytest.fixture
def log(actor: Callable[..., Actor]) -> dict[str, object]:
    """Reads by two professionals of different organisations on different days."""
    ann, bob = actor("regisseur"), actor("aanbieder")
    p1, p2 = PersonFactory(), PersonFactory()
    day = datetime.datetime(2025, 2, 3, 10, 0, tzinfo=datetime.UTC)
    entries = [
        _read(ann, p1, day),
        _read(ann, p2, day + datetime.timedelta(days=1)),
        _read(bob, p1, day + datetime.timedelta(days=2)),
    ]
    return {"ann": ann, "bob": bob, "p1": p1, "p2": p2, "entries": entries}


@pytest.mark.parametrize("url", [LOG_URL, REVIEW_URL])
def test_only_the_privacy_role_gets_in(url: str, client_as: Callable[..., Client]) -> None:
    assert client_as("privacy").get(url).status_code == 200
    for role in OTHER_ROLES:
        assert client_as(role).get(url).status_code == 403, role


def test_anonymous_visitors_are_sent_to_login(client: Client) -> None:
    assert client.get(LOG_URL).status_code == 302


def _ids(response: object) -> set[int]:
    page = response.context["page"]  # type: ignore[attr-defined]
    return {entry.pk for entry in page.items if entry.activity_code == "persoon.inzien"}


def test_search_filters_work(officer: Membership, log: dict) -> None:
    client = login_fully(Client(), officer)
    e1, e2, e3 = log["entries"]
    ann, bob, p1 = log["ann"], log["bob"], log["p1"]
    assert _ids(client.get(LOG_URL, {"person": p1.pk})) == {e1.pk, e3.pk}
    # A BSN is searched by POST and the results page carries the person's id, not the BSN.
    found = client.post(LOG_URL, {"bsn": p1.bsn})
    assert found.status_code == 302 and p1.bsn not in found["Location"]
    assert _ids(client.get(found["Location"])) == {e1.pk, e3.pk}
    assert _ids(client.get(LOG_URL, {"user": ann.user.username})) == {e1.pk, e2.pk}
    org = bob.membership.organisation_id
    assert _ids(client.get(LOG_URL, {"organisation": org})) == {e3.pk}
    dates = {"date_from": "2025-02-04", "date_to": "2025-02-04"}
    assert _ids(client.get(LOG_URL, dates)) == {e2.pk}
    both = {"person": p1.pk, "user": ann.user.username}
    assert _ids(client.get(LOG_URL, both)) == {e1.pk}


def test_results_are_newest_first_and_paginated(officer: Membership, log: dict) -> None:
    client = login_fully(Client(), officer)
    response = client.get(LOG_URL, {"user": log["ann"].user.username})
    items = response.context["page"].items
    assert [e.pk for e in items] == [log["entries"][1].pk, log["entries"][0].pk]
    content = response.content.decode()
    assert "<caption" in content and 'scope="col"' in content


def test_pagination_moves_through_the_log(officer: Membership, actor: Callable) -> None:
    a, person = actor("regisseur"), PersonFactory()
    for _ in range(55):
        record_processing(a, Action.VIEW, PERSON_VIEW, person.pk, ["naam"], "wmo_mo")
    client = login_fully(Client(), officer)
    first = client.get(LOG_URL, {"person": person.pk})
    assert len(first.context["page"].items) == 50 and first.context["page"].has_next
    second = client.get(LOG_URL, {"person": person.pk, "pagina": 2})
    # 55 reads and the first search (each search leaves itself out of its own answer).
    assert len(second.context["page"].items) == 6
    assert not second.context["page"].has_next


def test_invalid_input_gets_a_dutch_message_naming_the_field(officer: Membership) -> None:
    client = login_fully(Client(), officer)
    response = client.post(LOG_URL, {"bsn": "123456789", "date_from": "gisteren"})
    content = response.content.decode()
    assert "BSN: vul 9 cijfers in" in content
    assert "Vanaf datum: vul een geldige datum in." in content
    assert response.context["page"] is None


def test_an_unknown_bsn_says_so(officer: Membership, log: dict) -> None:
    client = login_fully(Client(), officer)
    response = client.post(LOG_URL, {"bsn": PersonFactory.build().bsn})
    assert "Er is geen persoon met dit BSN." in response.content.decode()


def test_each_search_is_itself_logged(officer: Membership, log: dict) -> None:
    client = login_fully(Client(), officer)
    client.get(LOG_URL, {"person": log["p1"].pk})
    entry = ProcessingLogEntry.objects.get(activity_code="toezicht.verwerkingen_zoeken")
    assert (entry.user_id, entry.person_id) == (officer.user_id, log["p1"].pk)
    assert entry.purpose == Purpose.TOEZICHT
    # Opening the page without searching reads nothing.
    client.get(LOG_URL)
    assert ProcessingLogEntry.objects.filter(activity_code__startswith="toezicht.").count() == 1


def test_search_log_is_for_the_privacy_officer_only(actor: Callable[..., Actor]) -> None:
    for role in OTHER_ROLES:
        with pytest.raises(AccessDenied):
            search_log(actor(role))
    assert not ProcessingLogEntry.objects.exists()


def test_search_log_by_user_id_and_date_range(actor: Callable, log: dict) -> None:
    officer = actor("privacy")
    e1, e2, e3 = log["entries"]
    assert list(search_log(officer, user=log["bob"].user.pk)) == [e3]
    found = search_log(
        officer,
        date_from=datetime.date(2025, 2, 3),
        date_to=datetime.date(2025, 2, 4),
        user=log["ann"].user.username,
    )
    assert list(found) == [e2, e1]


# --- review page ---------------------------------------------------------------------------------


def test_the_review_page_lists_and_records_a_verdict(
    officer: Membership, actor: Callable[..., Actor], person: Person
) -> None:
    event = break_the_glass(actor("veldwerk"), person.pk, REASON, Purpose.WMO_MO)
    client = login_fully(Client(), officer)
    page = client.get(REVIEW_URL)
    content = page.content.decode()
    assert REASON in content
    assert f'for="id_doorbraak{event.pk}_review_note"' in content
    response = client.post(
        REVIEW_URL, {"break_glass": event.pk, "justified": "0", "review_note": "Geen spoed."}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.justified, event.review_note, event.reviewed_by_id) == (
        False,
        "Geen spoed.",
        officer.user_id,
    )
    assert REASON not in client.get(REVIEW_URL).content.decode()
    assert REASON in client.get(REVIEW_URL, {"status": "beoordeeld"}).content.decode()


def test_the_review_form_shows_errors_naming_the_field(
    officer: Membership, actor: Callable[..., Actor], person: Person
) -> None:
    event = break_the_glass(actor("veldwerk"), person.pk, REASON, Purpose.WMO_MO)
    client = login_fully(Client(), officer)
    response = client.post(REVIEW_URL, {"break_glass": event.pk, "justified": "0"})
    assert response.status_code == 200
    assert "Toelichting: leg uit waarom" in response.content.decode()
    response = client.post(REVIEW_URL, {"break_glass": event.pk})
    assert "Oordeel: kies terecht of niet terecht." in response.content.decode()
    event.refresh_from_db()
    assert event.reviewed_at is None


def test_others_cannot_post_a_review(
    client_as: Callable[..., Client], actor: Callable[..., Actor], person: Person
) -> None:
    event = break_the_glass(actor("veldwerk"), person.pk, REASON, Purpose.WMO_MO)
    response = client_as("regisseur").post(REVIEW_URL, {"break_glass": event.pk, "justified": "1"})
    assert response.status_code == 403
    assert BreakGlass.objects.get().reviewed_at is None


# --- API -----------------------------------------------------------------------------------------


def test_the_api_searches_the_log_for_the_privacy_officer(officer: Membership, log: dict) -> None:
    client = login_fully(Client(), officer)
    response = client.get(API_URL, {"persoon": log["p1"].pk})
    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    assert ids == [log["entries"][2].pk, log["entries"][0].pk]
    row = response.json()["results"][0]
    assert row["hash"] and row["sequence"] and row["role"] == "aanbieder"
    assert "bsn" not in row


def test_the_api_filters_by_organisation_and_dates(officer: Membership, log: dict) -> None:
    client = login_fully(Client(), officer)
    org = log["ann"].membership.organisation_id
    response = client.get(API_URL, {"organisatie": org, "vanaf": "2025-02-04"})
    assert [row["id"] for row in response.json()["results"]] == [log["entries"][1].pk]


def test_the_api_answers_bad_parameters_with_400(officer: Membership) -> None:
    client = login_fully(Client(), officer)
    response = client.get(API_URL, {"vanaf": "morgen"})
    assert response.status_code == 400
    assert "vanaf" in response.json()


@pytest.mark.parametrize("role", ["regisseur", "beleid", "beheer"])
def test_the_api_is_403_for_others(role: str, client_as: Callable[..., Client]) -> None:
    assert client_as(role).get(API_URL).status_code == 403


def test_the_api_refuses_anonymous_callers(client: Client) -> None:
    assert client.get(API_URL).status_code in (401, 403)


def test_actor_of_helper_keeps_the_membership(officer: Membership) -> None:
    assert actor_of(officer).membership == officer


@pytest.mark.parametrize("value", ["", "abc", "12%s", "99999999"])
def test_a_tampered_review_post_is_handled(officer: Membership, value: str) -> None:
    response = login_fully(Client(), officer).post(
        REVIEW_URL, {"break_glass": value, "justified": "1"}
    )
    assert response.status_code in (200, 404)
