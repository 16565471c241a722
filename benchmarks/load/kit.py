"""What the page benchmark, the load test and the fault test share: benchmark users with
relations to persons (made set-based), a gunicorn on a loopback port, a real login (password and
TOTP code), and peak RSS sampling of the server processes.

Used by benchmarks/pages.py, benchmarks/load/locustfile.py, benchmarks/faults.py and their tests.
Synthetic data only: the users are made here, the persons come from `plek generate`.
"""

from __future__ import annotations

import datetime
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
import requests

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "bench-"
PASSWORD = "Benchmark-wachtwoord-42!"  # noqa: S105 - synthetic users on a throw-away database
# Fixed keys for benchmark processes: gunicorn refuses the demo keys outside demo mode.
SERVER_ENV = {
    "PLEK_SECRET_KEY": "plek-benchmark-only-secret-key-" + "x" * 30,
    "PLEK_LOG_KEY": "plek-benchmark-only-log-key-" + "y" * 30,
    # Loopback without TLS: cookies must travel over plain http.
    "PLEK_SECURE_COOKIES": "0",
    "PLEK_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "PLEK_LOG_LEVEL": "WARNING",
}
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def django_setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plek.settings")
    for key, value in SERVER_ENV.items():
        os.environ.setdefault(key, value)
    import django

    django.setup()


@dataclass
class BenchUser:
    username: str
    role: str
    totp_key: str
    person_ids: list[int] = field(default_factory=list)
    signal_ids: list[int] = field(default_factory=list)
    search_texts: list[str] = field(default_factory=list)
    # Aftercare coaches: open check-ins (contactmomenten) due on tracks they coach.
    checkin_ids: list[int] = field(default_factory=list)


def prepare_users(
    casework: int = 20,
    policy: int = 20,
    persons_each: int = 200,
    signals_each: int = 50,
    coaches: int = 0,
    checkins_each: int = 0,
) -> list[BenchUser]:
    """Benchmark users (half regisseur, half wijkteam, plus policy officers and aftercare
    coaches), made once and reused: each regisseur leads `persons_each` running plans of persons
    of their own, the wijkteam users share the plans' team (so they see those persons) and have
    `signals_each` open signals assigned each, and each coach has `checkins_each` open check-ins
    due (topped up on every call, as a load run records them). Every insert is one statement for
    all rows (bulk_create, or INSERT ... SELECT)."""
    from django.contrib.auth.hashers import Argon2PasswordHasher
    from django.db import transaction
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from plek.accounts.models import Membership, Organisation, OrganisationKind, Team, User
    from plek.core.dates import today
    from plek.plans.models import Plan
    from plek.signals.models import Signal

    roles = ["regisseur" if n % 2 == 0 else "wijkteam" for n in range(casework)]
    roles += ["beleid"] * policy
    roles += ["waakvlam"] * coaches
    names = [f"{PREFIX}{role}-{n:03d}" for n, role in enumerate(roles)]
    with transaction.atomic():
        organisation, _ = Organisation.objects.get_or_create(
            external_id=f"{PREFIX}wijkteam",
            defaults={"name": "Benchmark wijkteam", "kind": OrganisationKind.WIJKTEAM},
        )
        team, _ = Team.objects.get_or_create(organisation=organisation, name="Benchmark team")
        existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
        new = [
            (name, role) for name, role in zip(names, roles, strict=True) if name not in existing
        ]
        if new:
            # Argon2 whatever this process's hashers: the server checks with the production ones.
            hasher = Argon2PasswordHasher()
            password = hasher.encode(PASSWORD, hasher.salt())
            users = User.objects.bulk_create(
                [User(username=name, password=password) for name, _ in new]
            )
            start = today() - datetime.timedelta(days=365)
            Membership.objects.bulk_create(
                [
                    Membership(
                        user=user,
                        organisation=organisation,
                        team=team if role != "beleid" else None,
                        role=role,
                        start_date=start,
                    )
                    for user, (_, role) in zip(users, new, strict=True)
                ]
            )
            TOTPDevice.objects.bulk_create(
                [TOTPDevice(user=user, name="benchmark", confirmed=True) for user in users]
            )
            _relations(users, new, team, persons_each, signals_each)
        orphaned = _without_relations(names, roles, existing)
        if orphaned:
            kept = User.objects.in_bulk([name for name, _ in orphaned], field_name="username")
            _relations(
                [kept[name] for name, _ in orphaned], orphaned, team, persons_each, signals_each
            )
        coach_names = [name for name, role in zip(names, roles, strict=True) if role == "waakvlam"]
        due = _due_checkins(coach_names, checkins_each) if checkins_each else []
        devices = {
            d.user.username: d.key
            for d in TOTPDevice.objects.filter(user__username__in=names).select_related("user")
        }
        plans = Plan.objects.filter(
            external_id__startswith=PREFIX, case_leads__user__username__in=names
        ).values_list("case_leads__user__username", "person_id", "person__family_name")
        signals = Signal.objects.filter(
            external_id__startswith=PREFIX, worker__username__in=names
        ).values_list("worker__username", "id", "person_id", "person__family_name")
        by_user: dict[str, BenchUser] = {
            name: BenchUser(name, role, devices[name])
            for name, role in zip(names, roles, strict=True)
        }
        for username, person_id, family in plans:
            by_user[username].person_ids.append(person_id)
            by_user[username].search_texts.append(family)
        for username, signal_id, person_id, family in signals:
            by_user[username].signal_ids.append(signal_id)
            by_user[username].person_ids.append(person_id)
            by_user[username].search_texts.append(family)
        for username, checkin_id, person_id in due:
            by_user[username].checkin_ids.append(checkin_id)
            if person_id not in by_user[username].person_ids:
                by_user[username].person_ids.append(person_id)
    if new or due or orphaned:
        _analyse_written()
    return list(by_user.values())


