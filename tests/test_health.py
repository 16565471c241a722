"""/health/ answers without login; a database that cannot be reached gives 503, not a traceback."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthy(client: Client) -> None:
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["version"]
    assert "no-cache" in response["Cache-Control"]


def test_database_unreachable_gives_503_without_details(client: Client) -> None:
    failure = OperationalError('connection to server at "127.0.0.1", port 1 failed: refused')
    with mock.patch.object(connections["default"], "ensure_connection", side_effect=failure):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}
    assert b"port 1" not in response.content and b"Traceback" not in response.content


def test_query_failure_counts_as_unreachable(client: Client) -> None:
    with mock.patch.object(
        connections["default"], "cursor", side_effect=OperationalError("server closed")
    ):
        response = client.get("/health/")
    assert response.status_code == 503


def test_only_safe_methods(client: Client) -> None:
    assert client.post("/health/").status_code == 405
    assert client.head("/health/").status_code == 200
