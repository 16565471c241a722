"""Browser fixtures (a pytest plugin): one Chromium per session, a fresh context per test, axe-core.

Playwright's sync API runs an event loop in this thread, which makes Django refuse ORM calls
from the test body unless told that this is fine (it is: the test thread only sets up data).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, sync_playwright
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from tests.conftest_chromium import CHROMIUM

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_SOURCE = Path(django_settings.NODE_MODULES) / "axe-core" / "axe.min.js"
# Served to the page from its own origin, so the strict CSP (script-src 'self') stays on.
AXE_PATH = "/__test__/axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def demo_settings(settings: Settings) -> Settings:
    """Demo mode on (the skip button), and cookies a plain-http test server can set."""
    settings.DEMO_MODE = True
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False
    return settings


@pytest.fixture
def page(
    browser: Browser, live_server: LiveServer, demo_settings: Settings, transactional_db: None
) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.route(f"**{AXE_PATH}", _serve_axe)
    csp_reports: list[str] = []
    page.on("console", lambda message: _collect_csp(message, csp_reports))
    yield page
    context.close()
    # Anything the CSP blocked (an inline style or script) is a bug in our markup.
    assert csp_reports == [], csp_reports


def _serve_axe(route: Route) -> None:
    route.fulfill(path=AXE_SOURCE, content_type="application/javascript")


def _collect_csp(message: ConsoleMessage, reports: list[str]) -> None:
    if "Content Security Policy" in message.text:
        reports.append(message.text)


def axe_check(page: Page) -> None:
    """Run axe-core on the page as it is now; fail listing every violation found."""
    # A click may have started a navigation: check the page it leads to, once it has loaded.
    page.wait_for_load_state("load")
    page.wait_for_function("document.head !== null && document.readyState === 'complete'")
    page.add_script_tag(url=AXE_PATH)
    violations = page.evaluate(
        """async () => {
            const results = await axe.run(document);
            return results.violations.map((violation) => ({
                id: violation.id,
                impact: violation.impact,
                help: violation.help,
                nodes: violation.nodes.map((node) => node.target.join(" ")),
            }));
        }"""
    )
    if violations:
        lines = [
            f"- {v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'][:5])}"
            for v in violations
        ]
        pytest.fail(f"axe-core found violations on {page.url}:\n" + "\n".join(lines))
