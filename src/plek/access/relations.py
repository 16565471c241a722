"""Relation sources: the pluggable answer to "what ties this membership to person P?".

Each source answers, for a membership (its user, team and organisation):

- ``grants(membership, person_ids, moment)``: the relation with each of a set of persons, in a
  fixed number of queries whatever the number of persons (a dict person id -> Grant, or a list
  of Grants when one source may hold several relations with a person, best first);
- ``person_id_sets(membership, moment)``: querysets of one column of person ids, each starting
  from the membership's own relations; the policy combines the sets of every source with
  ``UNION`` (never an ``OR`` of ``IN (SELECT ...)`` inside a ``Person`` query, which PostgreSQL
  runs as a non-hashed subplan per person);
- ``grant(membership, person_id, moment)``: the same for one person (a plug-in may give only
  this and ``visible_person_ids(membership, moment)``, one subquery of its persons);
- optionally ``compile_key(membership, moment)``: what its SQL follows from, so the policy
  compiles it once per member and day (``plek.core.compiled``); ``PartsSource`` gives all of
  this to a source that describes its relations as parts (``GrantPart``).

A grant names its basis; what kinds of data a basis opens is ``plek.access.kinds``.

Apps register their sources in their ``AppConfig.ready()`` with ``register_relation_source``. This
module provides the generic ``Relation`` table and break-the-glass; the policy asks the sources in
order of ``priority`` (lowest first), so a real relation is named as the basis before an emergency
access.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Q, QuerySet
from django.utils import timezone

from plek.access.choices import Action
from plek.access.kinds import kinds_for
from plek.access.models import BreakGlass, Relation
from plek.accounts.models import Membership
from plek.core import compiled

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


def person_ids_of(queryset: QuerySet[Any], column: str = "person_id") -> QuerySet[Any]:
    """One column of person ids, without ordering: a part for a ``UNION``."""
    return queryset.order_by().values_list(column, flat=True)


@dataclass(frozen=True)
class GrantPart:
    """One kind of relation row of a source (``PartsSource``).

    ``rows()`` is a ``values_list`` of ``person_id`` and the columns ``grant`` needs, in the
    order the source prefers; ``grant(*columns)`` is the Grant of a row. ``rows`` is called only
    to compile the part (``plek.core.compiled``), so it must read nothing but the membership,
    the day and what the source's ``compile_key`` names.
    """

    rows: Callable[[], QuerySet[Any]]
    grant: Callable[..., Grant]

    def asked(self) -> QuerySet[Any]:
        """The rows of the persons asked about (bound when the compiled statement runs)."""
        return self.rows().filter(compiled.AmongAsked("person_id"))


class PartsSource:
    """Base for sources that describe their relations as parts, asked in order.

    The policy's questions run as compiled statements (``plek.core.compiled``): one per part,
    for all persons asked about, without building a queryset on every request. A person found
    by a part is not asked of the later parts unless the source holds ``several`` relations with
    one person (then every grant counts, best first).
    """

    name = ""
    priority = 100
    several = False

    def parts(self, membership: Membership, moment: Moment) -> list[GrantPart]:
        raise NotImplementedError

    def compile_key(self, membership: Membership, moment: Moment) -> Hashable:
        """What the parts' SQL follows from, besides the persons asked about."""
        return (
            membership.user_id,
            membership.team_id,
            membership.organisation_id,
            membership.role,
            moment.day,
            moment.at is None,
        )

    def grants(
        self, membership: Membership, person_ids: Collection[int], moment: Moment
    ) -> dict[int, list[Grant]]:
        found: dict[int, list[Grant]] = {}
        key = (self.name, self.compile_key(membership, moment))
        for number, part in enumerate(self.parts(membership, moment)):
            asked = person_ids if self.several else [p for p in person_ids if p not in found]
            rows = compiled.rows((*key, number), part.asked, asked, moment.at)
            for person_id, *columns in rows:
                grants = found.setdefault(person_id, [])
                if self.several or not grants:
                    grants.append(part.grant(*columns))
        return found

    def grant(self, membership: Membership, person_id: int, moment: Moment) -> Grant | None:
        found = self.grants(membership, [person_id], moment).get(person_id)
        return found[0] if found else None


