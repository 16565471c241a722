"""From protected living to a protected home, in a real browser and only by clicking after
login: an access consultant extends an expiring indication, a provider registers the support
at home, and a policy officer reads cost against budget with the phase-out (chart and table).
axe-core checks every page on the way."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from plek.finance import services as finance_services
from plek.protection.models import Arrangement, Indication, IndicationEvent
from tests.browser import axe_check
from tests.e2e.test_front_of_chain import log_out, member
from tests.e2e.test_journeys import log_in, skip_second_factor
from tests.factories import OrganisationFactory, PersonFactory, RelationFactory
from tests.protection import kit
from tests.protection.helpers import actor, hourly_product

pytestmark = pytest.mark.e2e
DAY = datetime.timedelta(days=1)


def _dutch(day: datetime.date) -> str:
    return day.isoformat()


def test_extend_register_and_read_the_money(page: Page) -> None:
    page.set_default_timeout(30_000)
    today = timezone.localdate()
    access = OrganisationFactory(kind="sociale_dienst", name="Toegang Drechtsteden")
    provider = OrganisationFactory(kind="zorgaanbieder", name="Zorg aan de Merwede")
    consultant = member("toegang", "Tine", "Toegang", organisation=access)
    staff = member("aanbieder", "Bram", "Begeleider", organisation=provider)
    officer = member("beleid", "Bea", "Beleid")
    resident = PersonFactory(initials="K.", family_name="Kwikstaart")
    RelationFactory(person=resident, user=consultant)
    hourly_product()
    from plek.accounts.models import Membership
    from plek.protection import services

    toegang = actor(Membership.objects.get(user=consultant))
    expiring = services.record_indication(
        toegang,
        resident.pk,
        "beschermd_thuis",
        today - 300 * DAY,
        today + 12 * DAY,
        resident.origin_municipality_id,
        provider_id=provider.pk,
    )
    k = kit.build()
    finance_services.apply_allocation(None, k.model.pk, 2024)

    # 1. The access consultant extends the expiring indication from the worklist.
    log_in(page, consultant.username)
    skip_second_factor(page)
    worklist = page.locator(
        "section.plek-panel",
        has=page.get_by_role("heading", name="Indicaties die binnenkort aflopen"),
    )
    axe_check(page)
    worklist.get_by_role("link", name="K. Kwikstaart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Indicatie Beschermd thuis van K. Kwikstaart"
    )
    axe_check(page)
    page.get_by_role("button", name="Indicatie verlengen").click()  # nothing filled in
    expect(page.get_by_role("alert")).to_contain_text("Nieuwe einddatum (tot en met)")
    axe_check(page)
    new_until = today + 200 * DAY
    page.get_by_label("Nieuwe einddatum (tot en met)").fill(_dutch(new_until))
    page.get_by_label("Reden verlenging").fill(
        "Het herstel gaat goed; nog een half jaar begeleiding."
    )
    page.get_by_role("button", name="Indicatie verlengen").click()
    expect(page.get_by_text("De indicatie is verlengd.")).to_be_visible()
    axe_check(page)
    expiring.refresh_from_db()
    assert expiring.valid_until == new_until
    assert IndicationEvent.objects.filter(indication=expiring, kind="verlengd").count() == 1
    log_out(page)

    # 2. The provider registers the support at home from its worklist.
    log_in(page, staff.username)
    skip_second_factor(page)
    page.get_by_role("link", name="K. Kwikstaart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Arrangement vastleggen")
    axe_check(page)
    page.get_by_label("Product").select_option(label="T-UUR · Begeleiding per uur")
    page.get_by_label("Uren per week").fill("8")
    page.get_by_label("Evaluatie op").fill(_dutch(today + 90 * DAY))
    page.get_by_role("button", name="Arrangement vastleggen").click()
    expect(page.get_by_text("Het arrangement is vastgelegd.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beschermd thuis voor K. Kwikstaart")
    axe_check(page)
    arrangement = Arrangement.objects.get(person=resident)
    assert arrangement.provider == provider
    assert arrangement.indication == Indication.objects.get(pk=expiring.pk)
    log_out(page)

    # 3. The policy officer reads cost against budget per municipality, with the phase-out.
    log_in(page, officer.username)
    page.get_by_role("link", name="Beschermd wonen en geld").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beschermd wonen en geld")
    page.get_by_label("Jaar").fill("2024")
    page.get_by_role("button", name="Toon cijfers").click()
    expect(page.locator("#afbouw")).to_contain_text(
        "60,0% van het budget volgt nog het historische aandeel, 40,0% het objectieve aandeel"
    )
    chart = page.locator("[data-vega-spec]")
    expect(chart).to_have_class(re.compile(r"plek-chart--ready"))
    assert page.locator(".plek-chart--ready svg").count() == 1
    table = page.get_by_role("table", name=re.compile("kosten tegen budget per gemeente"))
    row = table.get_by_role("row", name=re.compile("Kitgemeente A"))
    expect(row).to_contain_text("€ 54.480,00")
    expect(row).to_contain_text("€ 61.000,00")
    expect(row).to_contain_text("€ 6.520,00")
    expect(page.get_by_text("Kwikstaart")).to_have_count(0)
    axe_check(page)
