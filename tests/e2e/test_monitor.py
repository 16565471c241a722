"""A policy officer reads the monitor in the browser: charts drawn, tables beside them, no
violations, and nothing blocked by the strict Content-Security-Policy."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from plek.accounts.roles import Role
from plek.demo.flows import generate
from plek.exchange.importer import import_directory
from tests.browser import axe_check
from tests.e2e.test_journeys import demo_member, heading, log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def region(tmp_path: Path) -> None:
    generate(tmp_path, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), seed=5)
    assert import_directory(tmp_path).ok


def test_policy_officer_reads_the_monitor(page: Page, region: None) -> None:
    log_in(page, demo_member(Role.BELEID).user.username)
    page.goto("/monitor/?soort=jaar&jaar=2024")
    expect(heading(page)).to_have_text("Monitor sluitende aanpak")
    # vega-embed has drawn every chart as SVG (the page marks each one when it is ready).
    charts = page.locator("[data-vega-spec]")
    expect(charts.first).to_have_class(re.compile(r"plek-chart--ready"))
    assert charts.count() == page.locator(".plek-chart--ready").count()
    assert page.locator(".plek-chart--ready svg").count() == charts.count()
    expect(page.get_by_role("heading", name="Uitsplitsingen")).to_be_visible()
    axe_check(page)
    page.locator("#id_municipality").select_option(value="GM0642")
    page.get_by_role("button", name="Toon cijfers").click()
    expect(page.get_by_text("Gemeente Zwijndrecht ·")).to_be_visible()
    axe_check(page)
