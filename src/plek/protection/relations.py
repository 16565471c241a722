"""The access relations of indications and ambulatory arrangements (registered in ``ready``).

- The access consultants (role ``toegang``) of the organisation that decided an indication may
  work on the person while it runs and for ``FOLLOW_UP_DAYS`` after its last day.
- Provider staff (role ``aanbieder``) of the provider named on an indication may work on the
  person while it holds (to register the arrangement), and of the provider of an arrangement
  while it runs and for ``FOLLOW_UP_DAYS`` after its end.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from plek.access.choices import Purpose
from plek.access.relations import CASEWORK_ACTIONS, Grant, Moment
from plek.accounts.models import Membership
from plek.accounts.roles import Role
from plek.protection.models import Arrangement, Indication, IndicationKind

FOLLOW_UP_DAYS = 30


def purpose_of(kind: str) -> str:
    return Purpose.WMO_MO if kind == IndicationKind.OPVANGTRAJECT else Purpose.BESCHERMD_WONEN


def _indications(membership: Membership, moment: Moment) -> QuerySet[Indication]:
    since = moment.day - datetime.timedelta(days=FOLLOW_UP_DAYS)
    running = Q(valid_until__gte=since) & (Q(ended_on__isnull=True) | Q(ended_on__gte=since))
    if membership.role == Role.TOEGANG:
        return Indication.objects.filter(running, organisation_id=membership.organisation_id)
    if membership.role == Role.AANBIEDER:
        return Indication.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=moment.day),
            valid_until__gte=moment.day,
            provider_id=membership.organisation_id,
        )
    return Indication.objects.none()


class IndicationSource:
    name = "indicatie"
    priority = 55

    def grant(self, membership: Membership, person_id: int, moment: Moment) -> Grant | None:
        kind = (
            _indications(membership, moment)
            .filter(person_id=person_id)
            .values_list("kind", flat=True)
            .first()
        )
        if kind is None:
            return None
        return Grant(
            basis="indicatie", purpose=purpose_of(kind), actions=CASEWORK_ACTIONS, source=self.name
        )

    def visible_person_ids(self, membership: Membership, moment: Moment) -> QuerySet[Any]:
        return _indications(membership, moment).values("person_id")


class ArrangementProviderSource:
    name = "arrangement"
    priority = 56

    def _arrangements(self, membership: Membership, moment: Moment) -> QuerySet[Arrangement]:
        if membership.role != Role.AANBIEDER:
            return Arrangement.objects.none()
        since = moment.day - datetime.timedelta(days=FOLLOW_UP_DAYS)
        return Arrangement.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=since),
            provider_id=membership.organisation_id,
        )

    def grant(self, membership: Membership, person_id: int, moment: Moment) -> Grant | None:
        if not self._arrangements(membership, moment).filter(person_id=person_id).exists():
            return None
        return Grant(
            basis="arrangement",
            purpose=Purpose.BESCHERMD_WONEN,
            actions=CASEWORK_ACTIONS,
            source=self.name,
        )

    def visible_person_ids(self, membership: Membership, moment: Moment) -> QuerySet[Any]:
        return self._arrangements(membership, moment).values("person_id")
