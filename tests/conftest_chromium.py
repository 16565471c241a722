"""Browser tests need Debian's Chromium: skip them clearly without it, except in CI, where a
missing browser is a broken set-up and must fail the run rather than quietly pass it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("PLEK_CHROMIUM", "/usr/bin/chromium"))
E2E_DIR = Path(__file__).resolve().parent / "e2e"


def chromium_available() -> bool:
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def pytest_report_header(config: pytest.Config) -> str:
    state = "found" if chromium_available() else "MISSING (browser tests will not run)"
    return f"chromium: {CHROMIUM} {state}; CI={'yes' if in_ci() else 'no'}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Everything under tests/e2e, and every test that drives a page, is a browser test.
    for item in items:
        uses_page = "page" in getattr(item, "fixturenames", ())
        if uses_page or E2E_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("e2e") is None or chromium_available():
        return
    message = (
        f"Chromium not found at {CHROMIUM}: install Debian's package "
        "(`apt-get install chromium`) or set PLEK_CHROMIUM to run the browser tests"
    )
    if in_ci():
        pytest.fail(f"{message}. CI must run them.", pytrace=False)
    pytest.skip(message)
