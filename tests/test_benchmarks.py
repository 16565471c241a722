"""The national-scale benchmark runs start to end on a tiny country, so it cannot rot."""

from __future__ import annotations

import importlib.util
import resource
import time
from pathlib import Path

import pytest

from plek.demo.country import generate_country
from plek.exchange.importer import import_directory

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "scale.py"


def _load_benchmark():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("plek_benchmark_scale", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def _generate(target: Path) -> tuple[float, int]:
    started = time.perf_counter()
    generate_country(target, 150, years=3, seed=11)
    return time.perf_counter() - started, _peak_mb()


def _load(source: Path) -> tuple[float, int]:
    started = time.perf_counter()
    result = import_directory(source)
    assert result.ok, result.lines()[:5]
    return time.perf_counter() - started, _peak_mb()


@pytest.mark.django_db
def test_the_benchmark_measures_every_figure_against_its_baseline() -> None:
    benchmark = _load_benchmark()
    report = benchmark.run(150, runs=3, years=3, generate=_generate, load=_load)
    assert report["rows"] > 150
    assert report["import"]["rows_per_second"] > 0
    assert report["import"]["share_of_raw_copy"] > 0
    assert len(report["import"]["seconds_all"]) == 3
    assert report["monitor"]["national_vs_scan"] > 0
    assert report["monitor"]["municipality_seconds_median"] > 0
    startup = report["startup"]
    assert (
        startup["plek monitor --help"]["seconds_median"]
        > startup["python -c pass"]["seconds_median"]
    )
    assert benchmark.machine()["cpus"]


@pytest.mark.django_db
def test_the_monitor_part_runs_on_the_loaded_country(tmp_path: Path) -> None:
    benchmark = _load_benchmark()
    generate_country(tmp_path, 150, years=3, seed=12)
    assert import_directory(tmp_path).ok
    monitor = benchmark.measure_monitor(runs=3)
    # The largest municipality of origin is measured, with the scan of the same run beside it.
    assert monitor["municipality"].startswith("GM")
    assert len(monitor["sequential_scan_seconds_all"]) == 3
    assert monitor["national_vs_scan"] > 0 and monitor["municipality_vs_scan"] > 0


# --- pages and load under concurrent users (benchmarks/pages.py, benchmarks/load/) ----------


def _script(name: str, path: Path):  # type: ignore[no-untyped-def]
    import sys

    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def small_country(tmp_path: Path) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: gunicorn and the benchmark share the database")
    generate_country(tmp_path / "country", 150, years=3, seed=11)
    result = import_directory(tmp_path / "country")
    assert result.ok, result.lines()[:5]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_page_benchmark_measures_every_page_against_health(small_country: None) -> None:
    pages = _script("plek_benchmark_pages", SCRIPT.parent / "pages.py")
    # Through the national benchmark's own step, as its full run measures the pages.
    report = _load_benchmark().measure_pages(
        3,
        _database_url(),
        users=2,
        requests_each=2,
        policy_users=1,
        port=_free_port(),
        workers=2,
        persons_each=20,
        signals_each=20,
        profile=True,
        log=lambda line: None,
    )
    assert set(report["pages"]) == set(pages.PAGES)
    for page, figures in report["pages"].items():
        assert figures["errors"] == 0, (page, report["runs"])
        assert figures["p95_ms"] > 0
    assert report["pages"]["dossier"]["p95_vs_health"] > 0
    assert report["peak_rss_mb"]["gunicorn_worker"] > 0
    assert report["profile"]["dossier"]["queries"] > 0
    assert report["profile"]["dashboard"]["status"] == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_users_kept_from_an_earlier_run_get_persons_again(small_country: None) -> None:
    from plek.plans.models import Plan
    from plek.signals.models import Signal

    kit = _script("plek_benchmark_pages", SCRIPT.parent / "pages.py").kit
    first = kit.prepare_users(casework=2, policy=1, persons_each=5, signals_each=5)
    assert all(user.person_ids for user in first if user.role != "beleid")
    # scale.py empties the country before it imports again; the users stay.
    Signal.objects.filter(external_id__startswith=kit.PREFIX).delete()
    Plan.objects.filter(external_id__startswith=kit.PREFIX).delete()
    again = kit.prepare_users(casework=2, policy=1, persons_each=5, signals_each=5)
    assert [user.username for user in again] == [user.username for user in first]
    for user in again:
        assert len(user.person_ids) == (0 if user.role == "beleid" else 5), user.username


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_load_mix_runs_without_errors(small_country: None, tmp_path: Path) -> None:
    load = _script("plek_benchmark_load", SCRIPT.parent / "load" / "run.py")
    report = load.run(
        _database_url(),
        rate=3,
        # Long enough that every task of the mix runs on a busy CI machine with a worker starting
        # beside gunicorn (12 s once gave no start-page request at all).
        seconds=30,
        port=_free_port(),
        workers=2,
        name="ci",
        results=tmp_path,
        persons_each=10,
        signals_each=10,
        # A Celery worker beside gunicorn, as in production (the dashboard queues its figures).
        redis_url="redis://127.0.0.1:6379/9",  # its own database: no other test's tasks
    )
    assert report["locust_exit"] == 0, report["locust_stderr_tail"]
    assert report["celery_worker"]
    # The figures of the officer's first look were stored before the run (the steady state).
    assert report["dashboard_warm_up_seconds"] is not None
    # The worker ran at idle priority, or the report says why it could not.
    idle = report["background_processes_at_idle_priority"]
    assert idle > 0 or report["background_priority_failed"]
    assert report["total"]["requests"] > 10
    assert report["total"]["failures"] == 0, report["endpoints"]
    # The rate once every user runs: about the 3 requests/s aimed at (a busy machine may lag).
    assert 0 < report["total"]["steady_requests_per_second"] < 10
    assert {"zoeken", "dossier", "startpagina (werklijsten)"} <= set(report["endpoints"])
    assert report["endpoints"]["contactmoment vastleggen"]["requests"] > 0