def _without_relations(
    names: list[str], roles: list[str], existing: set[str]
) -> list[tuple[str, str]]:
    """The casework users kept from an earlier run whose plans and signals are gone, because
    the country was emptied and imported again (`benchmarks/scale.py` does so before every
    import): they get persons again, as new users do."""
    from plek.plans.models import Plan
    from plek.signals.models import Signal

    related = set(
        Plan.objects.filter(external_id__startswith=PREFIX).values_list(
            "case_leads__user__username", flat=True
        )
    ) | set(
        Signal.objects.filter(external_id__startswith=PREFIX).values_list(
            "worker__username", flat=True
        )
    )
    return [
        (name, role)
        for name, role in zip(names, roles, strict=True)
        if name in existing and role in ("regisseur", "wijkteam") and name not in related
    ]


# The tables prepare_users writes to.
_WRITTEN_TABLES = (
    "accounts_organisation",
    "accounts_team",
    "accounts_user",
    "accounts_membership",
    "otp_totp_totpdevice",
    "plans_plan",
    "plans_caseleadassignment",
    "signals_signal",
    "aftercare_aftercaretrack",
    "aftercare_checkin",
)


def _analyse_written() -> None:
    """Statistics of the tables just written, as autovacuum gives them a minute after a load
    in production. A server without autovacuum (this project's machines run without it) would
    otherwise plan the relation statements for empty tables: the generic plans of prepared
    statements then scanned a team's 2,000 plans against each asked id (1.8 ms instead of 0.4
    ms a statement) and the benchmark measured an unanalysed database, not plek."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(_WRITTEN_TABLES)}")


def _relations(
    users: list[Any], new: list[tuple[str, str]], team: Any, persons_each: int, signals_each: int
) -> None:
    """Plans for the regisseurs and open signals for the wijkteam users, on persons nobody else
    in the benchmark has (persons without a running plan), in one statement per table."""
    from django.utils import timezone

    from plek.core.dates import today
    from plek.people.models import Person
    from plek.plans.models import CaseLeadAssignment, Plan
    from plek.signals.models import Signal

    leads = [u for u, (_, role) in zip(users, new, strict=True) if role == "regisseur"]
    workers = [u for u, (_, role) in zip(users, new, strict=True) if role == "wijkteam"]
    wanted = len(leads) * persons_each + len(workers) * signals_each
    free = list(
        Person.objects.filter(plans__isnull=True, merged_into__isnull=True)
        .exclude(signals__external_id__startswith=PREFIX)
        .order_by("id")
        .values_list("id", flat=True)[:wanted]
    )
    day = today()
    plans = []
    for n, _lead in enumerate(leads):
        for k, person_id in enumerate(free[n * persons_each : (n + 1) * persons_each]):
            plans.append(
                Plan(
                    external_id=f"{PREFIX}plan-{person_id}",
                    person_id=person_id,
                    started_on=day - datetime.timedelta(days=30 + k),
                    review_on=day + datetime.timedelta(days=(k % 60) - 10),
                    team=team,
                )
            )
    plans = Plan.objects.bulk_create(plans)
    owner = {}
    for n, lead in enumerate(leads):
        for person_id in free[n * persons_each : (n + 1) * persons_each]:
            owner[person_id] = lead
    now = timezone.now()
    CaseLeadAssignment.objects.bulk_create(
        [
            CaseLeadAssignment(plan=plan, user=owner[plan.person_id], team=team, started_at=now)
            for plan in plans
        ]
    )
    offset = len(leads) * persons_each
    signals = []
    for n, worker in enumerate(workers):
        chunk = free[offset + n * signals_each : offset + (n + 1) * signals_each]
        for k, person_id in enumerate(chunk):
            signals.append(
                Signal(
                    external_id=f"{PREFIX}signal-{person_id}",
                    person_id=person_id,
                    source="huurachterstand",
                    urgency=("spoed", "hoog", "normaal")[k % 3],
                    received_on=day - datetime.timedelta(days=k % 20),
                    team=team,
                    worker=worker,
                )
            )
    Signal.objects.bulk_create(signals)


TRACKS_PER_COACH = 10
# One statement each: a running aftercare track per coach on persons no other benchmark user
# has, then open check-ins due (in the last two weeks) until each coach has `wanted`.
_TRACKS_SQL = """
WITH coach AS (
    SELECT u.id, row_number() OVER (ORDER BY u.id) - 1 AS n
    FROM accounts_user u
    WHERE u.username = ANY(%(names)s)
      AND NOT EXISTS (SELECT 1 FROM aftercare_aftercaretrack t WHERE t.coach_id = u.id)
), person AS (
    SELECT p.id, row_number() OVER (ORDER BY p.id) - 1 AS n
    FROM people_person p
    WHERE p.merged_into_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM plans_plan x WHERE x.person_id = p.id)
      AND NOT EXISTS (SELECT 1 FROM aftercare_aftercaretrack x WHERE x.person_id = p.id)
      AND NOT EXISTS (SELECT 1 FROM signals_signal x WHERE x.person_id = p.id
                      AND x.external_id LIKE %(prefix)s)
    ORDER BY p.id
    LIMIT (SELECT count(*) FROM coach) * %(tracks)s
)
INSERT INTO aftercare_aftercaretrack (external_id, person_id, started_on, coach_id, end_reason)
SELECT 'bench-nazorg-' || person.id, person.id, %(started)s, coach.id, ''
FROM coach JOIN person ON person.n / %(tracks)s = coach.n
"""
_CHECKINS_SQL = """
WITH track AS (
    SELECT t.id,
           (SELECT count(*) FROM aftercare_checkin c WHERE c.track_id = t.id) AS made,
           %(per_track)s - (SELECT count(*) FROM aftercare_checkin c
                            WHERE c.track_id = t.id AND c.done_on IS NULL) AS missing
    FROM aftercare_aftercaretrack t
    JOIN accounts_user u ON u.id = t.coach_id
    WHERE u.username = ANY(%(names)s) AND t.external_id LIKE 'bench-nazorg-%%'
)
INSERT INTO aftercare_checkin (external_id, track_id, due_on, light, note)
SELECT 'bench-contact-' || track.id || '-' || (track.made + g), track.id,
       %(today)s - ((track.made + g) %% 14)::int, '', ''
