"""Every role, in a real browser: log in through the form, pass the second factor, land on the
role's start page, meet the error pages, switch to English and log out. axe-core checks every
page on the way and the strict CSP must not block anything."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.utils import translation
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from plek.accounts.models import Membership
from plek.accounts.roles import ROLE_PROFILES, Role
from plek.web.start_pages import START_PAGES
from tests.browser import axe_check
from tests.conftest import TEST_PASSWORD
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.e2e


def demo_member(role: str, **user_fields: object) -> Membership:
    user = UserFactory(is_demo=True, **user_fields)
    return MembershipFactory(user=user, role=role)


def title_in(language: str, role: str) -> str:
    with translation.override(language):
        return str(START_PAGES[role].title)


def heading(page: Page) -> object:
    return page.get_by_role("heading", level=1)


def log_in(page: Page, username: str) -> None:
    page.goto("/")  # anonymous: sent to the login page
    expect(heading(page)).to_have_text("Inloggen")
    axe_check(page)
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def skip_second_factor(page: Page) -> None:
    expect(heading(page)).to_have_text("Tweede factor instellen")
    axe_check(page)
    page.get_by_role("button", name="Overslaan (alleen demo)").click()


@pytest.mark.parametrize("role", Role.values)
def test_role_journey(page: Page, role: str) -> None:
    membership = demo_member(role)
    log_in(page, membership.user.username)
    needs_second_factor = ROLE_PROFILES[role].needs_second_factor
    if needs_second_factor:
        skip_second_factor(page)

    expect(heading(page)).to_have_text(title_in("nl", role))
    banner = page.get_by_text("Demo: tweede factor overgeslagen — alleen voor de demo")
    expect(banner).to_have_count(1 if needs_second_factor else 0)
    expect(page.get_by_text(membership.organisation.name)).to_be_visible()
    axe_check(page)

    page.goto("/bestaat-niet/")
    expect(heading(page)).to_have_text("Pagina niet gevonden")
    axe_check(page)
    if role != Role.BEHEER:
        page.goto("/beheer/")
        expect(heading(page)).to_have_text("Geen toegang")
        axe_check(page)

    page.goto("/")
    page.get_by_role("button", name="English").click()
    expect(heading(page)).to_have_text(title_in("en", role))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe_check(page)

    page.get_by_role("button", name="Log out").click()
    expect(heading(page)).to_have_text("Log in")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))


def test_enrolment_with_a_real_authenticator_code(page: Page) -> None:
    from plek.accounts.services import issue_totp_activation

    membership = MembershipFactory(role=Role.REGISSEUR)
    activation_code = issue_totp_activation(None, membership.user)
    log_in(page, membership.user.username)
    expect(heading(page)).to_have_text("Tweede factor instellen")
    # The password alone shows no QR code: first the admin's one-time activation code.
    expect(page.get_by_role("img", name=re.compile("QR-code"))).to_have_count(0)
    axe_check(page)
    page.get_by_label("Activeringscode").fill(activation_code)
    page.get_by_role("button", name="Activeren").click()
    expect(page.get_by_role("img", name=re.compile("QR-code"))).to_be_visible()
    expect(page.get_by_role("button", name="Overslaan (alleen demo)")).to_have_count(0)

    # What a phone would do: read the secret and compute the current code from it.
    secret = page.locator(".plek-secret").inner_text().replace(" ", "")
    code = TOTP(b32decode(secret + "=" * (-len(secret) % 8))).token()
    page.get_by_role("textbox", name="Code").fill("000000" if code != 0 else "111111")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_text("Deze code klopt niet.").first).to_be_visible()
    axe_check(page)

    page.wait_for_timeout(1100)  # django_otp waits a second after a wrong code
    page.get_by_role("textbox", name="Code").fill(f"{code:06d}")
    page.get_by_role("button", name="Bevestigen").click()
    expect(heading(page)).to_have_text(title_in("nl", Role.REGISSEUR))
    expect(page.get_by_text("tweede factor overgeslagen")).to_have_count(0)


def test_functional_admin_pages(page: Page) -> None:
    membership = demo_member(Role.BEHEER)
    log_in(page, membership.user.username)
    skip_second_factor(page)

    nav = page.get_by_role("navigation", name="Hoofdmenu")
    for label in ("Organisaties", "Teams", "Gebruikers", "Lidmaatschappen", "Gemeenten"):
        nav.get_by_role("link", name=label).click()
        expect(heading(page)).to_have_text(label)
        axe_check(page)

    page.get_by_role("link", name="Nieuwe gemeente").click()
    axe_check(page)
    page.get_by_label("CBS-code").fill("0505")
    page.get_by_label("Naam").fill("Dordrecht")
    page.get_by_role("button", name="Opslaan").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("De CBS-code bestaat uit GM en vier cijfers")
    expect(page.get_by_label("CBS-code")).to_have_attribute("aria-invalid", "true")
    axe_check(page)

    page.get_by_label("CBS-code").fill("GM0505")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Opgeslagen")
    axe_check(page)

    page.goto("/beheer/gebruikers/nieuw/")
    axe_check(page)
    page.goto(f"/beheer/gebruikers/{membership.user.pk}/")
    expect(page.get_by_role("table")).to_contain_text("Functioneel beheerder")
    axe_check(page)
    page.goto("/beheer/lidmaatschappen/nieuw/")
    page.get_by_label("Startdatum").fill("2024-05-01")
    page.get_by_label("Einddatum").fill("2024-04-01")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("De einddatum moet na de startdatum liggen.")
    axe_check(page)


def test_privacy_officer_reaches_the_privacy_pages(page: Page) -> None:
    membership = demo_member(Role.PRIVACY)
    log_in(page, membership.user.username)
    skip_second_factor(page)
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    for label in ("Verwerkingenlog", "Doorbraken"):
        nav.get_by_role("link", name=label).click()
        expect(nav.get_by_role("link", name=label)).to_have_attribute("aria-current", "page")
        axe_check(page)


def test_keyboard_users_can_skip_to_the_content(page: Page) -> None:
    log_in(page, demo_member(Role.BELEID).user.username)
    # A fresh load puts the keyboard at the top of the document, whatever the login left focused.
    page.goto("/")
    page.wait_for_load_state("load")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#inhoud$"))


def test_403_offers_to_break_the_glass(page: Page) -> None:
    from tests.factories import PersonFactory

    person = PersonFactory()
    log_in(page, demo_member(Role.WIJKTEAM).user.username)
    skip_second_factor(page)
    page.goto(f"/personen/{person.pk}/")  # no relation with this person
    expect(heading(page)).to_have_text("Geen toegang")
    expect(
        page.get_by_text("De privacy officer beoordeelt elke doorbraak achteraf.")
    ).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Toegang doorbreken").click()
    expect(heading(page)).to_have_text("Toegang doorbreken")
    axe_check(page)
