"""The hand-over form picks the new case lead from a list of colleagues, searchable by name."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plek.accounts.selectors import colleagues
from plek.plans import services
from plek.plans.models import CASE_LEAD_ROLES, HandOver
from tests.conftest import login_fully
from tests.factories import MembershipFactory, OrganisationFactory, TeamFactory, UserFactory
from tests.plans.helpers import actor, family, related

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(member):  # type: ignore[no-untyped-def]
    return member("wijkteam", team=TeamFactory())


def colleague(organisation, first, last, role="regisseur"):  # type: ignore[no-untyped-def]
    user = UserFactory(first_name=first, last_name=last)
    return MembershipFactory(user=user, organisation=organisation, role=role)


def test_colleagues_of_the_own_organisation_or_by_name_anywhere(lead) -> None:
    own = colleague(lead.organisation, "Anna", "de Wit")
    colleague(lead.organisation, "Bert", "Beleid", role="beleid")
    elsewhere = colleague(OrganisationFactory(), "Anouk", "Wittebrood")
    assert colleagues(lead, CASE_LEAD_ROLES) == [own]
    assert {m.pk for m in colleagues(lead, CASE_LEAD_ROLES, "wit")} == {own.pk, elsewhere.pk}
    assert colleagues(lead, CASE_LEAD_ROLES, "anouk wit") == [elsewhere]


def test_the_hand_over_page_lists_colleagues_and_hands_over_to_the_one_picked(lead) -> None:
    applicant, _partner, household = family()
    related(lead, applicant)
    plan = services.start_plan(actor(lead), applicant.pk, household.pk, timezone.localdate())
    successor = colleague(lead.organisation, "Anna", "de Wit")
    client = login_fully(Client(), lead)
    url = reverse("plans:hand-over-new", args=[plan.pk])
    page = client.get(url).content.decode()
    assert "Gebruikersnaam" not in page
    assert f'<option value="{successor.user.username}">Anna de Wit' in page
    found = client.get(url, {"naam": "zzz"}).content.decode()
    assert "Geen collega gevonden" in found
    response = client.post(url, {"to_username": successor.user.username, "note": "Verhuist"})
    assert response.status_code == 302
    assert HandOver.objects.get(plan=plan).to_membership == successor


def test_no_choice_names_the_field(lead) -> None:
    applicant, _partner, household = family()
    related(lead, applicant)
    plan = services.start_plan(actor(lead), applicant.pk, household.pk, timezone.localdate())
    colleague(lead.organisation, "Anna", "de Wit")
    client = login_fully(Client(), lead)
    response = client.post(reverse("plans:hand-over-new", args=[plan.pk]), {"to_username": ""})
    page = response.content.decode()
    assert "kies een collega uit de lijst" in page
    assert "Nieuwe regisseur: Nieuwe regisseur" not in page
