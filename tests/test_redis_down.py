"""Redis (the Celery broker) down: the web keeps serving, jobs wait in the database, and they run
once the broker is back (issue 18, item 2).

The broker is made unreachable for real: the sending app points at a closed port on loopback
(connection refused, as while Redis restarts). Then the broker is back (real Redis,
PLEK_TEST_REDIS_URL) and ``requeue_waiting``, the celery beat task, hands the waiting jobs to a
real Celery worker, which runs them to done. PostgreSQL and Redis only; skips without them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from celery import Celery
from django.test import Client
from django.urls import reverse

from plek.accounts.roles import Role
from plek.core import tasks
from plek.exchange.models import ImportJob, ImportStatus
from plek.programs.models import ReportJob
from tests.conftest import login_fully
from tests.core.test_tasks import app_without_broker
from tests.exchange.test_jobs_kill import (
    plek_env,
    postgres_only,  # noqa: F401 - autouse: the worker subprocess shares the test database
    redis,  # noqa: F401
    shared_storage,  # noqa: F401
    start_worker,
    wait_for,
)
from tests.exchange.test_upload import uploads
from tests.monitor.conftest import REGION

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WAITING = "De taak staat klaar en start zodra de achtergrondverwerking weer bereikbaar is"


def start_jobs(admin: Client, policy: Client) -> tuple[ImportJob, ReportJob]:
    upload = admin.post(reverse("exchange:upload"), {"csv_files": uploads(REGION)}, follow=True)
    report = policy.post(
        "/programmas/raadsrapportage/",
        {"start": "2024-01-01", "end": "2024-12-31", "municipality": "", "file_format": "xlsx"},
        follow=True,
    )
    for response in (upload, report):
        assert response.status_code == 200
        assert WAITING in response.content.decode()
    return ImportJob.objects.get(), ReportJob.objects.get()


SLOW_MACHINE_SECONDS = 600


def test_jobs_started_while_redis_is_down_wait_and_run_once_it_is_back(
    member: Callable[..., Any],
    shared_storage: Path,  # noqa: F811
    redis: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    admin_member = member(Role.BEHEER)
    admin = login_fully(Client(), admin_member)
    policy = login_fully(Client(), member(Role.BELEID))

    # Redis away: the eager test app is replaced by one that sends to a closed port.
    unreachable = app_without_broker()
    monkeypatch.setattr(tasks, "sending_app", lambda task: unreachable)
    job, report = start_jobs(admin, policy)
    assert job.status == ImportStatus.QUEUED and job.state == ImportStatus.QUEUED
    assert report.started_at is None and not report.finished
    # Pages keep answering meanwhile (the cache misses instead of failing: tests/test_faults.py).
    assert admin.get(reverse("exchange:job", args=[job.pk])).status_code == 200
    assert policy.get(f"/programmas/rapporten/{report.pk}/").status_code == 200

    # Redis back: beat's requeue hands both to a real worker on a queue of this test.
    queue = f"plek-test-{uuid.uuid4().hex[:8]}"
    sender = Celery("plek-test-sender", broker=redis, set_as_current=False)
    sender.conf.task_default_queue = queue
    monkeypatch.setattr(tasks, "sending_app", lambda task: sender)
    monkeypatch.setattr(tasks, "requeue_seconds", lambda: 0)
    assert tasks.requeue_waiting() == 2
    assert tasks.requeue_waiting() == 2  # sent twice: each still runs once (the claim)
    worker = start_worker(
        queue,
        plek_env(REDIS_URL=redis, PLEK_IMPORT_DIR=str(shared_storage)),
    )
    try:
        # A cold worker on a loaded 2-core CI machine: minutes, not seconds (no cost when fast).
        wait_for(
            lambda: ImportJob.objects.get(pk=job.pk).status == ImportStatus.DONE,
            "the import",
            seconds=SLOW_MACHINE_SECONDS,
        )
        wait_for(
            lambda: ReportJob.objects.get(pk=report.pk).finished_at,
            "the report",
            seconds=SLOW_MACHINE_SECONDS,
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    job.refresh_from_db()
    report.refresh_from_db()
    assert (job.rows, job.attempts) == (51, 0)
    assert not report.failed and report.content
    page = admin.get(reverse("exchange:job", args=[job.pk])).content.decode()
    assert "Geïmporteerd" in page and WAITING not in page