FROM track CROSS JOIN LATERAL generate_series(1, track.missing) AS g
"""
_DUE_SQL = """
SELECT u.username, c.id, t.person_id
FROM aftercare_checkin c
JOIN aftercare_aftercaretrack t ON t.id = c.track_id
JOIN accounts_user u ON u.id = t.coach_id
WHERE u.username = ANY(%(names)s) AND c.done_on IS NULL AND t.external_id LIKE 'bench-nazorg-%%'
ORDER BY c.id
"""


def _due_checkins(names: list[str], wanted: int) -> list[tuple[str, int, int]]:
    """(coach, check-in, person) for every open check-in of the coaches, topped up to about
    `wanted` per coach; set-based, one statement per table."""
    from django.db import connection

    from plek.core.dates import today

    day = today()
    per_track = -(-wanted // TRACKS_PER_COACH)
    with connection.cursor() as cursor:
        cursor.execute(
            _TRACKS_SQL,
            {
                "names": names,
                "prefix": f"{PREFIX}%",
                "tracks": TRACKS_PER_COACH,
                "started": day - datetime.timedelta(days=120),
            },
        )
        cursor.execute(_CHECKINS_SQL, {"names": names, "per_track": per_track, "today": day})
        cursor.execute(_DUE_SQL, {"names": names})
        return [(row[0], row[1], row[2]) for row in cursor.fetchall()]


# --- the server ------------------------------------------------------------------------------


def start_gunicorn(
    database_url: str, port: int, workers: int = 4, extra_env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """gunicorn plek.wsgi on 127.0.0.1:port; returns once /health/ answers."""
    env = {**os.environ, **SERVER_ENV, "DATABASE_URL": database_url, **(extra_env or {})}
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "plek.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "300",
            "--graceful-timeout",
            "5",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start-up (exit {process.returncode})")
        try:
            if requests.get(f"http://127.0.0.1:{port}/health/", timeout=5).status_code == 200:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.5)
    stop(process)
    raise RuntimeError("gunicorn did not answer /health/ within 120 s")


# The Celery worker as production runs it (with beat: the requeue of jobs that waited for the
# broker is a beat task); --schedule is added by the caller.
WORKER_COMMAND = [
    sys.executable,
    "-m",
    "celery",
    "-A",
    "plek",
    "worker",
    "--beat",
    "--concurrency",
    "2",  # a report is not stuck behind a monitor refresh of every municipality
    "--loglevel",
    "INFO",
    "--without-heartbeat",
    "--without-gossip",
    "--without-mingle",
]


# The application name of a background worker's database sessions (libpq reads PGAPPNAME), so
# their PostgreSQL backends can be found and given the worker's idle priority (BackgroundPriority).
BACKGROUND_APPLICATION = "plek-bench-background-worker"


def start_worker(
    env: dict[str, str], log: Path, schedule: Path, *, background: bool = False
) -> subprocess.Popen[bytes]:
    """A Celery worker (with beat, its schedule in ``schedule``) in its own session, its output
    appended to ``log`` (a restarted worker goes on in the same file). ``background``: at the
    lowest CPU priority, its database sessions named BACKGROUND_APPLICATION."""
    command = [*WORKER_COMMAND, "--schedule", str(schedule)]
    if background:
        command = ["nice", "-n", "19", *command]
        env = {**env, "PGAPPNAME": BACKGROUND_APPLICATION}
    with log.open("ab") as handle:  # the worker keeps its own copy of the descriptor
        return subprocess.Popen(  # noqa: S603 - celery from our own environment
            command,
            env=env,
            cwd=ROOT,
            stdout=handle,
            stderr=handle,
            start_new_session=True,
        )


def beat_schedule() -> Path:
    """A fresh file for celery beat's schedule."""
    return Path(tempfile.mkdtemp(prefix="plek-beat-")) / "schedule"


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- logging in ------------------------------------------------------------------------------


