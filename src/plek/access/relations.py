"""Relation sources: the pluggable answer to "what ties this membership to person P?".

Each source answers two questions for a membership (its user, team and organisation):

- ``grant(membership, person_id, moment)``: the relation with one person, or None;
- ``visible_person_ids(membership, moment)``: a queryset of person ids (used as a subquery, so a
  list at national scale is filtered in SQL, never by looping over persons in Python).

Apps register their sources in their ``AppConfig.ready()`` with ``register_relation_source``. This
module provides the generic ``Relation`` table and break-the-glass; the policy asks the sources in
order of ``priority`` (lowest first), so a real relation is named as the basis before an emergency
access.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Q, QuerySet
from django.utils import timezone

from plek.access.choices import Action
from plek.access.models import BreakGlass, Relation
from plek.accounts.models import Membership

# A relation lets its holder read and work on the file; deleting is left to retention jobs.
CASEWORK_ACTIONS = frozenset({Action.VIEW, Action.CREATE, Action.CHANGE, Action.EXPORT})
# Breaking the glass is for looking in an emergency, not for working on the file.
BREAK_GLASS_ACTIONS = frozenset({Action.VIEW})
BREAK_GLASS_BASIS = "break_the_glass"


@dataclass(frozen=True)
class Moment:
    """When access is asked for: a day, and the exact time when the question is about now.

    For a past or future day (``at`` None) time-bound grants count if they cover part of it.
    """

    day: datetime.date
    at: datetime.datetime | None = None

    @classmethod
    def of(cls, on: datetime.date | None = None) -> Moment:
        now = timezone.now()
        today = timezone.localdate(now)
        if on is None or on == today:
            return cls(day=today, at=now)
        return cls(day=on)

    def day_bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        start = timezone.make_aware(datetime.datetime.combine(self.day, datetime.time.min))
        end = timezone.make_aware(
            datetime.datetime.combine(self.day + datetime.timedelta(days=1), datetime.time.min)
        )
        return start, end


@dataclass(frozen=True)
class Grant:
    """What a relation allows: the basis named in the decision and the log, and for what."""

    basis: str
    purpose: str
    actions: frozenset[str]
    source: str
    relation_id: int | None = None
    break_glass_id: int | None = None
    valid_until: datetime.date | datetime.datetime | None = None


class RelationSource(Protocol):
    name: str
    priority: int

    def grant(self, membership: Membership, person_id: int, moment: Moment) -> Grant | None: ...

    def visible_person_ids(self, membership: Membership, moment: Moment) -> QuerySet[Any]: ...


_SOURCES: dict[str, RelationSource] = {}


def register_relation_source(source: RelationSource) -> None:
    """Add a source (a second registration under the same name replaces the first)."""
    _SOURCES[source.name] = source


def unregister_relation_source(name: str) -> None:
    _SOURCES.pop(name, None)


def relation_sources() -> list[RelationSource]:
    return sorted(_SOURCES.values(), key=lambda source: (source.priority, source.name))


# --- the generic relation table -----------------------------------------------------------------


def _holder(membership: Membership) -> Q:
    holder = Q(user_id=membership.user_id) | Q(organisation_id=membership.organisation_id)
    if membership.team_id:
        holder |= Q(team_id=membership.team_id)
    return holder


class GenericRelationSource:
    name = "relatie"
    priority = 100

    def _relations(self, membership: Membership, moment: Moment) -> QuerySet[Relation]:
        return Relation.objects.valid_on(moment.day).filter(_holder(membership))

    def grant(self, membership: Membership, person_id: int, moment: Moment) -> Grant | None:
        relation = (
            self._relations(membership, moment)
            .filter(person_id=person_id)
            .order_by("valid_from", "id")
            .first()
        )
        if relation is None:
            return None
        return Grant(
            basis=f"relatie:{relation.kind}",
            purpose=relation.purpose,
            actions=CASEWORK_ACTIONS,
            source=self.name,
            relation_id=relation.pk,
            valid_until=relation.valid_until,
        )

    def visible_person_ids(self, membership: Membership, moment: Moment) -> QuerySet[Any]:
        return self._relations(membership, moment).values("person_id")


# --- break-the-glass ----------------------------------------------------------------------------


class BreakGlassSource:
    name = BREAK_GLASS_BASIS
    priority = 1000

    def _events(self, membership: Membership, moment: Moment) -> QuerySet[BreakGlass]:
        # Bound to the membership it was granted in: another role of the same user gets nothing.
        events = BreakGlass.objects.filter(
            user_id=membership.user_id,
            organisation_id=membership.organisation_id,
            role=membership.role,
        )
        if moment.at is not None:
            return events.filter(granted_at__lte=moment.at, expires_at__gt=moment.at)
        start, end = moment.day_bounds()
        return events.filter(granted_at__lt=end, expires_at__gt=start)

    def grant(self, membership: Membership, person_id: int, moment: Moment) -> Grant | None:
        event = (
            self._events(membership, moment)
            .filter(person_id=person_id)
            .order_by("-expires_at", "-id")
            .first()
        )
        if event is None:
            return None
        return Grant(
            basis=BREAK_GLASS_BASIS,
            purpose=event.purpose,
            actions=BREAK_GLASS_ACTIONS,
            source=self.name,
            break_glass_id=event.pk,
            valid_until=event.expires_at,
        )

    def visible_person_ids(self, membership: Membership, moment: Moment) -> QuerySet[Any]:
        return self._events(membership, moment).values("person_id")


register_relation_source(GenericRelationSource())
register_relation_source(BreakGlassSource())
