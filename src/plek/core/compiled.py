"""Querysets compiled once and run at every request: the SQL is kept, the data is read anew.

Every page asks the policy about its persons, and every source answers with a query or a few.
Building and compiling those querysets cost more than running them (about half of a dossier or
start page, in cProfile): the same SQL was made again on every request of the same user. The
start pages' worklists were the same story (``objects``): a few milliseconds of the ORM
building a queryset for every list, then a fraction of one in PostgreSQL.

A source's part (``plek.access.relations.GrantPart``) is a queryset of relation rows, filtered
on ``person_id`` being one of the persons asked about, where the persons are bound only when
the statement runs (``AmongAsked``). Its SQL therefore depends only on what the source read to
build it: the membership's user, team, organisation and role, the day asked about, and what the
source names in ``compile_key``. It is compiled once per process for that key and kept in a
bounded cache; the data itself is read by the statement at every run (subqueries, never values
baked in), so a new or ended relation counts at once.

A worklist's queryset (``objects``) is compiled once per key in the same way: the key names
everything its SQL follows from (the user, the membership, the day, the limit); the rows, and
the objects made of them, are read at every run.
"""

from __future__ import annotations

import datetime
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import BooleanField, DateTimeField, Expression, F, Func, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler


class _Bound:
    """Stands in a compiled statement's parameters for a value given when it runs."""

    def __init__(self, bind: Callable[[Any, Asked], Any]) -> None:
        self.bind = bind


@dataclass(frozen=True)
class Asked:
    """What a compiled statement is run for: the persons, and the moment when it is now."""

    person_ids: list[int]
    at: datetime.datetime | None = None


_PERSONS_AS_ARRAY = _Bound(lambda connection, asked: asked.person_ids)
_PERSONS_AS_JSON = _Bound(lambda connection, asked: json.dumps(asked.person_ids))
_MOMENT = _Bound(lambda connection, asked: connection.ops.adapt_datetimefield_value(asked.at))


