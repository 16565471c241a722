"""Every change to a programme: one transaction each, only by policy officers and functional
admins. Status updates and indicator values are appended, never overwritten: they are history."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.programs.models import (
    Action,
    Indicator,
    IndicatorValue,
    Milestone,
    MomentState,
    Origin,
    Programme,
    ReportingMoment,
    Status,
    StatusUpdate,
    Theme,
)

EDITOR_ROLES = frozenset({Role.BELEID, Role.BEHEER})


def may_edit(actor: Actor) -> bool:
    return actor.role in EDITOR_ROLES


def require_editor(actor: Actor) -> None:
    if not may_edit(actor):
        raise PermissionDenied(
            _("Alleen beleidsmedewerkers en functioneel beheerders wijzigen programma's.")
        )


def record_moment(
    actor: Actor, programme: Programme, title: str, reference_date: datetime.date
) -> ReportingMoment:
    """A new reporting moment, in preparation until it is settled."""
    require_editor(actor)
    if not title.strip():
        raise ValidationError({"title": _("Geef het rapportagemoment een titel.")})
    try:
        with transaction.atomic():
            return ReportingMoment.objects.create(
                programme=programme,
                title=title.strip(),
                reference_date=reference_date,
                created_by=actor.user,
            )
    except IntegrityError:
        raise ValidationError(
            {"reference_date": _("Er is al een rapportagemoment op deze peildatum.")}
        ) from None


def settle_moment(actor: Actor, moment: ReportingMoment) -> ReportingMoment:
    require_editor(actor)
    with transaction.atomic():
        locked = ReportingMoment.objects.select_for_update().get(pk=moment.pk)
        locked.state = MomentState.VASTGESTELD
        locked.save(update_fields=["state"])
    return locked


def record_status(
    actor: Actor, action: Action, moment: ReportingMoment, status: str, note: str = ""
) -> StatusUpdate:
    """Give an action its status at a moment; an earlier status at that moment stays as history."""
    require_editor(actor)
    if moment.programme_id != action.programme_id:
        raise ValidationError({"moment": _("Dit rapportagemoment hoort bij een ander programma.")})
    if status not in Status.values:
        raise ValidationError({"status": _("Kies een geldige status.")})
    with transaction.atomic():
        # Settling a moment and adding a status to it must not cross each other.
        locked = ReportingMoment.objects.select_for_update().get(pk=moment.pk)
        if locked.state == MomentState.VASTGESTELD:
            raise ValidationError(
                {"moment": _("Dit rapportagemoment is vastgesteld; maak een nieuw moment aan.")}
            )
        return StatusUpdate.objects.create(
            action=action, moment=locked, status=status, note=note.strip(), recorded_by=actor.user
        )


def reach_milestone(
    actor: Actor, milestone: Milestone, reached_on: datetime.date | None
) -> Milestone:
    require_editor(actor)
    if reached_on is not None and reached_on > timezone.localdate():
        raise ValidationError(
            {"reached_on": _("Een mijlpaal kan niet in de toekomst bereikt zijn.")}
        )
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        locked.reached_on = reached_on
        locked.save(update_fields=["reached_on"])
    return locked


def record_value(
    actor: Actor, indicator: Indicator, on_date: datetime.date, value: Decimal, note: str = ""
) -> IndicatorValue:
    require_editor(actor)
    if not indicator.manual:
        raise ValidationError(
            {"value": _("Deze indicator volgt een cijfer uit de monitor; vul geen waarde in.")}
        )
    with transaction.atomic():
        return IndicatorValue.objects.create(
            indicator=indicator,
            on_date=on_date,
            value=value,
            note=note.strip(),
            recorded_by=actor.user,
        )


def add_action(
    actor: Actor,
    programme: Programme,
    *,
    theme: Theme,
    number: str,
    title: str,
    lead_organisation: str,
    origin: str,
    motion_reference: str = "",
    description: str = "",
) -> Action:
    """An action added to a running programme: mid-term, or after a council motion."""
    require_editor(actor)
    if theme.programme_id != programme.pk:
        raise ValidationError({"theme": _("Dit thema hoort bij een ander programma.")})
    if origin == Origin.MOTIE and not motion_reference.strip():
        raise ValidationError(
            {"motion_reference": _("Geef het kenmerk van de motie waarop de actie berust.")}
        )
    try:
        with transaction.atomic():
            return Action.objects.create(
                programme=programme,
                theme=theme,
                number=number.strip(),
                title=title.strip(),
                description=description.strip(),
                lead_organisation=lead_organisation.strip(),
                origin=origin,
                motion_reference=motion_reference.strip() if origin == Origin.MOTIE else "",
                added_on=timezone.localdate(),
                position=programme.actions.count() + 1,
            )
    except IntegrityError:
        raise ValidationError(
            {"number": _("Dit programma heeft al een actie met dit nummer.")}
        ) from None
