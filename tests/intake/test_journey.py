"""In a browser: a neighbourhood-team professional starts the intake for a household, scores the
ZRM, sees the chart (rendered under the strict CSP), creates a plan with two goals and is its
case lead. axe-core checks every page on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from plek.plans.models import Plan
from tests.browser import axe_check
from tests.e2e.test_journeys import log_in, skip_second_factor
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.plans.helpers import family, related

pytestmark = pytest.mark.e2e


def test_intake_zrm_and_plan_with_two_goals(page: Page) -> None:
    user = UserFactory(is_demo=True, first_name="Wies", last_name="Wijkteam")
    membership = MembershipFactory(
        user=user, role="wijkteam", team=TeamFactory(name="Wijkteam Oost")
    )
    applicant, _partner, household = family()
    related(membership, applicant)
    log_in(page, user.username)
    skip_second_factor(page)

    page.goto(f"/personen/{applicant.pk}/intake/nieuw/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Integrale intake starten")
    axe_check(page)
    page.get_by_label("Vraag achter de vraag").fill("Weer rust en grip op geld.")
    page.get_by_label("Financiën").fill("Drie maanden huurachterstand.")
    page.get_by_label("Personen die meededen").fill("partner")
    page.get_by_role("button", name="Intake starten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Intake huishouden")
    axe_check(page)

    page.get_by_role("link", name=f"ZRM scoren voor {applicant}").click()
    axe_check(page)
    page.get_by_label("Financiën").select_option("2")
    page.get_by_label("Huisvesting").select_option("1")
    page.get_by_label("Sociaal netwerk").select_option("4")
    page.get_by_role("button", name="Meting vastleggen").click()
    expect(page.get_by_text("De ZRM-meting is vastgelegd.")).to_be_visible()

    page.goto(f"/personen/{applicant.pk}/zrm/")
    expect(page.locator(".plek-chart--ready svg").first).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Financiën")
    axe_check(page)

    page.go_back()
    page.get_by_role("link", name="Plan opstellen voor dit huishouden").click()
    axe_check(page)
    page.get_by_role("button", name="Plan starten").click()
    expect(page.get_by_text("U bent de regisseur")).to_be_visible()
    expect(page.get_by_test_id("case-lead")).to_contain_text("Wies Wijkteam")
    for domain, words in (
        ("financien", "Ik wil mijn huur weer zelf betalen."),
        ("sociaal_netwerk", "Ik wil mijn broer weer zien."),
    ):
        page.get_by_role("link", name="Doel toevoegen").click()
        axe_check(page)
        page.get_by_label("Leefgebied").select_option(domain)
        page.get_by_label("Doel in eigen woorden").fill(words)
        page.get_by_role("button", name="Doel opslaan").click()
        expect(page.get_by_text(words)).to_be_visible()
    axe_check(page)
    expect(page).to_have_url(re.compile(r"/plannen/\d+/$"))
    plan = Plan.objects.get(household=household)
    assert plan.goals.count() == 2
    assert plan.case_leads.get(ended_at__isnull=True).user == user
