"""The access relations of placement and flow (registered in ``HousingConfig.ready``).

Provider staff (role ``aanbieder``) of the organisation that provides a facility may work on a
person's file while the person

- has a stay in one of its facilities that is open, starts later (the provider prepares the
  arrival) or ended less than 30 days ago (to correct the exit and hand over),
- has an open proposal for one of its units (to decide on it), or
- has a respite booking in one of its units that has not ended.

The organisation that registered a waiting entry (usually the access consultant's social
service) keeps a relation while that entry is open. A waiting entry alone gives providers
nothing: they see a candidate only once proposed to them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
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
from plek.accounts.roles import Role
from plek.housing.choices import Category, ProposalStatus
from plek.housing.models import Proposal, RespiteBooking, Stay, WaitingEntry

# After a stay ends its provider keeps access this long: to correct the exit, hand over, report.
STAY_AFTERCARE_DAYS = 30


def _purpose(category: str) -> str:
    return Purpose.BESCHERMD_WONEN if category == Category.BW else Purpose.WMO_MO


def _purpose_of_type(facility_type: str) -> str:
    return Purpose.BESCHERMD_WONEN if facility_type == "beschermd_wonen" else Purpose.WMO_MO


class HousingRelationSource(PartsSource):
    name = "wonen"
    priority = 50

    def _stays(self, membership: Membership, moment: Moment) -> QuerySet[Stay]:
        return Stay.objects.filter(
            Q(end_date__isnull=True)
            | Q(end_date__gt=moment.day - datetime.timedelta(days=STAY_AFTERCARE_DAYS)),
            facility__provider_id=membership.organisation_id,
        )

    def _proposals(self, membership: Membership) -> QuerySet[Proposal]:
        return Proposal.objects.filter(
            status=ProposalStatus.OPEN, unit__facility__provider_id=membership.organisation_id
        )

    def _respite(self, membership: Membership, moment: Moment) -> QuerySet[RespiteBooking]:
        return RespiteBooking.objects.filter(
            end_date__gt=moment.day, unit__facility__provider_id=membership.organisation_id
        )

    def _entries(self, membership: Membership, moment: Moment) -> QuerySet[WaitingEntry]:
        return WaitingEntry.objects.filter(
            Q(placed_on__isnull=True) | Q(placed_on__gt=moment.day),
            Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=moment.day),
            registered_by_id=membership.organisation_id,
        )

    def _grant(self, basis: str, purpose: str) -> Grant:
        return Grant(
            basis=f"wonen:{basis}", purpose=purpose, actions=CASEWORK_ACTIONS, source=self.name
        )

    def parts(self, membership: Membership, moment: Moment) -> list[GrantPart]:
        """A provider's stay, proposal and respite booking first, then a waiting entry."""

        def by(basis: str) -> Callable[[str], Grant]:
            return lambda category: self._grant(basis, _purpose(category))

        def respite() -> Grant:
            return self._grant("terugval", Purpose.WMO_MO)

        def entry(facility_type: str) -> Grant:
            return self._grant("wachtlijst", _purpose_of_type(facility_type))

        parts = []
        if membership.role == Role.AANBIEDER:
            parts += [
                GrantPart(
                    lambda: (
                        self._stays(membership, moment)
                        .order_by()
                        .values_list("person_id", "facility__category")
                    ),
                    by("verblijf"),
                ),
                GrantPart(
                    lambda: (
                        self._proposals(membership)
                        .order_by()
                        .values_list("person_id", "unit__facility__category")
                    ),
                    by("voorstel"),
                ),
                GrantPart(
                    lambda: self._respite(membership, moment).order_by().values_list("person_id"),
                    respite,
                ),
            ]
        return [
            *parts,
            GrantPart(
                lambda: (
                    self._entries(membership, moment)
                    .order_by()
                    .values_list("person_id", "facility_type")
                ),
                entry,
            ),
        ]

    def person_id_sets(self, membership: Membership, moment: Moment) -> list[QuerySet[Any]]:
        sets = [person_ids_of(self._entries(membership, moment))]
        if membership.role == Role.AANBIEDER:
            sets += [
                person_ids_of(self._stays(membership, moment)),
                person_ids_of(self._proposals(membership)),
                person_ids_of(self._respite(membership, moment)),
            ]
        return sets


class CentralWaitingListSource(PartsSource):
    """The access consultant keeps the central waiting list of the region: a legal task.

    An access consultant (role ``toegang``) relates to every person with an open waiting entry
    of the consultant's region (``plek.housing.waiting_list.region_entries``), for the purpose of
    the entry's type, while the entry is open. The basis ``wonen:centrale_wachtlijst`` opens
    identity and placement data (``plek.access.kinds``): enough to keep and rank the list, not
    the plan or the assessment.
    """

    name = "centrale_wachtlijst"
    priority = 55
    basis = "wonen:centrale_wachtlijst"

    def _entries(self, membership: Membership, moment: Moment) -> QuerySet[WaitingEntry]:
        from plek.housing.waiting_list import region_entries

        if membership.role != Role.TOEGANG:
            return WaitingEntry.objects.none()
        return region_entries(membership.organisation_id, moment.day)

    def _grant(self, facility_type: str) -> Grant:
        return Grant(
            basis=self.basis,
            purpose=_purpose_of_type(facility_type),
            actions=CASEWORK_ACTIONS,
            source=self.name,
        )

    def parts(self, membership: Membership, moment: Moment) -> list[GrantPart]:
        if membership.role != Role.TOEGANG:
            return []
        return [
            GrantPart(
                lambda: (
                    self._entries(membership, moment)
                    .order_by()
                    .values_list("person_id", "facility_type")
                ),
                self._grant,
            )
        ]

    def person_id_sets(self, membership: Membership, moment: Moment) -> list[QuerySet[Any]]:
        if membership.role != Role.TOEGANG:
            return []
        return [person_ids_of(self._entries(membership, moment))]
