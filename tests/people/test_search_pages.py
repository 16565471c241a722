"""The header search, adding a household member by searching, contact details and consents,
through the pages; and the small things on the way (doubled labels, household names, the menu
before the second factor)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from plek.access.models import ProcessingLogEntry
from plek.accounts.models import Membership
from plek.accounts.roles import ROLE_PROFILES
from plek.people import services
from plek.people.models import Consent, Household, HouseholdMember, Person
from tests.access.helpers import actor_of
from tests.conftest import login_fully
from tests.factories import OrganisationFactory, PersonFactory, RelationFactory

pytestmark = pytest.mark.django_db

SEARCH_FIELD = 'type="search" id="plek-person-search"'
NOT_CASEWORK = [role for role, p in ROLE_PROFILES.items() if not p.reads_person_files]


def related(membership: Membership, **fields: object) -> Person:
    person = PersonFactory(**fields)
    RelationFactory(person=person, user=membership.user, purpose="wmo_mo")
    return person


def test_casework_roles_get_the_search_field_in_the_header(
    member: Callable[..., Membership],
) -> None:
    page = login_fully(Client(), member("wijkteam")).get("/").content.decode()
    assert SEARCH_FIELD in page


@pytest.mark.parametrize("role", NOT_CASEWORK)
def test_other_roles_get_no_search_field_and_no_search_page(
    member: Callable[..., Membership], role: str
) -> None:
    client = login_fully(Client(), member(role))
    assert SEARCH_FIELD not in client.get("/").content.decode()
    assert client.post(reverse("people:search"), {"q": "jansen"}).status_code == 403


def test_no_search_field_and_no_menu_before_the_second_factor(
    member: Callable[..., Membership],
) -> None:
    client = Client()
    client.force_login(member("wijkteam").user)
    page = client.get(reverse("accounts:second-factor"), follow=True).content.decode()
    assert SEARCH_FIELD not in page
    assert 'aria-label="Hoofdmenu"' not in page


def test_search_page_shows_related_persons_and_only_existence_of_others(
    member: Callable[..., Membership],
) -> None:
    membership = member("wijkteam")
    mine = related(membership, family_name="Çelik", initials="A.")
    other = PersonFactory(family_name="Celik", initials="Z.")
    client = login_fully(Client(), membership)
    response = client.post(reverse("people:search"), {"q": "celik"})
    page = response.content.decode()
    assert response.status_code == 200
    assert reverse("people:detail", args=[mine.pk]) in page and "A. Çelik" in page
    assert "Z. Celik" not in page
    assert reverse("access:break-glass", args=[other.pk]) in page
    logged = set(ProcessingLogEntry.objects.values_list("person_id", "activity_code"))
    assert logged == {(mine.pk, "persoon.zoeken"), (other.pk, "persoon.bestaan_controleren")}


def test_search_text_never_goes_into_a_url(member: Callable[..., Membership]) -> None:
    """The form posts: a name or BSN stays out of URLs and access logs."""
    client = login_fully(Client(), member("wijkteam"))
    page = client.get("/").content.decode()
    start = page.index('action="/personen/zoeken/"')
    assert 'method="post"' in page[start : start + 200]
    assert client.get(reverse("people:search"), {"q": "x"}).status_code == 200
    assert not ProcessingLogEntry.objects.exists()


def test_add_a_household_member_by_searching(member: Callable[..., Membership]) -> None:
    membership = member("wijkteam")
    actor = actor_of(membership)
    head = related(membership, family_name="Bakker")
    child = related(membership, family_name="Bakker-Yılmaz", birth_date=datetime.date(2015, 3, 4))
    stranger = PersonFactory(family_name="Bakker-Yilmaz")
    household = services.create_household(actor, head.pk, "Bakker", "aanvrager")
    client = login_fully(Client(), membership)
    page = client.get(reverse("people:household", args=[household.pk])).content.decode()
    assert "Persoonsnummer" not in page
    found = client.post(
        reverse("people:household-member-search", args=[household.pk]), {"zoek": "yilmaz"}
    ).content.decode()
    assert f'value="{child.pk}"' in found and "4 maart 2015" in found
    assert f'value="{stranger.pk}"' not in found
    response = client.post(
        reverse("people:household-add-member", args=[household.pk]),
        {"person": child.pk, "role": "kind", "start_date": "2024-01-01", "zoek": "yilmaz"},
    )
    assert response.status_code == 302
    assert HouseholdMember.objects.filter(household=household, person=child).exists()


def test_adding_without_a_choice_names_the_field_once(member: Callable[..., Membership]) -> None:
    membership = member("wijkteam")
    head = related(membership, family_name="Bakker")
    household = services.create_household(actor_of(membership), head.pk, "Bakker", "aanvrager")
    client = login_fully(Client(), membership)
    response = client.post(
        reverse("people:household-add-member", args=[household.pk]),
        {"role": "kind", "start_date": "", "zoek": "bakker"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Vanaf: Vanaf:" not in page and "Persoon: Persoon:" not in page
    assert "vul een datum in" in page


def test_household_names_do_not_say_huishouden_twice(member: Callable[..., Membership]) -> None:
    membership = member("wijkteam")
    head = related(membership, family_name="de Vries")
    household = services.create_household(
        actor_of(membership), head.pk, "Huishouden de Vries", "aanvrager"
    )
    assert Household.objects.get(pk=household.pk).name == "de Vries"
    page = login_fully(Client(), membership).get(reverse("people:household", args=[household.pk]))
    assert "Huishouden Huishouden" not in page.content.decode()


def test_edit_contact_details_from_the_dossier(member: Callable[..., Membership]) -> None:
    membership = member("wijkteam")
    person = related(membership)
    client = login_fully(Client(), membership)
    dossier = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    url = reverse("people:contact-edit", args=[person.pk])
    assert url in dossier
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"phone": "0612345678", "street": "Lange Laan", "house_number": "5", "postcode": "1234 ab"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.phone, person.postcode, person.house_number) == ("0612345678", "1234AB", "5")
    bad = client.post(url, {"no_fixed_address": "on", "street": "Laan"})
    assert bad.status_code == 200
    assert "Zonder vaste woon- of verblijfplaats" in bad.content.decode()


def test_give_and_revoke_consent_from_the_dossier(member: Callable[..., Membership]) -> None:
    membership = member("wijkteam")
    person = related(membership)
    organisation = OrganisationFactory()
    client = login_fully(Client(), membership)
    url = reverse("people:consents", args=[person.pk])
    assert url in client.get(reverse("people:detail", args=[person.pk])).content.decode()
    response = client.post(
        url,
        {
            "organisation": organisation.pk,
            "data_kinds": ["contactgegevens", "plan"],
            "purpose": "wmo_mo",
            "given_on": "2025-01-01",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(person=person)
    assert consent.data_kinds == ["contactgegevens", "plan"]
    page = client.get(url).content.decode()
    assert "Contactgegevens en adres, Plan" in page
    response = client.post(
        reverse("people:consent-revoke", args=[consent.pk]), {"revoked_on": "2025-02-01"}
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_on == datetime.date(2025, 2, 1)


def test_no_consent_or_contact_change_without_a_relation(
    member: Callable[..., Membership],
) -> None:
    person = PersonFactory()
    client = login_fully(Client(), member("wijkteam"))
    assert client.get(reverse("people:contact-edit", args=[person.pk])).status_code == 403
    assert client.get(reverse("people:consents", args=[person.pk])).status_code == 403
