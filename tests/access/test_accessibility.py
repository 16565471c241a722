"""axe-core finds no violations on the access and person pages (browser tests)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from plek.access.choices import Purpose
from plek.access.services import break_the_glass
from plek.accounts.models import Membership
from tests.access.helpers import actor_of
from tests.browser import axe_check
from tests.conftest import login_fully
from tests.factories import MembershipFactory, PersonFactory, RelationFactory

pytestmark = pytest.mark.e2e

REASON = "Regisseur onbereikbaar en acute zorgen gemeld door de buren."


def _log_in(page: Page, live_server: LiveServer, membership: Membership) -> None:
    client = login_fully(Client(), membership)
    cookie = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])


@pytest.fixture
def member_in(transactional_db: None) -> Callable[..., Membership]:
    def make(role: str) -> Membership:
        return MembershipFactory(role=role)

    return make


def test_person_page(
    page: Page,
    live_server: LiveServer,
    member_in: Callable[..., Membership],
) -> None:
    membership = member_in("regisseur")
    person = PersonFactory()
    RelationFactory(person=person, user=membership.user)
    _log_in(page, live_server, membership)
    page.goto(f"/personen/{person.pk}/")
    assert person.family_name in page.content()
    axe_check(page)


def test_denied_page_and_break_the_glass_form(
    page: Page,
    live_server: LiveServer,
    member_in: Callable[..., Membership],
) -> None:
    person = PersonFactory()
    _log_in(page, live_server, member_in("wijkteam"))
    response = page.goto(f"/personen/{person.pk}/")
    assert response is not None and response.status == 403
    axe_check(page)
    page.goto(f"/toegang/doorbreken/{person.pk}/")
    axe_check(page)
    page.get_by_label("Reden").fill("spoed")
    page.get_by_role("button", name="Toegang doorbreken en dossier openen").click()
    expect(page.locator("body")).to_contain_text("minstens 20 tekens")
    axe_check(page)
    page.get_by_label("Reden").fill(REASON)
    page.get_by_role("button", name="Toegang doorbreken en dossier openen").click()
    page.wait_for_url(f"**/personen/{person.pk}/")
    axe_check(page)


def test_privacy_pages(
    page: Page,
    live_server: LiveServer,
    member_in: Callable[..., Membership],
) -> None:
    person = PersonFactory()
    break_the_glass(actor_of(member_in("veldwerk")), person.pk, REASON, Purpose.WMO_MO)
    _log_in(page, live_server, member_in("privacy"))
    page.goto(f"/privacy/verwerkingen/?person={person.pk}")
    assert "Toegang tot een dossier doorbreken" in page.content()
    axe_check(page)
    page.goto("/privacy/verwerkingen/?date_from=morgen")
    axe_check(page)
    page.goto("/privacy/doorbraken/")
    assert REASON in page.content()
    axe_check(page)
    page.get_by_role("button", name="Beoordeling opslaan").click()
    expect(page.locator("body")).to_contain_text("Oordeel: kies terecht of niet terecht.")
    axe_check(page)
