"""The functional admin's recent changes in the demo: a few, through the real services, so the
change history has something to show (what a functional admin does in an ordinary week).

Only changes that move no figure of the demo: capacity added from next month on, a unit made
accessible, and a longer time to answer a proposal (the ranking page's history).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from plek.accounts.context import Actor
from plek.accounts.models import ConfigChange, Membership
from plek.accounts.roles import Role
from plek.core import dates
from plek.housing.loaders import policy_for, weights_of
from plek.housing.models import Facility, RankingPolicyChange, Unit
from plek.housing.services import admin
from plek.housing.services.ranking import PolicySettings, save_ranking_policy

DEMO_USERNAME = f"demo-{Role.BEHEER}"


def enrich_history() -> None:
    if ConfigChange.objects.exists():
        return
    membership = (
        Membership.objects.filter(user__username=DEMO_USERNAME, role=Role.BEHEER)
        .select_related("user")
        .first()
    )
    if membership is None:
        return
    actor = Actor(membership.user, membership)
    today = dates.today()
    first_next_month = dates.first_of_month(today, 1)
    facilities = list(
        Facility.objects.filter(
            type__in=["nachtopvang", "tussenvoorziening", "housing_first"]
        ).order_by("name")[:3]
    )
    for offset, facility in enumerate(facilities):
        current = facility.capacity.filter(valid_from__lte=today).order_by("-valid_from").first()
        if current is None or facility.capacity.filter(valid_from__gt=today).exists():
            continue
        admin.add_capacity_period(actor, facility, first_next_month, current.units + 2 + offset)
    unit = Unit.objects.filter(accessible=False, active=True).order_by("facility__name", "code")
    first_unit = unit.first()
    if first_unit is not None:
        first_unit.accessible = True
        admin.save_unit(actor, first_unit)
    # Spread over the last days, newest first, as a week of work would be.
    now = timezone.now()
    for days, change in enumerate(ConfigChange.objects.order_by("-id"), start=1):
        ConfigChange.objects.filter(pk=change.pk).update(
            changed_at=now - datetime.timedelta(days=days, hours=days * 3)
        )
    _longer_proposal_time(actor, now)


def _longer_proposal_time(actor: Actor, now: datetime.datetime) -> None:
    """Two weeks ago providers got ten days instead of seven to answer a proposal (every type
    without a policy of its own); it orders no waiting list differently."""
    policy = policy_for("")
    settings = PolicySettings(
        weights_of(policy),
        park_days=policy.park_days,
        candidates_per_unit=policy.candidates_per_unit,
        proposal_days=10,
    )
    change = save_ranking_policy(actor, "", settings)
    if change is not None:
        RankingPolicyChange.objects.filter(pk=change.pk).update(
            changed_at=now - datetime.timedelta(days=14, hours=5)
        )
