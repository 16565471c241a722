"""kill -9 on real processes against PostgreSQL: `plek import` and a Celery worker mid-job.

The kill points are made exact with a table lock held by the test: the import blocks when it
reaches the locked table (stays: in the middle of the load; the processing log: after all data
is written, just before COMMIT), the test sees it waiting on its lock and kills it there.

The Celery test needs Redis (PLEK_TEST_REDIS_URL, default redis://127.0.0.1:6379/7); it skips
without it locally and, being a PostgreSQL test, fails in CI instead of skipping.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from plek.access.models import ProcessingLogEntry
from plek.accounts.context import Actor
from plek.exchange import services
from plek.exchange.models import ImportJob, ImportStatus
from plek.housing.models import Stay
from plek.people.models import Person
from tests.conftest import login_fully
from tests.exchange.test_upload import uploads
from tests.monitor.conftest import REGION

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 120  # a subprocess starts in seconds, slower on a busy CI machine
# Tables the test itself writes (log-ins, the job row): the rest must not change.
HARNESS_TABLES = {"django_session", "exchange_importjob"}
PLEK = Path(sys.executable).parent / "plek"


@pytest.fixture(autouse=True)
def postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: kill -9 of processes sharing the test database")


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def plek_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(
        DATABASE_URL=database_url(),
        PLEK_DEMO_MODE="1",  # the demo keys, as the test process has them
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def fingerprint() -> dict[str, tuple[int, str]]:
    """Rows and an md5 of their text, per table of the database (the harness's own left out)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = sorted({row[0] for row in cursor.fetchall()} - HARNESS_TABLES)
        found = {}
        for table in tables:
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"  # noqa: S608
                f' FROM "{table}" t'
            )
            found[table] = cursor.fetchone()
    return found


@contextmanager
def table_lock(table: str | None) -> Iterator[psycopg.Connection[Any]]:
    """Hold a lock that lets reads through and makes the first write to ``table`` wait."""
    with psycopg.connect(database_url()) as holder:
        if table:
            holder.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
        try:
            yield holder
        finally:
            holder.rollback()


def blocked_by(holder: psycopg.Connection[Any]) -> int | None:
    """The backend waiting on the holder's lock, if any."""
    with psycopg.connect(database_url(), autocommit=True) as probe:
        row = probe.execute(
            "SELECT pid FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))",
            [holder.info.backend_pid],
        ).fetchone()
    return row[0] if row else None


def wait_for(condition: Callable[[], Any], what: str, seconds: float = WAIT_SECONDS) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def backend_gone(pid: int) -> bool:
    with psycopg.connect(database_url(), autocommit=True) as probe:
        return (
            probe.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone() is None
        )


def open_transactions() -> list[tuple[Any, ...]]:
    """Other sessions of this database inside a transaction: (pid, state, wait, query)."""
    with psycopg.connect(database_url(), autocommit=True) as probe:
        return probe.execute(
            "SELECT pid, state, wait_event_type || ':' || wait_event, left(query, 120)"
            " FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
        ).fetchall()


