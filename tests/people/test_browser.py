"""Browser: register a person, see the duplicate warning, overrule, land on the dossier; axe."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from plek.accounts.models import Membership
from plek.people import services
from tests.access.helpers import actor_of
from tests.browser import axe_check
from tests.conftest import login_fully
from tests.factories import MembershipFactory, PersonFactory, RelationFactory

pytestmark = pytest.mark.e2e


def _log_in(page: Page, live_server: LiveServer, membership: Membership) -> None:
    client = login_fully(Client(), membership)
    cookie = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])


def test_register_duplicate_warning_overrule_dossier(
    page: Page, live_server: LiveServer, transactional_db: None
) -> None:
    membership = MembershipFactory(role="wijkteam")
    existing = PersonFactory(family_name="Bakker", birth_date=datetime.date(1988, 8, 8))
    RelationFactory(person=existing, user=membership.user)
    _log_in(page, live_server, membership)

    page.goto("/personen/nieuw/")
    axe_check(page)
    page.get_by_label("Achternaam").fill("bakker")
    page.get_by_label("Geboortedatum").fill("1988-08-08")
    page.get_by_label("Zonder vaste woon- of verblijfplaats").check()
    page.get_by_role("button", name="Registreren").click()
    expect(page.locator("body")).to_contain_text("Mogelijk bestaat deze persoon al")
    axe_check(page)

    page.get_by_label("Toch nieuw aanmaken").check()
    page.get_by_role("button", name="Registreren").click()
    page.wait_for_url("**/personen/*/")
    assert "zonder vaste woon- of verblijfplaats" in page.content()
    axe_check(page)

    page.get_by_role("link", name="Huishouden aanmaken").click()
    axe_check(page)
    page.get_by_label("Vanaf").fill("2024-01-01")
    page.get_by_role("button", name="Aanmaken").click()
    page.wait_for_url("**/huishoudens/*/")
    assert "Leden door de tijd" in page.content()
    axe_check(page)


def test_inzage_page(page: Page, live_server: LiveServer, transactional_db: None) -> None:
    worker = MembershipFactory(role="regisseur")
    person = PersonFactory()
    RelationFactory(person=person, user=worker.user)
    services.create_household(actor_of(worker), person.pk, "Huishouden", "aanvrager")
    _log_in(page, live_server, MembershipFactory(role="privacy"))
    page.goto("/privacy/inzage/")
    page.get_by_label("BSN of persoonsnummer").fill(person.bsn or "")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.wait_for_load_state()
    assert person.bsn not in page.url
    assert "Export als PDF downloaden" in page.content()
    axe_check(page)