def totp_code(key_hex: str) -> str:
    """The current code of a TOTP device (django_otp's defaults: 30 s steps, 6 digits)."""
    from django_otp.oath import TOTP

    return f"{TOTP(bytes.fromhex(key_hex), step=30, t0=0, digits=6).token():06d}"


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    if not match:
        raise RuntimeError("geen CSRF-token in de pagina")
    return match.group(1)


def log_in(base: str, user: BenchUser, session: requests.Session | None = None) -> requests.Session:
    """The real login: the form with user name and password, then the TOTP code."""
    session = session or requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=60)
    response = session.post(
        f"{base}/accounts/login/",
        data={
            "username": user.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf_token(page.text),
        },
        timeout=60,
    )
    if "tweede-factor" in response.url and user.role != "beleid":
        for _attempt in range(3):
            response = session.post(
                response.url,
                data={
                    "token": totp_code(user.totp_key),
                    "csrfmiddlewaretoken": csrf_token(response.text),
                },
                timeout=60,
            )
            if "tweede-factor" not in response.url:
                break
            time.sleep(31 - time.time() % 30)  # a code used this step: wait for the next
        else:
            raise RuntimeError(f"tweede factor geweigerd voor {user.username}")
    if response.status_code != 200 or "/accounts/login" in response.url:
        raise RuntimeError(f"inloggen mislukt voor {user.username}: {response.status_code}")
    return session


