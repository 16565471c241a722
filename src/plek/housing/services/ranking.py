"""The ranking configuration: weights and the class rule per facility type, kept as history.

A functional admin saves; the change holds from the next request on (every ranking reads the
policy from the database) and the stored sort keys of the open entries concerned are worked out
again in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from plek.accounts.context import Actor
from plek.housing.loaders import policy_for
from plek.housing.models import RankingPolicy, RankingPolicyChange, WaitingEntry
from plek.housing.ranking import Weights
from plek.housing.services.common import _require_admin
from plek.housing.waiting_list import refresh_rank_keys

SETTINGS = ("park_days", "candidates_per_unit", "proposal_days")


@dataclass(frozen=True)
class PolicySettings:
    weights: Weights
    park_days: int = 14
    candidates_per_unit: int = 1
    proposal_days: int = 7

    def as_dict(self) -> dict[str, int | bool]:
        return {
            **self.weights.as_dict(),
            "park_days": self.park_days,
            "candidates_per_unit": self.candidates_per_unit,
            "proposal_days": self.proposal_days,
        }


def policy_values(policy: RankingPolicy) -> dict[str, int | bool]:
    return {
        "urgency": policy.urgency,
        "children": policy.children,
        "safety": policy.safety,
        "zrm_housing": policy.zrm_housing,
        "zrm_mental": policy.zrm_mental,
        "days_waiting": policy.days_waiting,
        "class_first": policy.class_first,
        "park_days": policy.park_days,
        "candidates_per_unit": policy.candidates_per_unit,
        "proposal_days": policy.proposal_days,
    }


def save_ranking_policy(
    actor: Actor, facility_type: str, settings: PolicySettings
) -> RankingPolicyChange | None:
    """Store the policy of a type ("" is the default for types without their own) with its
    history row; None when a stored policy did not change. A type's first own policy is
    always stored (from then on it no longer follows the default), also when its values
    equal the default's."""
    _require_admin(actor)
    new = settings.as_dict()
    with transaction.atomic():
        policy = (
            RankingPolicy.objects.select_for_update().filter(facility_type=facility_type).first()
        )
        had_own = policy is not None
        # A type without a policy of its own followed the default (or the built-in values):
        # the history records those as the old values, so a first change reads as a change.
        old = policy_values(policy if policy is not None else policy_for(facility_type))
        if had_own and old == new:
            return None
        if policy is None:
            policy = RankingPolicy(facility_type=facility_type)
        for key, value in new.items():
            setattr(policy, key, value)
        policy.full_clean()
        policy.save()
        change = RankingPolicyChange.objects.create(
            facility_type=facility_type, changed_by=actor.user, old=old, new=new
        )
        if facility_type:
            refresh_rank_keys([facility_type])
        else:
            own = set(
                RankingPolicy.objects.exclude(facility_type="").values_list(
                    "facility_type", flat=True
                )
            )
            types = set(
                WaitingEntry.objects.order_by().values_list("facility_type", flat=True).distinct()
            )
            refresh_rank_keys(sorted(types - own))
    return change
