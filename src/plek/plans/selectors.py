"""Every read of plan data: decided by the access policy and logged once (see people.selectors).

The subject of a plan in the policy and the log is the plan's own person (plek-csv ``person``):
the applicant of the household. Worklists list only the actor's own plans and hand-overs
(case lead or addressee), by household name and date; they are not a way into other files.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plek.access.choices import Action, LogAction
from plek.access.kinds import DataKind
from plek.access.policy import Decision
from plek.access.reads import read_persons
from plek.access.services import record_allowed
from plek.accounts.context import Actor
from plek.accounts.models import User
from plek.intake.selectors import households_of, members_of
from plek.people.dossier import TimelineEntry
from plek.people.models import Household, HouseholdMember, Person
from plek.people.selectors import authorise
from plek.plans.activities import (
    PLAN_DATA_KINDS,
    PLAN_EXPORT,
    PLAN_LIST,
    PLAN_LIST_DATA_KINDS,
    PLAN_VIEW,
)
from plek.plans.models import CaseLeadAssignment, Goal, HandOver, Plan
from plek.web.components import WorklistItem

# Reviews due within this many days show on the worklist (overdue ones always do).
REVIEW_SOON_DAYS = 30


@dataclass(frozen=True)
class PlanView:
    plan: Plan
    members: list[HouseholdMember]
    goals: list[Goal]
    case_lead: CaseLeadAssignment | None
    history: list[CaseLeadAssignment]
    pending: HandOver | None
    decision: Decision

    @property
    def subject(self) -> str:
        return str(self.plan.household or self.plan.person)


def _plan_person(plan_id: int) -> int:
    person_id = Plan.objects.filter(pk=plan_id).values_list("person_id", flat=True).first()
    if person_id is None:
        raise Plan.DoesNotExist(plan_id)
    return person_id


def _read_plan(plan_id: int, decision: Decision) -> PlanView:
    plan = Plan.objects.select_related("person", "household", "team").get(pk=plan_id)
    history = list(plan.case_leads.select_related("user", "team").order_by("started_at", "id"))
    current = next((a for a in history if a.ended_at is None), None)
    goals = list(plan.goals.prefetch_related("actions__organisation", "evaluations").order_by("id"))
    pending = (
        plan.hand_overs.filter(accepted_at__isnull=True, declined_at__isnull=True)
        .select_related("from_user", "to_membership__user", "to_membership__team")
        .first()
    )
    day = timezone.localdate()
    members = members_of(plan.household_id, day) if plan.household_id else []
    return PlanView(plan, members, goals, current, history, pending, decision)


def plan_of_goal(goal_id: int) -> int:
    """The plan a goal belongs to: an id to route by, no personal data (``Goal.DoesNotExist``)."""
    return Goal.objects.values_list("plan_id", flat=True).get(pk=goal_id)


def open_plan(actor: Actor, plan_id: int) -> PlanView:
    """The plan with its household, goals, actions, evaluations and case-lead history."""
    person_id = _plan_person(plan_id)
    decision = authorise(actor, Action.VIEW, person_id, kind=DataKind.PLAN)
    with transaction.atomic():
        view = _read_plan(plan_id, decision)
        record_allowed(actor, decision, PLAN_VIEW, person_id, PLAN_DATA_KINDS)
    return view


def plan_for_export(actor: Actor, plan_id: int) -> PlanView:
    """The same, for the PDF the resident receives: an export in the log."""
    person_id = _plan_person(plan_id)
    decision = authorise(actor, Action.EXPORT, person_id, kind=DataKind.PLAN)
    with transaction.atomic():
        view = _read_plan(plan_id, decision)
        record_allowed(actor, decision, PLAN_EXPORT, person_id, PLAN_DATA_KINDS, LogAction.EXPORT)
    return view


@dataclass(frozen=True)
class PlanStart:
    person: Person
    households: list[Household]
    active: list[Plan]


def plan_start(actor: Actor, person_id: int) -> PlanStart:
    """What the start form shows: the person's households and any plan that already runs."""
    decision = authorise(actor, Action.CREATE, person_id, kind=DataKind.PLAN)
    with transaction.atomic():
        person = Person.objects.get(pk=person_id)
        households = households_of(person_id, timezone.localdate())
        active = list(
            Plan.objects.filter(ended_on__isnull=True)
            .filter(Q(person_id=person_id) | Q(household__in=households))
            .select_related("household")
        )
        record_allowed(actor, decision, PLAN_VIEW, person_id, ("naam", "huishouden", "plan"))
    return PlanStart(person, households, active)


