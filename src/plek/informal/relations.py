"""The carer consultant's relation: the team that registered a carer who is also a person in the
chain may work on that person's file while the carer is registered (purpose: Wmo support)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from plek.access.choices import Purpose
from plek.access.relations import CASEWORK_ACTIONS, Grant, Moment, SingleGrantSource
from plek.accounts.models import Membership
from plek.informal.models import Carer

BASIS = "relatie:mantelzorgconsulent"


class CarerConsultantSource(SingleGrantSource):
    name = "mantelzorgconsulent"
    priority = 90

    def rows(self, membership: Membership, moment: Moment) -> QuerySet[Carer]:
        if membership.team_id is None:
            return Carer.objects.none()
        return Carer.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=moment.day),
            team_id=membership.team_id,
            person__isnull=False,
            registered_on__lte=moment.day,
        )

    def the_grant(self) -> Grant:
        return Grant(
            basis=BASIS, purpose=Purpose.WMO_MO, actions=CASEWORK_ACTIONS, source=self.name
        )
