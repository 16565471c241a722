"""Collisions on PostgreSQL, with real threads and their own connections: one take, one match,
and never more circles than the municipality's quota."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from plek.accounts.roles import Role
from plek.informal.models import Circle, HelpRequest, Match, RequestStatus
from plek.informal.skills import ensure_skills
from tests.factories import MembershipFactory
from tests.informal.helpers import actor, coordinator, help_request, services, volunteer

THREADS = 8


def _parallel(target: Callable[[int], object], count: int = THREADS) -> list[BaseException]:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            target(index)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.fixture(autouse=True)
def _postgres_only(transactional_db: None) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: real concurrent connections and row locks")
    ensure_skills()


@pytest.mark.postgres
def test_parallel_coordinators_take_and_match_a_request_once() -> None:
    first = coordinator()
    municipality = first.organisation.municipality
    coordinators = [first] + [
        MembershipFactory(role=Role.VRIJWILLIGERS, organisation=first.organisation)
        for _ in range(THREADS - 1)
    ]
    volunteers = [volunteer(first, first_name=f"V{n}") for n in range(THREADS)]
    request = help_request(municipality)

    takes = _parallel(lambda i: services.take_request(actor(coordinators[i]), request.pk))
    assert len(takes) == THREADS - 1 and all(isinstance(e, ValidationError) for e in takes)

    matches = _parallel(
        lambda i: services.match_volunteer(actor(coordinators[i]), request.pk, volunteers[i].pk)
    )
    assert len(matches) == THREADS - 1 and all(isinstance(e, ValidationError) for e in matches)
    assert Match.objects.filter(request=request).count() == 1
    assert HelpRequest.objects.get(pk=request.pk).status == RequestStatus.GEKOPPELD


@pytest.mark.postgres
def test_parallel_starts_never_pass_the_circle_quota() -> None:
    coord = coordinator()
    municipality_id = coord.organisation.municipality_id
    services.set_circle_quota(actor(MembershipFactory(role=Role.BEHEER)), municipality_id, 3)
    lead = volunteer(coord)

    errors = _parallel(
        lambda i: services.start_circle(
            actor(coord), municipality_id, f"Cirkel {i}", "Centrum", lead.pk
        )
    )
    assert len(errors) == THREADS - 3 and all(isinstance(e, ValidationError) for e in errors)
    assert Circle.objects.filter(municipality_id=municipality_id).count() == 3
