"""The intake's relation source: whoever runs an open intake (its team) sees the household.

Registered in ``IntakeConfig.ready``. The intake is started by someone who already has a
relation with the applicant (a signal, a referral); while it runs, that person's team may also
see and score the other members of the household, who are part of the same intake.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from plek.access.choices import Purpose
from plek.access.relations import (
    CASEWORK_ACTIONS,
    Grant,
    GrantPart,
    Moment,
    PartsSource,
    person_ids_of,
)
from plek.accounts.models import Membership
from plek.intake.models import Intake
from plek.people.models import HouseholdMember


def _members_on(day: Any) -> QuerySet[HouseholdMember]:
    return HouseholdMember.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gt=day), start_date__lte=day
    )


class IntakeRelationSource(PartsSource):
    name = "intake"
    priority = 60

    def _intakes(self, membership: Membership, moment: Moment) -> QuerySet[Intake]:
        holder = Q(started_by_id=membership.user_id)
        if membership.team_id:
            holder |= Q(team_id=membership.team_id)
        return Intake.objects.filter(holder, completed_on__isnull=True, started_on__lte=moment.day)

    def parts(self, membership: Membership, moment: Moment) -> list[GrantPart]:
        """The intake's own person, then the members of its household on the day."""
        grant = Grant("intake", Purpose.WMO_MO, CASEWORK_ACTIONS, self.name)

        def intakes() -> QuerySet[Intake]:
            return self._intakes(membership, moment).order_by()

        def members() -> QuerySet[HouseholdMember]:
            households = intakes().values("household_id")
            return _members_on(moment.day).filter(household_id__in=households).order_by()

        return [
            GrantPart(lambda: intakes().values_list("person_id"), lambda: grant),
            GrantPart(lambda: members().values_list("person_id"), lambda: grant),
        ]

    def person_id_sets(self, membership: Membership, moment: Moment) -> list[QuerySet[Any]]:
        intakes = self._intakes(membership, moment)
        members = _members_on(moment.day).filter(household_id__in=intakes.values("household_id"))
        return [person_ids_of(intakes), person_ids_of(members)]
