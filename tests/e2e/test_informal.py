"""Informal care in a real browser, only clicking after login, axe-core on every page:

- a wijkteam professional asks the volunteer centre for help; a coordinator registers a
  volunteer, takes the request, matches it from the explained shortlist and closes it;
- a wijkteam professional records an overloaded carer (a signal in the team's inbox) and adds
  the carer to an action of the plan;
- a buddy's concern, passed on by the coordinator, reaches the aftercare coach as an alert.
"""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Locator, Page, expect

from plek.accounts.models import Membership
from plek.accounts.roles import Role
from plek.aftercare.models import AftercareTrack
from plek.informal.models import VogStatus
from plek.informal.skills import ensure_skills
from plek.plans.models import Goal, Plan, PlanAction
from tests.browser import axe_check
from tests.e2e.test_journeys import log_in, skip_second_factor
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RelationFactory,
    TeamFactory,
    UserFactory,
)
from tests.informal.helpers import carer_for, help_request, volunteer

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def skills(transactional_db: None) -> None:
    """Browser tests empty the database after each test, the seeded skills too."""
    ensure_skills()


def demo_membership(role: str, **kwargs: object) -> Membership:
    return MembershipFactory(user=UserFactory(is_demo=True), role=role, **kwargs)


def login(page: Page, membership: Membership) -> None:
    page.context.clear_cookies()
    log_in(page, membership.user.username)
    skip_second_factor(page)
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Tweede factor instellen")
    axe_check(page)


def follow(page: Page, link: Locator) -> None:
    """Click a link or button that loads a new page, wait for it, and let axe check it."""
    with page.expect_navigation():
        link.click()
    axe_check(page)


def nav(page: Page, label: str) -> None:
    follow(page, page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=label))


def panel(page: Page, title: str) -> Locator:
    return page.locator("section.plek-panel", has=page.get_by_role("heading", name=title))


def test_coordinator_registers_a_volunteer_and_matches_a_professionals_request(
    page: Page,
) -> None:
    page.set_default_timeout(30_000)
    team = TeamFactory()
    municipality = team.organisation.municipality
    professional = demo_membership(Role.WIJKTEAM, organisation=team.organisation, team=team)
    coordinator = demo_membership(
        Role.VRIJWILLIGERS,
        organisation=OrganisationFactory(kind="welzijn", municipality=municipality),
    )

    login(page, professional)
    nav(page, "Mantelzorgers")
    follow(page, page.get_by_role("link", name="Hulpvraag voor een vrijwilliger").first)
    page.get_by_label("Gemeente").select_option(label=str(municipality))
    page.get_by_label("Voornaam van de bewoner").fill("Fatima")
    page.get_by_label("Wijk").fill("Centrum")
    page.get_by_label("Soort hulp").select_option(label="Boodschappen doen")
    page.get_by_label("Wat wordt gevraagd").fill("Iemand die op dinsdagochtend meegaat.")
    page.get_by_label("Ochtenden").check()
    page.get_by_role("button", name="Hulpvraag indienen").click()
    expect(page.get_by_text("De hulpvraag is doorgegeven")).to_be_visible()
    axe_check(page)

    login(page, coordinator)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vrijwilligers en hulpvragen")
    nav(page, "Vrijwilligers")
    follow(page, page.get_by_role("link", name="Vrijwilliger inschrijven"))
    page.get_by_label("Voornaam").fill("Bram")
    page.get_by_label("Achternaam").fill("Helpt")
    page.get_by_label("Wijk").fill("centrum")
    page.get_by_label("Boodschappen doen").check()
    page.get_by_label("Ochtenden").check()
    page.get_by_label("Verzekerd via de vrijwilligersverzekering van de gemeente").check()
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.get_by_text("De vrijwilliger is ingeschreven.")).to_be_visible()
    axe_check(page)

    nav(page, "Start")
    follow(page, panel(page, "Open hulpvragen").get_by_role("link", name="Fatima, Centrum"))
    page.get_by_role("button", name="In behandeling nemen").click()
    expect(page.get_by_text("U heeft de hulpvraag in behandeling genomen.")).to_be_visible()
    shortlist = page.locator("section", has=page.get_by_role("heading", name="Shortlist"))
    expect(shortlist).to_contain_text("Bram Helpt")
    expect(shortlist).to_contain_text("Kan deze soort hulp bieden (+50)")
    expect(shortlist).to_contain_text("Werkt in dezelfde wijk (+30)")
    expect(shortlist).to_contain_text("score 85")
    axe_check(page)
    page.get_by_role("button", name="Koppelen aan Bram Helpt").click()
    expect(page.get_by_text("De vrijwilliger is gekoppeld aan de hulpvraag.")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Kennismakingsbrief voor de vrijwilliger").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voor Bram: een nieuwe hulpvraag")
    axe_check(page)
    page.go_back()
    page.get_by_role("button", name="Kennismaking vastleggen").click()
    expect(page.get_by_text("De kennismaking is vastgelegd.")).to_be_visible()
    page.get_by_label("Uitkomst").select_option(label="Goed afgerond: de hulp is gegeven")
    page.get_by_role("button", name="Hulpvraag afsluiten").click()
    expect(page.get_by_text("De hulpvraag is afgesloten.")).to_be_visible()
    expect(page.get_by_text("Goed afgerond: de hulp is gegeven").first).to_be_visible()
    axe_check(page)

    nav(page, "Cijfers informele zorg")
    figures = page.get_by_role("table")
    expect(figures).to_contain_text(municipality.name)
    expect(figures).to_contain_text("<5")  # one request, one match: suppressed


