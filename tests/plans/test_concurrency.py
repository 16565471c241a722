"""Collisions on PostgreSQL, with real threads and their own connections."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plek.plans import services
from plek.plans.models import CaseLeadAssignment, Plan
from tests.conftest import login_fully
from tests.factories import MembershipFactory, PersonFactory, TeamFactory
from tests.plans.helpers import actor, family, related

THREADS = 20


def _parallel(target, count: int) -> list[BaseException]:  # type: ignore[no-untyped-def]
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


def _needs_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: real concurrent connections and row locks")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_starts_make_one_plan() -> None:
    _needs_postgres()
    applicant, _partner, household = family()
    team = TeamFactory()
    members = [MembershipFactory(role="wijkteam", team=team) for _ in range(THREADS)]
    for membership in members:
        related(membership, applicant)
    clients = [login_fully(Client(), m) for m in members]
    url = reverse("plans:start", args=[applicant.pk])
    statuses: list[int] = []

    def post(index: int) -> None:
        response = clients[index].post(
            url, {"household": household.pk, "started_on": timezone.localdate().isoformat()}
        )
        statuses.append(response.status_code)

    assert _parallel(post, THREADS) == []
    assert Plan.objects.filter(household=household).count() == 1
    assert statuses.count(302) == 1
    assert statuses.count(200) == THREADS - 1  # the form again, naming the running plan
    plan = Plan.objects.get(household=household)
    assert CaseLeadAssignment.objects.filter(plan=plan).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_parallel_acceptances_leave_one_case_lead() -> None:
    _needs_postgres()
    applicant, _partner, household = family()
    lead = MembershipFactory(role="wijkteam", team=TeamFactory())
    successor = MembershipFactory(role="regisseur", team=TeamFactory())
    related(lead, applicant)
    plan = services.start_plan(actor(lead), applicant.pk, household.pk, timezone.localdate())
    hand_over = services.request_hand_over(actor(lead), plan.pk, successor.user.username)

    errors = _parallel(lambda _i: services.accept_hand_over(actor(successor), hand_over.pk), 2)

    assert len(errors) == 1 and "al afgehandeld" in str(errors[0])
    current = CaseLeadAssignment.objects.filter(plan=plan, ended_at__isnull=True)
    assert [a.user_id for a in current] == [successor.user_id]
    assert CaseLeadAssignment.objects.filter(plan=plan).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_starts_without_household_make_one_plan() -> None:
    # The code review's race: without a household nothing was locked (10 calls gave 5–10 plans).
    _needs_postgres()
    person = PersonFactory()
    team = TeamFactory()
    members = [MembershipFactory(role="wijkteam", team=team) for _ in range(THREADS)]
    for membership in members:
        related(membership, person)
    today = timezone.localdate()

    errors = _parallel(
        lambda i: services.start_plan(actor(members[i]), person.pk, None, today), THREADS
    )

    assert Plan.objects.filter(person=person, ended_on__isnull=True).count() == 1
    assert len(errors) == THREADS - 1
    assert all("al een lopend plan" in str(error) for error in errors), errors
