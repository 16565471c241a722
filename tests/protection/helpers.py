"""Arrangements for the protection tests: an access consultant, a provider, a BW stay."""

from __future__ import annotations

import datetime
from decimal import Decimal

from plek.accounts.context import Actor
from plek.accounts.models import Membership, Organisation
from plek.accounts.roles import Role
from plek.housing.models import Facility, Stay, Unit
from plek.people.models import Person
from plek.protection import services
from plek.protection.models import Indication, Product
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

D = datetime.date


def actor(membership: Membership) -> Actor:
    return Actor(user=membership.user, membership=membership)


def consultant(organisation: Organisation | None = None) -> Actor:
    extra = {"organisation": organisation} if organisation else {}
    return actor(MembershipFactory(role=Role.TOEGANG, **extra))


def provider_staff(organisation: Organisation | None = None) -> Actor:
    organisation = organisation or OrganisationFactory(kind="zorgaanbieder")
    return actor(MembershipFactory(role=Role.AANBIEDER, organisation=organisation))


def indication(
    by: Actor,
    person: Person,
    kind: str = "beschermd_thuis",
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    provider: Organisation | None = None,
) -> Indication:
    """An indication recorded through the service (the consultant needs a relation first)."""
    valid_from = valid_from or D(2025, 1, 1)
    valid_until = valid_until or D(2025, 12, 31)
    from tests.factories import RelationFactory

    RelationFactory(person=person, user=by.user)
    assert person.origin_municipality_id is not None
    return services.record_indication(
        by,
        person.pk,
        kind,
        valid_from,
        valid_until,
        person.origin_municipality_id,
        provider_id=provider.pk if provider else None,
    )


def hourly_product() -> Product:
    return Product.objects.get_or_create(
        code="T-UUR", defaults={"name": "Begeleiding per uur", "unit": "uur"}
    )[0]


def bw_stay(
    provider: Organisation, person: Person | None = None, start: datetime.date | None = None
) -> Stay:
    person = person or PersonFactory()
    start = start or D(2025, 1, 1)
    facility = Facility.objects.create(
        external_id=f"bw-{provider.pk}-{person.pk}",
        name="Beschermd wonen test",
        type="beschermd_wonen",
        provider=provider,
        municipality=person.origin_municipality,
        scope="regional",
        day_tariff=Decimal("150.00"),
    )
    unit = Unit.objects.create(facility=facility, code="01", kind="kamer")
    return Stay.objects.create(
        external_id=f"s-{person.pk}", person=person, facility=facility, unit=unit, start_date=start
    )
