"""Every change of a plan: validated, allowed by the policy, logged, in one transaction.

Collisions are settled by the database: the household row (or, for a person without a household,
the person row) is locked while a plan starts, and partial unique indexes allow one active plan
per household and one per person without a household; the plan row is locked while its case lead
changes (and a partial unique index allows one current case lead).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.access.choices import Action, LogAction
from plek.access.policy import Decision
from plek.access.services import record_allowed
from plek.accounts.context import Actor
from plek.accounts.models import Membership, Organisation
from plek.core import dates
from plek.core.events import emit
from plek.intake.selectors import members_of
from plek.intake.zrm import DOMAINS
from plek.people.models import Household, Person
from plek.people.selectors import authorise
from plek.plans.activities import HAND_OVER, PLAN_DATA_KINDS, PLAN_RECORD
from plek.plans.models import (
    CASE_LEAD_ROLES,
    PENDING,
    CaseLeadAssignment,
    EndReason,
    Evaluation,
    Goal,
    HandOver,
    Plan,
    PlanAction,
    PlanParticipant,
    Progress,
)

ALREADY_ACTIVE = _("Huishouden: dit huishouden heeft al een lopend plan.")
PERSON_ALREADY_ACTIVE = _("Persoon: deze persoon heeft al een lopend plan.")


def default_review_on(started_on: datetime.date) -> datetime.date:
    return dates.add_months(started_on, settings.PLAN_REVIEW_MONTHS)


def _lead_or_team(actor: Actor, plan: Plan) -> None:
    """Changing a plan is for its case lead and its team (the policy already said yes)."""
    is_lead = plan.case_leads.filter(user=actor.user, ended_at__isnull=True).exists()
    in_team = (
        actor.membership is not None and plan.team_id and (actor.membership.team_id == plan.team_id)
    )
    if not (is_lead or in_team):
        raise ValidationError(
            _("Alleen de regisseur en het team van het plan kunnen dit wijzigen.")
        )


def start_plan(
    actor: Actor,
    person_id: int,
    household_id: int | None,
    started_on: datetime.date,
    review_on: datetime.date | None = None,
) -> Plan:
    """Start the one plan of a household; the actor becomes its case lead."""
    decision = authorise(actor, Action.CREATE, person_id)
    membership = actor.membership
    errors: dict[str, str] = {}
    if started_on > timezone.localdate():
        errors["started_on"] = _("Startdatum: deze datum ligt in de toekomst.")
    # A start in the future is refused above; the default must not overflow on such a date.
    review_on = review_on or default_review_on(min(started_on, timezone.localdate()))
    if review_on <= started_on:
        errors["review_on"] = _("Evaluatiedatum: kies een datum na de startdatum.")
    if membership is None or membership.role not in CASE_LEAD_ROLES:
        errors["__all__"] = _("In uw rol kunt u geen regisseur van een plan zijn.")
    if errors:
        raise ValidationError(errors)
    assert membership is not None
    with transaction.atomic():
        if household_id is not None:
            # The lock makes simultaneous starts for one household wait and then see the first.
            household = Household.objects.select_for_update().filter(pk=household_id).first()
            if household is None or person_id not in {
                m.person_id for m in members_of(household_id, started_on)
            }:
                raise ValidationError(
                    {
                        "household": _(
                            "Huishouden: deze persoon hoort op de startdatum "
                            "niet bij dit huishouden."
                        )
                    }
                )
            if Plan.objects.filter(household_id=household_id, ended_on__isnull=True).exists():
                raise ValidationError({"household": ALREADY_ACTIVE})
        else:
            # Without a household the person's row is the lock: simultaneous starts wait here.
            Person.objects.select_for_update().filter(pk=person_id).first()
            if Plan.objects.filter(
                person_id=person_id, household__isnull=True, ended_on__isnull=True
            ).exists():
                raise ValidationError({"household": PERSON_ALREADY_ACTIVE})
        try:
            with transaction.atomic():
                plan = Plan.objects.create(
                    external_id=uuid.uuid4().hex,
                    person_id=person_id,
                    household_id=household_id,
                    started_on=started_on,
                    review_on=review_on,
                    team_id=membership.team_id,
                )
        except IntegrityError as exc:
            message = ALREADY_ACTIVE if household_id is not None else PERSON_ALREADY_ACTIVE
            raise ValidationError({"household": message}) from exc
        CaseLeadAssignment.objects.create(
            plan=plan, user=actor.user, team_id=membership.team_id, started_at=timezone.now()
        )
        record_allowed(actor, decision, PLAN_RECORD, person_id, PLAN_DATA_KINDS, LogAction.CREATE)
    emit("plan.started", plan_id=plan.pk)
    return plan


def _plan_for_change(actor: Actor, plan_id: int) -> tuple[Plan, Decision]:
    plan = Plan.objects.select_for_update().get(pk=plan_id)
    decision = authorise(actor, Action.CHANGE, plan.person_id)
    if plan.ended_on is not None:
        raise ValidationError(_("Dit plan is beëindigd en kan niet meer worden gewijzigd."))
    _lead_or_team(actor, plan)
    return plan, decision


def request_hand_over(actor: Actor, plan_id: int, to_username: str, note: str = "") -> HandOver:
    """The current case lead asks a colleague to take over; nothing changes until accepted."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan_id)
        decision = authorise(actor, Action.CHANGE, plan.person_id)
        if not plan.case_leads.filter(user=actor.user, ended_at__isnull=True).exists():
            raise ValidationError(_("Alleen de huidige regisseur kan de regie overdragen."))
        # Only an approved, running membership: a case-file role waiting for a second admin's
        # approval cannot receive a plan.
        target = (
            Membership.objects.active()
            .filter(user__username=to_username.strip(), role__in=CASE_LEAD_ROLES)
            .exclude(user=actor.user)
            .order_by("start_date", "id")
            .first()
        )
        if target is None:
            raise ValidationError(
                {
                    "to_username": _(
                        "Nieuwe regisseur: geen collega met deze gebruikersnaam "
                        "die regisseur kan zijn."
                    )
                }
            )
        if plan.hand_overs.filter(PENDING).exists():
            raise ValidationError(
                {"to_username": _("Nieuwe regisseur: er wacht al een overdracht voor dit plan.")}
            )
        hand_over = HandOver.objects.create(
            plan=plan,
            from_user=actor.user,
            to_membership=target,
            note=note.strip(),
            requested_at=timezone.now(),
        )
        record_allowed(actor, decision, HAND_OVER, plan.person_id, ("regisseur",), LogAction.CREATE)
    emit("plan.hand_over_requested", plan_id=plan_id)
    return hand_over


