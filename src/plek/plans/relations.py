"""The plan's relation source: its case lead and its team see the persons of the household.

Registered in ``PlansConfig.ready``. A plan counts while it runs on the day asked about. The
persons are the plan's own person (plek-csv) and everyone who is a member of the plan's
household on that day. Someone a hand-over waits for may look (not work) before accepting.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import Q, QuerySet

from plek.access.choices import Action, Purpose
from plek.access.relations import CASEWORK_ACTIONS, Grant, Moment, covered, person_ids_of
from plek.accounts.models import Membership
from plek.people.models import HouseholdMember, Person
from plek.plans.models import PENDING, CaseLeadAssignment, HandOver, Plan


def running_plans(day: Any) -> QuerySet[Plan]:
    return Plan.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day), started_on__lte=day)


def members_on(day: Any) -> QuerySet[HouseholdMember]:
    return HouseholdMember.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gt=day), start_date__lte=day
    )


def persons_of_plans(plans: QuerySet[Plan], day: Any) -> QuerySet[Any]:
    """Ids of the persons a set of plans covers: as a subquery, never a Python loop."""
    return Person.objects.filter(
        Q(pk__in=plans.values("person_id"))
        | Q(
            pk__in=members_on(day)
            .filter(household_id__in=plans.filter(household__isnull=False).values("household_id"))
            .values("person_id")
        )
    ).values("pk")


def person_id_sets_of_plans(plans: QuerySet[Plan], day: Any) -> list[QuerySet[Any]]:
    """The same persons as ``persons_of_plans``, as parts for a UNION."""
    members = members_on(day).filter(
        household_id__in=plans.filter(household__isnull=False).values("household_id")
    )
    return [person_ids_of(plans), person_ids_of(members)]


def _covered_by_plans(plans: QuerySet[Plan], person_ids: Collection[int], day: Any) -> set[int]:
    members = members_on(day).filter(
        household_id__in=plans.filter(household__isnull=False).values("household_id")
    )
    return covered(plans, person_ids) | covered(members, person_ids)


def _plans_covering(person_id: int, day: Any) -> QuerySet[Plan]:
    households = members_on(day).filter(person_id=person_id).values("household_id")
    return running_plans(day).filter(Q(person_id=person_id) | Q(household_id__in=households))


def _current_leads(moment: Moment) -> QuerySet[CaseLeadAssignment]:
    # "Current" on the day: started on or before it and not ended before it began.
    start, end = moment.day_bounds()
    return CaseLeadAssignment.objects.filter(started_at__lt=end).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gt=start)
    )


class PlanRelationSource:
    name = "plan"
    priority = 50

    def _work_plans(self, membership: Membership, moment: Moment) -> QuerySet[Plan]:
        lead_plans = _current_leads(moment).filter(user_id=membership.user_id).values("plan_id")
        holder = Q(pk__in=lead_plans)
        if membership.team_id:
            holder |= Q(team_id=membership.team_id)
        return running_plans(moment.day).filter(holder)

    def _pending_plans(self, membership: Membership) -> QuerySet[Plan]:
        pending = (
            HandOver.objects.filter(PENDING)
            .filter(to_membership__user_id=membership.user_id)
            .values("plan_id")
        )
        return Plan.objects.filter(pk__in=pending, ended_on__isnull=True)

    def grant(self, membership: Membership, person_id: int, moment: Moment) -> Grant | None:
        plans = _plans_covering(person_id, moment.day)
        plan = self._work_plans(membership, moment).filter(pk__in=plans.values("pk")).first()
        if plan is not None:
            basis = (
                "plan:regisseur"
                if _current_leads(moment).filter(plan=plan, user_id=membership.user_id).exists()
                else "plan:team"
            )
            return Grant(basis, Purpose.WMO_MO, CASEWORK_ACTIONS, self.name)
        if self._pending_plans(membership).filter(pk__in=plans.values("pk")).exists():
            return Grant("plan:overdracht", Purpose.WMO_MO, frozenset({Action.VIEW}), self.name)
        return None

    def grants(
        self, membership: Membership, person_ids: Collection[int], moment: Moment
    ) -> dict[int, Grant]:
        if not person_ids:
            return {}
        day = moment.day
        lead_plans = running_plans(day).filter(
            pk__in=_current_leads(moment).filter(user_id=membership.user_id).values("plan_id")
        )
        found: dict[int, Grant] = {}
        led = _covered_by_plans(lead_plans, person_ids, day)
        lead_grant = Grant("plan:regisseur", Purpose.WMO_MO, CASEWORK_ACTIONS, self.name)
        found.update(dict.fromkeys(led, lead_grant))
        rest = [pid for pid in person_ids if pid not in found]
        if rest and membership.team_id:
            team_plans = running_plans(day).filter(team_id=membership.team_id)
            team_grant = Grant("plan:team", Purpose.WMO_MO, CASEWORK_ACTIONS, self.name)
            found.update(dict.fromkeys(_covered_by_plans(team_plans, rest, day), team_grant))
        rest = [pid for pid in person_ids if pid not in found]
        if rest:
            pending = self._pending_plans(membership).filter(started_on__lte=day)
            look = Grant("plan:overdracht", Purpose.WMO_MO, frozenset({Action.VIEW}), self.name)
            found.update(dict.fromkeys(_covered_by_plans(pending, rest, day), look))
        return found

    def person_id_sets(self, membership: Membership, moment: Moment) -> list[QuerySet[Any]]:
        # Led, team and pending plans each as their own parts: no OR inside one part.
        day = moment.day
        led = _current_leads(moment).filter(user_id=membership.user_id).values("plan_id")
        sets = person_id_sets_of_plans(running_plans(day).filter(pk__in=led), day)
        if membership.team_id:
            team = running_plans(day).filter(team_id=membership.team_id)
            sets += person_id_sets_of_plans(team, day)
        return sets + person_id_sets_of_plans(self._pending_plans(membership), day)

    def visible_person_ids(self, membership: Membership, moment: Moment) -> QuerySet[Any]:
        plans = self._work_plans(membership, moment) | self._pending_plans(membership)
        return persons_of_plans(plans, moment.day)
