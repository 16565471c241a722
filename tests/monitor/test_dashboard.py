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

PERIOD = {"soort": "jaar", "jaar": "2024"}


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
    bad = policy.get(reverse("monitor:dashboard"), {"soort": "maand", "jaar": "2024"})
    assert "Maand: kies een maand." in bad.content.decode()


@pytest.mark.parametrize(
    ("choice", "start", "end"),
    [
        ({"soort": "jaar", "jaar": "2024"}, "2024-01-01", "2024-12-31"),
        ({"soort": "kwartaal", "jaar": "2024", "kwartaal": "2"}, "2024-04-01", "2024-06-30"),
        ({"soort": "maand", "jaar": "2024", "maand": "2"}, "2024-02-01", "2024-02-29"),
    ],
)
def test_policy_officers_choose_months_quarters_or_years(
    golden_region: Path, policy: Client, choice: dict[str, str], start: str, end: str
) -> None:
    period = policy.get(reverse("monitor:dashboard"), choice).context["dashboard"].report.period
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


def test_arbitrary_days_cannot_be_chosen(golden_region: Path, policy: Client) -> None:
    # Audit finding #4: two periods a day apart isolated one person. Days are not a choice:
    # a request for 5 March alone gets a whole period (here the default, last full year).
    response = policy.get(
        reverse("monitor:dashboard"), {"start": "2024-03-05", "end": "2024-03-05"}
    )
    period = response.context["dashboard"].report.period
    assert (period.start.month, period.start.day) == (1, 1)
    assert (period.end.month, period.end.day) == (12, 31)
    assert period.start.year == period.end.year


@pytest.mark.parametrize("role", [r for r in Role.values if not profile(r).aggregates_only])
def test_only_aggregate_roles_see_the_monitor(
    db: None, client_as: Callable[..., Client], role: str
) -> None:
    assert client_as(role).get(reverse("monitor:dashboard")).status_code == 403
