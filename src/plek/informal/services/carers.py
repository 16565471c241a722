"""Carers: registration, burden check-ins (with the overload signal), support, appreciation
and their place in a plan."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from plek.access.choices import Action, LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.policy import decide
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.accounts.models import Municipality
from plek.core import dates
from plek.core.choices import Priority
from plek.core.text import is_digits
from plek.informal import burden
from plek.informal.activities import CARER_DATA_KINDS, CARER_RECORD
from plek.informal.models import (
    Appreciation,
    BurdenCheckIn,
    Carer,
    CareRelation,
    CareRelationKind,
    CarerParticipation,
    CarerSupport,
    PaymentStatus,
    SupportKind,
)
from plek.informal.services.common import _may_person, casework_membership
from plek.plans import services as plan_services
from plek.plans.models import ParticipantKind, PlanAction, PlanParticipant
from plek.signals.models import Signal, Source
from plek.signals.services import SignalInput, register_signal


def _log_carer(actor: Actor, carer: Carer, action: str = LogAction.CHANGE) -> None:
    """One log row for the carer (when a person in the chain) and each person cared for."""
    person_ids = set(CareRelation.objects.filter(carer=carer).values_list("person_id", flat=True))
    if carer.person_id:
        person_ids.add(carer.person_id)
    targets: list[int | None] = [*sorted(person_ids)] or [None]
    for person_id in targets:
        record_processing(actor, action, CARER_RECORD, person_id, CARER_DATA_KINDS, Purpose.WMO_MO)


@dataclass(frozen=True)
class CarerInput:
    municipality_id: int | None
    first_name: str
    family_name: str
    postcode: str
    house_number: int | None
    cared_for_id: int | None
    relation_kind: str
    consent_on: datetime.date | None
    start_on: datetime.date | None
    person_id: int | None = None
    phone: str = ""
    young_carer: bool = False
    hours_per_week: int | None = None
    shared_summary: str = ""


def _clean_carer(data: CarerInput) -> None:
    errors: dict[str, str] = {}
    today = dates.today()
    if not data.first_name.strip():
        errors["first_name"] = _("Voornaam: vul de voornaam van de mantelzorger in.")
    if not data.family_name.strip():
        errors["family_name"] = _("Achternaam: vul de achternaam van de mantelzorger in.")
    postcode = data.postcode.replace(" ", "").upper()
    if len(postcode) != 6 or not is_digits(postcode[:4]) or not postcode[4:].isalpha():
        errors["postcode"] = _("Postcode: vul een postcode in als 1234 AB.")
    if data.house_number is None:
        errors["house_number"] = _("Huisnummer: vul een huisnummer in.")
    if (
        data.municipality_id is None
        or not Municipality.objects.filter(pk=data.municipality_id).exists()
    ):
        errors["municipality"] = _("Gemeente: kies de gemeente van de mantelzorger.")
    if data.cared_for_id is None:
        errors["cared_for"] = _("Zorgvrager: vul het BSN in van de persoon voor wie wordt gezorgd.")
    if data.relation_kind not in CareRelationKind.values:
        errors["relation_kind"] = _("Relatie: kies de relatie met de zorgvrager.")
    if data.consent_on is None or data.consent_on > today:
        errors["consent_on"] = _(
            "Toestemming op: vul de datum in waarop de zorgvrager toestemming gaf "
            "(niet in de toekomst)."
        )
    if data.start_on is None:
        errors["start_on"] = _("Zorgt sinds: vul een datum in.")
    if errors:
        raise ValidationError(errors)


def register_carer(actor: Actor, data: CarerInput) -> Carer:
    """Register a carer with the person they care for (who must have consented)."""
    membership = casework_membership(actor)
    _clean_carer(data)
    assert data.cared_for_id is not None and data.start_on and data.consent_on
    assert data.municipality_id is not None and data.house_number is not None
    _may_person(actor, data.cared_for_id)
    if data.person_id is not None:
        _may_person(actor, data.person_id)
    with transaction.atomic():
        carer = Carer.objects.create(
            municipality_id=data.municipality_id,
            person_id=data.person_id,
            first_name=data.first_name.strip(),
            family_name=data.family_name.strip(),
            postcode=data.postcode.replace(" ", "").upper(),
            house_number=data.house_number,
            phone=data.phone.strip(),
            young_carer=data.young_carer,
            team_id=membership.team_id,
            registered_on=dates.today(),
            registered_by=actor.user,
        )
        CareRelation.objects.create(
            carer=carer,
            person_id=data.cared_for_id,
            kind=data.relation_kind,
            consent_on=data.consent_on,
            start_on=data.start_on,
            hours_per_week=data.hours_per_week,
            shared_summary=data.shared_summary.strip(),
        )
        _log_carer(actor, carer, LogAction.CREATE)
    return carer


def _carer_for_change(actor: Actor, carer_id: int) -> Carer:
    """Lock the carer; the actor must be in the carer's team or have registered them."""
    membership = casework_membership(actor)
    carer = Carer.objects.select_for_update().get(pk=carer_id)
    own = (carer.team_id is not None and carer.team_id == membership.team_id) or (
        carer.registered_by_id == actor.user.pk
    )
    if not own:
        cared_for = CareRelation.objects.filter(carer=carer).values_list("person_id", flat=True)
        if not any(decide(actor, Action.CHANGE, pid).allowed for pid in cared_for):
            raise AccessDenied()
    return carer


