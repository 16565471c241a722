"""The chain's technical events: catalogued, after the commit, with the request's context and
never a person in them."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plek.accounts.models import Membership
from plek.core.events import CATALOGUE, emit
from tests.conftest import login_fully
from tests.factories import PersonFactory, RelationFactory, TeamFactory

ROOT = Path(__file__).resolve().parents[2]


def _events(caplog: pytest.LogCaptureFixture, name: str) -> list[dict[str, Any]]:
    return [
        record.msg
        for record in caplog.records
        if isinstance(record.msg, dict) and record.msg.get("event") == name
    ]


def test_an_event_outside_the_catalogue_or_with_a_person_is_refused() -> None:
    with pytest.raises(ValueError, match="Onbekende gebeurtenis"):
        emit("signal.vanished", signal_id=1)
    with pytest.raises(ValueError, match="person_id"):
        emit("signal.registered", signal_id=1, person_id=2)


@pytest.mark.django_db
def test_an_event_is_written_only_when_its_transaction_commits(
    caplog: pytest.LogCaptureFixture, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    caplog.set_level(logging.INFO, logger="plek.chain")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        emit("plan.started", plan_id=7)
    assert _events(caplog, "plan.started") == []
    for callback in callbacks:
        callback()
    assert _events(caplog, "plan.started")[0]["plan_id"] == 7


@pytest.mark.django_db
def test_a_signal_registered_through_the_api_is_logged_with_the_request_and_no_person(
    member: Callable[..., Membership],
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    caplog.set_level(logging.INFO, logger="plek.chain")
    membership = member("wijkteam", team=TeamFactory())
    person = PersonFactory()
    RelationFactory(person=person, user=membership.user)
    client = login_fully(Client(), membership)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("api-signal-list"),
            {
                "source": "water",
                "urgency": "hoog",
                "received_on": timezone.localdate().isoformat(),
                "person": person.pk,
                "arrear_amount": "120.00",
            },
            content_type="application/json",
            HTTP_X_REQUEST_ID="test-request-0001",
        )
    assert response.status_code == 201
    (event,) = _events(caplog, "signal.registered")
    assert event["signal_id"] == response.json()["id"]
    # The request id is plek's own (the response echoes it); the client's id travels beside it.
    assert event["request_id"] == response["X-Request-ID"] != "test-request-0001"
    assert event["client_request_id"] == "test-request-0001"
    assert event["user_id"] == membership.user.pk
    assert event["role"] == "wijkteam"
    assert "person_id" not in event and "person" not in event


def test_the_catalogue_is_documented_and_every_emitted_event_is_in_it() -> None:
    operations = (ROOT / "docs" / "operations.md").read_text()
    for name in CATALOGUE:
        assert f"`{name}`" in operations, name
    emitted = set()
    for path in (ROOT / "src" / "plek").rglob("*.py"):
        emitted |= set(re.findall(r'\bemit\(\s*"([a-z_.]+)"', path.read_text()))
    assert emitted <= set(CATALOGUE)
    assert emitted, "the services emit events"
