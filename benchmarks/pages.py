"""Pages under 20 concurrent users, against gunicorn + PostgreSQL on loopback (issue 13, item 6).

    uv run python benchmarks/pages.py --persons 100000 \\
        --database postgres://postgres@127.0.0.1:5432/plek_pages --runs 3 --name pages-100k

On the database given (its own: it is migrated, and filled when it holds no persons) the script
generates a country of --persons persons with `plek generate` and imports it with `plek import`,
adds benchmark users set-based (regisseurs leading running plans, wijkteam workers with open
signals, policy officers), starts `gunicorn plek.wsgi` on 127.0.0.1:--port, logs every user in
through the real login (password and TOTP code) and then, per run, lets the casework users
request each page at the same time, --requests times each:

- health: `/health/`, the trivial view, the baseline of the same run;
- dossier: a person page (`/personen/<id>/`) of a person the user works with;
- start: the start page with the user's worklists (`/`);
- search: the person search (POST `/personen/zoeken/`) for a family name of the user's persons;
- dashboard: the policy officer's monitor (`/monitor/`), by the policy officers (served from the
  precomputed monitor; the first, cold request is reported apart).

Every figure is the median over --runs runs of each run's p50 and p95; with the ratio of each
page's p95 to /health/'s p95 in the same run and the peak RSS of the gunicorn master and workers
and of the PostgreSQL backends of this database. --profile adds, per page, the query count and
the slowest statements of one request made in-process. Results: benchmarks/results/<name>.json.
`run(...)` is what tests/test_benchmarks.py calls on a tiny country.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent / "load"))

import kit

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("health", "dossier", "start", "search", "dashboard")
# Issue 13: every page within 3x the trivial view at p95; the dashboard under a second.
TARGET_RATIO = 3.0
DASHBOARD_SECONDS = 1.0


# Progress lines reach a log file at once, not when the buffer fills.
say = functools.partial(print, flush=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


class Visitor:
    """One logged-in user with the request for each page kind it takes part in."""

    def __init__(self, base: str, user: kit.BenchUser, seed: int) -> None:
        self.base = base
        self.user = user
        self.random = random.Random(seed)  # noqa: S311 - picks pages, not secrets
        self.session = kit.log_in(base, user)
        self.csrf = ""
        if user.role != "beleid":
            self.csrf = kit.csrf_token(
                self.session.get(f"{base}/personen/zoeken/", timeout=60).text
            )

    def takes_part(self, page: str) -> bool:
        if page == "dashboard":
            return self.user.role == "beleid"
        return self.user.role != "beleid"

    def request(self, page: str) -> Any:
        get, timeout = self.session.get, 300
        if page == "health":
            return get(f"{self.base}/health/", timeout=timeout)
        if page == "dossier":
            person = self.random.choice(self.user.person_ids)
            return get(f"{self.base}/personen/{person}/", timeout=timeout)
        if page == "start":
            return get(f"{self.base}/", timeout=timeout)
        if page == "search":
            text = self.random.choice(self.user.search_texts)
            return self.session.post(
                f"{self.base}/personen/zoeken/",
                data={"q": text, "csrfmiddlewaretoken": self.csrf},
                headers={"Referer": f"{self.base}/personen/zoeken/"},
                timeout=timeout,
            )
        if page == "dashboard":
            return get(f"{self.base}/monitor/", timeout=timeout)
        raise ValueError(page)


def measure(visitors: list[Visitor], page: str, requests_each: int) -> dict[str, Any]:
    """All visitors taking part request the page `requests_each` times, at the same time."""
    taking_part = [v for v in visitors if v.takes_part(page)]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(taking_part))

    def work(visitor: Visitor) -> None:
        barrier.wait()
        for _ in range(requests_each):
            started = time.perf_counter()
            try:
                response = visitor.request(page)
                ok = response.status_code == 200
                detail = f"{response.status_code}"
            except Exception as exc:
                ok, detail = False, type(exc).__name__
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(detail)

    threads = [threading.Thread(target=work, args=(v,)) for v in taking_part]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "users": len(taking_part),
        "requests": len(latencies),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "max_ms": round(max(latencies, default=0) * 1000, 1),
        "requests_per_second": round(len(latencies) / wall, 2) if wall else 0.0,
    }


def profile_pages(users: list[kit.BenchUser]) -> dict[str, Any]:
    """One request per page in-process (Django's test client): queries and the slowest SQL."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from plek.accounts.models import Membership, User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    by_role = {u.role: u for u in users}
    result: dict[str, Any] = {}
    for page, role in (
        ("dossier", "regisseur"),
        ("start", "regisseur"),
        ("start_wijkteam", "wijkteam"),
        ("search", "wijkteam"),
        ("dashboard", "beleid"),
    ):
        bench = by_role[role]
        user = User.objects.get(username=bench.username)
        client = Client()
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
        session["plek_membership_id"] = Membership.objects.get(user=user).pk
        session.save()

        def once(page: str = page, bench: kit.BenchUser = bench, client: Client = client) -> Any:
            if page == "dossier":
                return client.get(f"/personen/{bench.person_ids[0]}/")
            if page.startswith("start"):
                return client.get("/")
            if page == "search":
                return client.post("/personen/zoeken/", {"q": bench.search_texts[0]})
            return client.get("/monitor/")

        once()  # warm: imports, templates and caches of this process
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = once()
            seconds = time.perf_counter() - started
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
        result[page] = {
            "status": response.status_code,
            "seconds": round(seconds, 3),
            "queries": len(queries.captured_queries),
            "slowest": [{"seconds": float(q["time"]), "sql": q["sql"][:600]} for q in slowest],
        }
    return result


def run(
    database_url: str,
    *,
    runs: int = 3,
    users: int = 20,
    requests_each: int = 10,
    policy_users: int = 4,
    dashboard_requests: int = 1,
    persons_each: int = 200,
    signals_each: int = 50,
    port: int = 8731,
    workers: int = 4,
    profile: bool = False,
    log: Callable[[str], None] = say,
) -> dict[str, Any]:
    """Measure the pages on a database that already holds the country (see main)."""
    bench_users = kit.prepare_users(
        casework=users, policy=policy_users, persons_each=persons_each, signals_each=signals_each
    )
    server = kit.start_gunicorn(database_url, port, workers=workers)
    base = f"http://127.0.0.1:{port}"
    report: dict[str, Any] = {
        "users": users,
        "policy_users": policy_users,
        "requests_each": requests_each,
        "dashboard_requests_each": dashboard_requests,
        "workers": workers,
    }
    try:
        with kit.RssSampler(server.pid, kit.database_name(database_url)) as rss:
            log(f"{len(bench_users)} gebruikers inloggen")
            visitors = [Visitor(base, u, n) for n, u in enumerate(bench_users)]
            policy = next(v for v in visitors if v.user.role == "beleid")
            started = time.perf_counter()
            cold = policy.request("dashboard")
            report["dashboard_first_request_seconds"] = round(time.perf_counter() - started, 3)
            report["dashboard_first_status"] = cold.status_code
            for page in PAGES:  # warm every worker's caches once
                measure(visitors, page, 1)
            per_run = []
            for number in range(runs):
                figures = {
                    page: measure(
                        visitors, page, dashboard_requests if page == "dashboard" else requests_each
                    )
                    for page in PAGES
                }
                log(
                    f"run {number + 1}: "
                    + ", ".join(f"{p} p95 {f['p95_ms']} ms" for p, f in figures.items())
                )
                per_run.append(figures)
        report["peak_rss_mb"] = rss.megabytes()
    finally:
        kit.stop(server)
    report["runs"] = per_run
    report["pages"] = summarise(per_run)
    if profile:
        report["profile"] = profile_pages(bench_users)
    return report


def summarise(per_run: list[dict[str, Any]]) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for page in PAGES:
        p50 = statistics.median(r[page]["p50_ms"] for r in per_run)
        p95 = statistics.median(r[page]["p95_ms"] for r in per_run)
        ratio = statistics.median(
            r[page]["p95_ms"] / max(r["health"]["p95_ms"], 0.001) for r in per_run
        )
        entry = {
            "p50_ms": p50,
            "p95_ms": p95,
            "p95_vs_health": round(ratio, 2),
            "errors": sum(r[page]["errors"] for r in per_run),
            "requests": sum(r[page]["requests"] for r in per_run),
        }
        if page == "dashboard":
            entry["meets_target"] = p95 < DASHBOARD_SECONDS * 1000
        elif page != "health":
            entry["meets_target"] = ratio <= TARGET_RATIO
        summary[page] = entry
    return summary


def fill(database_url: str, persons: int, data: Path) -> dict[str, Any]:
    """Migrate, and when the database holds no persons: generate and import the country."""
    env = {**os.environ, **kit.SERVER_ENV, "DATABASE_URL": database_url}
    plek = [str(Path(sys.executable).parent / "plek")]
    subprocess.run([*plek, "migrate", "--noinput"], env=env, check=True, capture_output=True)  # noqa: S603
    from plek.people.models import Person

    existing = Person.objects.count()
    if existing:
        return {"persons": existing, "imported": False}
    started = time.perf_counter()
    subprocess.run(  # noqa: S603
        [*plek, "generate", str(data), "--persons", str(persons)], env=env, check=True
    )
    generated = time.perf_counter() - started
    started = time.perf_counter()
    subprocess.run([*plek, "import", str(data)], env=env, check=True)  # noqa: S603
    return {
        "persons": Person.objects.count(),
        "imported": True,
        "generate_seconds": round(generated, 1),
        "import_seconds": round(time.perf_counter() - started, 1),
    }


def machine() -> dict[str, Any]:
    import platform

    import psutil
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "postgresql": server,
        "platform": platform.platform(),
    }


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--database", required=True, help="postgres://… (a database of its own)")
    parser.add_argument("--data", type=Path, default=None, help="folder for the generated files")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10, help="per user, page and run")
    parser.add_argument("--policy-users", type=int, default=4, help="policy officers (dashboard)")
    parser.add_argument("--dashboard-requests", type=int, default=1, help="per officer and run")
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--name", default="")
    args = parser.parse_args()
    if args.runs < 3:
        parser.error("--runs: at least 3 (the figures are medians)")
    kit.django_setup(args.database)
    import tempfile

    data = args.data or Path(tempfile.mkdtemp(prefix="plek-pages-")) / "country"
    dataset = fill(args.database, args.persons, data)
    print(f"gegevens: {dataset}")
    report = run(
        args.database,
        runs=args.runs,
        users=args.users,
        requests_each=args.requests,
        policy_users=args.policy_users,
        dashboard_requests=args.dashboard_requests,
        port=args.port,
        workers=args.workers,
        profile=args.profile,
    )
    report["dataset"] = dataset
    report["machine"] = machine()
    report["commit"] = commit()
    report["date"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    name = args.name or f"pages-{args.persons // 1000}k"
    target = ROOT / "benchmarks" / "results" / f"{name}.json"
    target.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for page, figures in report["pages"].items():
        print(
            f"{page:10} p50 {figures['p50_ms']:8.1f} ms  p95 {figures['p95_ms']:8.1f} ms  "
            f"×health {figures['p95_vs_health']}"
        )
    print(f"piek-RSS (MB): {report['peak_rss_mb']}")
    print(f"geschreven: {target}")


if __name__ == "__main__":
    main()
