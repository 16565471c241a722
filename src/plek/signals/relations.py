"""The access relation of the signals app: the team (and worker) a signal is assigned to.

They may work on the file of the signal's person while the signal is open, and until
``DAYS_AFTER_OUTCOME`` days after its outcome, so that the end result can be reported back.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from plek.access.choices import Purpose
from plek.access.relations import CASEWORK_ACTIONS, Grant, Moment, SingleGrantSource
from plek.accounts.models import Membership
from plek.signals.models import Signal

DAYS_AFTER_OUTCOME = 90
BASIS = "signaal:toegewezen"


def assigned_to(membership: Membership) -> Q:
    holder = Q(worker_id=membership.user_id)
    if membership.team_id:
        holder |= Q(team_id=membership.team_id)
    return holder


def active_on(day: datetime.date) -> Q:
    after = day - datetime.timedelta(days=DAYS_AFTER_OUTCOME)
    return Q(received_on__lte=day) & (Q(outcome_on__isnull=True) | Q(outcome_on__gte=after))


class SignalAssignmentSource(SingleGrantSource):
    name = "signaal"
    priority = 200

    def rows(self, membership: Membership, moment: Moment) -> QuerySet[Any]:
        return Signal.objects.filter(assigned_to(membership), active_on(moment.day))

    def the_grant(self) -> Grant:
        return Grant(
            basis=BASIS,
            purpose=Purpose.VROEGSIGNALERING,
            actions=CASEWORK_ACTIONS,
            source=self.name,
        )
