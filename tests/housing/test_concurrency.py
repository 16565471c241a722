"""Concurrent placements on PostgreSQL: row locks and exclusion constraints, real connections."""

from __future__ import annotations

import datetime
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction

from plek.accounts.context import Actor
from plek.housing import services
from plek.housing.models import Proposal, Stay, Unit
from tests.factories import MembershipFactory, PersonFactory, RelationFactory
from tests.housing.helpers import TODAY, entry, facility

THREADS = 20
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: real concurrent connections and row locks")


def _run(calls: list) -> tuple[int, list[BaseException]]:  # type: ignore[type-arg]
    barrier = threading.Barrier(len(calls))
    done, errors = [], []

    def work(call) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait(timeout=30)
            call()
            done.append(1)
        except ValidationError as exc:
            errors.append(exc)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return len(done), errors


def test_20_parallel_acceptances_for_the_last_free_unit_make_one_stay() -> None:
    shelter = facility(units=1)
    staff = MembershipFactory(role="aanbieder", organisation=shelter.provider)
    actor = Actor(staff.user, staff)
    unit = Unit.objects.get(facility=shelter)
    proposals = [
        Proposal.objects.create(unit=unit, waiting_entry=e, person=e.person, available_on=TODAY)
        for e in (entry() for _ in range(THREADS))
    ]
    done, errors = _run(
        [lambda p=p: services.accept_proposal(actor, p.pk, TODAY) for p in proposals]
    )
    assert done == 1
    assert all(isinstance(e, ValidationError) for e in errors), [
        repr(e) for e in errors if not isinstance(e, ValidationError)
    ]
    assert Stay.objects.filter(unit=unit).count() == 1


def test_20_parallel_placements_of_one_person_make_one_stay() -> None:
    shelter = facility(units=THREADS)
    staff = MembershipFactory(role="aanbieder", organisation=shelter.provider)
    actor = Actor(staff.user, staff)
    person = PersonFactory()
    RelationFactory(person=person, organisation=shelter.provider, kind="overig")
    units = list(Unit.objects.filter(facility=shelter))
    done, errors = _run([lambda u=u: services.place(actor, person.pk, u.pk, TODAY) for u in units])
    assert done == 1
    assert all(isinstance(e, ValidationError) for e in errors), [
        repr(e) for e in errors if not isinstance(e, ValidationError)
    ]
    assert Stay.objects.filter(person=person).count() == 1


def test_the_database_itself_refuses_overlaps_but_allows_unitless_stays() -> None:
    shelter = facility(units=1)
    unit = Unit.objects.get(facility=shelter)
    a, b = PersonFactory(), PersonFactory()

    def stay(person, unit=None, start=TODAY, end=None):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            services._immediate()
            return Stay.objects.create(
                external_id=uuid.uuid4().hex,
                person=person,
                facility=shelter,
                unit=unit,
                start_date=start,
                end_date=end,
                exit_destination="straat" if end else "",
            )

    stay(a, unit)
    with pytest.raises(IntegrityError):
        stay(b, unit, TODAY + datetime.timedelta(days=3))
    with pytest.raises(IntegrityError):
        stay(a, None, TODAY + datetime.timedelta(days=1))
    # Without a unit, as imported: allowed when the person's nights do not overlap.
    stay(b, None, TODAY - datetime.timedelta(days=10), TODAY - datetime.timedelta(days=2))
    stay(b, None, TODAY - datetime.timedelta(days=2), TODAY - datetime.timedelta(days=2))
