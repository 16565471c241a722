"""Browser: a neighbourhood-team professional logs in and, only by clicking and typing, finds a
person through the header search (tussenvoegsel, no accents typed), opens the dossier, edits the
contact details and adds a household member by searching; an unrelated match shows only that a
file exists. axe-core checks every page on the way."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from plek.access.models import ProcessingLogEntry
from plek.people.models import HouseholdMember, Person
from tests.browser import axe_check
from tests.e2e.test_journeys import log_in, skip_second_factor
from tests.factories import MembershipFactory, PersonFactory, RelationFactory, UserFactory

pytestmark = pytest.mark.e2e


def test_find_a_person_from_the_header_and_work_on_the_dossier(page: Page) -> None:
    page.set_default_timeout(30_000)  # a cold first page load on a busy two-core machine
    user = UserFactory(is_demo=True, first_name="Wies", last_name="Wijkteam")
    membership = MembershipFactory(user=user, role="wijkteam")
    person = PersonFactory(
        initials="M.", family_name="van der Müller", birth_date=datetime.date(1984, 4, 3)
    )
    child = PersonFactory(initials="S.", family_name="van der Müller")
    stranger = PersonFactory(initials="X.", family_name="Müller")
    for mine in (person, child):
        RelationFactory(person=mine, user=membership.user, purpose="wmo_mo")

    log_in(page, user.username)
    skip_second_factor(page)
    axe_check(page)

    search = page.get_by_role("searchbox", name="Zoek persoon")
    search.click()
    search.fill("muller van der")
    page.get_by_role("button", name="Persoon zoeken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personen zoeken")
    expect(page.get_by_role("link", name="M. van der Müller")).to_be_visible()
    assert "muller" not in page.url
    axe_check(page)

    # Only that a file exists: the stranger's name is not shown.
    search.fill("müller 3-4-1984")
    page.get_by_role("button", name="Persoon zoeken").click()
    expect(page.get_by_role("link", name="M. van der Müller")).to_be_visible()
    search.fill("Müller")
    page.get_by_role("button", name="Persoon zoeken").click()
    expect(page.get_by_text("niet betrokken bent").first).to_be_visible()
    expect(page.get_by_text("X. Müller")).to_have_count(0)
    axe_check(page)
    assert ProcessingLogEntry.objects.filter(
        person_id=stranger.pk, activity_code="persoon.bestaan_controleren"
    ).exists()

    page.get_by_role("link", name="M. van der Müller").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("M. van der Müller")
    axe_check(page)

    page.get_by_role("link", name="Contactgegevens en adres wijzigen").click()
    axe_check(page)
    page.get_by_label("Telefoonnummer").fill("0612345678")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De contactgegevens en het adres zijn opgeslagen.")).to_be_visible()
    assert Person.objects.get(pk=person.pk).phone == "0612345678"
    axe_check(page)

    page.get_by_role("link", name="Huishouden aanmaken").click()
    axe_check(page)
    page.get_by_label("Vanaf").fill("2024-01-01")
    page.get_by_role("button", name="Aanmaken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Huishouden van der Müller")
    axe_check(page)

    page.get_by_label("Zoek de persoon").fill("S. van der muller")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    axe_check(page)
    page.get_by_label("S. van der Müller").check()
    page.get_by_label("Rol").select_option("kind")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_text("Het lid is toegevoegd.")).to_be_visible()
    axe_check(page)
    assert HouseholdMember.objects.filter(person=child).exists()