# --- peak RSS --------------------------------------------------------------------------------


class RssSampler:
    """Samples the resident set size of the gunicorn master and workers and of the PostgreSQL
    backends serving `database` every `interval` seconds; keeps the peak per process kind."""

    def __init__(self, server_pid: int, database: str, interval: float = 0.5) -> None:
        self.server_pid = server_pid
        self.database = database
        self.interval = interval
        self.peak: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _note(self, kind: str, rss: int) -> None:
        self.peak[kind] = max(self.peak.get(kind, 0), rss)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        try:
            master = psutil.Process(self.server_pid)
            self._note("gunicorn_master", master.memory_info().rss)
            for worker in master.children():
                self._note("gunicorn_worker", worker.memory_info().rss)
        except psutil.Error:
            pass
        marker = f" {self.database} "
        for process in psutil.process_iter(["name", "cmdline"]):
            try:
                cmdline = " ".join(process.info["cmdline"] or [])
                if cmdline.startswith("postgres:") and marker in cmdline:
                    self._note("postgresql_backend", process.memory_info().rss)
            except psutil.Error:
                continue

    def megabytes(self) -> dict[str, float]:
        return {kind: round(rss / 2**20, 1) for kind, rss in sorted(self.peak.items())}


# A cpu cgroup (v1) whose members run only when nothing else wants the CPU (cpu.idle).
IDLE_CGROUP = Path("/sys/fs/cgroup/cpu/plek-bench-background")


class BackgroundPriority:
    """Runs a background worker and its PostgreSQL backends (BACKGROUND_APPLICATION) at idle
    priority, checked every `interval` seconds.

    One machine stands in for a deployment whose workers run on hosts of their own. The monitor
    a worker recomputes is mostly SQL, so its backend would take a core from the pages being
    measured; and ``nice`` alone does not hold it back, because the kernel shares the CPU between
    sessions first (autogroups) and every backend is in the PostgreSQL server's session. So the
    worker and its backends are moved into a cpu cgroup with ``cpu.idle`` set. That needs root
    and a writable cgroup v1 cpu hierarchy; without them the worker keeps only its ``nice`` and
    ``failed`` says why.
    """

    def __init__(self, database_url: str, worker_pid: int | None, interval: float = 2.0) -> None:
        self.database_url = database_url
        self.worker_pid = worker_pid
        self.interval = interval
        self.moved: set[int] = set()
        self.failed = ""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> BackgroundPriority:
        if self.worker_pid is not None and self._make_group():
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _make_group(self) -> bool:
        try:
            IDLE_CGROUP.mkdir(exist_ok=True)
            (IDLE_CGROUP / "cpu.idle").write_text("1")
        except OSError as error:
            self.failed = f"{IDLE_CGROUP}: {error.strerror}"
            return False
        return True

    def _loop(self) -> None:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as connection:
            while not self._stop.is_set():
                backends = connection.execute(
                    "SELECT pid FROM pg_stat_activity WHERE application_name = %s",
                    [BACKGROUND_APPLICATION],
                ).fetchall()
                for pid in {*self._worker_tree(), *(pid for (pid,) in backends)} - self.moved:
                    self._move(pid)
                self._stop.wait(self.interval)

    def _worker_tree(self) -> list[int]:
        try:
            worker = psutil.Process(self.worker_pid)
            return [worker.pid, *(child.pid for child in worker.children(recursive=True))]
        except psutil.Error:
            return []

    def _move(self, pid: int) -> None:
        try:
            (IDLE_CGROUP / "cgroup.procs").write_text(str(pid))
            self.moved.add(pid)
        except OSError as error:  # gone meanwhile, or not allowed
            self.failed = f"{pid}: {error.strerror}"


def database_name(database_url: str) -> str:
    return database_url.rsplit("/", 1)[-1].split("?", 1)[0]


def random_suffix() -> str:
    return secrets.token_hex(4)