@dataclass(frozen=True)
class CheckInResult:
    checkin: BurdenCheckIn
    signal: Signal | None


def record_checkin(
    actor: Actor,
    carer_id: int,
    answers: dict[str, int],
    done_on: datetime.date | None = None,
    note: str = "",
) -> CheckInResult:
    """Score the burden check-in; from the norm on, raise a signal "overbelaste mantelzorger"
    that enters the team's signals inbox with the configured urgency (and so its norm)."""
    done_on = done_on or dates.today()
    if done_on > dates.today():
        raise ValidationError({"done_on": _("Datum: mag niet in de toekomst liggen.")})
    try:
        total = burden.score(answers)
    except ValueError as exc:
        raise ValidationError(
            {"answers": _("Belastingcheck: beantwoord elke vraag met een waarde van 0 tot 4.")}
        ) from exc
    overloaded = burden.is_overloaded(total)
    with transaction.atomic():
        carer = _carer_for_change(actor, carer_id)
        signal = _overload_signal(actor, carer, done_on) if overloaded else None
        checkin = BurdenCheckIn.objects.create(
            carer=carer,
            done_on=done_on,
            answers={code: int(answers[code]) for code, _label in burden.QUESTIONS},
            score=total,
            overloaded=overloaded,
            signal=signal,
            note=note.strip(),
            recorded_by=actor.user,
        )
        _log_carer(actor, carer, LogAction.CREATE)
    return CheckInResult(checkin, signal)


def _overload_signal(actor: Actor, carer: Carer, day: datetime.date) -> Signal:
    urgency = str(settings.INFORMAL_OVERLOAD_URGENCY)
    if urgency not in Priority.values:
        raise ValueError(f"PLEK_INFORMAL_OVERLOAD_URGENCY: onbekende urgentie {urgency!r}")
    person_id = (
        carer.person_id
        if carer.person_id and decide(actor, Action.CREATE, carer.person_id).allowed
        else None
    )
    signal = register_signal(
        actor,
        SignalInput(
            source=Source.MANTELZORG,
            urgency=urgency,
            received_on=day,
            person_id=person_id,
            postcode=carer.postcode,
            house_number=carer.house_number,
        ),
    )
    # Without a person in the chain the inbox names the carer as reported, like a delivery does.
    Signal.objects.filter(pk=signal.pk).update(
        reported_initials=f"{carer.first_name[:1]}.", reported_family_name=carer.family_name
    )
    signal.refresh_from_db()
    return signal