def _pending_for(actor: Actor, hand_over_id: int) -> tuple[HandOver, Plan]:
    # Lock the plan first (every change of a case lead does), then re-read the hand-over.
    plan_id = HandOver.objects.values_list("plan_id", flat=True).get(pk=hand_over_id)
    plan = Plan.objects.select_for_update().get(pk=plan_id)
    hand_over = HandOver.objects.select_related("to_membership").get(pk=hand_over_id)
    if hand_over.to_membership.user_id != actor.user.pk:
        raise ValidationError(_("Deze overdracht is niet aan u gericht."))
    if not hand_over.pending:
        raise ValidationError(_("Deze overdracht is al afgehandeld."))
    return hand_over, plan


def accept_hand_over(actor: Actor, hand_over_id: int) -> HandOver:
    """The new case lead accepts: the old assignment ends, the new one starts, the team moves."""
    with transaction.atomic():
        hand_over, plan = _pending_for(actor, hand_over_id)
        decision = authorise(actor, Action.VIEW, plan.person_id)
        now = timezone.now()
        CaseLeadAssignment.objects.filter(plan=plan, ended_at__isnull=True).update(ended_at=now)
        membership = hand_over.to_membership
        CaseLeadAssignment.objects.create(
            plan=plan, user_id=membership.user_id, team_id=membership.team_id, started_at=now
        )
        plan.team_id = membership.team_id
        plan.save(update_fields=["team"])
        hand_over.accepted_at = now
        hand_over.save(update_fields=["accepted_at"])
        record_allowed(actor, decision, HAND_OVER, plan.person_id, ("regisseur",), LogAction.CHANGE)
    emit("plan.hand_over_accepted", plan_id=hand_over.plan_id)
    return hand_over


def decline_hand_over(actor: Actor, hand_over_id: int) -> HandOver:
    with transaction.atomic():
        hand_over, plan = _pending_for(actor, hand_over_id)
        decision = authorise(actor, Action.VIEW, plan.person_id)
        hand_over.declined_at = timezone.now()
        hand_over.save(update_fields=["declined_at"])
        record_allowed(actor, decision, HAND_OVER, plan.person_id, ("regisseur",), LogAction.CHANGE)
    return hand_over


