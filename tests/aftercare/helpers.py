"""Arrangements for the aftercare tests: a case lead with a plan, a coach, stays."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.accounts.roles import Role
from plek.housing.models import Facility, Stay
from plek.people.models import Person
from plek.plans.models import CaseLeadAssignment, Plan
from tests.factories import MembershipFactory, MunicipalityFactory, OrganisationFactory


def actor(membership: Membership) -> Actor:
    return Actor(user=membership.user, membership=membership)


def case_lead_for(person: Person, started_on: datetime.date | None = None) -> Membership:
    lead = MembershipFactory(role=Role.REGISSEUR)
    plan = Plan.objects.create(
        external_id=f"pl-{person.pk}",
        person=person,
        started_on=started_on or datetime.date(2025, 1, 1),
    )
    CaseLeadAssignment.objects.create(
        plan=plan, user=lead.user, started_at=timezone.now() - datetime.timedelta(days=400)
    )
    return lead


def coach() -> Membership:
    return MembershipFactory(role=Role.WAAKVLAM)


def facility(type_: str = "nachtopvang") -> Facility:
    area = MunicipalityFactory()
    return Facility.objects.create(
        external_id=f"f-{type_}-{area.code}",
        name=f"Testvoorziening {type_}",
        type=type_,
        provider=OrganisationFactory(kind="opvang_aanbieder", municipality=area),
        municipality=area,
        scope="regional",
        day_tariff=Decimal("50.00"),
    )


def stay(
    person: Person,
    start: datetime.date,
    end: datetime.date | None = None,
    destination: str = "",
    type_: str = "nachtopvang",
) -> Stay:
    return Stay.objects.create(
        external_id=f"s-{person.pk}-{start.isoformat()}",
        person=person,
        facility=facility(type_),
        start_date=start,
        end_date=end,
        exit_destination=destination,
    )
