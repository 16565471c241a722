from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.programs.interchange import import_data
from plek.programs.models import Programme
from tests.factories import MunicipalityFactory, OrganisationFactory

PROGRAMME: dict[str, Any] = {
    "programma": {
        "naam": "Proefprogramma",
        "eigenaar": "org-proef",
        "begin": "2024-01-01",
        "einde": "2026-12-31",
        "versie": "2",
        "toelichting": "Om te testen.",
        "gemeenten": ["GM0505"],
    },
    "themas": [
        {"titel": "Wonen", "toelichting": ""},
        {"titel": "Zorg", "toelichting": "Zorg dichtbij"},
    ],
    "acties": [
        {
            "nummer": "1.1",
            "thema": "Wonen",
            "titel": "Tijdelijk wonen",
            "omschrijving": "=SOM(A1:A2) staat hier als tekst",
            "trekker": "Team wonen",
            "contact": "beleidsadviseur",
            "betrokkenen": ["Corporaties", "Zorgaanbieders"],
            "herkomst": "plan",
            "motie": "",
            "toegevoegd_op": "",
        },
        {
            "nummer": "2.1",
            "thema": "Zorg",
            "titel": "Terugvalplekken",
            "omschrijving": "",
            "trekker": "Team zorg",
            "contact": "",
            "betrokkenen": [],
            "herkomst": "motie",
            "motie": "M-2024-3",
            "toegevoegd_op": "2024-05-01",
        },
    ],
    "mijlpalen": [
        {
            "actie": "1.1",
            "titel": "Afspraken",
            "jaar": 2024,
            "deel": "Q2",
            "bereikt_op": "2024-06-10",
        },
        {"actie": "2.1", "titel": "Locatie", "jaar": 2024, "deel": "H2", "bereikt_op": ""},
    ],
    "momenten": [
        {"titel": "Stand 1e helft 2024", "peildatum": "2024-06-30", "stand": "vastgesteld"},
        {"titel": "Stand 2e helft 2024", "peildatum": "2024-12-31", "stand": "voorbereiding"},
    ],
    "statussen": [
        {"actie": "1.1", "peildatum": "2024-06-30", "status": "planning", "toelichting": ""},
        {"actie": "2.1", "peildatum": "2024-06-30", "status": "planning", "toelichting": "-start"},
        {
            "actie": "1.1",
            "peildatum": "2024-12-31",
            "status": "realisatie",
            "toelichting": "Begonnen",
        },
    ],
    "indicatoren": [
        {
            "naam": "Doorlooptijd briefadres",
            "thema": "Wonen",
            "actie": "",
            "bron": "M9.median_days",
            "soort_voorziening": "",
            "bereik": "regio",
            "gemeente": "",
            "periode": "vorig_jaar",
            "beginwaarde": "56",
            "streefwaarde": "28",
            "richting": "lager",
            "eenheid": "dagen",
        },
        {
            "naam": "Vrijwilligers",
            "thema": "",
            "actie": "2.1",
            "bron": "handmatig",
            "soort_voorziening": "",
            "bereik": "gemeente",
            "gemeente": "GM0505",
            "periode": "sinds_start",
            "beginwaarde": "",
            "streefwaarde": "50.5",
            "richting": "hoger",
            "eenheid": "",
        },
    ],
    "waarden": [
        {
            "indicator": "Vrijwilligers",
            "datum": "2024-12-31",
            "waarde": "32",
            "toelichting": "@telling",
        }
    ],
}


@pytest.fixture
def programme_data() -> dict[str, Any]:
    return copy.deepcopy(PROGRAMME)


@pytest.fixture
def officer(member: Callable[..., Membership]) -> Actor:
    membership = member("beleid")
    return Actor(membership.user, membership)


@pytest.fixture
def programme(db: None, officer: Actor, programme_data: dict[str, Any]) -> Programme:
    OrganisationFactory(external_id="org-proef")
    MunicipalityFactory(code="GM0505", name="Dordrecht")
    return import_data(officer, programme_data)
