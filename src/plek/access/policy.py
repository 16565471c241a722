"""The one access policy: may this actor do this with this person's data? Default: no.

Two gates, in order:

1. the role: only roles whose profile ``reads_person_files`` ever get past (never policy
   officers, signal sources, functional admins or privacy officers), and only in a membership
   that is active on the day asked about;
2. a relation: some registered relation source (``plek.access.relations``) must tie the
   membership's user, team or organisation to the person on that day, for that action and for
   the kind of data asked for (``plek.access.kinds``: a relation opens what its purpose needs).
   Break-the-glass is one such source, granting a short look.

``decide`` (one person) and ``decide_many`` (a set, one query per source) only answer; they
neither read person data nor write the log. Selectors call them, read, and log what they show
with ``plek.access.services.record_reads`` in one transaction. The purpose logged is always the
relation's.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from plek.access.choices import Action, Purpose
from plek.access.kinds import DataKind, opens
from plek.access.relations import (
    BREAK_GLASS_BASIS,
    Grant,
    Moment,
    RelationSource,
    register_relation_source,
    relation_sources,
)
from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.accounts.roles import Role, profile
from plek.core import compiled

__all__ = [
    "BREAK_GLASS_BASIS",
    "Action",
    "DataKind",
    "Decision",
    "Purpose",
    "decide",
    "decide_many",
    "is_privacy_officer",
    "may_break_glass",
    "may_read_person_files",
    "register_relation_source",
    "visible_person_ids",
]

# What visible_person_ids gives: the union of the sources' sets, or no one.
PersonIds = QuerySet[Any] | RawSQL

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

    @property
    def is_break_glass(self) -> bool:
        return self.basis == BREAK_GLASS_BASIS

    @property
    def kinds(self) -> frozenset[str]:
        return self.grant.kinds if self.grant else frozenset()

    def opens(self, kind: str) -> bool:
        return self.allowed and kind in self.kinds

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


def _check_action(action: str) -> None:
    if action not in Action.values:
        raise ValueError(f"Onbekende actie: {action!r}")


def _check_kind(kind: str | None) -> None:
    if kind is not None and kind not in DataKind.values:
        raise ValueError(f"Onbekende soort gegevens: {kind!r}")


def _grants(
    source: RelationSource, membership: Membership, person_ids: list[int], moment: Moment
) -> dict[int, list[Grant]]:
    grants = getattr(source, "grants", None)
    if grants is not None:
        return {
            person_id: [found] if isinstance(found, Grant) else list(found)
            for person_id, found in grants(membership, person_ids, moment).items()
        }
    # A source that answers for one person only (a plug-in): asked once per person.
    answers = {}
    for person_id in person_ids:
        grant = source.grant(membership, person_id, moment)
        if grant is not None:
            answers[person_id] = [grant]
    return answers


def decide_many(
    actor: Actor,
    action: str,
    person_ids: Iterable[int],
    on: datetime.date | None = None,
    kind: str | None = None,
) -> dict[int, Decision]:
    """The allowed decisions for a set of persons: person id -> Decision; the others are absent.

    One query per relation source, however many persons: each source is asked only about the
    persons no earlier source allowed. ``kind`` (``plek.access.kinds.DataKind``) is the kind of
    data to be read; None asks for identity, which every relation opens.
    """
    _check_action(action)
    _check_kind(kind)
    wanted = list(dict.fromkeys(person_ids))
    moment = Moment.of(on)
    membership = _membership_on(actor, moment.day)
    if membership is None or not wanted or not profile(membership.role).reads_person_files:
        return {}
    allowed: dict[int, Decision] = {}
    for source in relation_sources():
        remaining = [pid for pid in wanted if pid not in allowed]
        if not remaining:
            break
        for person_id, grants in _grants(source, membership, remaining, moment).items():
            grant = next((g for g in grants if action in g.actions and opens(g.basis, kind)), None)
            if grant is not None:
                allowed[person_id] = Decision(True, grant.basis, grant.purpose, grant)
    return allowed


def decide(
    actor: Actor,
    action: str,
    person_id: int,
    on: datetime.date | None = None,
    kind: str | None = None,
) -> Decision:
    """May ``actor`` do ``action`` with the data of person ``person_id`` (now, or on day ``on``)?

    The decision names the purpose to log: always the purpose of the relation that allows it,
    never one the caller chooses. ``kind`` is the kind of data concerned (None: identity).
    """
    _check_action(action)
    _check_kind(kind)
    moment = Moment.of(on)
    membership = _membership_on(actor, moment.day)
    if membership is None:
        return Decision(False, DENIED_NO_MEMBERSHIP)
    if not profile(membership.role).reads_person_files:
        return Decision(False, DENIED_ROLE)
    decision = decide_many(actor, action, [person_id], on, kind).get(person_id)
    return decision or Decision(False, DENIED_NO_RELATION)


def _person_id_sets(source: RelationSource, membership: Membership, moment: Moment) -> list[Any]:
    sets = getattr(source, "person_id_sets", None)
    if sets is not None:
        return list(sets(membership, moment))
    # A plug-in that answers with one subquery of its own.
    return [source.visible_person_ids(membership, moment).order_by()]  # type: ignore[attr-defined]


def _visible_key(membership: Membership, moment: Moment) -> Hashable | None:
    """What the union of every source's sets follows from; None when a source cannot say."""
    keys = []
    for source in relation_sources():
        compile_key = getattr(source, "compile_key", None)
        if compile_key is None:
            return None
        keys.append((source.name, compile_key(membership, moment)))
    return ("zichtbaar", *keys)


