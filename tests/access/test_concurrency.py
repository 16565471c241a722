"""Concurrent writers on PostgreSQL: the chain heads serialise them, per chain, without gaps."""

from __future__ import annotations

import threading
from collections import defaultdict

import pytest
from django.db import connection, connections

from plek.access import chain
from plek.access.activities import PERSON_VIEW
from plek.access.choices import Action, Purpose
from plek.access.models import ProcessingLogEntry
from plek.access.services import record_processing
from plek.accounts.context import Actor
from tests.access.helpers import actor_of
from tests.factories import MembershipFactory

THREADS = 20
PER_THREAD = 5


def _writer(actor: Actor, barrier: threading.Barrier, errors: list[BaseException]) -> None:
    try:
        barrier.wait(timeout=30)
        for n in range(PER_THREAD):
            record_processing(actor, Action.VIEW, PERSON_VIEW, n + 1, ["naam"], Purpose.WMO_MO)
    except BaseException as exc:
        errors.append(exc)
    finally:
        # Each thread has its own connection; close it so the test database can be dropped.
        connections.close_all()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_writers_leave_chains_that_verify_without_gaps() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: real concurrent connections and row locks")
    # Three users: most threads share a chain, so they really contend for its head.
    actors = [actor_of(MembershipFactory(role="regisseur")) for _ in range(3)]
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=_writer, args=(actors[i % len(actors)], barrier, errors))
        for i in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors

    assert ProcessingLogEntry.objects.count() == THREADS * PER_THREAD
    sequences: dict[int, list[int]] = defaultdict(list)
    for chain_no, sequence in ProcessingLogEntry.objects.values_list("chain", "sequence"):
        sequences[chain_no].append(sequence)
    for numbers in sequences.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
    result = chain.verify()
    assert result.intact, result.problems
    assert result.checked == THREADS * PER_THREAD
