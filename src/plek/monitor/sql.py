"""The SQL that differs between PostgreSQL and SQLite, so the monitor's queries are written once.

Dates travel as ISO strings: SQLite stores them as text (ISO order is date order), PostgreSQL gets
them cast to `date`. Differences in days are integers on both.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, connection


@dataclass(frozen=True)
class Dialect:
    vendor: str

    @property
    def postgres(self) -> bool:
        return self.vendor == "postgresql"

    def date(self, param: str = "%s") -> str:
        """A date parameter."""
        return f"CAST({param} AS date)" if self.postgres else param

    def days(self, later: str, earlier: str) -> str:
        """Whole days from `earlier` to `later` (negative when later is earlier)."""
        if self.postgres:
            return f"({later} - {earlier})"
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"

    def plus_days(self, day: str, days: int) -> str:
        """A date `days` after `day` (our own integer constant, never input)."""
        if self.postgres:
            return f"({day} + {int(days)})"
        return f"date({day}, '{int(days):+d} days')"

    def least(self, a: str, b: str) -> str:
        return f"LEAST({a}, {b})" if self.postgres else f"MIN({a}, {b})"

    def greatest(self, a: str, b: str) -> str:
        return f"GREATEST({a}, {b})" if self.postgres else f"MAX({a}, {b})"

    @property
    def materialized(self) -> str:
        """A CTE computed once and read by several parts of one statement (both databases)."""
        return "MATERIALIZED"

    def by_id(self, column: str) -> str:
        """Order by a source id in plain string (code point) order, whatever the collation."""
        return f'{column} COLLATE "C"' if self.postgres else column


def current_dialect() -> Dialect:
    return Dialect(connection.vendor)


_CTE = re.compile(r"\bAS \(")


def inline_ctes(sql: str) -> str:
    """Let the planner see through every common table expression.

    A materialised CTE hides the tables' statistics and indexes from the planner, which then
    guesses one row and picks nested loops that take minutes on a national data set.
    """
    return _CTE.sub("AS NOT MATERIALIZED (", sql)


# The engine names its parameters (a mapping); smaller callers may pass them in order.
Params = Mapping[str, Any] | Sequence[Any]


# For the statements of the monitor on PostgreSQL: no JIT (the stay family's estimated cost
# crosses the JIT thresholds, and compiling took 5.7 s of a 9.4 s statement on 100,000 persons,
# for a run of well under a second), and room for the materialised stays and their sorts in
# memory instead of temporary files.
ANALYTIC_SETTINGS = {"jit": "off", "work_mem": "64MB"}


def fetch_all(sql: str, params: Params) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(inline_ctes(sql), params)
            return cursor.fetchall()
        # Set for this statement and put back after it, within or outside a transaction.
        names = list(ANALYTIC_SETTINGS)
        cursor.execute(
            "SELECT "
            + ", ".join(
                f"current_setting('{name}'), set_config('{name}', '{value}', false)"
                for name, value in ANALYTIC_SETTINGS.items()
            )
        )
        before = cursor.fetchone()[::2]
        restore = "SELECT " + ", ".join("set_config(%s, %s, false)" for _ in names)
        restore_params = [item for pair in zip(names, before, strict=True) for item in pair]
        try:
            cursor.execute(inline_ctes(sql), params)
            rows = cursor.fetchall()
        except DatabaseError:
            # In a failed transaction the rollback puts the settings back; never hide the error.
            with contextlib.suppress(DatabaseError):
                cursor.execute(restore, restore_params)
            raise
        cursor.execute(restore, restore_params)
        return rows


def fetch_one(sql: str, params: Params) -> tuple[Any, ...]:
    rows = fetch_all(sql, params)
    return rows[0]