def add_support(
    actor: Actor,
    carer_id: int,
    kind: str,
    start_on: datetime.date | None,
    end_on: datetime.date | None = None,
    note: str = "",
) -> CarerSupport:
    errors: dict[str, str] = {}
    if kind not in SupportKind.values:
        errors["kind"] = _("Soort ondersteuning: kies een soort.")
    if start_on is None:
        errors["start_on"] = _("Vanaf: vul een datum in.")
    elif end_on is not None and end_on < start_on:
        errors["end_on"] = _("Tot: mag niet voor de begindatum liggen.")
    if errors:
        raise ValidationError(errors)
    assert start_on is not None
    with transaction.atomic():
        carer = _carer_for_change(actor, carer_id)
        support = CarerSupport.objects.create(
            carer=carer, kind=kind, start_on=start_on, end_on=end_on, note=note.strip()
        )
        _log_carer(actor, carer)
    return support


def sign_up_appreciation(
    actor: Actor, carer_id: int, year: int, carer_day: bool, amount: Decimal
) -> Appreciation:
    """Sign the carer up for this year's appreciation (once a year)."""
    if amount < 0:
        raise ValidationError({"amount": _("Bedrag: mag niet negatief zijn.")})
    with transaction.atomic():
        carer = _carer_for_change(actor, carer_id)
        try:
            with transaction.atomic():
                appreciation = Appreciation.objects.create(
                    carer=carer,
                    year=year,
                    signed_up_on=dates.today(),
                    carer_day=carer_day,
                    amount=amount,
                )
        except IntegrityError as exc:
            raise ValidationError(
                {"year": _("Jaar: deze mantelzorger is voor dit jaar al aangemeld.")}
            ) from exc
        _log_carer(actor, carer)
    return appreciation


# Payment moves forward only: signed up → granted → paid, or refused.
NEXT_STATUS = {
    PaymentStatus.AANGEMELD: {PaymentStatus.TOEGEKEND, PaymentStatus.AFGEWEZEN},
    PaymentStatus.TOEGEKEND: {PaymentStatus.UITBETAALD, PaymentStatus.AFGEWEZEN},
}


def set_payment_status(actor: Actor, appreciation_id: int, status: str) -> Appreciation:
    with transaction.atomic():
        appreciation = Appreciation.objects.select_for_update().get(pk=appreciation_id)
        _carer_for_change(actor, appreciation.carer_id)
        allowed = NEXT_STATUS.get(PaymentStatus(appreciation.status), set())
        if status not in allowed:
            raise ValidationError(
                {"status": _("Status: deze stap kan niet vanuit de huidige status.")}
            )
        appreciation.status = status
        appreciation.paid_on = dates.today() if status == PaymentStatus.UITBETAALD else None
        appreciation.save(update_fields=["status", "paid_on"])
        _log_carer(actor, appreciation.carer)
    return appreciation


def add_carer_to_action(actor: Actor, carer_id: int, action_id: int) -> PlanAction:
    """Name the carer as participant of the action's plan and as owner of the action."""
    with transaction.atomic():
        carer = _carer_for_change(actor, carer_id)
        action = PlanAction.objects.select_related("goal__plan").get(pk=action_id)
        plan = action.goal.plan
        if not CareRelation.objects.filter(carer=carer, person_id=plan.person_id).exists():
            raise ValidationError(
                {
                    "action": _(
                        "Actie: kies een actie uit het plan van iemand voor wie deze "
                        "mantelzorger zorgt."
                    )
                }
            )
        link = (
            CarerParticipation.objects.filter(carer=carer, participant__plan=plan)
            .select_related("participant")
            .first()
        )
        participant: PlanParticipant
        if link is None:
            participant = plan_services.add_participant(
                actor, plan.pk, str(carer), ParticipantKind.MANTELZORGER
            )
            CarerParticipation.objects.create(carer=carer, participant=participant)
        else:
            participant = link.participant
        action = plan_services.set_action_owner(actor, action.pk, participant.pk)
        _log_carer(actor, carer)
    return action
