"""Neighbourhood circles: the municipality's quota, starting a circle, members and meetings."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plek.access.exceptions import AccessDenied
from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.core import dates
from plek.informal.models import Circle, CircleMeeting, CircleMember, CircleQuota, Volunteer
from plek.informal.services.common import (
    coordinator_membership,
    coordinator_municipality_ids,
)


def set_circle_quota(actor: Actor, municipality_id: int, max_circles: int) -> CircleQuota:
    if actor.role not in (Role.BEHEER, Role.BELEID):
        raise AccessDenied()
    quota, _created = CircleQuota.objects.update_or_create(
        municipality_id=municipality_id, defaults={"max_circles": max_circles}
    )
    return quota


def start_circle(
    actor: Actor,
    municipality_id: int | None,
    name: str,
    area: str,
    lead_id: int | None,
    organises: str = "",
    started_on: datetime.date | None = None,
) -> Circle:
    """Start a circle led by a volunteer; never more than the municipality's quota."""
    membership = coordinator_membership(actor)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Naam: geef de buurtcirkel een naam.")
    if not area.strip():
        errors["area"] = _("Wijk: vul de wijk in.")
    if municipality_id not in coordinator_municipality_ids(membership):
        errors["municipality"] = _("Gemeente: kies een gemeente waarvoor u werkt.")
    if (
        lead_id is None
        or not Volunteer.objects.filter(
            pk=lead_id, organisation_id=membership.organisation_id, ended_on__isnull=True
        ).exists()
    ):
        errors["lead"] = _("Leiding: kies een vrijwilliger van uw organisatie.")
    if errors:
        raise ValidationError(errors)
    assert municipality_id is not None and lead_id is not None
    with transaction.atomic():
        # The quota row is the lock: two coordinators cannot both start the last circle.
        quota = (
            CircleQuota.objects.select_for_update().filter(municipality_id=municipality_id).first()
        )
        running = Circle.objects.filter(municipality_id=municipality_id, ended_on__isnull=True)
        if quota is None or running.count() >= quota.max_circles:
            raise ValidationError(
                {
                    "municipality": _(
                        "Gemeente: het aantal buurtcirkels dat de gemeente wil (%(max)s) is "
                        "bereikt."
                    )
                    % {"max": quota.max_circles if quota else 0}
                }
            )
        circle = Circle.objects.create(
            municipality_id=municipality_id,
            name=name.strip(),
            area=area.strip(),
            lead_id=lead_id,
            organises=organises.strip(),
            started_on=started_on or dates.today(),
        )
    return circle


def _circle_for_change(actor: Actor, circle_id: int) -> Circle:
    membership = coordinator_membership(actor)
    circle = Circle.objects.select_for_update().get(pk=circle_id)
    if circle.municipality_id not in coordinator_municipality_ids(membership):
        raise AccessDenied()
    return circle


def add_circle_member(actor: Actor, circle_id: int, first_name: str) -> CircleMember:
    if not first_name.strip():
        raise ValidationError({"first_name": _("Voornaam: vul de voornaam van het lid in.")})
    with transaction.atomic():
        circle = _circle_for_change(actor, circle_id)
        return CircleMember.objects.create(
            circle=circle, first_name=first_name.strip(), joined_on=dates.today()
        )


def add_circle_meeting(
    actor: Actor, circle_id: int, held_on: datetime.date, attendees: int, topic: str
) -> CircleMeeting:
    errors: dict[str, str] = {}
    if not topic.strip():
        errors["topic"] = _("Onderwerp: vul in wat de cirkel deed.")
    if attendees < 1:
        errors["attendees"] = _("Aanwezigen: ten minste één.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        circle = _circle_for_change(actor, circle_id)
        return CircleMeeting.objects.create(
            circle=circle, held_on=held_on, attendees=attendees, topic=topic.strip()
        )
