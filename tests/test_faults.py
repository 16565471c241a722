"""When the database or Redis is out of reach: a fast Dutch 503, no traceback, and recovery by
itself (issue 18, item 2). The database is made unreachable for real: the worker's connection is
pointed at a closed port on loopback (connection refused, as during a restart), then back.

benchmarks/faults.py does the same against a private PostgreSQL cluster that it restarts and
stops under load; this test keeps the page and the recovery in the suite (PostgreSQL only)."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable

import pytest
from django.db import OperationalError, connection
from django.test import Client

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the connection settings of a real server")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(client: Client, path: str) -> tuple[int, str, float, str]:
    started = time.perf_counter()
    response = client.get(path)
    seconds = time.perf_counter() - started
    return response.status_code, response.content.decode(), seconds, response.get("Retry-After", "")


def test_a_logged_in_user_gets_the_dutch_503_page_fast_and_service_returns_by_itself(
    client_as: Callable[..., Client],
) -> None:
    client = client_as("wijkteam")
    client.raise_request_exception = False
    assert client.get("/").status_code == 200

    saved = (connection.settings_dict["HOST"], connection.settings_dict["PORT"])
    connection.close()
    connection.settings_dict["HOST"], connection.settings_dict["PORT"] = "127.0.0.1", closed_port()
    try:
        # The session and user are loaded in middleware: the failure is outside any view.
        status, html, seconds, retry = fetch(client, "/")
        health = client.get("/health/")
    finally:
        connection.close()
        connection.settings_dict["HOST"], connection.settings_dict["PORT"] = saved

    assert status == 503
    assert "tijdelijk niet beschikbaar" in html
    assert "mogelijk niet opgeslagen" not in html  # not the 500 page
    assert "Traceback" not in html and "OperationalError" not in html
    assert retry == "30"
    assert seconds < 3
    assert health.status_code == 503

    # Back without anyone doing anything: the next request reconnects.
    assert client.get("/").status_code == 200
    assert client.get("/health/").status_code == 200


def test_a_view_that_loses_the_database_answers_503_not_500(
    client_as: Callable[..., Client],
) -> None:
    client = client_as("wijkteam")
    client.raise_request_exception = False
    from plek.web.unavailable import DatabaseUnavailableMiddleware

    # A failure raised inside a view goes through the middleware's process_exception.
    middleware = DatabaseUnavailableMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    request = client.get("/").wsgi_request
    response = middleware.process_exception(
        request, OperationalError("server closed the connection unexpectedly")
    )
    assert response is not None and response.status_code == 503
    assert "tijdelijk niet beschikbaar" in response.content.decode()
    assert middleware.process_exception(request, ValueError("a bug")) is None


def test_connecting_is_bounded_by_a_timeout() -> None:
    options = connection.settings_dict["OPTIONS"]
    assert 0 < int(options["connect_timeout"]) <= 10
    assert options["keepalives"] == 1


def test_a_cache_without_redis_is_a_cache_that_misses_fast() -> None:
    from plek.core.cache import TolerantRedisCache

    cache = TolerantRedisCache(
        f"redis://127.0.0.1:{closed_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}},
    )
    started = time.perf_counter()
    assert cache.get("key", "default") == "default"
    assert cache.add("key", 1) is False
    cache.set("key", 1)
    assert cache.delete("key") is False
    assert cache.get_many(["a", "b"]) == {}
    assert time.perf_counter() - started < 5


def test_queueing_the_monitor_refresh_without_redis_does_not_fail(settings: object) -> None:
    """A change queues a monitor refresh after commit; with Redis gone the change still stands
    and the page still answers (stale figures are recomputed when a page asks)."""
    from django.core.cache import caches

    from plek.monitor.tasks import queue_refresh

    settings.CACHES = {  # type: ignore[attr-defined]
        "default": {
            "BACKEND": "plek.core.cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    caches["default"].close()
    try:
        queue_refresh()  # nothing queued, nothing raised
    finally:
        del caches["default"]
