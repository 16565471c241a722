"""A regisseur's work in the browser, by clicking only after login: accept a hand-over from the
start page → evaluate a goal → find the overdue action on the start page and mark it done →
move the review date → end the plan with a reason. axe-core on every page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from plek.plans.models import CaseLeadAssignment, Goal, HandOver, Plan, PlanAction
from tests.browser import axe_check
from tests.e2e.test_journeys import log_in, skip_second_factor
from tests.factories import MembershipFactory, OrganisationFactory, TeamFactory, UserFactory
from tests.plans.helpers import family

pytestmark = pytest.mark.e2e


def test_regisseur_takes_over_evaluates_and_ends_the_plan(page: Page) -> None:
    today = timezone.localdate()
    wijkteam = MembershipFactory(
        role="wijkteam",
        team=TeamFactory(name="Wijkteam West"),
        user=UserFactory(first_name="Wim", last_name="Wijk"),
    )
    user = UserFactory(is_demo=True, first_name="Rita", last_name="Regie")
    regisseur = MembershipFactory(user=user, role="regisseur", team=TeamFactory(name="Regie"))
    applicant, _partner, household = family()
    plan = Plan.objects.create(
        external_id="plan-regie",
        person=applicant,
        household=household,
        started_on=today - datetime.timedelta(days=170),
        review_on=today + datetime.timedelta(days=10),
        team=wijkteam.team,
    )
    CaseLeadAssignment.objects.create(
        plan=plan,
        user=wijkteam.user,
        team=wijkteam.team,
        started_at=timezone.now() - datetime.timedelta(days=170),
    )
    goal = Goal.objects.create(plan=plan, domain="financien", own_words="Zelf de huur betalen.")
    action = PlanAction.objects.create(
        goal=goal,
        description="Aanmelden bij de schuldhulpverlening",
        organisation=OrganisationFactory(name="Schuldhulp Stad"),
        target_date=today - datetime.timedelta(days=12),
    )
    HandOver.objects.create(
        plan=plan,
        from_user=wijkteam.user,
        to_membership=regisseur,
        note="Graag overnemen: schulden en huisvesting.",
        requested_at=timezone.now() - datetime.timedelta(days=1),
    )
    page.set_default_timeout(30_000)  # two cores shared by many: a cold first page is slow

    log_in(page, user.username)
    skip_second_factor(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn huishoudens")
    axe_check(page)

    # Accept the hand-over waiting on the start page.
    page.get_by_role("link", name=str(household)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Overdracht van het plan")
    axe_check(page)
    page.get_by_role("button", name="Accepteren: ik word regisseur").click()
    expect(page.get_by_text("U bent nu de regisseur van dit plan.")).to_be_visible()
    expect(page.get_by_test_id("case-lead")).to_contain_text("Rita Regie")
    axe_check(page)

    # Evaluate the goal.
    page.get_by_role("link", name="Financiën evalueren").click()
    axe_check(page)
    page.get_by_label("Voortgang").select_option("enige")
    page.get_by_label("Toelichting").fill("De aanmelding ligt nog stil.")
    page.get_by_role("button", name="Evaluatie opslaan").click()
    expect(page.get_by_text("De evaluatie is vastgelegd.")).to_be_visible()
    axe_check(page)

    # The overdue action is on the start page now; mark it done from the plan.
    page.get_by_role("link", name="Start", exact=True).first.click()
    expect(page.get_by_role("heading", name="Acties over hun streefdatum")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Alles bekijken").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Acties over hun streefdatum")
    axe_check(page)
    page.get_by_role("link", name=str(household)).first.click()
    axe_check(page)
    page.get_by_role("link", name="Actie afronden: Aanmelden bij de schuldhulpverlening").click()
    axe_check(page)
    page.get_by_role("button", name="Actie afronden").click()
    expect(page.get_by_text("De actie is afgerond.")).to_be_visible()
    axe_check(page)

    # Move the review date, then end the plan with a reason.
    page.get_by_role("link", name="Evaluatiedatum wijzigen").click()
    axe_check(page)
    new_review = today + datetime.timedelta(days=30)
    page.get_by_label("Nieuwe evaluatiedatum").fill(new_review.isoformat())
    page.get_by_role("button", name="Evaluatiedatum opslaan").click()
    expect(page.get_by_text("De evaluatiedatum is gewijzigd.")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Plan beëindigen").click()
    axe_check(page)
    page.get_by_label("Reden").select_option("doelen_behaald")
    page.get_by_role("button", name="Plan beëindigen").click()
    expect(page.get_by_text("Het plan is beëindigd.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn huishoudens")
    axe_check(page)

    plan.refresh_from_db()
    assert plan.ended_on == today and plan.end_reason == "doelen_behaald"
    assert plan.review_on == new_review
    assert PlanAction.objects.get(pk=action.pk).done_on == today
    assert plan.case_leads.get(ended_at__isnull=True).user == user
    assert goal.evaluations.get().progress == "enige"
