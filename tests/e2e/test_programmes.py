"""A policy officer works on an execution programme in the browser, only by clicking: a new
reporting moment, an action's status, the stand van zaken, the yearly evaluation as PDF, and an
indicator bound to M9 with the demo region's live figure. axe-core on every page."""

from __future__ import annotations

import datetime
import io
import random
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from plek.accounts.roles import Role
from plek.demo.flows import generate
from plek.demo.region import load_demo_region
from plek.exchange.importer import import_directory
from plek.monitor.engine import Period, compute
from plek.monitor.report.suppression import statistic
from plek.programs import demo, indicators
from tests.browser import axe_check
from tests.e2e.test_journeys import demo_member, heading, log_in

pytestmark = pytest.mark.e2e

PROGRAMME = "Van opvang naar een eigen plek (demo)"
M9_INDICATOR = "Doorlooptijd briefadres (mediaan, M9)"


@pytest.fixture
def demo_region(tmp_path: Path) -> datetime.date:
    today = timezone.localdate()
    load_demo_region()
    generate(tmp_path, datetime.date(today.year - 1, 1, 1), today, seed=5)
    assert import_directory(tmp_path).ok
    demo.enrich(random.Random(0))
    return today


def _new_moment_date(today: datetime.date) -> datetime.date:
    # Demo moments sit on the last day of a quarter; a day before it is always free.
    return (
        today - datetime.timedelta(days=1)
        if (today + datetime.timedelta(days=1)).day == 1
        else today
    )


def test_policy_officer_reports_on_a_programme(page: Page, demo_region: datetime.date) -> None:
    today = demo_region
    log_in(page, demo_member(Role.BELEID).user.username)
    axe_check(page)
    page.get_by_role("link", name="Uitvoeringsprogramma's").first.click()
    expect(heading(page)).to_have_text("Uitvoeringsprogramma's")
    axe_check(page)
    page.get_by_role("link", name=PROGRAMME).click()
    expect(heading(page)).to_have_text(PROGRAMME)
    axe_check(page)

    # The planning: a chart drawn by vega-embed beside its table.
    page.get_by_role("link", name="Planning met mijlpalen").click()
    expect(heading(page)).to_have_text(f"Planning: {PROGRAMME}")
    expect(page.locator("[data-vega-spec]")).to_have_class(re.compile(r"plek-chart--ready"))
    expect(page.locator(".plek-chart--ready svg")).to_have_count(1)
    axe_check(page)
    page.get_by_role("link", name=PROGRAMME).click()

    # A new reporting moment.
    page.get_by_label("Titel", exact=True).fill("Tussenstand voor het college")
    page.get_by_label("Peildatum").fill(_new_moment_date(today).isoformat())
    page.get_by_role("button", name="Rapportagemoment aanmaken").click()
    expect(heading(page)).to_have_text(f"Stand van zaken: {PROGRAMME}")
    expect(page.get_by_text("Het rapportagemoment is aangemaakt.")).to_be_visible()
    axe_check(page)

    # An action's status, and the change in the stand van zaken.
    page.get_by_label("Actie", exact=True).select_option(
        label="1.1 Eén meldpunt voor zorgen om een buurtbewoner"
    )
    page.get_by_label("Status", exact=True).select_option(label="Vertraagd")
    page.get_by_label("Toelichting").fill("Wacht op de nieuwe huisvesting van het meldpunt")
    page.get_by_role("button", name="Status vastleggen").click()
    expect(page.get_by_text("De status is vastgelegd.")).to_be_visible()
    row = page.locator(
        "tr.plek-row--changed", has_text="Wacht op de nieuwe huisvesting van het meldpunt"
    )
    expect(row).to_contain_text("Vertraagd")
    expect(row).to_contain_text("(gewijzigd)")
    axe_check(page)

    # The yearly evaluation as PDF, generated in the background.
    page.get_by_role("link", name=PROGRAMME).click()
    page.get_by_role("link", name="Jaarevaluatie voor de raden").click()
    expect(heading(page)).to_have_text("Jaarevaluatie voor de raden")
    axe_check(page)
    page.get_by_label("Jaar").fill(str(today.year - 1))
    # Without a Celery worker the report is made during the request: allow for that.
    page.get_by_role("button", name="Jaarevaluatie maken").click(timeout=120_000)
    expect(heading(page)).to_have_text("Jaarevaluatie voor de raden", timeout=90_000)
    link = page.get_by_role("link", name=re.compile(r"^Download jaarevaluatie"))
    expect(link).to_be_visible(timeout=60_000)
    axe_check(page)
    with page.expect_download() as download_info:
        link.click()
    content = Path(download_info.value.path()).read_bytes()
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page_.extract_text() for page_ in reader.pages)
    assert f"Jaarevaluatie {today.year - 1}" in text
    # The chart's own title (drawn from its SVG) besides the table caption.
    assert text.count("Acties per status") >= 2
    assert text.count("Personen en instroom per kwartaal") >= 1
    # A suppressed cell: a table row ending in <5 or –.
    assert re.search(r"\s(<5|–)$", text, flags=re.MULTILINE), text[:2000]

    # The indicator bound to M9 shows the demo region's live figure.
    page.get_by_role("link", name=PROGRAMME).click()
    page.get_by_role("link", name=M9_INDICATOR).click()
    expect(heading(page)).to_have_text(M9_INDICATOR)
    m9 = compute(Period(datetime.date(today.year, 1, 1), today, today))["M9"]
    assert m9["decisions"] >= 10
    expected = indicators.text(statistic(m9["median_days"], m9["decisions"]))
    expect(page.locator("#indicator-waarde")).to_have_text(expected)
    expect(page.locator("[data-vega-spec]").first).to_have_class(re.compile(r"plek-chart--ready"))
    axe_check(page)
