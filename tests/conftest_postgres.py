"""Tests that need PostgreSQL skip without it locally (SQLite is the quick default) but fail in CI
(``CI=true``), where a missing database is a broken set-up: a skipped concurrency test would
let a race through unnoticed."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

from tests.conftest_chromium import in_ci


def needs_postgres(item: pytest.Item, reason: str) -> bool:
    """A skip because PostgreSQL is missing: the ``postgres`` marker, or a skip saying so."""
    return item.get_closest_marker("postgres") is not None or "postgresql" in reason.lower()


def must_fail(item: pytest.Item, reason: str, ci: bool) -> bool:
    return ci and needs_postgres(item, reason)


def _reason(report: pytest.TestReport) -> str:
    longrepr: Any = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(longrepr or "")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[Any]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = _reason(report)
        if must_fail(item, reason, in_ci()):
            report.outcome = "failed"
            report.longrepr = (
                f"{reason}\nCI=true: a PostgreSQL test may not skip. Set DATABASE_URL to a "
                "PostgreSQL database (postgres://.../plek) and run again."
            )


@pytest.fixture
def postgres_only() -> None:
    """For tests of PostgreSQL's own behaviour (``usefixtures("postgres_only")``): skip on SQLite,
    which the ``postgres`` marker then turns into a failure in CI."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
