"""plek.core.tasks: handing work to Celery without failing the request when the broker is down."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from typing import Any

import pytest
from celery import Celery, shared_task
from django.conf import settings

from plek.core import tasks


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def app_without_broker() -> Celery:
    """A Celery app as production configures it (settings), its Redis broker away."""
    app = Celery("plek-test-unreachable", set_as_current=False)
    app.conf.update(
        broker_url=f"redis://127.0.0.1:{closed_port()}/0",
        broker_connection_timeout=1,
        broker_transport_options={"socket_connect_timeout": 1, "socket_timeout": 1},
        task_publish_retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2},
    )
    return app


@shared_task(name="plek.tests.noted")
def noted(value: int) -> int:
    NOTED.append(value)
    return value


NOTED: list[int] = []


def test_an_unreachable_broker_answers_false_fast(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(tasks, "sending_app", lambda task: app_without_broker())
    started = time.perf_counter()
    assert tasks.enqueue(noted, 1) is False
    assert time.perf_counter() - started < 5
    assert "task.broker_unreachable" in caplog.text
    assert NOTED == []


def test_the_embedded_default_runs_the_task_here_and_keeps_its_errors() -> None:
    assert settings.CELERY_TASK_ALWAYS_EAGER
    NOTED.clear()
    assert tasks.enqueue(noted, 7) is True
    assert NOTED == [7]

    @shared_task(name="plek.tests.broken")
    def broken() -> None:
        raise ValueError("a bug in the task")

    with pytest.raises(ValueError, match="a bug"):
        tasks.enqueue(broken)


@pytest.mark.django_db
def test_the_handover_is_known_after_the_commit(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(tasks, "sending_app", lambda task: app_without_broker())
    with django_capture_on_commit_callbacks(execute=True):
        handover = tasks.enqueue_on_commit(noted, 1)
        assert handover.reached is None and not handover.waiting
    assert handover.waiting


def test_requeue_sends_each_waiting_job_of_each_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[tuple[str, tuple[Any, ...]]] = []
    monkeypatch.setattr(tasks, "enqueue", lambda task, *args: sent.append((task.name, args)) or 1)
    monkeypatch.setattr(tasks, "KINDS", [])
    tasks.resume_waiting(noted, lambda before: [1, 2])
    tasks.resume_waiting(noted, lambda before: [3])  # one kind per task
    assert tasks.requeue_waiting() == 2
    assert sent == [("plek.tests.noted", (1,)), ("plek.tests.noted", (2,))]


def test_every_job_kind_resumes_and_beat_runs_the_requeue() -> None:
    import plek.exchange.tasks
    import plek.programs.tasks  # noqa: F401

    names = {kind.task.name for kind in tasks.KINDS}
    assert {"plek.exchange.run_import_job", "plek.programs.generate_report_job"} <= names
    schedule = settings.CELERY_BEAT_SCHEDULE["requeue-waiting-jobs"]
    assert schedule["task"] == tasks.requeue_waiting.name
    assert schedule["schedule"] == settings.JOB_REQUEUE_SECONDS


def test_beat_runs_every_periodic_task_of_the_settings_and_retention_at_night() -> None:
    from celery.schedules import crontab

    from plek.celery import app

    beat = app.conf.beat_schedule
    assert set(settings.CELERY_BEAT_SCHEDULE) < set(beat)
    retention = beat["apply-retention-periods"]
    assert retention["task"] == "plek.retention.run"
    assert retention["schedule"] == crontab(hour=2, minute=30)
    # What a worker imports at its start (autodiscovery) registers every task beat sends.
    app.loader.import_default_modules()
    assert {entry["task"] for entry in beat.values()} <= set(app.tasks)


def test_a_fresh_process_hands_tasks_to_plek_s_app_not_celery_s_default() -> None:
    # Django no longer loads the Celery app; plek.core.tasks must (a fresh process, since this
    # one may have loaded it some other way).
    probe = (
        "import django; django.setup()\n"
        "from plek.core import tasks\n"
        "from plek.exchange.tasks import run_import_job\n"
        "app = tasks.sending_app(run_import_job)\n"
        "print(app.main, app.conf.task_always_eager)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["DJANGO_SETTINGS_MODULE"] = "plek.settings"
    result = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False
    )
    assert result.stdout.split() == ["plek", "True"], result.stderr[-2000:]
