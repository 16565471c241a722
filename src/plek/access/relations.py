"""Relation sources: the pluggable answer to "what ties this membership to person P?".

Each source answers, for a membership (its user, team and organisation):

- ``grants(membership, person_ids, moment)``: the relation with each of a set of persons, in a
  fixed number of queries whatever the number of persons (a dict person id -> Grant, or a list
  of Grants when one source may hold several relations with a person, best first);
- ``person_id_sets(membership, moment)``: querysets of one column of person ids, each starting
  from the membership's own relations; the policy combines the sets of every source with
  ``UNION`` (never an ``OR`` of ``IN (SELECT ...)`` inside a ``Person`` query, which PostgreSQL
  runs as a non-hashed subplan per person);
- ``grant(membership, person_id, moment)`` and ``visible_person_ids(membership, moment)``: the
  same for one person and as one subquery (kept for callers that ask about one person).

A grant names its basis; what kinds of data a basis opens is ``plek.access.kinds``.

Apps register their sources in their ``AppConfig.ready()`` with ``register_relation_source``. This
module provides the generic ``Relation`` table and break-the-glass; the policy asks the sources in
order of ``priority`` (lowest first), so a real relation is named as the basis before an emergency
access.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Q, QuerySet
from django.utils import timezone

from plek.access.choices import Action
from plek.access.kinds import kinds_for
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

    @property
    def kinds(self) -> frozenset[str]:
        """The kinds of data this grant opens (``plek.access.kinds``): its purpose's share."""
        return kinds_for(self.basis)


class RelationSource(Protocol):
    name: str
    priority: int

    def grant(self, membership: Membership, person_id: int, moment: Moment) -> Grant | None: ...

    def grants(
        self, membership: Membership, person_ids: Collection[int], moment: Moment
    ) -> Mapping[int, Grant | Sequence[Grant]]: ...

    def person_id_sets(self, membership: Membership, moment: Moment) -> list[QuerySet[Any]]: ...

    def visible_person_ids(self, membership: Membership, moment: Moment) -> QuerySet[Any]: ...


def person_ids_of(queryset: QuerySet[Any], column: str = "person_id") -> QuerySet[Any]:
    """One column of person ids, without ordering: a part for a ``UNION``."""
    return queryset.order_by().values_list(column, flat=True)


def covered(
    queryset: QuerySet[Any], person_ids: Collection[int], column: str = "person_id"
) -> set[int]:
    """Which of ``person_ids`` a set of rows covers: one query."""
    return set(
        queryset.filter(**{f"{column}__in": list(person_ids)})
        .order_by()
        .values_list(column, flat=True)
        .distinct()
    )


class SingleGrantSource:
    """Base for sources with one basis and purpose: ``rows`` are their relations, by person."""

    name = ""
    priority = 100

    def rows(self, membership: Membership, moment: Moment) -> QuerySet[Any]:
        raise NotImplementedError

    def the_grant(self) -> Grant:
        raise NotImplementedError

    def grants(
        self, membership: Membership, person_ids: Collection[int], moment: Moment
    ) -> dict[int, Grant]:
        if not person_ids:
            return {}
        grant = self.the_grant()
        return {pid: grant for pid in covered(self.rows(membership, moment), person_ids)}

    def grant(self, membership: Membership, person_id: int, moment: Moment) -> Grant | None:
        return self.grants(membership, [person_id], moment).get(person_id)

    def person_id_sets(self, membership: Membership, moment: Moment) -> list[QuerySet[Any]]:
        return [person_ids_of(self.rows(membership, moment).filter(person__isnull=False))]

    def visible_person_ids(self, membership: Membership, moment: Moment) -> QuerySet[Any]:
        return self.rows(membership, moment).values("person_id")


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

    def grants(
        self, membership: Membership, person_ids: Collection[int], moment: Moment
    ) -> dict[int, list[Grant]]:
        """Every relation with each person, oldest first: the policy takes the first that
        opens the kind of data asked for."""
        found: dict[int, list[Grant]] = {}
        if not person_ids:
            return found
        relations = (
            self._relations(membership, moment)
            .filter(person_id__in=list(person_ids))
            .order_by("person_id", "valid_from", "id")
        )
        for relation in relations:
            found.setdefault(relation.person_id, []).append(
                Grant(
                    basis=f"relatie:{relation.kind}",
                    purpose=relation.purpose,
                    actions=CASEWORK_ACTIONS,
                    source=self.name,
                    relation_id=relation.pk,
                    valid_until=relation.valid_until,
                )
            )
        return found

    def person_id_sets(self, membership: Membership, moment: Moment) -> list[QuerySet[Any]]:
        return [person_ids_of(self._relations(membership, moment))]

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

    def grants(
        self, membership: Membership, person_ids: Collection[int], moment: Moment
    ) -> dict[int, Grant]:
        found: dict[int, Grant] = {}
        if not person_ids:
            return found
        events = (
            self._events(membership, moment)
            .filter(person_id__in=list(person_ids))
            .order_by("person_id", "-expires_at", "-id")
        )
        for event in events:
            if event.person_id not in found:
                found[event.person_id] = Grant(
                    basis=BREAK_GLASS_BASIS,
                    purpose=event.purpose,
                    actions=BREAK_GLASS_ACTIONS,
                    source=self.name,
                    break_glass_id=event.pk,
                    valid_until=event.expires_at,
                )
        return found

    def person_id_sets(self, membership: Membership, moment: Moment) -> list[QuerySet[Any]]:
        return [person_ids_of(self._events(membership, moment))]

    def visible_person_ids(self, membership: Membership, moment: Moment) -> QuerySet[Any]:
        return self._events(membership, moment).values("person_id")


register_relation_source(GenericRelationSource())
register_relation_source(BreakGlassSource())
