"""Every read of plan data: decided by the access policy and logged once (see people.selectors).

The subject of a plan in the policy and the log is the plan's own person (plek-csv ``person``):
the applicant of the household. Worklists list only the actor's own plans and hand-overs
(case lead or addressee), by household name and date; they are not a way into other files.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plek.access.choices import Action, LogAction
from plek.access.kinds import DataKind
from plek.access.policy import Decision
from plek.access.reads import read_persons
from plek.access.services import record_allowed
from plek.accounts.context import Actor
from plek.accounts.models import Membership, User
from plek.core import compiled
from plek.core.compiled import AmongAsked
from plek.intake.selectors import households_of, members_of
from plek.people.dossier import StatusLine, TimelineEntry, remembered
from plek.people.models import Household, HouseholdMember, Person
from plek.people.selectors import authorise
from plek.plans.activities import (
    PLAN_ACTION_LIST_DATA_KINDS,
    PLAN_DATA_KINDS,
    PLAN_EXPORT,
    PLAN_LIST,
    PLAN_LIST_DATA_KINDS,
    PLAN_VIEW,
)
from plek.plans.models import (
    CASE_LEAD_ROLES,
    PENDING,
    CaseLeadAssignment,
    Goal,
    HandOver,
    Plan,
    PlanAction,
    PlanParticipant,
)
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
    participants: list[PlanParticipant] = field(default_factory=list)

    @property
    def subject(self) -> str:
        if self.plan.household is not None:
            # Household names are stored without the word; the page says whose plan it is.
            return _("huishouden %(name)s") % {"name": self.plan.household.name}
        return str(self.plan.person)


def _plan_person(plan_id: int) -> int:
    person_id = Plan.objects.filter(pk=plan_id).values_list("person_id", flat=True).first()
    if person_id is None:
        raise Plan.DoesNotExist(plan_id)
    return person_id


def _read_plan(plan_id: int, decision: Decision) -> PlanView:
    plan = Plan.objects.select_related("person", "household", "team").get(pk=plan_id)
    history = list(plan.case_leads.select_related("user", "team").order_by("started_at", "id"))
    current = next((a for a in history if a.ended_at is None), None)
    goals = list(
        plan.goals.prefetch_related(
            "actions__organisation", "actions__owner", "evaluations"
        ).order_by("id")
    )
    pending = (
        plan.hand_overs.filter(PENDING)
        .select_related("from_user", "to_membership__user", "to_membership__team")
        .first()
    )
    day = timezone.localdate()
    members = members_of(plan.household_id, day) if plan.household_id else []
    participants = list(plan.participants.order_by("id"))
    return PlanView(plan, members, goals, current, history, pending, decision, participants)


def plan_of_goal(goal_id: int) -> int:
    """The plan a goal belongs to: an id to route by, no personal data (``Goal.DoesNotExist``)."""
    return Goal.objects.values_list("plan_id", flat=True).get(pk=goal_id)


def may_change(actor: Actor, view: PlanView) -> bool:
    """Whether the page offers changes: the case lead or the plan's team, on a running plan
    (the services check again, under the policy)."""
    if view.plan.ended_on is not None or view.decision.is_break_glass:
        return False
    is_lead = view.case_lead is not None and view.case_lead.user_id == actor.user.pk
    membership = actor.membership
    in_team = (
        membership is not None
        and view.plan.team_id is not None
        and membership.team_id == view.plan.team_id
    )
    return is_lead or in_team


def plan_of_action(action_id: int) -> int:
    """The plan an action belongs to: an id to route by (``PlanAction.DoesNotExist``)."""
    return PlanAction.objects.values_list("goal__plan_id", flat=True).get(pk=action_id)


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
    detail = _("geen evaluatiedatum") if plan.review_on is None else _("evaluatie")
    return WorklistItem(
        label=str(plan.household or plan.person),
        href=reverse("plans:detail", args=[plan.pk]),
        detail=detail,
        due=plan.review_on,
        overdue=plan.review_on is not None and plan.review_on < today,
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


def my_running_plans(actor: Actor) -> QuerySet[Plan]:
    """Lazy: the running plans the actor leads, earliest review first; cut it into a page and
    pass the page to ``read_plan_page`` (which decides and logs)."""
    return _my_plans(actor).order_by("review_on", "started_on", "id")


def read_plan_page(actor: Actor, plans: list[Plan]) -> list[Plan]:
    """One page of plans as shown: only allowed persons, each logged once."""
    return _read_plans(actor, plans)


def reviews_due(actor: Actor, limit: int = 20) -> list[WorklistItem]:
    """My plans whose review is overdue or due within REVIEW_SOON_DAYS, overdue first."""
    today = timezone.localdate()
    plans = compiled.objects(
        ("plans.reviews-due", actor.user.pk, today, limit),
        lambda: (
            _my_plans(actor)
            .filter(review_on__lte=today + datetime.timedelta(days=REVIEW_SOON_DAYS))
            .order_by("review_on", "id")[:limit]
        ),
    )
    return [_plan_item(plan, today) for plan in _read_plans(actor, plans)]


def plans_i_lead(actor: Actor, limit: int = 20) -> list[WorklistItem]:
    """Every active plan I lead, the earliest review (so the overdue ones) first."""
    today = timezone.localdate()
    plans = compiled.objects(
        ("plans.i-lead", actor.user.pk, limit),
        lambda: _my_plans(actor).order_by("review_on", "id")[:limit],
    )
    return [_plan_item(plan, today) for plan in _read_plans(actor, plans)]


def overdue_actions(actor: Actor) -> QuerySet[PlanAction]:
    """Open actions past their target date in the running plans the actor leads, the longest
    overdue first. Lazy and not logged: pass the rows shown to ``read_actions``."""
    today = timezone.localdate()
    return (
        PlanAction.objects.filter(
            goal__plan__in=_my_plans(actor), done_on__isnull=True, target_date__lt=today
        )
        .select_related("goal__plan__household", "goal__plan__person", "organisation")
        .order_by("target_date", "id")
    )


def read_actions(actor: Actor, actions: list[PlanAction]) -> list[PlanAction]:
    """The actions shown: each plan's person logged once; only those the policy opens."""
    allowed = read_persons(
        actor,
        (action.goal.plan.person_id for action in actions),
        PLAN_LIST,
        PLAN_ACTION_LIST_DATA_KINDS,
        kind=DataKind.PLAN,
    )
    return [action for action in actions if action.goal.plan.person_id in allowed]


