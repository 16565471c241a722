"""Arrangements for the informal-care tests: coordinators, professionals, carers, requests."""

from __future__ import annotations

import datetime

from django.utils import timezone

from plek.accounts.context import Actor
from plek.accounts.models import Membership, Municipality
from plek.accounts.roles import Role
from plek.informal import services
from plek.informal.models import (
    Carer,
    CareRelation,
    HelpRequest,
    Skill,
    VogStatus,
    Volunteer,
)
from plek.informal.skills import ensure_skills
from plek.people.models import Person
from tests.factories import MembershipFactory, OrganisationFactory, TeamFactory


def actor(membership: Membership) -> Actor:
    return Actor(user=membership.user, membership=membership)


def coordinator(municipality: Municipality | None = None) -> Membership:
    organisation = OrganisationFactory(
        kind="welzijn", **({"municipality": municipality} if municipality else {})
    )
    return MembershipFactory(role=Role.VRIJWILLIGERS, organisation=organisation)


def professional(role: str = Role.WIJKTEAM) -> Membership:
    team = TeamFactory()
    return MembershipFactory(role=role, organisation=team.organisation, team=team)


def skill(code: str = "boodschappen") -> Skill:
    ensure_skills()
    return Skill.objects.get(code=code)


def volunteer(
    membership: Membership,
    *,
    first_name: str = "Vera",
    area: str = "Centrum",
    skills: tuple[str, ...] = ("boodschappen",),
    morning: bool = True,
    afternoon: bool = False,
    evening: bool = False,
    weekend: bool = False,
    vog: str = VogStatus.NIET_NODIG,
    registered_on: datetime.date | None = None,
) -> Volunteer:
    created = Volunteer.objects.create(
        organisation=membership.organisation,
        municipality=membership.organisation.municipality,
        first_name=first_name,
        family_name="Vrijwilliger",
        area=area,
        morning=morning,
        afternoon=afternoon,
        evening=evening,
        weekend=weekend,
        vog_status=vog,
        vog_issued_on=datetime.date(2024, 1, 1) if vog == VogStatus.AFGEGEVEN else None,
        insured=True,
        registered_on=registered_on or datetime.date(2024, 1, 1),
    )
    ensure_skills()
    created.skills.set(Skill.objects.filter(code__in=skills))
    return created


def help_request(
    municipality: Municipality,
    *,
    person: Person | None = None,
    track_id: int | None = None,
    code: str = "boodschappen",
    area: str = "Centrum",
    morning: bool = True,
    received_on: datetime.date | None = None,
) -> HelpRequest:
    today = timezone.localdate()
    return HelpRequest.objects.create(
        municipality=municipality,
        requester_kind="professional",
        person=person,
        aftercare_track_id=track_id,
        first_name="Fatima",
        area=area,
        question="Iemand die op dinsdag mee boodschappen doet.",
        consent_on=today,
        skill=skill(code),
        urgency="normaal",
        period_start=today,
        received_on=received_on or today,
        morning=morning,
    )


def carer_for(cared_for: Person, membership: Membership, **kwargs: object) -> Carer:
    carer = Carer.objects.create(
        municipality=membership.organisation.municipality,
        first_name="Karin",
        family_name="Mantelzorg",
        postcode="1234AB",
        house_number=5,
        team=membership.team,
        registered_on=datetime.date(2024, 1, 1),
        registered_by=membership.user,
        **kwargs,
    )
    CareRelation.objects.create(
        carer=carer,
        person=cared_for,
        kind="partner",
        consent_on=datetime.date(2024, 1, 1),
        start_on=datetime.date(2023, 1, 1),
        shared_summary="Afspraken met de huisarts op maandag.",
    )
    return carer


HIGH = {"tijd": 4, "zwaar": 3, "slaap": 3, "alleen": 2, "volhouden": 3}
LOW = {"tijd": 1, "zwaar": 1, "slaap": 0, "alleen": 0, "volhouden": 0}

__all__ = ["HIGH", "LOW", "services"]
