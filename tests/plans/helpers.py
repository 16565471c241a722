"""Synthetic households for the intake and plan tests."""

from __future__ import annotations

import datetime

from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.people.models import Household, HouseholdMember, Person
from tests.factories import PersonFactory, RelationFactory

SINCE = datetime.date(2024, 1, 1)


def household_of(*persons: Person, name: str = "Huishouden Testpersoon") -> Household:
    household = Household.objects.create(name=name)
    for index, person in enumerate(persons):
        HouseholdMember.objects.create(
            household=household,
            person=person,
            role="aanvrager" if index == 0 else "partner",
            start_date=SINCE,
        )
    return household


def family() -> tuple[Person, Person, Household]:
    applicant, partner = PersonFactory(), PersonFactory()
    return applicant, partner, household_of(applicant, partner)


def actor(membership: Membership) -> Actor:
    return Actor(user=membership.user, membership=membership, request_id="test")


def related(membership: Membership, person: Person) -> None:
    """A relation that lets the membership's user start work (as a signal would)."""
    RelationFactory(person=person, user=membership.user)