def run_plek(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`plek <args>` to its end; on a hang, say which sessions it may have waited for."""
    try:
        return subprocess.run(  # noqa: S603 - our own console script
            [str(PLEK), *args],
            env=env or plek_env(),
            capture_output=True,
            text=True,
            timeout=WAIT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        busy = open_transactions()
        raise AssertionError(f"plek {args[0]} hung; sessions in a transaction: {busy}") from error


def stderr_lines(process: subprocess.Popen[str]) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def wait_for_line(lines: queue.Queue[str], text: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            if text in lines.get(timeout=1):
                return
        except queue.Empty:
            continue
    raise AssertionError(f"no line with {text!r}")


def kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL


def start_import(directory: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 - our own console script with fixed arguments
        [str(PLEK), "import", str(directory), "--progress"],
        env=plek_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize(
    "point",
    ["early", "during-the-load", "near-the-end"],
)
def test_plek_import_killed_at_any_point_changes_nothing_and_reruns(point: str) -> None:
    locked = {
        "early": None,
        "during-the-load": Stay._meta.db_table,  # persons written, stays not yet
        "near-the-end": ProcessingLogEntry._meta.db_table,  # all data written, log rows next
    }[point]
    before = fingerprint()
    with table_lock(locked) as holder:
        process = start_import(REGION)
        if locked is None:
            wait_for_line(stderr_lines(process), "lezen")
        else:
            backend = wait_for(lambda: blocked_by(holder), f"the import to reach {locked}")
        kill(process)
    if locked is not None:
        wait_for(lambda: backend_gone(backend), "PostgreSQL to end the killed import's session")
    # Killed early the session is not known by its lock: wait until no session is mid-transaction.
    wait_for(lambda: not open_transactions(), "the killed import's transaction to end")
    assert fingerprint() == before

    again = run_plek("import", str(REGION))
    assert again.returncode == 0, again.stderr
    assert "Geïmporteerd: 51 rijen" in again.stdout
    assert Person.objects.exists() and Stay.objects.count() == 7


def redis_url() -> str:
    return os.environ.get("PLEK_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")


@pytest.fixture
def redis() -> str:
    import redis as redis_client

    url = redis_url()
    try:
        redis_client.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis_client.exceptions.ConnectionError:
        pytest.skip(f"needs Redis at {url} (PLEK_TEST_REDIS_URL) for a real Celery worker")
    return url


@pytest.fixture
def shared_storage(settings: Any, tmp_path: Path) -> Path:
    directory = tmp_path / "shared-imports"
    settings.STORAGES = {
        **settings.STORAGES,
        "imports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(directory)},
        },
    }
    return directory


@pytest.fixture
def celery_to_redis(redis: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Queue the import as a web node does, to Redis, on a queue of this test only.

    The test run's own Celery app is eager (no REDIS_URL) and caches its broker connection and
    queues, so the message goes through a separate app with the same task name; the worker
    subprocess runs the real task from it.
    """
    from celery import Celery

    from plek.core import tasks

    name = f"plek-test-{uuid.uuid4().hex[:8]}"
    sender = Celery("plek-test-sender", broker=redis, set_as_current=False)
    sender.conf.task_default_queue = name
    # Every hand-off goes through plek.core.tasks.enqueue, which sends with this app.
    monkeypatch.setattr(tasks, "sending_app", lambda task: sender)
    return name


def start_worker(queue_name: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 - celery from our own environment
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "plek",
            "worker",
            "--pool",
            "solo",  # the task runs in the worker's own process: killing it kills the job
            "--queues",
            queue_name,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "INFO",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_celery_worker_killed_mid_import_leaves_an_aborted_job_that_one_command_reruns(
    member: Callable[..., Any],
    shared_storage: Path,
    celery_to_redis: str,
    redis: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    worker_tmp = tmp_path / "worker-tmp"
    worker_tmp.mkdir()
    lease = 2
    env = plek_env(
        REDIS_URL=redis,
        PLEK_IMPORT_DIR=str(shared_storage),
        PLEK_JOB_LEASE_SECONDS=str(lease),
        TMPDIR=str(worker_tmp),
    )
    admin = member("beheer")
    before = fingerprint()
    with table_lock(Stay._meta.db_table) as holder:
        job = services.start_import(Actor(user=admin.user, membership=admin), uploads(REGION))
        worker = start_worker(celery_to_redis, env)
        try:
            backend = wait_for(lambda: blocked_by(holder), "the worker's import to reach the stays")
            job.refresh_from_db()
            assert (job.status, job.state) == (ImportStatus.RUNNING, ImportStatus.RUNNING)
            # Blocked inside its transaction, the worker still renews the lease.
            time.sleep(lease * 1.5)
            job.refresh_from_db()
            assert job.state == ImportStatus.RUNNING, "the lease was not renewed"
            kill(worker)
        finally:
            if worker.poll() is None:
                worker.kill()
    wait_for(lambda: backend_gone(backend), "PostgreSQL to end the killed worker's session")
    # Nobody renews the lease now: within one lease the job reads as aborted, nowhere running.
    wait_for(lambda: ImportJob.objects.get(pk=job.pk).state == ImportStatus.ABORTED, "abort", 10)
    assert fingerprint() == before
    client = login_fully(Client(), admin)
    page = client.get(reverse("exchange:job", args=[job.pk])).content.decode()
    assert "Afgebroken" in page and "hx-trigger" not in page
    assert sorted(path.name for path in (shared_storage / str(job.pk)).iterdir()) == job.files

    rerun = run_plek("jobs", "rerun", str(job.pk), env=env)
    assert rerun.returncode == 0, rerun.stderr
    assert f"Import {job.pk} opnieuw uitgevoerd: 51 rijen" in rerun.stdout
    job.refresh_from_db()
    assert (job.status, job.rows, job.attempts) == (ImportStatus.DONE, 51, 1)
    assert list(shared_storage.iterdir()) == []
    # The killed worker's private copy of the files is removed by the next worker's start.
    monkeypatch.setattr(tempfile, "tempdir", str(worker_tmp))
    [removed] = services.remove_stale_copies()
    assert removed.startswith(f"{services.COPY_PREFIX}{job.pk}-")
    assert list(worker_tmp.iterdir()) == []


def test_a_monitor_refresh_killed_mid_way_leaves_no_lock_behind() -> None:
    from plek.core.leases import one_at_a_time
    from plek.monitor.tasks import REFRESH_LOCK

    holder = subprocess.Popen(  # noqa: S603
        [
            str(PLEK),
            "shell",
            "-c",
            "import time\nfrom plek.core.leases import one_at_a_time\n"
            f"with one_at_a_time({REFRESH_LOCK}):\n    print('vast', flush=True)\n"
            "    time.sleep(600)",
        ],
        env=plek_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert holder.stdout is not None
        for _ in range(5):  # the shell may first say what it imported
            if holder.stdout.readline().strip() == "vast":
                break
        else:
            raise AssertionError("the holder never took the lock")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [REFRESH_LOCK])
            assert cursor.fetchone()[0] is False  # a second refresh waits for the first
        kill(holder)
    finally:
        if holder.poll() is None:
            holder.kill()
    # The killed holder's session ends and takes the lock with it: the next refresh runs.
    started = time.monotonic()
    with one_at_a_time(REFRESH_LOCK):
        assert time.monotonic() - started < 30
