"""Faults under load (issue 18, item 2): PostgreSQL restarted and stopped, Redis stopped.

    uv run python benchmarks/faults.py --persons 2000 --name faults

Never touches the shared servers: it starts its OWN PostgreSQL cluster (initdb/pg_ctl as the
`postgres` OS user, port --pg-port, default 5499) and its OWN redis-server (port --redis-port,
default 6399), a database `plek` in that cluster filled with a generated country, benchmark
users, `gunicorn plek.wsgi` on 127.0.0.1:--port and a Celery worker with embedded beat (restarted
when it exits, as a process supervisor does in production; its log goes to
$TMPDIR/plek-faults-worker-<port>.log), and removes them at the end.

Clients (--users threads, each logged in as a casework user) keep reading dossiers and the start
page and recording contact attempts on their signals, each attempt with a unique note; a write
counts as acknowledged when the server answered with its redirect. Meanwhile:

1. `pg_ctl restart -m fast` (connections cut, the server back in a second or two);
2. `pg_ctl stop -m fast`, --down seconds without a database, `pg_ctl start`;
3. redis-server stopped for --down seconds, then started again; meanwhile a policy officer asks
   for a council report (a Celery job): the answer must be the job page with the Dutch "De taak
   staat klaar ..." note, not a 500, and the job must run once Redis is back (celery beat's
   requeue of jobs that never reached the broker, every PLEK_JOB_REQUEUE_SECONDS, here 5).

Measured: requests, answers per status, errors (anything but 200/302, or a 503 that is not the
Dutch "tijdelijk niet beschikbaar" page, or a request slower than --fail-fast seconds while the
database is gone), the slowest answer during each fault, recovery time (from the server being
back to the first good answer), acknowledged writes missing from the database afterwards (must
be 0), and whether background work resumed after Redis came back (a monitor refresh ran by the
Celery worker; the report asked for during the outage started and finished, seconds after Redis
was back). Writes benchmarks/results/<name>.json. Bounded: every phase has a time limit.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import functools
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent / "load"))

import kit

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(
    next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), "/usr/bin")
)
UNAVAILABLE_TEXT = "tijdelijk niet beschikbaar"


# Progress lines reach a log file at once, not when the buffer fills.
say = functools.partial(print, flush=True)


def as_postgres(command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL tool as the `postgres` OS user (initdb and pg_ctl refuse root)."""
    args = ["su", "postgres", "-c", command] if os.geteuid() == 0 else ["bash", "-c", command]
    return subprocess.run(args, check=check, capture_output=True, text=True, timeout=120)  # noqa: S603


class OwnPostgres:
    """A throw-away PostgreSQL cluster of this script alone."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.directory = Path(tempfile.mkdtemp(prefix="plek-faults-pg-"))
        self.log = self.directory / "server.log"
        self.data = self.directory / "data"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/plek"

    def pg_ctl(self, action: str, *extra: str) -> None:
        as_postgres(
            f"{PG_BIN}/pg_ctl -D {self.data} -l {self.log} -w -t 60 "
            f"-o '-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory}' "
            f"{' '.join(extra)} {action}"
        )

    def __enter__(self) -> OwnPostgres:
        shutil.chown(self.directory, "postgres") if os.geteuid() == 0 else None
        as_postgres(f"{PG_BIN}/initdb -D {self.data} -U postgres --auth=trust -E UTF8 --no-sync")
        self.pg_ctl("start")
        as_postgres(f"{PG_BIN}/createdb -h 127.0.0.1 -p {self.port} -U postgres plek")
        return self

    def __exit__(self, *exc: object) -> None:
        as_postgres(f"{PG_BIN}/pg_ctl -D {self.data} -m immediate -w stop", check=False)
        shutil.rmtree(self.directory, ignore_errors=True)


class OwnRedis:
    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],  # noqa: S607
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), 1),
            ):
                return
            time.sleep(0.2)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def __enter__(self) -> OwnRedis:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass
class Outcome:
    started: float
    seconds: float
    kind: str
    status: int | str
    ok: bool


@dataclass
class Ledger:
    """What the clients saw: every request's outcome and every acknowledged write."""

    outcomes: list[Outcome] = field(default_factory=list)
    acknowledged: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, outcome: Outcome, token: str | None = None) -> None:
        with self.lock:
            self.outcomes.append(outcome)
            if token is not None:
                self.acknowledged.add(token)


def good_answer(response: Any) -> bool:
    """200/302, or the Dutch 503 page (never a traceback or the 500 page)."""
    if response.status_code in (200, 302):
        return True
    if response.status_code == 503:
        text = response.text
        return UNAVAILABLE_TEXT in text and "Traceback" not in text
    return False


