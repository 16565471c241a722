"""On PostgreSQL: parallel registrations of one BSN create one person; parallel merges one merge."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from plek.people import services
from plek.people.bsn import synthetic_bsn
from plek.people.models import Person, PersonMerge
from tests.access.helpers import actor_of
from tests.factories import MembershipFactory, PersonFactory, RelationFactory

THREADS = 8


def _run(work: Callable[[], object]) -> list[BaseException]:
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            work()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_of_one_bsn_create_one_person() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: real concurrent connections")
    actor = actor_of(MembershipFactory(role="wijkteam"))
    data = services.PersonData(family_name="Parallel", bsn=synthetic_bsn(4242))
    errors = _run(lambda: services.create_person(actor, data))
    assert Person.objects.filter(bsn=synthetic_bsn(4242)).count() == 1
    assert len(errors) == THREADS - 1
    assert all(isinstance(error, services.DuplicatePerson) for error in errors), errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_merges_of_one_person_merge_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: real concurrent connections and row locks")
    membership = MembershipFactory(role="toegang")
    actor = actor_of(membership)
    target, source = PersonFactory(), PersonFactory()
    for person in (target, source):
        RelationFactory(person=person, user=membership.user)
    errors = _run(lambda: services.merge_persons(actor, target.pk, source.pk))
    assert PersonMerge.objects.count() == 1
    assert len(errors) == THREADS - 1
