"""Signals by hand: register, assign, contact attempts, outcome, and report back to the source."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from plek.access.choices import Action, LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.policy import decide, may_read_person_files
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.accounts.models import Membership, Team, User
from plek.core import dates
from plek.core.choices import Priority
from plek.core.events import emit
from plek.people.models import HouseholdMember
from plek.signals.activities import (
    CONTACT_ATTEMPT,
    SIGNAL_ASSIGN,
    SIGNAL_CREATE,
    SIGNAL_DATA_KINDS,
    SIGNAL_FEEDBACK,
    SIGNAL_OUTCOME,
)
from plek.signals.models import (
    ContactAttempt,
    ContactKind,
    Feedback,
    Outcome,
    PartOfDay,
    Signal,
    Source,
)
from plek.signals.selectors import log_signal, signal_decision
from plek.signals.services.cases import link_cases
from plek.signals.services.common import (
    _new_external_id,
)


@dataclass(frozen=True)
class SignalInput:
    source: str
    urgency: str
    received_on: datetime.date
    person_id: int | None = None
    postcode: str = ""
    house_number: int | None = None
    house_number_addition: str = ""
    arrear_amount: Decimal | None = None
    arrear_since: datetime.date | None = None
    eviction_date: datetime.date | None = None
    crisis: bool = False
    source_organisation_id: int | None = None


def _clean_signal(data: SignalInput) -> None:
    errors: dict[str, str] = {}
    today = dates.today()
    if data.source not in Source.values:
        errors["source"] = _("Bron: kies een van de bronnen.")
    if data.urgency not in Priority.values:
        errors["urgency"] = _("Urgentie: kies spoed, hoog of normaal.")
    if data.received_on > today:
        errors["received_on"] = _("Ontvangen op: mag niet in de toekomst liggen.")
    if data.person_id is None and (not data.postcode or data.house_number is None):
        errors["postcode"] = _(
            "Postcode: vul een adres in als het signaal niet over een bekende persoon gaat."
        )
    if data.arrear_amount is not None and data.arrear_amount < 0:
        errors["arrear_amount"] = _("Bedrag achterstand: mag niet negatief zijn.")
    if data.arrear_since and data.arrear_since > today:
        errors["arrear_since"] = _("Achterstand sinds: mag niet in de toekomst liggen.")
    if data.source == Source.ONTRUIMING and data.eviction_date is None:
        errors["eviction_date"] = _("Ontruimingsdatum: verplicht bij een aangekondigde ontruiming.")
    if errors:
        raise ValidationError(errors)


def _casework_membership(actor: Actor) -> Membership:
    if actor.membership is None or not may_read_person_files(actor):
        raise AccessDenied()
    return actor.membership


def register_signal(actor: Actor, data: SignalInput) -> Signal:
    """A professional records a signal by hand; it is assigned to their team and to them."""
    membership = _casework_membership(actor)
    _clean_signal(data)
    purpose = Purpose.VROEGSIGNALERING
    if data.person_id is not None:
        decision = decide(actor, Action.CREATE, data.person_id)
        if not decision.allowed:
            raise AccessDenied()
    with transaction.atomic():
        signal = Signal.objects.create(
            external_id=_new_external_id(),
            person_id=data.person_id,
            source=data.source,
            urgency=Priority.SPOED if data.crisis else data.urgency,
            received_on=data.received_on,
            postcode=data.postcode,
            house_number=data.house_number,
            house_number_addition=data.house_number_addition,
            arrear_amount=data.arrear_amount,
            arrear_since=data.arrear_since,
            eviction_date=data.eviction_date,
            crisis=data.crisis,
            source_organisation_id=data.source_organisation_id,
            team_id=membership.team_id,
            worker=actor.user,
        )
        link_cases([signal])
        record_processing(
            actor, LogAction.CREATE, SIGNAL_CREATE, signal.person_id, SIGNAL_DATA_KINDS, purpose
        )
    emit("signal.registered", signal_id=signal.pk, source=signal.source, urgency=signal.urgency)
    return signal


def _locked(actor: Actor, signal_id: int, action: str) -> tuple[Signal, Any]:
    signal = Signal.objects.select_for_update().get(pk=signal_id)
    decision = signal_decision(actor, signal, action)
    return signal, decision


def assign_to_me(actor: Actor, signal_id: int) -> Signal:
    """Take the signal on: it goes to the actor's own team and to the actor."""
    membership = _casework_membership(actor)
    if membership.team_id is None:
        raise ValidationError({"worker": _("Medewerker: u hoort bij geen team.")})
    return assign_signal(actor, signal_id, membership.team_id, actor.user.pk)


def assign_signal(
    actor: Actor, signal_id: int, team_id: int, worker_id: int | None = None
) -> Signal:
    """Hand the signal to a team and, optionally, one of its members."""
    _casework_membership(actor)
    with transaction.atomic():
        signal, decision = _locked(actor, signal_id, Action.CHANGE)
        team = Team.objects.filter(pk=team_id).first()
        if team is None:
            raise ValidationError({"team": _("Team: kies een bestaand team.")})
        worker = None
        if worker_id is not None:
            worker = User.objects.filter(
                pk=worker_id,
                memberships__in=Membership.objects.active().filter(team=team),
            ).first()
            if worker is None:
                raise ValidationError(
                    {"worker": _("Medewerker: kies iemand die nu lid is van dit team.")}
                )
        signal.team = team
        signal.worker = worker
        signal.save(update_fields=["team", "worker"])
        log_signal(actor, LogAction.CHANGE, SIGNAL_ASSIGN, signal, decision)
    emit("signal.assigned", signal_id=signal.pk)
    return signal


