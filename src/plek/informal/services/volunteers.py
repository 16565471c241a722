"""Volunteers: registered by a coordinator of the volunteer centre."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plek.accounts.context import Actor
from plek.core import dates
from plek.informal.models import Skill, VogStatus, Volunteer
from plek.informal.services.common import (
    coordinator_membership,
    coordinator_municipality_ids,
)


@dataclass(frozen=True)
class VolunteerInput:
    first_name: str
    family_name: str
    area: str
    skill_ids: list[int]
    municipality_id: int | None = None
    email: str = ""
    phone: str = ""
    morning: bool = False
    afternoon: bool = False
    evening: bool = False
    weekend: bool = False
    trained_on: datetime.date | None = None
    vog_status: str = VogStatus.NIET_NODIG
    vog_issued_on: datetime.date | None = None
    insured: bool = False


def register_volunteer(actor: Actor, data: VolunteerInput) -> Volunteer:
    membership = coordinator_membership(actor)
    municipalities = coordinator_municipality_ids(membership)
    municipality_id = data.municipality_id or (municipalities[0] if municipalities else None)
    errors: dict[str, str] = {}
    if not data.first_name.strip():
        errors["first_name"] = _("Voornaam: vul de voornaam van de vrijwilliger in.")
    if not data.family_name.strip():
        errors["family_name"] = _("Achternaam: vul de achternaam van de vrijwilliger in.")
    if not data.area.strip():
        errors["area"] = _("Wijk: vul de wijk in waar de vrijwilliger wil helpen.")
    if not data.skill_ids:
        errors["skills"] = _("Vaardigheden: kies ten minste één vaardigheid.")
    if municipality_id is None or municipality_id not in municipalities:
        errors["municipality"] = _("Gemeente: kies een gemeente waarvoor u werkt.")
    if not (data.morning or data.afternoon or data.evening or data.weekend):
        errors["morning"] = _("Beschikbaarheid: kies ten minste één dagdeel.")
    if data.vog_status not in VogStatus.values:
        errors["vog_status"] = _("VOG: kies een status.")
    elif data.vog_status == VogStatus.AFGEGEVEN and data.vog_issued_on is None:
        errors["vog_issued_on"] = _("VOG afgegeven op: vul de datum van de VOG in.")
    if errors:
        raise ValidationError(errors)
    assert municipality_id is not None
    with transaction.atomic():
        volunteer = Volunteer.objects.create(
            organisation_id=membership.organisation_id,
            municipality_id=municipality_id,
            first_name=data.first_name.strip(),
            family_name=data.family_name.strip(),
            email=data.email.strip(),
            phone=data.phone.strip(),
            area=data.area.strip(),
            morning=data.morning,
            afternoon=data.afternoon,
            evening=data.evening,
            weekend=data.weekend,
            trained_on=data.trained_on,
            vog_status=data.vog_status,
            vog_issued_on=data.vog_issued_on,
            insured=data.insured,
            registered_on=dates.today(),
        )
        volunteer.skills.set(Skill.objects.filter(pk__in=data.skill_ids))
    return volunteer
