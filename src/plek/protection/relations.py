"""The access relations of indications and ambulatory arrangements (registered in ``ready``).

- The access consultants (role ``toegang``) of the organisation that decided an indication may
  work on the person while it runs and for ``FOLLOW_UP_DAYS`` after its last day.
- Provider staff (role ``aanbieder``) of the provider named on an indication may work on the
  person while it holds (to register the arrangement), and of the provider of an arrangement
  while it runs and for ``FOLLOW_UP_DAYS`` after its end.

The access consultant's basis ``indicatie`` opens placement and intake (like a waiting entry);
a provider's bases ``indicatie:aanbieder`` placement only and ``arrangement`` placement and the
plan they work on (``plek.access.kinds``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from plek.access.choices import Purpose
from plek.access.relations import (
    CASEWORK_ACTIONS,
    Grant,
    GrantPart,
    Moment,
    PartsSource,
    SingleGrantSource,
    person_ids_of,
)
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


def _indication_grant(membership: Membership, kind: str, source: str) -> Grant:
    # The access consultant who decided it assesses (placement and intake); the provider
    # named on it only prepares the support (placement).
    basis = "indicatie" if membership.role == Role.TOEGANG else "indicatie:aanbieder"
    return Grant(basis=basis, purpose=purpose_of(kind), actions=CASEWORK_ACTIONS, source=source)


class IndicationSource(PartsSource):
    """The purpose follows the indication's kind (``purpose_of``), per person: the first of
    the person's indications in the model's order (last day, then number) names it."""

    name = "indicatie"
    priority = 55

    def parts(self, membership: Membership, moment: Moment) -> list[GrantPart]:
        return [
            GrantPart(
                lambda: (
                    _indications(membership, moment)
                    .order_by("person_id", "valid_until", "external_id")
                    .values_list("person_id", "kind")
                ),
                lambda kind: _indication_grant(membership, kind, self.name),
            )
        ]

    def person_id_sets(self, membership: Membership, moment: Moment) -> list[QuerySet[Any]]:
        return [person_ids_of(_indications(membership, moment))]


class ArrangementProviderSource(SingleGrantSource):
    """One basis and purpose: the provider's own arrangements (running, or just ended)."""

    name = "arrangement"
    priority = 56

    def rows(self, membership: Membership, moment: Moment) -> QuerySet[Arrangement]:
        if membership.role != Role.AANBIEDER:
            return Arrangement.objects.none()
        since = moment.day - datetime.timedelta(days=FOLLOW_UP_DAYS)
        return Arrangement.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=since),
            provider_id=membership.organisation_id,
        )

    def the_grant(self) -> Grant:
        return Grant(
            basis="arrangement",
            purpose=Purpose.BESCHERMD_WONEN,
            actions=CASEWORK_ACTIONS,
            source=self.name,
        )