def current_case_lead(person_id: int) -> User | None:
    """Internal (no policy, no log): the case lead of the active plan of the person's household,
    else of the person's own active plan. For services that must notify or route to them."""
    day = timezone.localdate()
    households = (
        HouseholdMember.objects.filter(person_id=person_id, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
        .values("household_id")
    )
    for plans in (
        Plan.objects.filter(household_id__in=households),
        Plan.objects.filter(person_id=person_id),
    ):
        assignment = (
            CaseLeadAssignment.objects.filter(
                ended_at__isnull=True,
                plan__in=plans.filter(ended_on__isnull=True, started_on__lte=day),
            )
            .select_related("user")
            .order_by("-plan__started_on", "-plan_id")
            .first()
        )
        if assignment is not None:
            return assignment.user
    return None


def persons_led_by(user_id: int) -> QuerySet[Any]:
    """Internal (no policy, no log): ids of the persons of the running plans the user leads now
    (each plan's person and its household's members): one UNION subquery, for worklists that
    must not ask ``current_case_lead`` once per row."""
    from plek.plans.relations import person_id_sets_of_plans, running_plans

    day = timezone.localdate()
    led = CaseLeadAssignment.objects.filter(user_id=user_id, ended_at__isnull=True)
    plans = running_plans(day).filter(pk__in=led.values("plan_id"))
    first, *rest = person_id_sets_of_plans(plans, day)
    return first.union(*rest)


# --- worklists ----------------------------------------------------------------------------------


def _my_plans(actor: Actor) -> QuerySet[Plan]:
    led = CaseLeadAssignment.objects.filter(user=actor.user, ended_at__isnull=True).values(
        "plan_id"
    )
    return Plan.objects.filter(pk__in=led, ended_on__isnull=True).select_related(
        "household", "person"
    )


def _plan_item(plan: Plan, today: datetime.date) -> WorklistItem:
    if plan.review_on is None:
        detail = _("geen evaluatiedatum")
    elif plan.review_on < today:
        detail = _("evaluatie te laat: %(date)s") % {"date": date_format(plan.review_on)}
    else:
        detail = _("evaluatie op %(date)s") % {"date": date_format(plan.review_on)}
    return WorklistItem(
        label=str(plan.household or plan.person),
        href=reverse("plans:detail", args=[plan.pk]),
        detail=detail,
    )


def _read_plans(actor: Actor, plans: list[Plan]) -> list[Plan]:
    """Log the plans' persons shown (each once, the relation's purpose); only allowed ones."""
    allowed = read_persons(
        actor,
        (plan.person_id for plan in plans),
        PLAN_LIST,
        PLAN_LIST_DATA_KINDS,
        kind=DataKind.PLAN,
    )
    return [plan for plan in plans if plan.person_id in allowed]


def reviews_due(actor: Actor, limit: int = 20) -> list[WorklistItem]:
    """My plans whose review is overdue or due within REVIEW_SOON_DAYS, overdue first."""
    today = timezone.localdate()
    plans = (
        _my_plans(actor)
        .filter(review_on__lte=today + datetime.timedelta(days=REVIEW_SOON_DAYS))
        .order_by("review_on", "id")[:limit]
    )
    return [_plan_item(plan, today) for plan in _read_plans(actor, list(plans))]


def plans_i_lead(actor: Actor, limit: int = 20) -> list[WorklistItem]:
    """Every active plan I lead, the earliest review (so the overdue ones) first."""
    today = timezone.localdate()
    plans = _my_plans(actor).order_by("review_on", "id")[:limit]
    return [_plan_item(plan, today) for plan in _read_plans(actor, list(plans))]


def pending_hand_overs(actor: Actor) -> list[HandOver]:
    """Hand-overs waiting for the actor to accept or decline, oldest first (not logged: show
    them through ``read_hand_overs_for_me``)."""
    if actor.membership is None:
        return []
    return list(
        HandOver.objects.filter(
            to_membership__user=actor.user, accepted_at__isnull=True, declined_at__isnull=True
        )
        .select_related("plan__household", "plan__person", "from_user")
        .order_by("requested_at", "id")
    )


def read_hand_overs_for_me(actor: Actor, limit: int | None = None) -> list[HandOver]:
    """The hand-overs waiting for the actor, as shown: each plan's person logged once."""
    hand_overs = pending_hand_overs(actor)[:limit]
    allowed = read_persons(
        actor,
        (h.plan.person_id for h in hand_overs),
        PLAN_LIST,
        PLAN_LIST_DATA_KINDS,
        kind=DataKind.PLAN,
    )
    return [h for h in hand_overs if h.plan.person_id in allowed]


def hand_overs_for_me(actor: Actor, limit: int = 20) -> list[WorklistItem]:
    hand_overs = read_hand_overs_for_me(actor, limit)
    return [
        WorklistItem(
            label=str(h.plan.household or h.plan.person),
            href=reverse("plans:hand-over", args=[h.pk]),
            detail=_("van %(name)s, gevraagd op %(date)s")
            % {
                "name": h.from_user.get_full_name() or h.from_user.get_username(),
                "date": date_format(timezone.localtime(h.requested_at).date()),
            },
        )
        for h in hand_overs
    ]


def open_hand_over(actor: Actor, hand_over_id: int) -> tuple[HandOver, PlanView]:
    """A hand-over and the plan it is about, for the addressee (or whoever may see the plan)."""
    hand_over = HandOver.objects.select_related(
        "from_user", "to_membership__user", "to_membership__team"
    ).get(pk=hand_over_id)
    return hand_over, open_plan(actor, hand_over.plan_id)


# --- dossier section (called only through plek.people.selectors.open_dossier) -------------------


def plan_entries(actor: Actor, person: Person) -> list[TimelineEntry]:
    households = HouseholdMember.objects.filter(person=person).values("household_id")
    plans = (
        Plan.objects.filter(Q(person=person) | Q(household_id__in=households))
        .select_related("household")
        .prefetch_related("goals")
        .order_by("-started_on")[:10]
    )
    entries: list[TimelineEntry] = []
    for plan in plans:
        url = reverse("plans:detail", args=[plan.pk])
        entries.append(
            TimelineEntry(
                plan.started_on,
                _("Plan gestart"),
                _("Evaluatie op %(date)s") % {"date": date_format(plan.review_on)}
                if plan.review_on
                else "",
                url,
            )
        )
        if plan.ended_on:
            entries.append(TimelineEntry(plan.ended_on, _("Plan beëindigd"), "", url))
        for goal in plan.goals.all():
            entries.append(
                TimelineEntry(
                    timezone.localtime(goal.created_at).date(),
                    _("Doel: %(domain)s") % {"domain": goal.get_domain_display()},
                    goal.own_words[:200],
                    url,
                )
            )
    return entries
