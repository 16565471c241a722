"""The carer consultant's relation: the team that registered a carer who is also a person in the
chain may work on that person's file while the carer is registered (purpose: Wmo support)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from plek.access.choices import Purpose
from plek.access.relations import CASEWORK_ACTIONS, Grant, Moment
from plek.accounts.models import Membership
from plek.informal.models import Carer

BASIS = "relatie:mantelzorgconsulent"


class CarerConsultantSource:
    name = "mantelzorgconsulent"
    priority = 90

    def _carers(self, membership: Membership, moment: Moment) -> QuerySet[Carer]:
        if membership.team_id is None:
            return Carer.objects.none()
        return Carer.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=moment.day),
            team_id=membership.team_id,
            person__isnull=False,
            registered_on__lte=moment.day,
        )

    def grant(self, membership: Membership, person_id: int, moment: Moment) -> Grant | None:
        if not self._carers(membership, moment).filter(person_id=person_id).exists():
            return None
        return Grant(
            basis=BASIS, purpose=Purpose.WMO_MO, actions=CASEWORK_ACTIONS, source=self.name
        )

    def visible_person_ids(self, membership: Membership, moment: Moment) -> QuerySet[Any]:
        return self._carers(membership, moment).values("person_id")
