"""Collisions on PostgreSQL, with real threads and their own connections."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from plek.accounts.context import Actor
from plek.programs import services
from plek.programs.models import Programme, ReportingMoment, StatusUpdate
from tests.factories import MembershipFactory, OrganisationFactory

THREADS = 12


def _parallel(target: Callable[[int], None], count: int) -> list[BaseException]:
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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_moments_on_one_date_make_one_and_say_why_to_the_others() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: real concurrent connections")
    membership = MembershipFactory(role="beleid")
    actor = Actor(membership.user, membership)
    programme = Programme.objects.create(
        name="P",
        owner=OrganisationFactory(),
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    day = datetime.date(2025, 6, 30)

    def create(index: int) -> None:
        services.record_moment(actor, programme, f"Moment {index}", day)

    errors = _parallel(create, THREADS)
    assert ReportingMoment.objects.filter(programme=programme).count() == 1
    assert len(errors) == THREADS - 1
    assert all(
        isinstance(error, ValidationError) and "reference_date" in error.message_dict
        for error in errors
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_statuses_racing_a_settle_are_all_recorded_before_it_or_refused() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: real concurrent connections and row locks")
    from plek.programs.models import Action, Theme

    membership = MembershipFactory(role="beleid")
    actor = Actor(membership.user, membership)
    programme = Programme.objects.create(
        name="P",
        owner=OrganisationFactory(),
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    theme = Theme.objects.create(programme=programme, position=1, title="T")
    action = Action.objects.create(
        programme=programme, theme=theme, number="1", title="A", lead_organisation="X"
    )
    moment = services.record_moment(actor, programme, "M", datetime.date(2025, 6, 30))
    recorded: list[int] = []

    def work(index: int) -> None:
        if index == 0:
            services.settle_moment(actor, moment)
        else:
            recorded.append(services.record_status(actor, action, moment, "lopend").pk)

    errors = _parallel(work, THREADS)
    assert all(isinstance(error, ValidationError) for error in errors)
    assert len(recorded) + len(errors) == THREADS - 1
    assert StatusUpdate.objects.filter(moment=moment).count() == len(recorded)
