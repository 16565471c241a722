"""Signals by hand: registering, linking into cases, contact attempts, outcome and feedback."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from plek.access.exceptions import AccessDenied
from plek.access.models import ProcessingLogEntry
from plek.accounts.models import Membership
from plek.plans.models import Plan
from plek.signals import services
from plek.signals.models import Feedback, Signal
from tests.factories import OrganisationFactory, PersonFactory, RelationFactory, TeamFactory
from tests.signals.helpers import actor_of, make_signal

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def worker(member: Callable[..., Membership]) -> Membership:
    return member("wijkteam", team=TeamFactory())


def test_signals_about_one_person_or_address_within_90_days_are_one_case(
    worker: Membership,
) -> None:
    person = PersonFactory()
    RelationFactory(person=person, user=worker.user)
    actor = actor_of(worker)
    first = services.register_signal(
        actor, services.SignalInput("huurachterstand", "normaal", days_ago(100), person.pk)
    )
    second = services.register_signal(
        actor, services.SignalInput("energie", "normaal", days_ago(10), person.pk)
    )
    third = services.register_signal(
        actor, services.SignalInput("water", "normaal", days_ago(5), person.pk)
    )
    first.refresh_from_db()
    second.refresh_from_db()
    # 90 days between the first and second: linked; 95 days to the third but 5 to the second.
    assert first.case_id is not None
    assert first.case_id == second.case_id == third.case_id

    address = services.SignalInput(
        "ontruiming",
        "hoog",
        days_ago(200),
        postcode="3311AB",
        house_number=4,
        eviction_date=TODAY,
    )
    old = services.register_signal(actor, address)
    late = services.register_signal(
        actor,
        services.SignalInput(
            "meldpunt", "normaal", days_ago(109), postcode="3311AB", house_number=4
        ),
    )
    old.refresh_from_db()
    assert old.case_id is None and late.case_id is None  # 91 days apart: not linked
    other_number = services.register_signal(
        actor,
        services.SignalInput(
            "meldpunt", "normaal", days_ago(108), postcode="3311AB", house_number=5
        ),
    )
    assert other_number.case_id is None


def test_imported_signals_are_linked_afterwards() -> None:
    person = PersonFactory()
    a = make_signal(person=person, received_on=days_ago(50))
    b = make_signal(person=person, received_on=days_ago(1))
    c = make_signal(person=PersonFactory(), received_on=days_ago(1))
    assert services.link_unlinked_signals() == 1
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
    assert a.case_id == b.case_id is not None and c.case_id is None


def test_contact_attempts_and_outcome_with_feedback(worker: Membership) -> None:
    source = OrganisationFactory(kind="woningcorporatie")
    signal = make_signal(
        received_on=days_ago(6),
        team=worker.team,
        source_organisation=source,
        person=PersonFactory(),
    )
    actor = actor_of(worker)
    before = ProcessingLogEntry.objects.count()
    services.record_contact_attempt(
        actor, signal.pk, services.AttemptInput(days_ago(4), "telefoon", "ochtend", False)
    )
    signal.refresh_from_db()
    assert signal.first_contact_on is None
    services.record_contact_attempt(
        actor, signal.pk, services.AttemptInput(days_ago(2), "huisbezoek", "middag", True, "Thuis")
    )
    services.record_contact_attempt(
        actor, signal.pk, services.AttemptInput(days_ago(3), "telefoon", "avond", True)
    )
    signal.refresh_from_db()
    assert signal.first_contact_on == days_ago(3)  # the earliest reached attempt
    with pytest.raises(ValidationError) as error:
        services.record_contact_attempt(
            actor, signal.pk, services.AttemptInput(days_ago(9), "brief", "ochtend", False)
        )
    assert "Datum" in str(error.value.message_dict["attempted_on"])

    with pytest.raises(ValidationError) as no_plan:
        services.record_outcome(actor, signal.pk, "plan_gestart", TODAY)
    assert "loopt nog geen plan" in str(no_plan.value.message_dict["outcome"])
    plan = Plan.objects.create(
        external_id="plan-signaal", person=signal.person, started_on=TODAY, review_on=TODAY
    )
    services.record_outcome(actor, signal.pk, "plan_gestart", TODAY)
    signal.refresh_from_db()
    assert signal.plan == plan  # the outcome links to the plan it led to
    feedback = Feedback.objects.get(signal=signal)
    assert feedback.organisation == source and feedback.outcome == "plan_gestart"
    with pytest.raises(ValidationError):
        services.record_outcome(actor, signal.pk, "opgelost", TODAY)
    # 3 attempts, an outcome and its feedback: one log row each.
    assert ProcessingLogEntry.objects.count() - before == 5


def test_assignment_needs_a_member_of_the_team(worker: Membership, member) -> None:
    signal = make_signal(team=worker.team, postcode="3311AB", house_number=1)
    other_team = TeamFactory()
    colleague = member("wijkteam", team=other_team)
    actor = actor_of(worker)
    with pytest.raises(ValidationError):
        services.assign_signal(actor, signal.pk, other_team.pk, worker.user.pk)
    services.assign_signal(actor, signal.pk, other_team.pk, colleague.user.pk)
    signal.refresh_from_db()
    assert signal.team == other_team and signal.worker == colleague.user
    # Handed over: the first team no longer works on it.
    with pytest.raises(AccessDenied):
        services.assign_signal(actor, signal.pk, worker.team.pk)


def test_register_needs_casework_and_an_address_or_person(member) -> None:
    with pytest.raises(AccessDenied):
        services.register_signal(
            actor_of(member("beleid")),
            services.SignalInput("burger", "normaal", TODAY, postcode="3311AB", house_number=1),
        )
    with pytest.raises(ValidationError) as error:
        services.register_signal(
            actor_of(member("wijkteam")), services.SignalInput("burger", "normaal", TODAY)
        )
    assert "Postcode" in error.value.message_dict["postcode"][0]
    assert Signal.objects.count() == 0
