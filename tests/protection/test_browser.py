"""In a real browser, only clicking after login: the consultant extends an expiring indication,
the provider registers an ambulatory arrangement, the policy officer sees cost against budget
per municipality with the phase-out, as a chart and a table. axe-core on every page."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Locator, Page, expect

from plek.accounts.models import Membership
from plek.accounts.roles import Role
from plek.core.dates import today as plek_today
from plek.finance import services as finance_services
from plek.protection.models import Arrangement, Indication
from tests.browser import axe_check
from tests.e2e.test_journeys import log_in
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from tests.protection import kit
from tests.protection.helpers import consultant, hourly_product, indication

pytestmark = pytest.mark.e2e


def _demo(membership: Membership) -> Membership:
    # The demo skip of the second factor is offered to demo users only.
    membership.user.is_demo = True
    membership.user.save()
    return membership


def _login(page: Page, membership: Membership) -> None:
    page.context.clear_cookies()
    log_in(page, membership.user.username)
    skip = page.get_by_role("button", name="Overslaan (alleen demo)")
    if skip.count():
        axe_check(page)
        skip.click()
    axe_check(page)


def _panel(page: Page, title: str) -> Locator:
    return page.locator("section.plek-panel", has=page.get_by_role("heading", name=title))


def test_consultant_extends_an_expiring_indication(page: Page) -> None:
    page.set_default_timeout(30_000)
    toegang = consultant()
    assert toegang.membership is not None
    _demo(toegang.membership)
    today = plek_today()
    made = indication(
        toegang,
        PersonFactory(family_name="Vlinder", initials="K."),
        valid_from=today - datetime.timedelta(days=100),
        valid_until=today + datetime.timedelta(days=10),
    )
    _login(page, toegang.membership)
    _panel(page, "Indicaties die binnenkort aflopen").get_by_role("link", name="Vlinder").click()
    axe_check(page)
    page.get_by_role("button", name="Indicatie verlengen").click()  # empty: errors by field
    expect(page.get_by_text("Dit veld is vereist.").first).to_be_visible()
    axe_check(page)
    new_until = made.valid_until + datetime.timedelta(days=180)
    page.get_by_label("Nieuwe einddatum (tot en met)").fill(new_until.isoformat())
    page.get_by_label("Reden verlenging").fill("Herstel gaat langzamer dan verwacht")
    page.get_by_role("button", name="Indicatie verlengen").click()
    axe_check(page)
    made.refresh_from_db()
    assert made.valid_until == new_until


def test_provider_registers_an_ambulatory_arrangement(page: Page) -> None:
    page.set_default_timeout(30_000)
    provider = OrganisationFactory(kind="zorgaanbieder")
    person = PersonFactory(family_name="Zeearend", initials="M.")
    today = plek_today()
    indication(
        consultant(),
        person,
        valid_from=today - datetime.timedelta(days=3),
        valid_until=today + datetime.timedelta(days=365),
        provider=provider,
    )
    product = hourly_product()
    staff = _demo(MembershipFactory(role=Role.AANBIEDER, organisation=provider))
    _login(page, staff)
    waiting = _panel(page, "Indicaties beschermd thuis zonder arrangement")
    expect(waiting.locator(".plek-overdue")).to_be_visible()  # its start has passed
    waiting.get_by_role("link", name="Zeearend").click()
    axe_check(page)
    page.get_by_label("Product").select_option(str(product.pk))
    page.get_by_label("Uren per week").fill("6")
    page.get_by_label("Begindatum").fill(today.isoformat())
    page.get_by_role("button", name="Arrangement vastleggen").click()
    axe_check(page)
    arrangement = Arrangement.objects.get(person=person)
    assert arrangement.hours_per_week == 6 and arrangement.provider_id == provider.pk


def test_policy_officer_sees_cost_against_budget_with_the_phase_out(page: Page) -> None:
    page.set_default_timeout(30_000)
    k = kit.build()
    finance_services.apply_allocation(None, k.model.pk, 2024)
    officer = _demo(MembershipFactory(role=Role.BELEID))
    _login(page, officer)
    page.get_by_role("main").get_by_role("link", name="Beschermd wonen en geld").click()
    axe_check(page)
    page.get_by_label("Jaar").fill("2024")
    page.get_by_role("button", name="Toon cijfers").click()
    expect(page.locator("#afbouw")).to_contain_text("60,0%")
    chart = page.locator('[data-vega-spec="kosten-budget-grafiek"]')
    expect(chart.locator("svg, canvas").first).to_be_visible()  # drawn by Vega in the browser
    table = page.get_by_role("table").first
    expect(table).to_contain_text("Kitgemeente A")
    expect(table).to_contain_text("€ 54.480,00")
    axe_check(page)
    assert Indication.objects.count() == 4
