"""The intake's relation source: whoever runs an open intake (its team) sees the household.

Registered in ``IntakeConfig.ready``. The intake is started by someone who already has a
relation with the applicant (a signal, a referral); while it runs, that person's team may also
see and score the other members of the household, who are part of the same intake.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import Q, QuerySet

from plek.access.choices import Purpose
from plek.access.relations import CASEWORK_ACTIONS, Grant, Moment, covered, person_ids_of
from plek.accounts.models import Membership
from plek.intake.models import Intake
from plek.people.models import HouseholdMember, Person


def _members_on(day: Any) -> QuerySet[HouseholdMember]:
    return HouseholdMember.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gt=day), start_date__lte=day
    )


class IntakeRelationSource:
    name = "intake"
    priority = 60

    def _intakes(self, membership: Membership, moment: Moment) -> QuerySet[Intake]:
        holder = Q(started_by_id=membership.user_id)
        if membership.team_id:
            holder |= Q(team_id=membership.team_id)
        return Intake.objects.filter(holder, completed_on__isnull=True, started_on__lte=moment.day)

    def grant(self, membership: Membership, person_id: int, moment: Moment) -> Grant | None:
        intakes = self._intakes(membership, moment)
        households = _members_on(moment.day).filter(person_id=person_id).values("household_id")
        if intakes.filter(Q(person_id=person_id) | Q(household_id__in=households)).exists():
            return Grant("intake", Purpose.WMO_MO, CASEWORK_ACTIONS, self.name)
        return None

    def person_id_sets(self, membership: Membership, moment: Moment) -> list[QuerySet[Any]]:
        intakes = self._intakes(membership, moment)
        members = _members_on(moment.day).filter(household_id__in=intakes.values("household_id"))
        return [person_ids_of(intakes), person_ids_of(members)]

    def grants(
        self, membership: Membership, person_ids: Collection[int], moment: Moment
    ) -> dict[int, Grant]:
        if not person_ids:
            return {}
        intakes = self._intakes(membership, moment)
        members = _members_on(moment.day).filter(household_id__in=intakes.values("household_id"))
        found = covered(intakes, person_ids) | covered(members, person_ids)
        grant = Grant("intake", Purpose.WMO_MO, CASEWORK_ACTIONS, self.name)
        return dict.fromkeys(found, grant)

    def visible_person_ids(self, membership: Membership, moment: Moment) -> QuerySet[Any]:
        intakes = self._intakes(membership, moment)
        return Person.objects.filter(
            Q(pk__in=intakes.values("person_id"))
            | Q(
                pk__in=_members_on(moment.day)
                .filter(household_id__in=intakes.values("household_id"))
                .values("person_id")
            )
        ).values("pk")
