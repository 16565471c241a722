"""The stays table carries no index that another index already gives: every index is written for
each of the millions of stays a national import brings (docs/performance.md)."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def _index_columns(table: str) -> dict[str, tuple[str, ...]]:
    """Each plain btree index of the table: its key columns in order (PostgreSQL's catalogue)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.relname, array_agg(a.attname ORDER BY k.ord)
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_am am ON am.oid = i.relam AND am.amname = 'btree'
            CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
            WHERE x.indrelid = %s::regclass AND x.indpred IS NULL AND NOT x.indisunique
                AND x.indclass[0] IN (SELECT oid FROM pg_opclass WHERE opcdefault)
            GROUP BY i.relname
            """,
            [table],
        )
        return {name: tuple(columns) for name, columns in cursor.fetchall()}


def test_no_index_of_the_stays_is_the_leading_part_of_another() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the catalogue query is PostgreSQL's")
    indexes = _index_columns("housing_stay")
    assert ("person_id", "start_date") in indexes.values()
    redundant = [
        (name, other)
        for name, columns in indexes.items()
        for other, longer in indexes.items()
        if name != other and len(columns) < len(longer) and longer[: len(columns)] == columns
    ]
    assert redundant == []


def _indexes(table: str) -> dict[str, str]:
    """Each index of the table by name: its predicate, '' when it indexes every row."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname, coalesce(pg_get_expr(x.indpred, x.indrelid), '') FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass",
            [table],
        )
        return dict(cursor.fetchall())


def test_the_occupancy_rows_carry_their_keys_and_guards_and_nothing_else() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the occupancy rows are PostgreSQL's")
    assert set(_indexes("housing_occupancy")) == {
        "housing_occupancy_pkey",
        "housing_occupancy_stay_id_key",
        "housing_occupancy_respite_id_key",
        "occupancy_person_no_overlap",
        "occupancy_unit_no_overlap",
    }


def test_the_stays_index_units_only_where_there_is_one() -> None:
    # An imported stay has no unit: a full index would hold millions of empty keys.
    if connection.vendor != "postgresql":
        pytest.skip("the catalogue query is PostgreSQL's")
    indexes = _indexes("housing_stay")
    assert indexes["stay_by_unit"] == "(unit_id IS NOT NULL)"
    assert indexes["stay_open_by_facility"] == "(end_date IS NULL)"
