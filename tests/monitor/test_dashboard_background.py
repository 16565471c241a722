"""With a background worker the dashboard never computes in the request: it shows what the store
holds and queues the rest (a national monitor takes minutes; a web worker must not wait)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plek.housing.models import Stay
from plek.monitor import tasks

PERIOD = {"soort": "jaar", "jaar": "2024"}
COMPUTING = "worden nu berekend"
OLDER = "Deze cijfers zijn berekend op"


@pytest.fixture
def policy(client_as: Callable[..., Client]) -> Client:
    return client_as("beleid")


@pytest.fixture
def queued(settings: Any, monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """A worker is configured (not eager); what the page hands to it is recorded, not run."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.clear()  # no job queued by an earlier test
    sent: list[tuple[Any, ...]] = []

    def enqueue(task: Any, *args: Any, countdown: float | None = None) -> bool:
        sent.append((task.name, *args))
        return True

    monkeypatch.setattr(tasks, "enqueue", enqueue)
    return sent


def _page(policy: Client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = policy.get(reverse("monitor:dashboard"), PERIOD)
    assert response.status_code == 200
    # The engine's statements all read the stays; the page's own (session, form) do not.
    engine = [q for q in captured.captured_queries if "housing_stay" in q["sql"]]
    return response.content.decode(), len(engine)


def _stored_then_changed(policy: Client, queued: list[tuple[Any, ...]]) -> None:
    """The worker stores the dashboard's figures, then a stay ends: they are stale."""
    _page(policy)
    tasks.compute_dashboard(*queued[0][1:])
    stay = Stay.objects.get(external_id="s3")
    stay.end_date = datetime.date(2024, 3, 1)
    stay.exit_destination = "eigen_woning"
    stay.save()


def test_the_first_request_queues_the_figures_and_computes_nothing(
    golden_region: Path, policy: Client, queued: list[tuple[Any, ...]]
) -> None:
    page, engine = _page(policy)
    assert COMPUTING in page and 'id="sectie-m1"' not in page
    assert engine == 0
    assert queued == [("plek.monitor.dashboard", "2024-01-01", "2024-12-31", None)]
    # Asked again while it is queued: the same job, not a second one.
    page, _ = _page(policy)
    assert COMPUTING in page and len(queued) == 1

    tasks.compute_dashboard(*queued[0][1:])  # what the worker does
    page, engine = _page(policy)
    assert 'id="sectie-m1"' in page and COMPUTING not in page and OLDER not in page
    assert engine == 0


def test_after_a_change_the_stored_figures_show_with_their_time_and_are_requeued(
    golden_region: Path, policy: Client, queued: list[tuple[Any, ...]]
) -> None:
    _stored_then_changed(policy, queued)
    page, engine = _page(policy)
    assert OLDER in page and 'id="sectie-m1"' in page
    assert engine == 0
    assert len(queued) == 2


def test_without_a_reachable_broker_and_nothing_stored_the_page_computes(
    golden_region: Path, policy: Client, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.clear()
    monkeypatch.setattr(tasks, "enqueue", lambda *args, **kwargs: False)
    page, engine = _page(policy)
    assert 'id="sectie-m1"' in page and COMPUTING not in page
    assert engine > 0


def test_stale_figures_of_many_municipalities_are_read_in_a_fixed_number_of_statements(
    golden_region: Path, policy: Client, queued: list[tuple[Any, ...]]
) -> None:
    """The breakdown by municipality (342 rows nationally) reads its stale figures in the same
    statement as its fresh ones, not one municipality at a time (1,543 statements and 2.8 s on
    the national set before)."""
    from tests.factories import MunicipalityFactory

    added = MunicipalityFactory.create_batch(12)
    _stored_then_changed(policy, queued)
    with CaptureQueriesContext(connection) as stale:
        page, engine = _page(policy)
    assert OLDER in page and engine == 0
    one_at_a_time = [
        q["sql"]
        for q in stale.captured_queries
        if any(f"\"municipality\" = '{m.code}'" in q["sql"] for m in added)
    ]
    assert one_at_a_time == []


def test_the_dashboard_reads_its_norms_once(
    golden_region: Path, policy: Client, queued: list[tuple[Any, ...]]
) -> None:
    """The response norms and postal terms are configuration: one read per dashboard, not one
    per stored figure set (26 of each on the national dashboard before)."""
    _stored_then_changed(policy, queued)
    with CaptureQueriesContext(connection) as read:
        page, engine = _page(policy)
    assert OLDER in page and engine == 0
    for table in ("signals_responsenorm", "postal_postalterms"):
        reads = [q for q in read.captured_queries if f'FROM "{table}"' in q["sql"]]
        assert len(reads) == 1, table
