"""The plan's relation source: its case lead and its team see the persons of the household.

Registered in ``PlansConfig.ready``. A plan counts while it runs on the day asked about. The
persons are the plan's own person (plek-csv) and everyone who is a member of the plan's
household on that day. Someone a hand-over waits for may look (not work) before accepting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

from plek.access.choices import Action, Purpose
from plek.access.relations import (
    CASEWORK_ACTIONS,
    Grant,
    GrantPart,
    Moment,
    PartsSource,
    person_ids_of,
)
from plek.accounts.models import Membership
from plek.people.models import HouseholdMember
from plek.plans.models import PENDING, CaseLeadAssignment, HandOver, Plan


def running_plans(day: Any) -> QuerySet[Plan]:
    return Plan.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day), started_on__lte=day)


def members_on(day: Any) -> QuerySet[HouseholdMember]:
    return HouseholdMember.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gt=day), start_date__lte=day
    )


def person_id_sets_of_plans(plans: QuerySet[Plan], day: Any) -> list[QuerySet[Any]]:
    """Ids of the persons a set of plans covers (its own persons and, on the day, the members
    of its households), as parts for a UNION."""
    members = members_on(day).filter(
        household_id__in=plans.filter(household__isnull=False).values("household_id")
    )
    return [person_ids_of(plans), person_ids_of(members)]


def _current_leads(moment: Moment) -> QuerySet[CaseLeadAssignment]:
    # "Current" on the day: started on or before it and not ended before it began.
    start, end = moment.day_bounds()
    return CaseLeadAssignment.objects.filter(started_at__lt=end).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gt=start)
    )


def _plan_parts(plans: Callable[[], QuerySet[Plan]], day: Any, grant: Grant) -> list[GrantPart]:
    """The plans' own persons, then their households' members on the day."""

    def members() -> QuerySet[Any]:
        households = plans().filter(household__isnull=False).values("household_id")
        return members_on(day).filter(household_id__in=households).order_by()

    return [
        GrantPart(lambda: plans().order_by().values_list("person_id"), lambda: grant),
        GrantPart(lambda: members().values_list("person_id"), lambda: grant),
    ]


class PlanRelationSource(PartsSource):
    name = "plan"
    priority = 50

    def _pending_plans(self, membership: Membership) -> QuerySet[Plan]:
        pending = (
            HandOver.objects.filter(PENDING)
            .filter(to_membership__user_id=membership.user_id)
            .values("plan_id")
        )
        return Plan.objects.filter(pk__in=pending, ended_on__isnull=True)

    def parts(self, membership: Membership, moment: Moment) -> list[GrantPart]:
        """Led plans first, then the team's, then a hand-over waiting for the member (look
        only): the first that covers a person names the basis."""
        day = moment.day

        def led() -> QuerySet[Plan]:
            leads = _current_leads(moment).filter(user_id=membership.user_id)
            return running_plans(day).filter(pk__in=leads.values("plan_id"))

        def pending() -> QuerySet[Plan]:
            return self._pending_plans(membership).filter(started_on__lte=day)

        look = frozenset({Action.VIEW})
        parts = _plan_parts(led, day, self._grant("plan:regisseur", CASEWORK_ACTIONS))
        if team_id := membership.team_id:

            def team() -> QuerySet[Plan]:
                return running_plans(day).filter(team_id=team_id)

            parts += _plan_parts(team, day, self._grant("plan:team", CASEWORK_ACTIONS))
        return parts + _plan_parts(pending, day, self._grant("plan:overdracht", look))

    def _grant(self, basis: str, actions: frozenset[str]) -> Grant:
        return Grant(basis, Purpose.WMO_MO, actions, self.name)

    def person_id_sets(self, membership: Membership, moment: Moment) -> list[QuerySet[Any]]:
        # Led, team and pending plans each as their own parts: no OR inside one part.
        day = moment.day
        led = _current_leads(moment).filter(user_id=membership.user_id).values("plan_id")
        sets = person_id_sets_of_plans(running_plans(day).filter(pk__in=led), day)
        if membership.team_id:
            team = running_plans(day).filter(team_id=membership.team_id)
            sets += person_id_sets_of_plans(team, day)
        return sets + person_id_sets_of_plans(self._pending_plans(membership), day)