def overdue_actions_worklist(actor: Actor, limit: int = 10) -> list[WorklistItem]:
    """The regisseur's "Acties over hun streefdatum": the longest overdue first."""
    found = compiled.objects(
        ("plans.overdue-actions", actor.user.pk, timezone.localdate(), limit),
        lambda: overdue_actions(actor)[:limit],
    )
    actions = read_actions(actor, found)
    return [
        WorklistItem(
            label=f"{action.goal.plan.household or action.goal.plan.person}: "
            f"{action.description[:80]}",
            href=reverse("plans:detail", args=[action.goal.plan_id]) + f"#actie-{action.pk}",
            detail=_("%(organisation)s · %(domain)s")
            % {
                "organisation": action.organisation.name,
                "domain": action.goal.get_domain_display(),
            },
            due=action.target_date,
            overdue=True,
        )
        for action in actions
    ]


def my_pending_hand_overs(actor: Actor) -> QuerySet[HandOver]:
    """Lazy: hand-overs waiting for the actor to accept or decline, oldest first (not logged:
    cut it into a page and pass the page to ``read_hand_over_page``)."""
    if actor.membership is None:
        return HandOver.objects.none()
    return (
        HandOver.objects.filter(PENDING, to_membership__user=actor.user)
        .select_related("plan__household", "plan__person", "from_user")
        .order_by("requested_at", "id")
    )


def pending_hand_overs(actor: Actor) -> list[HandOver]:
    """Hand-overs waiting for the actor, oldest first (not logged: show them through
    ``read_hand_overs_for_me``)."""
    return list(my_pending_hand_overs(actor))


