"""The monitor pages: policy officers only, aggregates only, suppressed like the council report."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from plek.accounts.roles import Role, profile
from plek.people.models import Person

PERIOD = {"start": "2024-01-01", "end": "2024-12-31"}


@pytest.fixture
def policy(client_as: Callable[..., Client]) -> Client:
    return client_as("beleid")


def test_the_dashboard_shows_every_figure_with_tiles_charts_and_tables(
    golden_region: Path, policy: Client
) -> None:
    page = policy.get(reverse("monitor:dashboard"), PERIOD).content.decode()
    for code in ("M1", "M4", "M7", "M10", "M13"):
        assert f'id="sectie-{code.lower()}"' in page
    assert page.count('class="plek-tile"') == 11
    # Every chart comes with its spec as data, and its table beside it.
    assert page.count("data-vega-spec=") >= 2
    assert page.count('type="application/json"') == page.count("data-vega-spec=")
    assert "Per kwartaal" in page


def test_small_counts_are_suppressed_on_screen(golden_region: Path, policy: Client) -> None:
    page = policy.get(reverse("monitor:dashboard"), PERIOD).content.decode()
    # M1 persons is 3 in the golden region: shown as <5, never as the number.
    tile = re.search(r"M1 · .*?plek-tile__value\">(.*?)</p>", page, re.S)
    assert tile is not None and tile.group(1) == "&lt;5"
    assert "16,7%" not in page  # M4's share over 6 exits


def test_the_pages_never_name_a_person(golden_region: Path, policy: Client) -> None:
    page = policy.get(reverse("monitor:dashboard"), PERIOD).content.decode()
    for person in Person.objects.all():
        assert person.family_name not in page
        if person.bsn:
            assert person.bsn not in page


def test_breakdowns_by_type_municipality_age_and_sex(golden_region: Path, policy: Client) -> None:
    page = policy.get(reverse("monitor:dashboard"), PERIOD).content.decode()
    for key in ("soort", "gemeente", "leeftijd", "geslacht"):
        assert f'id="uitsplitsing-{key}"' in page
    assert "Zwijndrecht" in page and "Nachtopvang" in page


def test_the_municipality_filter_and_bad_periods(golden_region: Path, policy: Client) -> None:
    page = policy.get(
        reverse("monitor:dashboard"), {**PERIOD, "municipality": "GM0642"}
    ).content.decode()
    assert "Gemeente Zwijndrecht" in page
    bad = policy.get(reverse("monitor:dashboard"), {"start": "2024-05-01", "end": "2024-01-01"})
    assert "De einddatum ligt voor de begindatum." in bad.content.decode()


@pytest.mark.parametrize("role", [r for r in Role.values if not profile(r).aggregates_only])
def test_only_aggregate_roles_see_the_monitor(
    db: None, client_as: Callable[..., Client], role: str
) -> None:
    assert client_as(role).get(reverse("monitor:dashboard")).status_code == 403