def client_loop(
    base: str,
    user: kit.BenchUser,
    session: Any,
    ledger: Ledger,
    stop: threading.Event,
    n: int,
) -> None:
    import random

    chooser = random.Random(n)  # noqa: S311 - picks pages, not secrets
    csrf = kit.csrf_token(session.get(f"{base}/personen/zoeken/", timeout=60).text)
    step = 0
    while not stop.is_set():
        step += 1
        kind = ("write", "dossier", "start")[step % 3]
        token = None
        started = time.time()
        try:
            if kind == "write":
                signal_id = chooser.choice(user.signal_ids)
                token = f"fault-{uuid.uuid4().hex}"
                response = session.post(
                    f"{base}/signalen/{signal_id}/contactpoging/",
                    data={
                        "attempted_on": datetime.date.today().isoformat(),
                        "kind": "telefoon",
                        "part_of_day": "ochtend",
                        "reached": "nee",
                        "note": token,
                        "csrfmiddlewaretoken": csrf,
                    },
                    headers={"Referer": f"{base}/signalen/{signal_id}/"},
                    allow_redirects=False,
                    timeout=60,
                )
            elif kind == "dossier":
                response = session.get(
                    f"{base}/personen/{chooser.choice(user.person_ids)}/", timeout=60
                )
            else:
                response = session.get(f"{base}/", timeout=60)
            status: int | str = response.status_code
            ok = good_answer(response)
            acknowledged = kind == "write" and response.status_code == 302
        except Exception as exc:
            status, ok, acknowledged = type(exc).__name__, False, False
        ledger.note(
            Outcome(started, time.time() - started, kind, status, ok),
            token if acknowledged else None,
        )
        time.sleep(0.05)


def window(ledger: Ledger, start: float, end: float) -> dict[str, Any]:
    inside = [o for o in ledger.outcomes if start <= o.started < end]
    statuses: dict[str, int] = {}
    for outcome in inside:
        statuses[str(outcome.status)] = statuses.get(str(outcome.status), 0) + 1
    return {
        "requests": len(inside),
        "statuses": statuses,
        "errors": sum(1 for o in inside if not o.ok),
        "slowest_seconds": round(max((o.seconds for o in inside), default=0.0), 2),
        "unavailable_slowest_seconds": round(
            max((o.seconds for o in inside if o.status == 503), default=0.0), 2
        ),
    }


def recovery(ledger: Ledger, back_at: float, limit: float = 60.0) -> float | None:
    """Seconds from the server being back to the first good non-503 answer started after it."""
    with ledger.lock:
        good = [
            o.started + o.seconds
            for o in ledger.outcomes
            if o.started >= back_at and o.status in (200, 302)
        ]
    if not good:
        return None
    first = min(good) - back_at
    return round(first, 2) if first <= limit else None


