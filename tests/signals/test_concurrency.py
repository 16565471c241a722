"""Parallel requests on PostgreSQL: a delivery is stored once, a signal gets one outcome."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from plek.signals import services
from plek.signals.models import Feedback, Signal
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, TeamFactory
from tests.signals.helpers import actor_of, delivery_csv, make_signal

THREADS = 10
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _parallel(work: Callable[[], Any]) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(THREADS)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            results.append(work())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: real concurrent connections and row locks")


def test_parallel_confirmations_store_a_delivery_once() -> None:
    source = MembershipFactory(
        role="signaalbron", organisation=OrganisationFactory(kind="woningcorporatie")
    )
    actor = actor_of(source)
    delivery = services.upload_delivery(actor, "een.csv", delivery_csv(200))
    results, errors = _parallel(lambda: services.store_delivery(actor, delivery.pk))
    assert len(results) == 1
    assert all("al besloten" in str(error) for error in errors), errors
    assert Signal.objects.count() == 200


def test_two_deliveries_of_one_file_confirmed_in_parallel_add_it_once() -> None:
    source = MembershipFactory(
        role="signaalbron", organisation=OrganisationFactory(kind="woningcorporatie")
    )
    actor = actor_of(source)
    deliveries = [
        services.upload_delivery(actor, "zelfde.csv", delivery_csv(100)) for _ in range(THREADS)
    ]
    ids = iter([d.pk for d in deliveries])
    lock = threading.Lock()

    def store() -> Any:
        with lock:
            delivery_id = next(ids)
        return services.store_delivery(actor, delivery_id)

    results, errors = _parallel(store)
    assert not errors, errors
    assert Signal.objects.count() == 100
    assert sum(result.stored_count for result in results) == 100


def test_parallel_outcomes_leave_one_outcome_and_one_feedback() -> None:
    team = TeamFactory()
    worker = MembershipFactory(role="wijkteam", team=team)
    signal = make_signal(
        team=team, person=PersonFactory(), source_organisation=OrganisationFactory()
    )
    actor = actor_of(worker)
    today = timezone.localdate()
    results, errors = _parallel(
        lambda: services.record_outcome(actor, signal.pk, "opgelost", today)
    )
    assert len(results) == 1
    assert len(errors) == THREADS - 1
    assert Feedback.objects.filter(signal=signal).count() == 1
