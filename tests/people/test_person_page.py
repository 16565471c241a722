"""The person page and the person API: allowed with a relation, 403 without."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from plek.access.models import ProcessingLogEntry
from plek.accounts.models import Membership
from plek.people.models import Person
from tests.conftest import login_fully
from tests.factories import RelationFactory

pytestmark = pytest.mark.django_db


def _page(person: Person) -> str:
    return reverse("people:detail", args=[person.pk])


def _api(person_id: int) -> str:
    return reverse("api-person-detail", args=[person_id])


def test_the_page_shows_the_person_with_a_relation(
    member: Callable[..., Membership], person: Person
) -> None:
    membership = member("regisseur")
    RelationFactory(person=person, user=membership.user)
    response = login_fully(Client(), membership).get(_page(person))
    assert response.status_code == 200
    content = response.content.decode()
    assert person.family_name in content
    assert person.bsn and person.bsn in content
    assert ProcessingLogEntry.objects.filter(person_id=person.pk).count() == 1


def test_the_page_is_403_with_the_break_glass_link_for_casework(
    client_as: Callable[..., Client], person: Person
) -> None:
    response = client_as("wijkteam").get(_page(person))
    assert response.status_code == 403
    assert reverse("access:break-glass", args=[person.pk]) in response.content.decode()
    assert person.family_name not in response.content.decode()
    assert not ProcessingLogEntry.objects.exists()


@pytest.mark.parametrize("role", ["beleid", "signaalbron", "beheer", "privacy"])
def test_the_page_is_403_without_a_link_for_other_roles(
    role: str, client_as: Callable[..., Client], person: Person
) -> None:
    response = client_as(role).get(_page(person))
    assert response.status_code == 403
    assert reverse("access:break-glass", args=[person.pk]) not in response.content.decode()


def test_the_page_is_404_for_an_unknown_person_for_casework(
    client_as: Callable[..., Client],
) -> None:
    assert client_as("wijkteam").get("/personen/987654/").status_code == 404


def test_anonymous_visitors_are_sent_to_login(client: Client, person: Person) -> None:
    response = client.get(_page(person))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_the_api_returns_the_person_with_a_relation(
    member: Callable[..., Membership], person: Person
) -> None:
    membership = member("aanbieder")
    RelationFactory(person=person, organisation=membership.organisation, kind="aanbieder")
    response = login_fully(Client(), membership).get(_api(person.pk))
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == person.pk
    assert data["family_name"] == person.family_name
    assert data["bsn"] == person.bsn
    assert data["origin_municipality"] == person.origin_municipality.code  # type: ignore[union-attr]
    entry = ProcessingLogEntry.objects.get()
    assert (entry.person_id, entry.purpose) == (person.pk, "wmo_mo")


def test_the_reader_cannot_choose_the_purpose_logged(
    member: Callable[..., Membership], person: Person
) -> None:
    """Finding #11: ``?doel=`` chose the purpose written to the log; now the relation's counts."""
    membership = member("waakvlam")
    RelationFactory(person=person, user=membership.user, purpose="wmo_mo")
    client = login_fully(Client(), membership)
    assert client.get(_api(person.pk), {"doel": "nazorg"}).status_code == 200
    assert client.get(_api(person.pk), {"doel": "toezicht_privacy"}).status_code == 200
    assert list(ProcessingLogEntry.objects.values_list("purpose", flat=True)) == ["wmo_mo"] * 2


@pytest.mark.parametrize("role", ["wijkteam", "beleid", "privacy"])
def test_the_api_is_403_without_a_relation(
    role: str, client_as: Callable[..., Client], person: Person
) -> None:
    response = client_as(role).get(_api(person.pk))
    assert response.status_code == 403
    assert not ProcessingLogEntry.objects.exists()


def test_the_api_is_404_for_an_unknown_person_for_casework(
    client_as: Callable[..., Client],
) -> None:
    assert client_as("wijkteam").get(_api(987654)).status_code == 404


def test_the_api_refuses_anonymous_callers(client: Client, person: Person) -> None:
    assert client.get(_api(person.pk)).status_code in (401, 403)