def wait_for_good(ledger: Ledger, since: float, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if recovery(ledger, since, timeout) is not None:
            return
        time.sleep(0.5)


def stored_tokens(database_url: str) -> set[str]:
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as connection:
        rows = connection.execute(
            "SELECT note FROM signals_contactattempt WHERE note LIKE 'fault-%%'"
        ).fetchall()
    return {row[0] for row in rows}


WAITING_TEXT = "De taak staat klaar en start zodra de achtergrondverwerking weer bereikbaar is"
REQUEUE_SECONDS = 5


def ask_for_report(base: str, session: Any) -> dict[str, Any]:
    """A policy officer asks for the council report (a Celery job) while Redis is down."""
    csrf = kit.csrf_token(session.get(f"{base}/programmas/raadsrapportage/", timeout=60).text)
    started = time.time()
    try:
        response = session.post(
            f"{base}/programmas/raadsrapportage/",
            data={
                "start": f"{datetime.date.today().year - 1}-01-01",
                "end": f"{datetime.date.today().year - 1}-12-31",
                "municipality": "",
                "file_format": "xlsx",
                "csrfmiddlewaretoken": csrf,
            },
            headers={"Referer": f"{base}/programmas/raadsrapportage/"},
            timeout=60,
        )
    except Exception as exc:
        return {"status": type(exc).__name__, "ok": False}
    first = response.history[0].status_code if response.history else response.status_code
    return {
        "status": first,
        "page_status": response.status_code,
        "seconds": round(time.time() - started, 2),
        "dutch_note_shown": WAITING_TEXT in response.text,
        "job_id": int(response.url.rstrip("/").rsplit("/", 1)[-1]) if first == 302 else None,
        "ok": first == 302 and response.status_code == 200 and WAITING_TEXT in response.text,
    }


def report_times(database_url: str, job_id: int) -> tuple[Any, Any, bool]:
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as connection:
        row = connection.execute(
            "SELECT started_at, finished_at, failed FROM programs_reportjob WHERE id = %s",
            [job_id],
        ).fetchone()
    return row if row else (None, None, False)


def queue_length(redis_url: str) -> int | None:
    """Messages still waiting in Redis for a worker (the default queue)."""
    import redis as redis_client

    try:
        return int(redis_client.Redis.from_url(redis_url, socket_timeout=5).llen("celery"))
    except redis_client.RedisError:
        return None


def latest_refresh(database_url: str) -> datetime.datetime | None:
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as connection:
        row = connection.execute("SELECT max(computed_at) FROM monitor_monitorfigure").fetchone()
    return row[0] if row else None


@contextlib.contextmanager
def celery_worker(env: dict[str, str], log_file: Path, restarts: list[float]) -> Iterator[None]:
    """The worker with embedded beat, under a supervisor as in production (systemd's
    Restart=always): a worker that exits is started again; each restart's time is noted.

    Why: a worker that holds a message (the monitor refresh waits out its countdown in the
    worker) exits when Redis goes away (kombu 5.7 fails to restore it: "Unrecoverable error:
    AttributeError ... hostname"); the restarted worker waits for Redis and, once connected,
    hands the waiting jobs over again itself (plek.core.tasks)."""
    schedule = kit.beat_schedule()
    log_file.unlink(missing_ok=True)  # the worker's and beat's own log, for this run
    stopping = threading.Event()
    current: list[subprocess.Popen[bytes]] = []

    def start() -> None:
        current[:] = [kit.start_worker(env, log_file, schedule)]

    def supervise() -> None:
        while not stopping.wait(1):
            if current[0].poll() is not None:
                restarts.append(time.time())
                start()

    start()
    supervisor = threading.Thread(target=supervise, daemon=True)
    supervisor.start()
    try:
        yield
    finally:
        stopping.set()
        supervisor.join()
        kit.stop(current[0])


def run(
    *,
    persons: int = 2000,
    users: int = 6,
    port: int = 8732,
    pg_port: int = 5499,
    redis_port: int = 6399,
    steady: float = 15,
    down: float = 10,
    fail_fast: float = 10,
    log: Any = say,
) -> dict[str, Any]:
    report: dict[str, Any] = {"persons": persons, "users": users, "down_seconds": down}
    with OwnPostgres(pg_port) as pg, OwnRedis(redis_port) as redis:
        env = {
            **os.environ,
            **kit.SERVER_ENV,
            "DATABASE_URL": pg.url,
            "REDIS_URL": redis.url,
            "PLEK_DB_CONNECT_TIMEOUT": "3",
            "PLEK_MONITOR_REFRESH_AFTER_CHANGES": "1",
            "PLEK_JOB_REQUEUE_SECONDS": str(REQUEUE_SECONDS),
        }
        plek = str(Path(sys.executable).parent / "plek")
        log("migreren en vullen")
        subprocess.run([plek, "migrate", "--noinput"], env=env, check=True, capture_output=True)  # noqa: S603
        data = Path(tempfile.mkdtemp(prefix="plek-faults-data-")) / "country"
        subprocess.run(  # noqa: S603
            [plek, "generate", str(data), "--persons", str(persons)],
            env=env,
            check=True,
            capture_output=True,
        )
        subprocess.run([plek, "import", str(data)], env=env, check=True, capture_output=True)  # noqa: S603
        shutil.rmtree(data.parent, ignore_errors=True)
        os.environ.update({k: v for k, v in env.items() if k.startswith(("PLEK_", "REDIS_"))})
        kit.django_setup(pg.url)
        prepared = kit.prepare_users(casework=users * 2, policy=1, persons_each=20, signals_each=20)
        bench = [u for u in prepared if u.role == "wijkteam"][:users]
        [officer] = [u for u in prepared if u.role == "beleid"]
        from django.db import connections

        connections.close_all()
        server = kit.start_gunicorn(
            pg.url,
            port,
            workers=2,
            extra_env={k: env[k] for k in env if k.startswith(("PLEK_", "REDIS_"))},
        )
        ledger, stop = Ledger(), threading.Event()
        base = f"http://127.0.0.1:{port}"
        log(f"{len(bench)} gebruikers inloggen")
        sessions = [kit.log_in(base, u) for u in bench]
        officer_session = kit.log_in(base, officer)
        threads = [
            threading.Thread(
                target=client_loop, args=(base, u, session, ledger, stop, n), daemon=True
            )
            for n, (u, session) in enumerate(zip(bench, sessions, strict=True))
        ]
        phases: dict[str, Any] = {}
        try:
            worker_log = Path(tempfile.gettempdir()) / f"plek-faults-worker-{port}.log"
            report["worker_log"] = str(worker_log)
            worker_restarts: list[float] = []
            with celery_worker(env, worker_log, worker_restarts):
                for thread in threads:
                    thread.start()
                time.sleep(steady)
                t0 = time.time()
                phases["steady"] = window(ledger, 0, t0)

                log("PostgreSQL herstarten")
                restart_start = time.time()
                pg.pg_ctl("restart", "-m", "fast")
                back = time.time()
                wait_for_good(ledger, back)
                time.sleep(steady)
                phases["postgresql_restart"] = {
                    **window(ledger, restart_start, time.time()),
                    "restart_seconds": round(back - restart_start, 2),
                    "recovery_seconds": recovery(ledger, back),
                }

                log(f"PostgreSQL {down:.0f} s uit")
                stop_start = time.time()
                pg.pg_ctl("stop", "-m", "fast")
                time.sleep(down)
                pg.pg_ctl("start")
                back = time.time()
                wait_for_good(ledger, back)
                time.sleep(steady)
                during = window(ledger, stop_start, back)
                phases["postgresql_down"] = {
                    **window(ledger, stop_start, time.time()),
                    "while_down": during,
                    "recovery_seconds": recovery(ledger, back),
                    "failed_fast": during["slowest_seconds"] <= fail_fast,
                }

                log(f"Redis {down:.0f} s uit")
                redis_start = time.time()
                redis.stop()
                time.sleep(min(2.0, down / 2))
                report_asked = ask_for_report(base, officer_session)
                time.sleep(max(down - 2.0, down / 2))
                redis.start()
                back = time.time()
                before = latest_refresh(pg.url)
                time.sleep(steady)
                resumed_at = None
                deadline = time.time() + 90
                while time.time() < deadline:  # the refresh is queued with a 30 s countdown
                    latest = latest_refresh(pg.url)
                    if latest is not None and (before is None or latest > before):
                        resumed_at = time.time()
                        break
                    time.sleep(2)
                job_started = job_finished = None
                job_failed = False
                if report_asked.get("job_id"):
                    deadline = time.time() + 300
                    while time.time() < deadline and job_finished is None:
                        job_started, job_finished, job_failed = report_times(
                            pg.url, report_asked["job_id"]
                        )
                        time.sleep(1)

                def after_back(moment: Any) -> float | None:
                    return round(moment.timestamp() - back, 1) if moment else None

                phases["redis_down"] = {
                    **window(ledger, redis_start, time.time()),
                    "while_down": window(ledger, redis_start, back),
                    "background_resumed": resumed_at is not None,
                    "background_resumed_after_seconds": (
                        round(resumed_at - back, 1) if resumed_at else None
                    ),
                    "job_asked_while_down": report_asked,
                    "job_requeue_seconds": REQUEUE_SECONDS,
                    "job_started_after_seconds": after_back(job_started),
                    "job_finished_after_seconds": after_back(job_finished),
                    "job_done": job_finished is not None and not job_failed,
                    "messages_left_in_queue": queue_length(redis.url),
                    "worker_restarts_by_supervisor": [
                        round(moment - redis_start, 1) for moment in worker_restarts
                    ],
                }
                stop.set()
                for thread in threads:
                    thread.join(timeout=90)
        finally:
            stop.set()
            kit.stop(server)
        stored = stored_tokens(pg.url)
    lost = ledger.acknowledged - stored
    report.update(
        {
            "phases": phases,
            "total": window(ledger, 0, time.time() + 1),
            "acknowledged_writes": len(ledger.acknowledged),
            "acknowledged_writes_lost": len(lost),
            "writes_stored_not_acknowledged": len(stored - ledger.acknowledged),
        }
    )
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--users", type=int, default=6)
    parser.add_argument("--port", type=int, default=8732)
    parser.add_argument("--pg-port", type=int, default=5499)
    parser.add_argument("--redis-port", type=int, default=6399)
    parser.add_argument("--steady", type=float, default=15, help="seconds of load between faults")
    parser.add_argument("--down", type=float, default=10, help="seconds a server stays down")
    parser.add_argument("--name", default="faults")
    args = parser.parse_args()
    report = run(
        persons=args.persons,
        users=args.users,
        port=args.port,
        pg_port=args.pg_port,
        redis_port=args.redis_port,
        steady=args.steady,
        down=args.down,
    )
    report["date"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    from pages import commit

    report["commit"] = commit()
    target = ROOT / "benchmarks" / "results" / f"{args.name}.json"
    target.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "phases"}, indent=2))
    for name, phase in report["phases"].items():
        print(name, json.dumps(phase))
    print(f"geschreven: {target}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
