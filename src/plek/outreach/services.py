"""Every change in street outreach: validate, check permission, change, log, in one transaction.

Errors are Dutch and name the field ("Plek: ..."); nothing is half written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.access.choices import Action, LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.kinds import DataKind
from plek.access.policy import decide, may_read_person_files
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.accounts.models import Membership, Team
from plek.accounts.roles import Role
from plek.core import dates
from plek.core.choices import Priority
from plek.outreach.activities import (
    CONTACT_CREATE,
    CONTACT_DATA_KINDS,
    CONTACT_LINK,
    REFERRAL_CREATE,
    REFERRAL_DATA_KINDS,
    REFERRAL_RESPOND,
)
from plek.outreach.models import Offer, Referral, ReferralStatus, StreetContact
from plek.outreach.relations import met_by
from plek.people.bsn import is_valid_bsn
from plek.people.models import Person
from plek.signals import services as signal_services
from plek.signals.models import Source

# Days a wijkteam gets to respond to a referral, unless the outreach worker picks a date.
DEFAULT_RESPONSE_DAYS = 5


def _outreach_membership(actor: Actor) -> Membership:
    membership = actor.membership
    if membership is None or membership.role != Role.VELDWERK or not may_read_person_files(actor):
        raise AccessDenied()
    return membership


def _wijkteam_membership(actor: Actor) -> Membership:
    membership = actor.membership
    if membership is None or membership.role != Role.WIJKTEAM or not may_read_person_files(actor):
        raise AccessDenied()
    return membership


@dataclass(frozen=True)
class ContactInput:
    met_at: datetime.datetime
    location: str
    description: str
    offered: str
    note: str = ""
    person_id: int | None = None


def _clean_contact(data: ContactInput) -> None:
    errors: dict[str, str] = {}
    if data.met_at > timezone.now() + datetime.timedelta(minutes=5):
        errors["met_at"] = _("Moment van contact: mag niet in de toekomst liggen.")
    if not data.location.strip():
        errors["location"] = _("Plek: vul in waar u de persoon sprak.")
    if not data.description.strip() and data.person_id is None:
        errors["description"] = _(
            "Beschrijving van de persoon: vul in hoe u de persoon herkent "
            "(bijvoorbeeld uiterlijk of roepnaam)."
        )
    if data.offered not in Offer.values:
        errors["offered"] = _("Aangeboden: kies wat u heeft aangeboden.")
    if errors:
        raise ValidationError(errors)


def _contact_log(actor: Actor, action: str, activity: object, contact: StreetContact) -> None:
    record_processing(
        actor,
        action,
        activity,  # type: ignore[arg-type]
        contact.person_id,
        CONTACT_DATA_KINDS,
        Purpose.WMO_MO,
    )


def record_contact(actor: Actor, data: ContactInput) -> StreetContact:
    """An outreach worker records a contact on the street, with or without a known person."""
    membership = _outreach_membership(actor)
    _clean_contact(data)
    if data.person_id is not None:
        decision = decide(actor, Action.CREATE, data.person_id, kind=DataKind.SIGNALS)
        if not decision.allowed:
            raise AccessDenied()
    with transaction.atomic():
        contact = StreetContact.objects.create(
            met_at=data.met_at,
            location=data.location.strip(),
            description=data.description.strip(),
            offered=data.offered,
            note=data.note.strip(),
            person_id=data.person_id,
            linked_on=dates.today() if data.person_id else None,
            worker=actor.user,
            team_id=membership.team_id,
        )
        _contact_log(actor, LogAction.CREATE, CONTACT_CREATE, contact)
    return contact


def _own_contact(actor: Actor, membership: Membership, contact_id: int) -> StreetContact:
    """The contact, locked, if the worker or their team recorded it."""
    contact = (
        StreetContact.objects.select_for_update()
        .filter(pk=contact_id)
        .filter(met_by(membership))
        .first()
    )
    if contact is None:
        if StreetContact.objects.filter(pk=contact_id).exists():
            raise AccessDenied()
        raise StreetContact.DoesNotExist(contact_id)
    return contact


def link_contact(actor: Actor, contact_id: int, bsn: str) -> StreetContact:
    """Link a contact to the person it turned out to be, found by the BSN they gave.

    From then on the contact is person data: the worker and their team hold the relation
    ``veldwerk:contact`` with that person (``plek.outreach.relations``).
    """
    membership = _outreach_membership(actor)
    value = bsn.strip().replace(" ", "")
    if not is_valid_bsn(value):
        raise ValidationError({"bsn": _("BSN: vul een geldig BSN van 9 cijfers in.")})
    with transaction.atomic():
        contact = _own_contact(actor, membership, contact_id)
        if contact.person_id is not None:
            raise ValidationError({"bsn": _("BSN: dit contact is al aan een persoon gekoppeld.")})
        person_id = Person.objects.filter(bsn=value).values_list("pk", flat=True).first()
        if person_id is None:
            raise ValidationError({"bsn": _("BSN: er is nog geen persoon met dit BSN in plek.")})
        contact.person_id = person_id
        contact.linked_on = dates.today()
        contact.save(update_fields=["person", "linked_on"])
        _contact_log(actor, LogAction.CHANGE, CONTACT_LINK, contact)
    return contact


@dataclass(frozen=True)
class ReferralInput:
    team_id: int | None
    reason: str
    respond_by: datetime.date | None = None
    urgency: str = Priority.NORMAAL


def wijkteams() -> list[Team]:
    """The teams a contact can be referred to: those with a current wijkteam member."""
    return list(
        Team.objects.filter(memberships__in=Membership.objects.active().filter(role=Role.WIJKTEAM))
        .distinct()
        .order_by("name")
    )


def refer(actor: Actor, contact_id: int, data: ReferralInput) -> Referral:
    """Refer a street contact to a wijkteam, with the date by which the team should respond."""
    membership = _outreach_membership(actor)
    today = dates.today()
    respond_by = data.respond_by or today + datetime.timedelta(days=DEFAULT_RESPONSE_DAYS)
    errors: dict[str, str] = {}
    team_ok = data.team_id is not None and any(t.pk == data.team_id for t in wijkteams())
    if not team_ok:
        errors["team"] = _("Wijkteam: kies een wijkteam uit de lijst.")
    if not data.reason.strip():
        errors["reason"] = _("Reden: vul in waarom u doorverwijst.")
    if respond_by < today:
        errors["respond_by"] = _("Reactie uiterlijk: kies vandaag of een latere datum.")
    if data.urgency not in Priority.values:
        errors["urgency"] = _("Urgentie: kies spoed, hoog of normaal.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            contact = _own_contact(actor, membership, contact_id)
            assert data.team_id is not None
            referral = Referral.objects.create(
                contact=contact,
                team_id=data.team_id,
                reason=data.reason.strip(),
                urgency=data.urgency,
                referred_on=today,
                respond_by=respond_by,
                referred_by=actor.user,
            )
            record_processing(
                actor,
                LogAction.CREATE,
                REFERRAL_CREATE,
                contact.person_id,
                REFERRAL_DATA_KINDS,
                Purpose.WMO_MO,
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"team": _("Wijkteam: dit contact wacht al op een reactie van een wijkteam.")}
        ) from exc
    return referral


def respond(actor: Actor, referral_id: int, accept: bool, note: str = "") -> Referral:
    """The wijkteam answers a referral: accept (a signal is opened for a known person) or not.

    Declining needs a reason, which the outreach worker sees.
    """
    membership = _wijkteam_membership(actor)
    if not accept and not note.strip():
        raise ValidationError(
            {"note": _("Toelichting: vul in waarom uw team de doorverwijzing niet aanneemt.")}
        )
    with transaction.atomic():
        referral = (
            Referral.objects.select_for_update()
            .select_related("contact")
            .filter(pk=referral_id)
            .first()
        )
        if referral is None:
            raise Referral.DoesNotExist(referral_id)
        if referral.team_id != membership.team_id:
            raise AccessDenied()
        if referral.status != ReferralStatus.OPEN:
            raise ValidationError(
                {"note": _("Toelichting: op deze doorverwijzing is al gereageerd.")}
            )
        person_id = referral.contact.person_id
        if accept and person_id is not None:
            referral.signal = signal_services.register_signal(
                actor,
                signal_services.SignalInput(
                    source=Source.VELDWERK,
                    urgency=referral.urgency,
                    received_on=dates.today(),
                    person_id=person_id,
                ),
            )
        referral.status = ReferralStatus.ACCEPTED if accept else ReferralStatus.DECLINED
        referral.responded_on = dates.today()
        referral.responded_by = actor.user
        referral.response_note = note.strip()
        referral.save(
            update_fields=["status", "responded_on", "responded_by", "response_note", "signal"]
        )
        record_processing(
            actor,
            LogAction.CHANGE,
            REFERRAL_RESPOND,
            person_id,
            REFERRAL_DATA_KINDS,
            Purpose.WMO_MO,
        )
    return referral