class SingleGrantSource(PartsSource):
    """Base for sources with one basis and purpose: ``rows`` are their relations, by person."""

    def rows(self, membership: Membership, moment: Moment) -> QuerySet[Any]:
        raise NotImplementedError

    def the_grant(self) -> Grant:
        raise NotImplementedError

    def parts(self, membership: Membership, moment: Moment) -> list[GrantPart]:
        grant = self.the_grant()
        return [
            GrantPart(
                lambda: self.rows(membership, moment).order_by().values_list("person_id"),
                lambda: grant,
            )
        ]

    def person_id_sets(self, membership: Membership, moment: Moment) -> list[QuerySet[Any]]:
        return [person_ids_of(self.rows(membership, moment).filter(person__isnull=False))]


_SOURCES: dict[str, RelationSource] = {}


def register_relation_source(source: RelationSource) -> None:
    """Add a source (a second registration under the same name replaces the first)."""
    _SOURCES[source.name] = source
    compiled.forget()


def unregister_relation_source(name: str) -> None:
    _SOURCES.pop(name, None)
    compiled.forget()


def relation_sources() -> list[RelationSource]:
    return sorted(_SOURCES.values(), key=lambda source: (source.priority, source.name))


# --- the generic relation table -----------------------------------------------------------------


def _holder(membership: Membership) -> Q:
    holder = Q(user_id=membership.user_id) | Q(organisation_id=membership.organisation_id)
    if membership.team_id:
        holder |= Q(team_id=membership.team_id)
    return holder


class GenericRelationSource(PartsSource):
    name = "relatie"
    priority = 100
    several = True

    def _relations(self, membership: Membership, moment: Moment) -> QuerySet[Relation]:
        return Relation.objects.valid_on(moment.day).filter(_holder(membership))

    def parts(self, membership: Membership, moment: Moment) -> list[GrantPart]:
        """Every relation with each person, oldest first: the policy takes the first that
        opens the kind of data asked for."""

        def grant(kind: str, purpose: str, pk: int, valid_until: datetime.date | None) -> Grant:
            return Grant(
                basis=f"relatie:{kind}",
                purpose=purpose,
                actions=CASEWORK_ACTIONS,
                source=self.name,
                relation_id=pk,
                valid_until=valid_until,
            )

        return [
            GrantPart(
                lambda: (
                    self._relations(membership, moment)
                    .order_by("person_id", "valid_from", "id")
                    .values_list("person_id", "kind", "purpose", "pk", "valid_until")
                ),
                grant,
            )
        ]

    def person_id_sets(self, membership: Membership, moment: Moment) -> list[QuerySet[Any]]:
        return [person_ids_of(self._relations(membership, moment))]


# --- break-the-glass ----------------------------------------------------------------------------


class BreakGlassSource(PartsSource):
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
            # The time is given when the compiled statement runs (plek.core.compiled).
            at = compiled.AskedMoment()
            return events.filter(granted_at__lte=at, expires_at__gt=at)
        start, end = moment.day_bounds()
        return events.filter(granted_at__lt=end, expires_at__gt=start)

    def parts(self, membership: Membership, moment: Moment) -> list[GrantPart]:
        """The look that lasts longest names the purpose."""

        def grant(purpose: str, pk: int, expires_at: datetime.datetime) -> Grant:
            return Grant(
                basis=BREAK_GLASS_BASIS,
                purpose=purpose,
                actions=BREAK_GLASS_ACTIONS,
                source=self.name,
                break_glass_id=pk,
                valid_until=expires_at,
            )

        return [
            GrantPart(
                lambda: (
                    self._events(membership, moment)
                    .order_by("person_id", "-expires_at", "-id")
                    .values_list("person_id", "purpose", "pk", "expires_at")
                ),
                grant,
            )
        ]

    def person_id_sets(self, membership: Membership, moment: Moment) -> list[QuerySet[Any]]:
        return [person_ids_of(self._events(membership, moment))]


register_relation_source(GenericRelationSource())
register_relation_source(BreakGlassSource())