class AmongAsked(Func):
    """``.filter(AmongAsked("person_id"))``: the column is one of the persons (or other ids)
    asked about, bound when the statement runs. An array comparison, not ``IN (SELECT
    unnest(...))``: the planner then knows how many are asked, and plans an index scan for a
    dossier's one person instead of a join sized for an unknown set."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, column: str) -> None:
        super().__init__(F(column))

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        column, params = compiler.compile(self.source_expressions[0])
        # psycopg sends a list of small numbers as smallint[]: the cast makes it one plan.
        return f"{column} = ANY(%s::bigint[])", (*params, _PERSONS_AS_ARRAY)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[Any]]:
        column, params = compiler.compile(self.source_expressions[0])
        sql = f"{column} IN (SELECT value FROM json_each(%s))"  # noqa: S608 (a compiled column)
        return sql, (*params, _PERSONS_AS_JSON)


class AskedMoment(Expression):
    """The exact time asked about (``Moment.at``), bound when the statement runs: a grant that
    ends at a time of day (break-the-glass) is compiled once per day, not once per request."""

    output_field = DateTimeField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[Any, ...]]:
        return "%s", (_MOMENT,)


def bind(params: Iterable[Any], asked: Asked, alias: str = DEFAULT_DB_ALIAS) -> list[Any]:
    """The parameters of a compiled statement with the asked values put in."""
    connection = connections[alias]
    return [p.bind(connection, asked) if isinstance(p, _Bound) else p for p in params]


class Statement:
    def __init__(self, queryset: QuerySet[Any]) -> None:
        self.alias = queryset.db
        self.compiler: SQLCompiler = queryset.query.get_compiler(self.alias)
        try:
            self.sql, params = self.compiler.as_sql()
        except EmptyResultSet:  # a part that cannot hold anyone for this member (.none())
            self.sql, params = "", ()
        self.params = list(params)

    def rows(self, asked: Asked) -> list[tuple[Any, ...]]:
        if not self.sql:
            return []
        with connections[self.alias].cursor() as cursor:
            cursor.execute(self.sql, bind(self.params, asked, self.alias))
            fetched = cursor.fetchall()
        return self._converted(fetched)

    def _converted(self, fetched: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """The rows with the model fields' converters applied (dates on SQLite, for instance),
        as ``SQLCompiler.results_iter`` does; the converters are looked up once per statement
        instead of at every run."""
        converting = self.__dict__.get("_converting")
        if converting is None:
            fields = [column[0] for column in self.compiler.select[: self.compiler.col_count]]
            converting = self.__dict__["_converting"] = (
                self.compiler.get_converters(fields),
                self.compiler.has_composite_fields(fields),
                fields,
            )
        converters, composite, fields = converting
        rows: Iterable[Any] = fetched
        if converters:
            rows = self.compiler.apply_converters(rows, converters)
        if composite:
            rows = self.compiler.composite_fields_to_tuples(rows, fields)
        return [tuple(row) for row in rows]

    def objects(self, asked: Asked) -> list[Any]:
        """The model objects of a compiled model queryset, as iterating it gives them: the
        ``select_related`` objects and the annotations set (Django's ``ModelIterable``, with
        the SQL kept)."""
        if not self.sql:
            return []
        making = self._making()
        return [making(row) for row in self.rows(asked)]

    def _making(self) -> Callable[[tuple[Any, ...]], Any]:
        making = self.__dict__.get("_made")
        if making is None:
            making = self.__dict__["_made"] = _object_maker(self.compiler, self.alias)
        return making


def _object_maker(compiler: SQLCompiler, alias: str) -> Callable[[tuple[Any, ...]], Any]:
    """Turns a row of the compiled SELECT into its model object, as Django's ``ModelIterable``
    does after running the SQL (the compiler holds the columns and the related models)."""
    klass_info, select = compiler.klass_info, compiler.select
    assert klass_info is not None, "objects() needs a queryset of model objects"
    model, fields = klass_info["model"], klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    names = [column[0].target.attname for column in select[start:end]]
    related = get_related_populators(klass_info, select, alias)  # type: ignore[call-arg]  # stubs of Django 6
    annotations = dict(compiler.annotation_col_map or {})

    def make(row: tuple[Any, ...]) -> Any:
        instance = model.from_db(alias, names, row[start:end])
        for populator in related:
            populator.populate(row, instance)
        for name, position in annotations.items():
            setattr(instance, name, row[position])
        return instance

    return make


_CACHE: OrderedDict[Hashable, Statement] = OrderedDict()
_LOCK = threading.Lock()


def statement(key: Hashable | None, build: Callable[[], QuerySet[Any]]) -> Statement:
    """The compiled statement of ``build()``, which runs only when ``key`` is new (always when
    None: something it reads cannot be named in a key).

    ``build`` returns a queryset whose SQL follows from ``key`` alone; the values it leaves to
    the run are ``AmongAsked`` and ``AskedMoment``.
    """
    if key is None:
        return Statement(build())
    with _LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
            return found
    found = Statement(build())
    with _LOCK:
        _CACHE[key] = found
        while len(_CACHE) > settings.COMPILED_STATEMENTS:
            _CACHE.popitem(last=False)
    return found


def rows(
    key: Hashable,
    build: Callable[[], QuerySet[Any]],
    person_ids: Collection[int],
    at: datetime.datetime | None = None,
) -> list[tuple[Any, ...]]:
    """The rows of ``build()`` (a ``values_list`` filtered on ``AmongAsked``) for these
    persons, at ``at`` where it asks for ``AskedMoment()``."""
    if not person_ids:
        return []
    return statement(key, build).rows(Asked(sorted(person_ids), at))


def objects(
    key: Hashable,
    build: Callable[[], QuerySet[Any]],
    at: datetime.datetime | None = None,
    asked: Collection[int] = (),
) -> list[Any]:
    """The model objects of ``build()``, a queryset whose SQL follows from ``key`` alone (put
    the user, membership, day and limit in it), compiled once per key. ``asked`` are the ids
    its ``AmongAsked`` filters are bound to (the person of a dossier, say), ``at`` the time of
    its ``AskedMoment``. ``prefetch_related`` is not run: select what the objects need."""

    def checked() -> QuerySet[Any]:
        queryset = build()
        if getattr(queryset, "_prefetch_related_lookups", ()) or getattr(
            queryset, "_known_related_objects", {}
        ):
            raise ValueError(f"{key!r}: een gecompileerde queryset haalt niets vooruit op.")
        return queryset

    return statement(key, checked).objects(Asked(sorted(asked), at))


def first(
    key: Hashable,
    build: Callable[[], QuerySet[Any]],
    at: datetime.datetime | None = None,
    asked: Collection[int] = (),
) -> Any | None:
    """The one object of ``objects`` (``build`` slices its queryset to ``[:1]``), or None."""
    found = objects(key, build, at, asked)
    return found[0] if found else None


def forget() -> None:
    """Drop every compiled statement (a source registered again, a test that swaps one)."""
    with _LOCK:
        _CACHE.clear()
