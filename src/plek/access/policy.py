"""The one access policy: may this actor do this with this person's data? Default: no.

Two gates, in order:

1. the role: only roles whose profile ``reads_person_files`` ever get past (never policy
   officers, signal sources, functional admins or privacy officers), and only in a membership
   that is active on the day asked about;
2. a relation: some registered relation source (``plek.access.relations``) must tie the
   membership's user, team or organisation to the person on that day, for that action.
   Break-the-glass is one such source, granting a short look.

``decide`` only answers; it neither reads person data nor writes the log. Selectors call it, then
read and log in one transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet

from plek.access.choices import Action, Purpose
from plek.access.relations import (
    BREAK_GLASS_BASIS,
    Grant,
    Moment,
    register_relation_source,
    relation_sources,
)
from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.accounts.roles import Role, profile

__all__ = [
    "BREAK_GLASS_BASIS",
    "Action",
    "Decision",
    "Purpose",
    "decide",
    "is_privacy_officer",
    "may_break_glass",
    "may_read_person_files",
    "register_relation_source",
    "visible_person_ids",
]

DENIED_NO_MEMBERSHIP = "geen_lidmaatschap"
DENIED_ROLE = "rol"
DENIED_NO_RELATION = "geen_relatie"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    # Why: "relatie:regisseur", "break_the_glass", or the reason for a denial ("rol", ...).
    basis: str
    purpose: str | None = None
    grant: Grant | None = None

    @property
    def break_glass_id(self) -> int | None:
        return self.grant.break_glass_id if self.grant else None

    @property
    def relation_id(self) -> int | None:
        return self.grant.relation_id if self.grant else None

    def __bool__(self) -> bool:
        return self.allowed


def _membership_on(actor: Actor, day: datetime.date) -> Membership | None:
    membership = actor.membership
    if membership is None or membership.user_id != actor.user.pk:
        return None
    if membership.start_date > day or (membership.end_date and membership.end_date <= day):
        return None
    return membership


def may_read_person_files(actor: Actor, on: datetime.date | None = None) -> bool:
    """The role gate alone: could this actor open any file at all, given a relation?"""
    membership = _membership_on(actor, Moment.of(on).day)
    return membership is not None and profile(membership.role).reads_person_files


def may_break_glass(actor: Actor, on: datetime.date | None = None) -> bool:
    membership = _membership_on(actor, Moment.of(on).day)
    return membership is not None and profile(membership.role).may_break_glass


def is_privacy_officer(actor: Actor, on: datetime.date | None = None) -> bool:
    """Privacy officers read the log and review break-the-glass events; never case files."""
    membership = _membership_on(actor, Moment.of(on).day)
    return membership is not None and membership.role == Role.PRIVACY


def _check_purpose(purpose: str | None) -> None:
    if purpose is not None and purpose not in Purpose.values:
        raise ValueError(f"Onbekend doel: {purpose!r}")


def decide(
    actor: Actor,
    action: str,
    person_id: int,
    purpose: str | None = None,
    on: datetime.date | None = None,
) -> Decision:
    """May ``actor`` do ``action`` with the data of person ``person_id`` (now, or on day ``on``)?

    ``purpose`` None means "the purpose of the relation that allows it"; the decision names the
    purpose to log either way.
    """
    _check_purpose(purpose)
    if action not in Action.values:
        raise ValueError(f"Onbekende actie: {action!r}")
    moment = Moment.of(on)
    membership = _membership_on(actor, moment.day)
    if membership is None:
        return Decision(False, DENIED_NO_MEMBERSHIP, purpose)
    if not profile(membership.role).reads_person_files:
        return Decision(False, DENIED_ROLE, purpose)
    for source in relation_sources():
        grant = source.grant(membership, person_id, moment)
        if grant is not None and action in grant.actions:
            return Decision(True, grant.basis, purpose or grant.purpose, grant)
    return Decision(False, DENIED_NO_RELATION, purpose)


def visible_person_ids(actor: Actor, on: datetime.date | None = None) -> QuerySet[Any]:
    """Ids of every person whose file the actor may view: a subquery for ``pk__in``.

    Combines all relation sources in SQL; empty when the role gate says no.
    """
    from plek.people.models import Person

    moment = Moment.of(on)
    membership = _membership_on(actor, moment.day)
    if membership is None or not profile(membership.role).reads_person_files:
        return Person.objects.none().values("pk")
    conditions = [
        Q(pk__in=source.visible_person_ids(membership, moment)) for source in relation_sources()
    ]
    if not conditions:
        return Person.objects.none().values("pk")
    return Person.objects.filter(reduce(or_, conditions)).values("pk")
