"""Audit finding #5: record-level waiting lists, what-if rankings and per-unit detail only for the
roles with a relation to them; counts per class for everyone else."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from plek.housing.models import Stay, Unit
from tests.factories import PersonFactory
from tests.housing.helpers import TODAY, entry, facility

pytestmark = pytest.mark.django_db

WITHOUT_RELATION = ("beleid", "signaalbron", "beheer", "privacy", "wijkteam")


@pytest.fixture
def listed():  # type: ignore[no-untyped-def]
    shelter = facility("nachtopvang", units=1)
    for priority in ("spoed", "normaal", "normaal", "normaal", "normaal", "normaal", "hoog"):
        entry(priority=priority, safety_risk=priority == "hoog")
    Stay.objects.create(
        external_id="s-departing",
        person=PersonFactory(),
        facility=shelter,
        unit=Unit.objects.get(facility=shelter),
        start_date=TODAY - datetime.timedelta(days=10),
        expected_end_date=TODAY + datetime.timedelta(days=3),
    )
    return shelter


@pytest.mark.parametrize("role", WITHOUT_RELATION)
def test_roles_without_a_relation_get_counts_per_class(client_as, listed, role: str) -> None:  # type: ignore[no-untyped-def]
    client = client_as(role)
    waiting = client.get(reverse("housing:waiting-list"), {"soort": "nachtopvang"})
    page = waiting.content.decode()
    assert waiting.status_code == 200
    assert "Positie" not in page and "Score" not in page and "Ingeschreven" not in page
    assert "Wachtenden" in page and "&lt;5" in page  # 1 spoed, 1 hoog: small classes
    assert re.search(r"Normaal\s*</th>\s*<td[^>]*>\s*5\s*</td>", page)
    what_if = client.get(reverse("housing:what-if"), {"facility_type": "nachtopvang"})
    page = what_if.content.decode()
    assert "Positie nu" not in page and "Score dan" not in page
    assert "Omhoog" in page and "Omlaag" in page
    board = client.get(reverse("housing:board", args=[listed.pk])).content.decode()
    assert "Verwacht vertrek" not in board and "Bezetting per eenheid" not in board
    assert 'id="vrije-eenheden"' in board  # the facility's totals stay


def test_the_access_consultant_sees_the_rows(client_as, listed) -> None:  # type: ignore[no-untyped-def]
    client = client_as("toegang")
    page = client.get(reverse("housing:waiting-list"), {"soort": "nachtopvang"}).content.decode()
    assert "Positie" in page and "Score" in page
    page = client.get(reverse("housing:what-if"), {"facility_type": "nachtopvang"}).content
    assert "Positie nu" in page.decode()
    board = client.get(reverse("housing:board", args=[listed.pk])).content.decode()
    assert "Verwacht vertrek" in board and "Bezetting per eenheid" in board


def test_a_provider_sees_rows_for_its_own_types_only(client_as, listed) -> None:  # type: ignore[no-untyped-def]
    own = client_as("aanbieder", organisation=listed.provider)
    page = own.get(reverse("housing:waiting-list"), {"soort": "nachtopvang"}).content.decode()
    assert "Positie" in page
    page = own.get(reverse("housing:waiting-list"), {"soort": "beschermd_wonen"}).content.decode()
    assert "Positie" not in page and "Wachtenden" in page
    assert (
        "Verwacht vertrek" in own.get(reverse("housing:board", args=[listed.pk])).content.decode()
    )
    other = client_as("aanbieder")
    page = other.get(reverse("housing:waiting-list"), {"soort": "nachtopvang"}).content.decode()
    assert "Positie" not in page
    board = other.get(reverse("housing:board", args=[listed.pk])).content.decode()
    assert "Verwacht vertrek" not in board