def visibility_key(actor: Actor) -> Hashable | None:
    """What the SQL of ``visible_person_ids(actor)`` follows from today: part of the key of a
    statement that embeds it and is compiled once. None when a source cannot say."""
    moment = Moment.of(None)
    membership = _membership_on(actor, moment.day)
    if membership is None or not profile(membership.role).reads_person_files:
        return ("niemand", moment.day)
    return _visible_key(membership, moment)


def objects_among_visible(
    actor: Actor, key: tuple[Any, ...], build: Callable[[], QuerySet[Any]]
) -> list[Any]:
    """``compiled.objects`` of a queryset that embeds ``visible_person_ids(actor,
    bound_at_run=True)``: the key gets the actor's visibility and the time of now is bound at
    every run. Built anew at every run when a relation source cannot name its inputs."""
    visibility = visibility_key(actor)
    return compiled.objects(
        None if visibility is None else (*key, visibility), build, at=timezone.now()
    )


def visible_person_ids(
    actor: Actor, on: datetime.date | None = None, *, bound_at_run: bool = False
) -> PersonIds:
    """Ids of every person whose file the actor may view: a subquery for ``pk__in`` or
    ``person_id__in`` (only there: ``Person.objects.filter(pk__in=...)`` to read them).

    One ``UNION`` of every relation source's sets, each starting from the actor's own relations
    (PostgreSQL hashes it once; an ``OR`` of ``IN`` subqueries would be probed per person),
    compiled once per member and day (``plek.core.compiled``), and embedded as it is: wrapped
    in a ``Person`` query, PostgreSQL looked up every visible person by key before hashing the
    set (2,500 probes, 2.5 of the 6 ms of a team's signal list on the national set). Empty
    (a queryset Django leaves out) when the role gate says no.

    ``bound_at_run``: the time of now (a break-the-glass access ends at a time of day) is left a
    parameter of the subquery, for a statement that embeds it and is itself compiled once
    (``objects_among_visible``), which binds it at every run. Such a subquery cannot be run by
    the ORM itself.
    """
    from plek.people.models import Person

    if bound_at_run and on is not None:
        raise ValueError("Alleen de zichtbaarheid van nu laat het tijdstip open.")
    moment = Moment.of(on)
    membership = _membership_on(actor, moment.day)
    if membership is None or not profile(membership.role).reads_person_files:
        return Person.objects.none().values("pk")

    def union() -> QuerySet[Any]:
        parts = [
            part
            for source in relation_sources()
            for part in _person_id_sets(source, membership, moment)
        ]
        if not parts:
            return Person.objects.none().values_list("pk", flat=True)
        first, *rest = parts
        return first.union(*rest) if rest else first

    statement = compiled.statement(_visible_key(membership, moment), union)
    if not statement.sql:
        return Person.objects.none().values("pk")
    params = statement.params
    if not bound_at_run:
        params = compiled.bind(params, compiled.Asked([], moment.at), statement.alias)
    # One IN over one UNION: planned once (a hashed subplan or a semi-join), never per person.
    # The SQL is Django's own compilation of the sources' querysets; every value a parameter.
    return RawSQL(statement.sql, params)  # noqa: S611
