"""Registering, households, merge and the privacy officer's inzage export, through the pages."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from plek.access.models import ProcessingLogEntry
from plek.people import services
from plek.people.bsn import synthetic_bsn
from plek.people.dossier import dossier_sections
from plek.people.models import DuplicateOverrule, HouseholdMember, Person, PersonMerge
from tests.access.helpers import actor_of
from tests.conftest import login_fully
from tests.factories import PersonFactory, RelationFactory

FORM = {"family_name": "de Wit", "initials": "K.", "birth_date": "1990-02-03", "sex": "V"}


def test_register_warns_about_a_close_match_then_overrules(member) -> None:
    membership = member("wijkteam")
    client = login_fully(Client(), membership)
    existing = PersonFactory(family_name="De Wit", birth_date=datetime.date(1990, 2, 3))
    RelationFactory(person=existing, user=membership.user)

    response = client.post(reverse("people:create"), FORM)
    assert response.status_code == 200
    assert "Mogelijk bestaat deze persoon al" in response.content.decode()
    assert reverse("people:detail", args=[existing.pk]) in response.content.decode()
    assert Person.objects.count() == 1

    response = client.post(reverse("people:create"), {**FORM, "overrule": "on"})
    created = Person.objects.exclude(pk=existing.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[created.pk])
    assert DuplicateOverrule.objects.get(person=created).candidate_ids == [existing.pk]
    assert client.get(response["Location"]).status_code == 200


def test_register_refuses_an_existing_bsn_without_naming_a_stranger(member) -> None:
    client = login_fully(Client(), member("wijkteam"))
    stranger = PersonFactory(bsn=synthetic_bsn(55), family_name="Geheim")
    response = client.post(reverse("people:create"), {**FORM, "bsn": synthetic_bsn(55)})
    page = response.content.decode()
    assert "bestaat al" in page
    assert "Geheim" not in page
    assert reverse("access:break-glass", args=[stranger.pk]) in page
    assert Person.objects.count() == 1


@pytest.mark.parametrize("role", ["beleid", "beheer", "privacy", "signaalbron"])
def test_only_casework_may_register(client_as, role: str) -> None:
    assert client_as(role).get(reverse("people:create")).status_code == 403


def test_household_page_shows_only_members_the_viewer_may_see(member) -> None:
    membership = member("regisseur")
    actor = actor_of(membership)
    mine, hidden = PersonFactory(), PersonFactory(family_name="Onzichtbaar")
    RelationFactory(person=mine, user=membership.user)
    household = services.create_household(actor, mine.pk, "Huishouden X", "aanvrager")
    HouseholdMember.objects.create(
        household=household, person=hidden, role="partner", start_date=datetime.date(2020, 1, 1)
    )
    client = login_fully(Client(), membership)
    page = client.get(reverse("people:household", args=[household.pk])).content.decode()
    assert str(mine) in page and "Onzichtbaar" not in page
    assert "1 lid bij wie u niet betrokken bent" in page


def test_merge_and_undo_through_the_dossier(member) -> None:
    membership = member("toegang")
    a, b = PersonFactory(), PersonFactory()
    for person in (a, b):
        RelationFactory(person=person, user=membership.user)
    client = login_fully(Client(), membership)
    response = client.post(reverse("people:merge", args=[a.pk]), {"source": b.pk})
    assert "Bevestiging" in response.content.decode()
    response = client.post(reverse("people:merge", args=[a.pk]), {"source": b.pk, "confirm": "on"})
    assert response.status_code == 302
    merge = PersonMerge.objects.get()
    response = client.post(reverse("people:merge-undo", args=[merge.pk]))
    assert response.status_code == 302
    merge.refresh_from_db()
    assert merge.undone_at is not None


def test_merge_page_is_for_toegang_only(member) -> None:
    membership = member("wijkteam")
    person = PersonFactory()
    RelationFactory(person=person, user=membership.user)
    client = login_fully(Client(), membership)
    assert client.get(reverse("people:merge", args=[person.pk])).status_code == 403


def test_api_person_list_is_filtered_paginated_and_logged(member) -> None:
    membership = member("wijkteam")
    mine = [PersonFactory() for _ in range(3)]
    PersonFactory()
    for person in mine:
        RelationFactory(person=person, user=membership.user)
    client = login_fully(Client(), membership)
    data = client.get(reverse("api-person-list"), HTTP_ACCEPT="application/json").json()
    assert data["count"] == 3
    assert data["next"] is None
    assert data["previous"] is None
    assert sorted(row["id"] for row in data["results"]) == sorted(p.pk for p in mine)
    assert ProcessingLogEntry.objects.filter(activity_code="persoon.lijst").count() == 3
    other = login_fully(Client(), member("beleid"))
    assert other.get(reverse("api-person-list")).status_code == 403
    assert Client().get(reverse("api-person-list")).status_code in (401, 403)


# --- inzage -------------------------------------------------------------------------------------


@pytest.fixture
def filled_person(member) -> Person:
    from plek.people.selectors import open_dossier

    worker = member("regisseur")
    person = PersonFactory(family_name="Inzagevrouw")
    RelationFactory(person=person, user=worker.user)
    actor = actor_of(worker)
    services.create_household(actor, person.pk, "Inzagehuis", "aanvrager")
    open_dossier(actor, person.pk)
    return person


def test_inzage_json_contains_every_section_and_the_log(member, filled_person) -> None:
    client = login_fully(Client(), member("privacy"))
    response = client.post(reverse("people:inzage"), {"zoek": filled_person.bsn})
    assert reverse("people:inzage-json", args=[filled_person.pk]) in response.content.decode()
    response = client.get(reverse("people:inzage-json", args=[filled_person.pk]))
    export = json.loads(response.content)
    assert export["persoon"]["family_name"] == "Inzagevrouw"
    assert set(export["onderdelen"]) == {section.key for section in dossier_sections()}
    assert export["huishoudens"][0]["huishouden"] == "Inzagehuis"
    activities = {row["activity_code"] for row in export["verwerkingen"]}
    assert {"persoon.inzien", "huishouden.wijzigen", "inzage.persoon_zoeken"} <= activities
    exports = ProcessingLogEntry.objects.filter(
        person_id=filled_person.pk, activity_code="inzage.exporteren"
    )
    assert exports.count() == 1 and exports.get().purpose == "inzage"


def test_inzage_pdf_is_readable(member, filled_person) -> None:
    client = login_fully(Client(), member("privacy"))
    response = client.get(reverse("people:inzage-pdf", args=[filled_person.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Inzagevrouw" in text and "Inzagehuis" in text


@pytest.mark.parametrize("role", ["wijkteam", "regisseur", "toegang", "beleid", "beheer"])
def test_inzage_is_for_the_privacy_officer_only(member, filled_person, role: str) -> None:
    membership = member(role)
    RelationFactory(person=filled_person, user=membership.user)
    client = login_fully(Client(), membership)
    before = ProcessingLogEntry.objects.count()
    for name in ("people:inzage-json", "people:inzage-pdf"):
        assert client.get(reverse(name, args=[filled_person.pk])).status_code == 403
    assert client.get(reverse("people:inzage")).status_code == 403
    assert ProcessingLogEntry.objects.count() == before