def test_professional_records_an_overloaded_carer_and_adds_the_carer_to_a_plan_action(
    page: Page,
) -> None:
    page.set_default_timeout(30_000)
    team = TeamFactory()
    professional = demo_membership(Role.WIJKTEAM, organisation=team.organisation, team=team)
    person = PersonFactory()
    RelationFactory(person=person, user=professional.user)
    carer_for(person, professional)
    plan = Plan.objects.create(
        external_id=f"plan-e2e-{person.pk}",
        person=person,
        started_on=datetime.date(2025, 1, 1),
        team=team,
    )
    goal = Goal.objects.create(plan=plan, domain="financien", own_words="Grip op de post")
    PlanAction.objects.create(
        goal=goal,
        description="Post samen doornemen",
        organisation=team.organisation,
        target_date=datetime.date(2027, 1, 1),
    )

    login(page, professional)
    follow(page, panel(page, "Mantelzorgers").get_by_role("link", name="Karin Mantelzorg"))
    follow(page, page.get_by_role("link", name="Belastingcheck doen"))
    for label, answer in (
        ("Ik heb te weinig tijd voor mezelf", "Altijd"),
        ("De zorg valt me lichamelijk of geestelijk zwaar", "Vaak"),
        ("Ik slaap slecht of ben vaak moe door de zorg", "Vaak"),
        ("Ik sta er alleen voor", "Soms"),
        ("Ik weet niet hoe lang ik dit nog volhoud", "Vaak"),
    ):
        page.get_by_label(label).select_option(label=answer)
    page.get_by_role("button", name="Check vastleggen").click()
    expect(page.get_by_text("Score 15: de mantelzorger is overbelast.")).to_be_visible()
    axe_check(page)

    nav(page, "Signalen")
    expect(page.get_by_role("table")).to_contain_text("Overbelaste mantelzorger")
    expect(page.get_by_role("table")).to_contain_text("Mantelzorg")

    nav(page, "Mantelzorgers")
    page.get_by_role("link", name="Karin Mantelzorg").click()
    page.get_by_label("Actie in het plan").select_option(label="Financiën: Post samen doornemen")
    page.get_by_role("button", name="Mantelzorger aan deze actie toevoegen").click()
    expect(
        page.get_by_text("Karin Mantelzorg staat nu bij deze actie in het plan.")
    ).to_be_visible()
    expect(page.get_by_text("met Karin Mantelzorg (mantelzorger)")).to_be_visible()
    participants = page.locator(
        "section", has=page.get_by_role("heading", name="Mantelzorgers en netwerk")
    )
    expect(participants).to_contain_text("Karin Mantelzorg (Mantelzorger)")
    axe_check(page)


def test_a_buddys_concern_appears_as_an_aftercare_alert(page: Page) -> None:
    page.set_default_timeout(30_000)
    coach = demo_membership(Role.WAAKVLAM)
    person = PersonFactory()
    track = AftercareTrack.objects.create(
        external_id=f"nz-e2e-{person.pk}",
        person=person,
        started_on=datetime.date(2025, 1, 1),
        coach=coach.user,
    )
    coordinator = demo_membership(
        Role.VRIJWILLIGERS, organisation=OrganisationFactory(kind="welzijn")
    )
    request = help_request(
        coordinator.organisation.municipality, person=person, track_id=track.pk, code="maatje"
    )
    volunteer(coordinator, first_name="Mo", skills=("maatje",), vog=VogStatus.AFGEGEVEN)

    login(page, coordinator)
    nav(page, "Hulpvragen")
    page.get_by_role("link", name="Fatima, Centrum").click()
    expect(page.get_by_text("maatje in de nazorg")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Koppelen aan Mo Vrijwilliger").click()
    expect(page.get_by_text("De vrijwilliger is gekoppeld aan de hulpvraag.")).to_be_visible()
    page.get_by_label("Wat ziet het maatje").fill("Hij zegt zijn afspraken af en slaapt slecht.")
    page.get_by_role("button", name="Zorg doorgeven aan de nazorg").click()
    expect(page.get_by_text("De zorg van het maatje is doorgegeven aan de nazorg.")).to_be_visible()
    axe_check(page)
    assert request.pk

    login(page, coach)
    alerts = panel(page, "Signaleringen")
    expect(alerts).to_contain_text("Zorg van het maatje")
    expect(alerts).to_contain_text("slaapt slecht")
    nav(page, "Signaleringen nazorg")
    expect(page.get_by_text("Het maatje meldt: Hij zegt zijn afspraken af")).to_be_visible()
