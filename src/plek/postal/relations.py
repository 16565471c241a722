"""The postal-address team's relation: the team handling an application may work on the person.

Members of other organisations' postal-address teams for the same area count as the same MDT.
It holds while the application is undecided (for at most the decision term and
``FOLLOW_UP_DAYS``) or the postal address runs, and for ``FOLLOW_UP_DAYS`` after the decision or
the end (objections, the social service's questions). It opens the postal process's kinds of data
only (``plek.access.kinds``).
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable

from django.db.models import Q, QuerySet

from plek.access.choices import Purpose
from plek.access.relations import CASEWORK_ACTIONS, Grant, Moment, SingleGrantSource
from plek.accounts.models import Membership, Team
from plek.accounts.roles import Role
from plek.postal.models import Decision, PostalApplication
from plek.postal.rules import FOLLOW_UP_DAYS, decision_term_days


def _in_play(day: datetime.date) -> Q:
    since = day - datetime.timedelta(days=FOLLOW_UP_DAYS)
    # An undecided application is a relation for the postal process only, and not forever:
    # for the decision term and the follow-up after it.
    undecided_since = day - datetime.timedelta(days=decision_term_days() + FOLLOW_UP_DAYS)
    return Q(applied_on__lte=day) & (
        Q(decision="", applied_on__gte=undecided_since)
        | Q(holds_address=True)
        | Q(decision=Decision.TOEGEKEND, ended_on__isnull=True)
        | Q(ended_on__gte=since)
        | Q(decision__in=[Decision.AFGEWEZEN, Decision.INGETROKKEN], decided_on__gte=since)
    )


def team_scope(membership: Membership) -> Q:
    """Applications of the member's own team, or of a postal-address team with an overlapping
    area: the MDT brings together members of several organisations, each in its own team."""
    if membership.team_id is None:
        return Q(pk__in=[])
    areas = Team.municipalities.through.objects.filter(team_id=membership.team_id).values(
        "municipality_id"
    )
    return Q(team_id=membership.team_id) | Q(team__municipalities__in=areas)


class PostalTeamSource(SingleGrantSource):
    name = "briefadresteam"
    priority = 40

    def rows(self, membership: Membership, moment: Moment) -> QuerySet[PostalApplication]:
        if membership.role != Role.BRIEFADRES or not membership.team_id:
            return PostalApplication.objects.none()
        return PostalApplication.objects.filter(_in_play(moment.day), team_scope(membership))

    def compile_key(self, membership: Membership, moment: Moment) -> Hashable:
        # The decision term is the functional admin's and may change at any time (_in_play).
        term = decision_term_days() if membership.role == Role.BRIEFADRES else None
        return (super().compile_key(membership, moment), term)

    def the_grant(self) -> Grant:
        # The postal process only (``plek.access.kinds``): identity, contact, the application
        # and whether a plan exists; never ZRM scores, signals or stays.
        return Grant(
            basis="relatie:briefadres",
            purpose=Purpose.BRIEFADRES,
            actions=CASEWORK_ACTIONS,
            source=self.name,
        )
