"""The aftercare coach's relation: the coach assigned to a track may work on its person, while
the track runs and for a while after (``FOLLOW_UP_DAYS``)."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from plek.access.choices import Purpose
from plek.access.relations import CASEWORK_ACTIONS, Grant, Moment, SingleGrantSource
from plek.accounts.models import Membership
from plek.accounts.roles import Role
from plek.aftercare.models import AftercareTrack
from plek.aftercare.selectors import FOLLOW_UP_DAYS


class AftercareCoachSource(SingleGrantSource):
    name = "waakvlamcoach"
    priority = 45

    def rows(self, membership: Membership, moment: Moment) -> QuerySet[AftercareTrack]:
        if membership.role != Role.WAAKVLAM:
            return AftercareTrack.objects.none()
        since = moment.day - datetime.timedelta(days=FOLLOW_UP_DAYS)
        return AftercareTrack.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=since),
            coach_id=membership.user_id,
            started_on__lte=moment.day,
        )

    def the_grant(self) -> Grant:
        return Grant(
            basis="relatie:waakvlam",
            purpose=Purpose.NAZORG,
            actions=CASEWORK_ACTIONS,
            source=self.name,
        )
