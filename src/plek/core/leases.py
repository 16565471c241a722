"""Leases for background jobs: a job that runs keeps renewing its lease; one whose lease ran out
died with its process (``kill -9``, a lost host) and counts as aborted wherever it is read.

A status column alone cannot tell a running job from one whose worker is gone: nothing is left
to write "failed". The lease is a time in the job's row that the running process moves forward
every few seconds from a thread with its own database connection, so the renewals are committed
at once and never wait for the job's own transaction (an import writes everything in one).
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone

logger = logging.getLogger(__name__)

# How long a queued job may wait for a worker before it counts as lost (Redis emptied, no worker).
QUEUE_SECONDS = 24 * 3600


def lease_seconds() -> int:
    return int(getattr(settings, "JOB_LEASE_SECONDS", 60))


def lease_from_now() -> datetime.datetime:
    """The end of a fresh lease for a running job."""
    return timezone.now() + datetime.timedelta(seconds=lease_seconds())


def queue_deadline() -> datetime.datetime:
    """The end of the lease of a job that waits in the queue (a model field default)."""
    return timezone.now() + datetime.timedelta(seconds=QUEUE_SECONDS)


def expired(lease_expires_at: datetime.datetime | None) -> bool:
    return lease_expires_at is not None and lease_expires_at < timezone.now()


@contextmanager
def heartbeat(renew: Callable[[datetime.datetime], int]) -> Iterator[None]:
    """Renew a lease every quarter lease while the block runs.

    ``renew(new_end)`` updates the job's row (``queryset.update(lease_expires_at=new_end)``); it
    runs in a thread of its own, so on its own connection and outside the job's transaction.
    """
    stop = threading.Event()
    interval = max(lease_seconds() / 4, 0.2)

    def beat() -> None:
        try:
            while not stop.wait(interval):
                try:
                    renew(lease_from_now())
                except DatabaseError:
                    # The database is briefly away or (SQLite) locked by the job's own write:
                    # the next beat tries again; a lease that runs out means the job is lost.
                    logger.warning("job.lease_not_renewed", exc_info=True)
        finally:
            connections.close_all()  # this thread's connections only

    thread = threading.Thread(target=beat, name="plek-job-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


@contextmanager
def one_at_a_time(key: int) -> Iterator[None]:
    """Run the block while no other process runs it (PostgreSQL session advisory lock).

    The lock belongs to the database session, so a process killed inside the block frees it
    with its connection: nothing is left to clean up. SQLite (the demo) has one process.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