@dataclass(frozen=True)
class AttemptInput:
    attempted_on: datetime.date
    kind: str
    part_of_day: str
    reached: bool
    note: str = ""


def record_contact_attempt(actor: Actor, signal_id: int, data: AttemptInput) -> ContactAttempt:
    """A contact attempt; the first one that reached the person sets ``first_contact_on``."""
    with transaction.atomic():
        signal, decision = _locked(actor, signal_id, Action.CHANGE)
        errors: dict[str, str] = {}
        if data.attempted_on > dates.today():
            errors["attempted_on"] = _("Datum: mag niet in de toekomst liggen.")
        elif data.attempted_on < signal.received_on:
            errors["attempted_on"] = _("Datum: ligt voor de ontvangst van het signaal.")
        if data.kind not in ContactKind.values:
            errors["kind"] = _("Soort contact: kies een van de soorten.")
        if data.part_of_day not in PartOfDay.values:
            errors["part_of_day"] = _("Dagdeel: kies ochtend, middag of avond.")
        if errors:
            raise ValidationError(errors)
        attempt = ContactAttempt.objects.create(
            signal=signal,
            attempted_on=data.attempted_on,
            kind=data.kind,
            part_of_day=data.part_of_day,
            reached=data.reached,
            note=data.note.strip(),
            recorded_by=actor.user,
        )
        if data.reached and (
            signal.first_contact_on is None or data.attempted_on < signal.first_contact_on
        ):
            signal.first_contact_on = data.attempted_on
            signal.save(update_fields=["first_contact_on"])
        log_signal(actor, LogAction.CREATE, CONTACT_ATTEMPT, signal, decision)
    emit("signal.contact_attempted", signal_id=signal_id, reached=attempt.reached)
    return attempt


def record_outcome(
    actor: Actor,
    signal_id: int,
    outcome: str,
    outcome_on: datetime.date,
    report_back: bool = True,
) -> Signal:
    """Close the signal with its outcome; report the end result back to the source at once."""
    with transaction.atomic():
        signal, decision = _locked(actor, signal_id, Action.CHANGE)
        errors: dict[str, str] = {}
        if outcome not in Outcome.values:
            errors["outcome"] = _("Uitkomst: kies een van de uitkomsten.")
        if signal.outcome:
            errors["outcome"] = _("Uitkomst: dit signaal heeft al een uitkomst.")
        if outcome_on > dates.today():
            errors["outcome_on"] = _("Datum uitkomst: mag niet in de toekomst liggen.")
        elif outcome_on < signal.received_on:
            errors["outcome_on"] = _("Datum uitkomst: ligt voor de ontvangst van het signaal.")
        if errors:
            raise ValidationError(errors)
        if outcome == Outcome.PLAN_GESTART:
            signal.plan_id = _running_plan_of(signal)
        signal.outcome = outcome
        signal.outcome_on = outcome_on
        signal.save(update_fields=["outcome", "outcome_on", "plan"])
        log_signal(actor, LogAction.CHANGE, SIGNAL_OUTCOME, signal, decision)
        if report_back and signal.source_organisation_id is not None:
            _report_back(actor, signal, decision)
    emit("signal.outcome_recorded", signal_id=signal_id, outcome=outcome)
    return signal


def _running_plan_of(signal: Signal) -> int:
    """The running plan of the signal's person (their household's, else their own): the plan
    the outcome "plan gestart" points to. The plans app sits beside this one, so the model is
    reached through the relation, not imported."""
    if signal.person_id is None:
        raise ValidationError(
            {
                "outcome": _(
                    "Uitkomst: 'Plan gestart' kan alleen bij een signaal over een bekende persoon."
                )
            }
        )
    plan_model: Any = Signal._meta.get_field("plan").related_model
    today = dates.today()
    households = (
        HouseholdMember.objects.filter(person_id=signal.person_id, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
        .values("household_id")
    )
    plan_id = (
        plan_model.objects.filter(ended_on__isnull=True)
        .filter(Q(household_id__in=households) | Q(person_id=signal.person_id))
        .order_by("-started_on", "-id")
        .values_list("id", flat=True)
        .first()
    )
    if plan_id is None:
        raise ValidationError(
            {
                "outcome": _(
                    "Uitkomst: voor deze persoon loopt nog geen plan. Start eerst het plan "
                    "vanuit het dossier en leg dan de uitkomst vast."
                )
            }
        )
    return int(plan_id)


def _report_back(actor: Actor, signal: Signal, decision: Any) -> Feedback:
    assert signal.source_organisation is not None  # checked by the callers
    feedback, _created = Feedback.objects.get_or_create(
        signal=signal,
        defaults={
            "organisation": signal.source_organisation,
            "outcome": signal.outcome,
            "reported_on": dates.today(),
            "reported_by": actor.user,
        },
    )
    log_signal(actor, LogAction.CREATE, SIGNAL_FEEDBACK, signal, decision)
    return feedback


def report_back(actor: Actor, signal_id: int) -> Feedback:
    """Report the end result to the organisation that sent the signal (once)."""
    with transaction.atomic():
        signal, decision = _locked(actor, signal_id, Action.CHANGE)
        if not signal.outcome:
            raise ValidationError({"outcome": _("Uitkomst: leg eerst de uitkomst vast.")})
        if signal.source_organisation_id is None:
            raise ValidationError(
                {
                    "source_organisation": _(
                        "Bronorganisatie: dit signaal heeft geen bronorganisatie."
                    )
                }
            )
        if Feedback.objects.filter(signal=signal).exists():
            raise ValidationError({"outcome": _("Uitkomst: is al teruggemeld aan de bron.")})
        feedback = _report_back(actor, signal, decision)
    emit("signal.reported_back", signal_id=signal_id)
    return feedback
