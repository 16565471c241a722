"""Handing work to Celery from a request without failing it when Redis (the broker) is down.

A job is stored in the database before it is handed over, so the job row, not the broker's
message, is the record that work is due. ``enqueue`` tries the broker once, bounded by the
broker timeouts in settings (``PLEK_REDIS_TIMEOUT``); when it cannot be reached the job simply
stays queued, the request answers as usual and the user is told the job starts once background
work is back (``WAITING``). ``requeue_waiting`` (celery beat, every ``PLEK_JOB_REQUEUE_SECONDS``,
and at each worker's start) hands every job still queued after that time to the broker again.

Sending a job twice is harmless: a worker first claims the job with a conditional update
(queued and alive → running), so a second message finds nothing to claim and ends at once.

In the embedded default (no Redis) Celery runs tasks eagerly in the calling process; then a
task's own errors must reach the caller as before, so nothing is caught.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from celery import Celery, Task, shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# plek's Celery app, configured from settings (eager without Redis): every task handed over here
# must find it as the current app, not Celery's default one.
import plek.celery  # noqa: F401

logger = logging.getLogger(__name__)

# The broker is away, refuses, or does not answer in time (kombu wraps most of these; the rest
# can escape from a connection that dies mid-publish).
UNREACHABLE = (BrokerError, RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)

WAITING = _(
    "De taak staat klaar en start zodra de achtergrondverwerking weer bereikbaar is. U hoeft "
    "niets opnieuw te doen."
)


def requeue_seconds() -> int:
    return int(getattr(settings, "JOB_REQUEUE_SECONDS", 30))


def sending_app(task: Task) -> Celery:
    """The Celery app whose broker gets the message (the tests swap in one of their own)."""
    return task.app


def enqueue(task: Task, *args: Any, countdown: float | None = None) -> bool:
    """Hand ``task(*args)`` to the broker; False (and a log line) when it cannot be reached.

    No result is kept: plek reads a job's outcome from its row, and subscribing to a result
    would be a second Redis connection per request.
    """
    app = sending_app(task)
    if app.conf.task_always_eager:
        task.apply_async(args, countdown=countdown)
        return True
    try:
        app.send_task(task.name, args=args, countdown=countdown, ignore_result=True)
    except UNREACHABLE as error:
        logger.warning(
            "task.broker_unreachable", extra={"task": task.name, "error": type(error).__name__}
        )
        return False
    return True


@dataclass
class Handover:
    """Whether a job reached the broker: None until the surrounding transaction commits."""

    reached: bool | None = None

    @property
    def waiting(self) -> bool:
        return self.reached is False


def enqueue_on_commit(task: Task, *args: Any) -> Handover:
    """``enqueue`` once the transaction that stored the job has committed (a worker elsewhere
    must find the row); outside a transaction at once."""
    handover = Handover()

    def send() -> None:
        handover.reached = enqueue(task, *args)

    transaction.on_commit(send)
    return handover


def tell_if_waiting(request: HttpRequest, handover: Handover | None) -> None:
    """The Dutch note on the next page when the job could not be handed over yet."""
    if handover is not None and handover.waiting:
        messages.warning(request, WAITING)


# -- resuming jobs that never reached the broker -------------------------------------------------


@dataclass(frozen=True)
class WaitingJobs:
    """One kind of stored job: its task, and the ids of those still queued since ``before``."""

    task: Task
    ids: Callable[[datetime.datetime], Iterable[Any]]


KINDS: list[WaitingJobs] = []


def resume_waiting(task: Task, ids: Callable[[datetime.datetime], Iterable[Any]]) -> None:
    """Register a kind of job for ``requeue_waiting`` (an app's tasks module calls this)."""
    if not any(kind.task.name == task.name for kind in KINDS):
        KINDS.append(WaitingJobs(task, ids))


@shared_task(name="plek.core.requeue_waiting")
def requeue_waiting() -> int:
    """Hand every job still queued after ``requeue_seconds()`` to the broker again."""
    before = timezone.now() - datetime.timedelta(seconds=requeue_seconds())
    sent = 0
    for kind in KINDS:
        for job_id in kind.ids(before):
            sent += enqueue(kind.task, job_id)
    if sent:
        logger.info("task.requeued", extra={"count": sent})
    return sent


@worker_ready.connect
def _requeue_at_worker_start(**kwargs: Any) -> None:
    # A worker that starts after an outage picks up what waited, without waiting for beat.
    requeue_waiting()