def read_hand_overs_for_me(actor: Actor, limit: int | None = None) -> list[HandOver]:
    """The hand-overs waiting for the actor, as shown: each plan's person logged once."""
    return read_hand_over_page(actor, pending_hand_overs(actor)[:limit])


def read_hand_over_page(actor: Actor, hand_overs: list[HandOver]) -> list[HandOver]:
    """These hand-overs as shown: each plan's person logged once; the policy's refusals left out."""
    allowed = read_persons(
        actor,
        (h.plan.person_id for h in hand_overs),
        PLAN_LIST,
        PLAN_LIST_DATA_KINDS,
        kind=DataKind.PLAN,
    )
    return [h for h in hand_overs if h.plan.person_id in allowed]


def hand_overs_for_me(actor: Actor, limit: int = 20) -> list[WorklistItem]:
    waiting = compiled.objects(
        ("plans.hand-overs", actor.user.pk, actor.membership is None, limit),
        lambda: my_pending_hand_overs(actor)[:limit],
    )
    hand_overs = read_hand_over_page(actor, waiting)
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


# --- the dossier's status lines (called only after open_dossier decided) ------------------------


def _running_plan_query(day: datetime.date) -> QuerySet[Plan]:
    """The running plan of the person asked about (``AmongAsked``), their household's first."""
    households = (
        HouseholdMember.objects.filter(AmongAsked("person_id"), start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
        .values("household_id")
    )
    return (
        Plan.objects.filter(ended_on__isnull=True)
        .filter(Q(household_id__in=households) | Q(AmongAsked("person_id")))
        .order_by("-started_on", "-id")
    )


def _running_plan_with_lead(day: datetime.date) -> QuerySet[Plan]:
    """The running plan of the person asked about, with what its status lines show: the name
    of its current case lead (a left join: empty when the plan has none) and the number of
    its open actions past their target date."""
    overdue = (
        PlanAction.objects.filter(
            goal__plan_id=OuterRef("pk"), done_on__isnull=True, target_date__lt=day
        )
        .order_by()
        .values("goal__plan_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        _running_plan_query(day)
        .annotate(
            current_lead=FilteredRelation(
                "case_leads", condition=Q(case_leads__ended_at__isnull=True)
            ),
            lead_first_name=F("current_lead__user__first_name"),
            lead_last_name=F("current_lead__user__last_name"),
            lead_username=F("current_lead__user__username"),
            overdue_actions=Coalesce(Subquery(overdue), 0),
        )
        .order_by("-started_on", "-id", "current_lead__pk")[:1]
    )


def running_plan_of(person: Person) -> Plan | None:
    """The running plan of the person's household (else their own) with its case lead's name
    and its overdue actions (``_running_plan_with_lead``), remembered on the person object for
    the rest of the page: the dossier's status lines and actions all ask it. One statement,
    compiled once a day, the person bound at every run (``plek.core.compiled``)."""
    day = timezone.localdate()
    return remembered(
        person,
        "plans.running-plan",
        lambda: compiled.first(
            ("plans.running-plan", day), lambda: _running_plan_with_lead(day), asked=[person.pk]
        ),
    )


def plan_existence_status(actor: Actor, person: Person) -> list[StatusLine]:
    """That a plan runs and who leads it (kind "plan_bestaan": no goals, no link)."""
    plan = running_plan_of(person)
    if plan is None or plan.lead_username is None:  # type: ignore[attr-defined]
        return [StatusLine(_("Geen lopend plan"))]
    lead = User(
        username=plan.lead_username,  # type: ignore[attr-defined]
        first_name=plan.lead_first_name,  # type: ignore[attr-defined]
        last_name=plan.lead_last_name,  # type: ignore[attr-defined]
    )
    return [
        StatusLine(
            _("Plan sinds %(date)s, regisseur %(name)s")
            % {
                "date": date_format(plan.started_on),
                "name": lead.display_name,
            }
        )
    ]


def plan_status(actor: Actor, person: Person) -> list[StatusLine]:
    """The running plan's review date (its deadline) and its overdue actions (an alert)."""
    plan = running_plan_of(person)
    if plan is None:
        return []
    url = reverse("plans:detail", args=[plan.pk])
    lines = []
    if plan.review_on is not None:
        lines.append(StatusLine(_("Evaluatie van het plan"), url, due=plan.review_on))
    overdue: int = plan.overdue_actions  # type: ignore[attr-defined]
    if overdue:
        lines.append(
            StatusLine(
                ngettext(
                    "%(count)d actie over de streefdatum",
                    "%(count)d acties over de streefdatum",
                    overdue,
                )
                % {"count": overdue},
                url,
                alert=True,
            )
        )
    return lines


# --- dossier section (called only through plek.people.selectors.open_dossier) -------------------


def plan_entries(actor: Actor, person: Person) -> list[TimelineEntry]:
    # Compiled once per process, the person and the plans bound at every run.
    plans = compiled.objects(
        ("plans.dossier",),
        lambda: (
            Plan.objects.filter(
                Q(AmongAsked("person_id"))
                | Q(
                    household_id__in=HouseholdMember.objects.filter(AmongAsked("person_id")).values(
                        "household_id"
                    )
                )
            )
            .select_related("household")
            .order_by("-started_on")[:10]
        ),
        asked=[person.pk],
    )
    goals: dict[int, list[Goal]] = {}
    if plans:
        for goal in compiled.objects(
            ("plans.dossier.goals",),
            lambda: Goal.objects.filter(AmongAsked("plan_id")),
            asked=[plan.pk for plan in plans],
        ):
            goals.setdefault(goal.plan_id, []).append(goal)
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
        for goal in goals.get(plan.pk, []):
            entries.append(
                TimelineEntry(
                    timezone.localtime(goal.created_at).date(),
                    _("Doel: %(domain)s") % {"domain": goal.get_domain_display()},
                    goal.own_words[:200],
                    url,
                )
            )
    return entries


def case_lead_memberships(usernames: set[str]) -> dict[str, Membership]:
    """Of these usernames, each active user who may lead a plan, with the casework membership
    the lead acts in (the oldest active one in a case-lead role): for the import's `case_lead`."""
    memberships = (
        Membership.objects.active()
        .filter(user__username__in=usernames, user__is_active=True, role__in=CASE_LEAD_ROLES)
        .select_related("user")
        .order_by("user_id", "pk")
    )
    # The first per user, kept here: DISTINCT ON is PostgreSQL's alone, and SQLite is the
    # default database. A user has a handful of memberships at most.
    first: dict[str, Membership] = {}
    for membership in memberships:
        first.setdefault(membership.user.username, membership)
    return first


def current_case_lead_usernames(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """The plans with `case_lead_username`: the current lead's username (None when ended or
    without a lead), for the export."""
    lead = CaseLeadAssignment.objects.filter(plan=OuterRef("pk"), ended_at__isnull=True)
    return plans.annotate(case_lead_username=Subquery(lead.values("user__username")[:1]))


# --- public identifiers for API v2 (which internal key; the selector called next decides) ------


def hand_over_pk(public_id: uuid.UUID) -> int:
    """The internal key of a hand-over named by its UUID (``HandOver.DoesNotExist``)."""
    return int(HandOver.objects.values_list("pk", flat=True).get(uuid=public_id))


def no_hand_overs() -> QuerySet[HandOver]:
    """For the schema generator only: the model of the hand-over list, without any row."""
    return HandOver.objects.none()


# --- what the dossier asks with the person (``present``, see ``plek.people.dossier``) -------


def plan_presence() -> tuple[QuerySet[Plan], ...]:
    """The person's plans, their own or a household's they were ever in: without one there is
    no running plan either."""
    return (
        Plan.objects.filter(person_id=OuterRef("pk")),
        Plan.objects.filter(household__members__person_id=OuterRef("pk")),
    )
