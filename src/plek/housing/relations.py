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
from collections.abc import Collection
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from plek.access.choices import Purpose
from plek.access.relations import CASEWORK_ACTIONS, Grant, Moment, person_ids_of
from plek.accounts.models import Membership
from plek.accounts.roles import Role
from plek.housing.choices import Category, ProposalStatus
from plek.housing.models import Proposal, RespiteBooking, Stay, WaitingEntry
from plek.people.models import Person

# After a stay ends its provider keeps access this long: to correct the exit, hand over, report.
STAY_AFTERCARE_DAYS = 30


def _purpose(category: str) -> str:
    return Purpose.BESCHERMD_WONEN if category == Category.BW else Purpose.WMO_MO


class HousingRelationSource:
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

    def grant(self, membership: Membership, person_id: int, moment: Moment) -> Grant | None:
        if membership.role == Role.AANBIEDER:
            category = (
                self._stays(membership, moment)
                .filter(person_id=person_id)
                .values_list("facility__category", flat=True)
                .first()
            )
            if category is not None:
                return self._grant("verblijf", _purpose(category))
            category = (
                self._proposals(membership)
                .filter(person_id=person_id)
                .values_list("unit__facility__category", flat=True)
                .first()
            )
            if category is not None:
                return self._grant("voorstel", _purpose(category))
            if self._respite(membership, moment).filter(person_id=person_id).exists():
                return self._grant("terugval", Purpose.WMO_MO)
        facility_type = (
            self._entries(membership, moment)
            .filter(person_id=person_id)
            .values_list("facility_type", flat=True)
            .first()
        )
        if facility_type is not None:
            purpose = (
                Purpose.BESCHERMD_WONEN if facility_type == "beschermd_wonen" else (Purpose.WMO_MO)
            )
            return self._grant("wachtlijst", purpose)
        return None

    def grants(
        self, membership: Membership, person_ids: Collection[int], moment: Moment
    ) -> dict[int, Grant]:
        """Same order as ``grant``: stay, proposal, respite, then a waiting entry."""
        found: dict[int, Grant] = {}
        wanted = list(person_ids)

        def add(rows: QuerySet[Any], column: str | None, basis: str, purpose: Any) -> None:
            rest = [pid for pid in wanted if pid not in found]
            if not rest:
                return
            fields = ("person_id", column) if column else ("person_id",)
            for row in rows.filter(person_id__in=rest).order_by().values_list(*fields):
                if row[0] not in found:
                    found[row[0]] = self._grant(basis, purpose(row[1]) if column else purpose)

        if membership.role == Role.AANBIEDER:
            add(self._stays(membership, moment), "facility__category", "verblijf", _purpose)
            add(self._proposals(membership), "unit__facility__category", "voorstel", _purpose)
            add(self._respite(membership, moment), None, "terugval", Purpose.WMO_MO)
        add(
            self._entries(membership, moment),
            "facility_type",
            "wachtlijst",
            lambda facility_type: (
                Purpose.BESCHERMD_WONEN if facility_type == "beschermd_wonen" else Purpose.WMO_MO
            ),
        )
        return found

    def person_id_sets(self, membership: Membership, moment: Moment) -> list[QuerySet[Any]]:
        sets = [person_ids_of(self._entries(membership, moment))]
        if membership.role == Role.AANBIEDER:
            sets += [
                person_ids_of(self._stays(membership, moment)),
                person_ids_of(self._proposals(membership)),
                person_ids_of(self._respite(membership, moment)),
            ]
        return sets

    def visible_person_ids(self, membership: Membership, moment: Moment) -> QuerySet[Any]:
        person = OuterRef("pk")
        condition: Any = Exists(self._entries(membership, moment).filter(person_id=person))
        if membership.role == Role.AANBIEDER:
            condition = (
                condition
                | Exists(self._stays(membership, moment).filter(person_id=person))
                | Exists(self._proposals(membership).filter(person_id=person))
                | Exists(self._respite(membership, moment).filter(person_id=person))
            )
        return Person.objects.filter(condition).values("pk")


class CentralWaitingListSource:
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
        purpose = Purpose.BESCHERMD_WONEN if facility_type == "beschermd_wonen" else Purpose.WMO_MO
        return Grant(basis=self.basis, purpose=purpose, actions=CASEWORK_ACTIONS, source=self.name)

    def grant(self, membership: Membership, person_id: int, moment: Moment) -> Grant | None:
        return self.grants(membership, [person_id], moment).get(person_id)

    def grants(
        self, membership: Membership, person_ids: Collection[int], moment: Moment
    ) -> dict[int, Grant]:
        if not person_ids or membership.role != Role.TOEGANG:
            return {}
        found: dict[int, Grant] = {}
        for person_id, facility_type in (
            self._entries(membership, moment)
            .filter(person_id__in=list(person_ids))
            .order_by()
            .values_list("person_id", "facility_type")
        ):
            found.setdefault(person_id, self._grant(facility_type))
        return found

    def person_id_sets(self, membership: Membership, moment: Moment) -> list[QuerySet[Any]]:
        if membership.role != Role.TOEGANG:
            return []
        return [person_ids_of(self._entries(membership, moment))]

    def visible_person_ids(self, membership: Membership, moment: Moment) -> QuerySet[Any]:
        return self._entries(membership, moment).values("person_id")
