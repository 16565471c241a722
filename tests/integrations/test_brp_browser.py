"""Browser: compare a person with the (local) BRP from the dossier and take a field over; the
functional admin's settings pages for single sign-on and the BRP. axe-core on every page."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from plek.accounts.models import Membership
from plek.integrations.models_brp import BrpConfig, BrpCopy
from plek.people.models import Person
from tests.browser import axe_check
from tests.conftest import login_fully
from tests.factories import MembershipFactory, PersonFactory, RelationFactory
from tests.integrations.fake_servers import brp_api, brp_person

pytestmark = pytest.mark.e2e

BSN = "999990019"


def _log_in(page: Page, live_server: LiveServer, membership: Membership) -> None:
    client = login_fully(Client(), membership)
    cookie = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])


def test_compare_and_take_over_from_the_dossier(
    page: Page, live_server: LiveServer, transactional_db: None, tmp_path: Path
) -> None:
    worker = MembershipFactory(role="wijkteam")
    person = PersonFactory(bsn=BSN, family_name="Vries", street="Oude straat", house_number="1")
    RelationFactory(person=person, user=worker.user)
    with brp_api(tmp_path) as (fake, url, ca_bundle):
        fake.persons[BSN] = brp_person(
            BSN,
            voornamen="Anna",
            geslachtsnaam="Vries",
            voorvoegsel="de",
            geboortedatum=datetime.date(1985, 4, 3),
            straat="Laan van Meerdervoort",
            huisnummer=12,
            postcode="2517AK",
        )
        BrpConfig.objects.create(
            pk=1,
            enabled=True,
            endpoint=url,
            api_key=fake.api_key,
            ca_bundle=str(ca_bundle),
            origin_oin="00000001234567890000",
            doelbinding="BRPACT-Wmo",
        )
        _log_in(page, live_server, worker)
        # The first page of a fresh test server may be slow on a busy machine.
        page.set_default_timeout(30_000)
        page.goto(f"/personen/{person.pk}/")
        page.get_by_role("link", name="Vergelijk met BRP").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Vergelijk met BRP")
        axe_check(page)
        page.get_by_label("Straat overnemen").check()
        page.get_by_role("button", name="Aangevinkte gegevens overnemen").click()
        expect(page.get_by_text("1 gegeven uit de BRP overgenomen.")).to_be_visible()
        axe_check(page)
    assert Person.objects.get(pk=person.pk).street == "Laan van Meerdervoort"
    assert BrpCopy.objects.get().field == "street"


def test_admin_settings_pages(page: Page, live_server: LiveServer, transactional_db: None) -> None:
    _log_in(page, live_server, MembershipFactory(role="beheer"))
    page.goto("/")
    page.get_by_role("link", name="Single sign-on").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Single sign-on (OpenID Connect)")
    axe_check(page)
    page.get_by_role("link", name="BRP-koppeling").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("BRP-koppeling")
    axe_check(page)