def add_goal(actor: Actor, plan_id: int, domain: str, own_words: str) -> Goal:
    errors = {}
    if domain not in DOMAINS:
        errors["domain"] = _("Leefgebied: kies een van de leefgebieden van de ZRM.")
    if not own_words.strip():
        errors["own_words"] = _("Doel in eigen woorden: schrijf op wat de bewoner wil bereiken.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan, decision = _plan_for_change(actor, plan_id)
        goal = Goal.objects.create(plan=plan, domain=domain, own_words=own_words.strip())
        record_allowed(
            actor, decision, PLAN_RECORD, plan.person_id, PLAN_DATA_KINDS, LogAction.CREATE
        )
    emit("plan.goal_added", plan_id=plan_id, goal_id=goal.pk, domain=goal.domain)
    return goal


def add_action(
    actor: Actor,
    goal_id: int,
    description: str,
    organisation_id: int | None,
    target_date: datetime.date | None,
) -> PlanAction:
    errors = {}
    if not description.strip():
        errors["description"] = _("Actie: beschrijf wat er gebeurt.")
    if organisation_id is None or not Organisation.objects.filter(pk=organisation_id).exists():
        errors["organisation"] = _("Verantwoordelijke organisatie: kies een organisatie.")
    if target_date is None:
        errors["target_date"] = _("Streefdatum: vul een datum in.")
    if errors:
        raise ValidationError(errors)
    assert organisation_id is not None and target_date is not None
    with transaction.atomic():
        goal = Goal.objects.get(pk=goal_id)
        plan, decision = _plan_for_change(actor, goal.plan_id)
        action = PlanAction.objects.create(
            goal=goal,
            description=description.strip(),
            organisation_id=organisation_id,
            target_date=target_date,
        )
        record_allowed(
            actor, decision, PLAN_RECORD, plan.person_id, PLAN_DATA_KINDS, LogAction.CREATE
        )
    return action


def add_evaluation(
    actor: Actor, goal_id: int, evaluated_on: datetime.date, progress: str, note: str = ""
) -> Evaluation:
    errors = {}
    if progress not in Progress.values:
        errors["progress"] = _("Voortgang: kies hoe ver het doel is.")
    if evaluated_on > timezone.localdate():
        errors["evaluated_on"] = _("Datum evaluatie: deze datum ligt in de toekomst.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        goal = Goal.objects.get(pk=goal_id)
        plan, decision = _plan_for_change(actor, goal.plan_id)
        if evaluated_on < plan.started_on:
            raise ValidationError(
                {"evaluated_on": _("Datum evaluatie: ligt vóór de start van het plan.")}
            )
        evaluation = Evaluation.objects.create(
            goal=goal,
            evaluated_on=evaluated_on,
            progress=progress,
            note=note.strip(),
            author=actor.user,
        )
        record_allowed(
            actor, decision, PLAN_RECORD, plan.person_id, PLAN_DATA_KINDS, LogAction.CREATE
        )
    return evaluation


def set_review(actor: Actor, plan_id: int, review_on: datetime.date) -> Plan:
    with transaction.atomic():
        plan, decision = _plan_for_change(actor, plan_id)
        if review_on <= plan.started_on:
            raise ValidationError(
                {"review_on": _("Evaluatiedatum: kies een datum na de startdatum.")}
            )
        plan.review_on = review_on
        plan.save(update_fields=["review_on"])
        record_allowed(
            actor, decision, PLAN_RECORD, plan.person_id, PLAN_DATA_KINDS, LogAction.CHANGE
        )
    return plan


def add_participant(actor: Actor, plan_id: int, name: str, kind: str) -> PlanParticipant:
    """Name a carer or network member as taking part in the plan."""
    from plek.plans.models import ParticipantKind

    errors = {}
    if not name.strip():
        errors["name"] = _("Naam: vul de naam van de deelnemer in.")
    if kind not in ParticipantKind.values:
        errors["kind"] = _("Soort: kies mantelzorger, netwerklid of vrijwilliger.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan, decision = _plan_for_change(actor, plan_id)
        participant = PlanParticipant.objects.create(
            plan=plan, name=name.strip(), kind=kind, added_on=timezone.localdate()
        )
        record_allowed(actor, decision, PLAN_RECORD, plan.person_id, PLAN_DATA_KINDS)
    return participant


def set_action_owner(actor: Actor, action_id: int, participant_id: int | None) -> PlanAction:
    """Make a participant of the same plan the owner of an action (None: no owner)."""
    with transaction.atomic():
        action = PlanAction.objects.select_related("goal").select_for_update().get(pk=action_id)
        plan, decision = _plan_for_change(actor, action.goal.plan_id)
        if (
            participant_id is not None
            and not PlanParticipant.objects.filter(pk=participant_id, plan=plan).exists()
        ):
            raise ValidationError({"owner": _("Uitgevoerd door: kies een deelnemer aan dit plan.")})
        action.owner_id = participant_id
        action.save(update_fields=["owner"])
        record_allowed(actor, decision, PLAN_RECORD, plan.person_id, PLAN_DATA_KINDS)
    return action


def end_plan(
    actor: Actor, plan_id: int, ended_on: datetime.date, reason: str, note: str = ""
) -> Plan:
    """End the plan with a reason; a hand-over still waiting is withdrawn with it."""
    errors: dict[str, str] = {}
    if reason not in EndReason.values:
        errors["reason"] = _("Reden: kies waarom het plan stopt.")
    if reason == EndReason.OTHER and not note.strip():
        errors["note"] = _("Toelichting: vul in waarom het plan stopt als de reden 'Anders' is.")
    if ended_on > dates.today():
        errors["ended_on"] = _("Einddatum: deze datum ligt in de toekomst.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan, decision = _plan_for_change(actor, plan_id)
        if ended_on < plan.started_on:
            raise ValidationError({"ended_on": _("Einddatum: ligt vóór de start van het plan.")})
        plan.ended_on = ended_on
        plan.end_reason = reason
        plan.end_note = note.strip()
        plan.save(update_fields=["ended_on", "end_reason", "end_note"])
        HandOver.objects.filter(PENDING, plan=plan).update(cancelled_at=timezone.now())
        record_allowed(
            actor, decision, PLAN_RECORD, plan.person_id, PLAN_DATA_KINDS, LogAction.CHANGE
        )
    emit("plan.ended", plan_id=plan_id, reason=reason)
    return plan


def mark_action_done(actor: Actor, action_id: int, done_on: datetime.date) -> PlanAction:
    """Record that a plan action was carried out (once)."""
    with transaction.atomic():
        goal_plan = PlanAction.objects.filter(pk=action_id).values_list("goal__plan_id", flat=True)
        plan_id = goal_plan.get()
        plan, decision = _plan_for_change(actor, plan_id)
        action = PlanAction.objects.select_for_update().get(pk=action_id)
        errors: dict[str, str] = {}
        if action.done_on is not None:
            errors["done_on"] = _("Gedaan op: deze actie is al afgerond.")
        elif done_on > dates.today():
            errors["done_on"] = _("Gedaan op: deze datum ligt in de toekomst.")
        elif done_on < plan.started_on:
            errors["done_on"] = _("Gedaan op: ligt vóór de start van het plan.")
        if errors:
            raise ValidationError(errors)
        action.done_on = done_on
        action.save(update_fields=["done_on"])
        record_allowed(
            actor, decision, PLAN_RECORD, plan.person_id, PLAN_DATA_KINDS, LogAction.CHANGE
        )
    emit("plan.action_done", plan_id=plan_id, action_id=action_id)
    return action


def cancel_hand_over(actor: Actor, hand_over_id: int) -> HandOver:
    """The case lead who asked withdraws a hand-over that is still waiting."""
    with transaction.atomic():
        plan_id = HandOver.objects.values_list("plan_id", flat=True).get(pk=hand_over_id)
        plan = Plan.objects.select_for_update().get(pk=plan_id)
        decision = authorise(actor, Action.CHANGE, plan.person_id)
        hand_over = HandOver.objects.get(pk=hand_over_id)
        if hand_over.from_user_id != actor.user.pk:
            raise ValidationError(_("Alleen wie de overdracht vroeg, kan haar intrekken."))
        if not hand_over.pending:
            raise ValidationError(_("Deze overdracht is al afgehandeld."))
        hand_over.cancelled_at = timezone.now()
        hand_over.save(update_fields=["cancelled_at"])
        record_allowed(actor, decision, HAND_OVER, plan.person_id, ("regisseur",), LogAction.CHANGE)
    emit("plan.hand_over_cancelled", plan_id=plan_id)
    return hand_over


def set_imported_case_leads(leads: dict[int, Membership]) -> int:
    """The case leads an import names (plan pk → the lead's casework membership), as a hand-over:
    a plan led by someone else gets the new lead and its team, the old assignment ends (history
    is kept); a plan already led by that user is left as it is. Set-based, in the caller's
    transaction (the import's). Returns how many plans got a new lead."""
    if not leads:
        return 0
    current = dict(
        CaseLeadAssignment.objects.filter(
            plan_id__in=list(leads), ended_at__isnull=True
        ).values_list("plan_id", "user_id")
    )
    changed = {pk: m for pk, m in leads.items() if current.get(pk) != m.user_id}
    if not changed:
        return 0
    now = timezone.now()
    CaseLeadAssignment.objects.filter(plan_id__in=list(changed), ended_at__isnull=True).update(
        ended_at=now
    )
    CaseLeadAssignment.objects.bulk_create(
        CaseLeadAssignment(plan_id=pk, user_id=m.user_id, team_id=m.team_id, started_at=now)
        for pk, m in changed.items()
    )
    plans = list(Plan.objects.filter(pk__in=list(changed)).only("pk", "team_id"))
    for plan in plans:
        plan.team_id = changed[plan.pk].team_id
    Plan.objects.bulk_update(plans, ["team"], batch_size=5000)
    return len(changed)
