"""A first load on PostgreSQL: an empty table is filled without its secondary indexes and
constraints, which are made again before the commit (`plek.exchange.firstload`).

Whatever happens, the tables keep every index and constraint, refused rows still come out as
`file:row:column` lines, and a failing import leaves nothing behind.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from django.db import DatabaseError, connection

from plek.access.chain import verify
from plek.access.models import ProcessingLogEntry
from plek.exchange import bulk, firstload, importer
from plek.exchange.importer import import_directory
from plek.housing.models import Stay
from plek.people.models import Person
from tests.monitor.conftest import REGION

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the bulk path and its DDL are PostgreSQL's"
)
TABLES = ("people_person", "housing_stay", "housing_occupancy")
OVERLAP = ("s5,p1,f1,2024-08-01", "s5,p1,f1,2024-05-31")


@pytest.fixture
def region_copy(tmp_path: Path) -> Path:
    target = tmp_path / "in"
    shutil.copytree(REGION, target)
    return target


def schema() -> set[tuple[str, ...]]:
    """Every index and constraint of the tables a first load sets aside, with its definition."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)",
            [list(TABLES)],
        )
        indexes = {tuple(row) for row in cursor.fetchall()}
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s)",
            [list(TABLES)],
        )
        return indexes | {tuple(row) for row in cursor.fetchall()}


def set_aside_spy(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []
    real = firstload.set_aside

    def spy(tables: Any) -> list[str]:
        statements = real(tables)
        calls.append(statements)
        return statements

    monkeypatch.setattr(firstload, "set_aside", spy)
    return calls


def add_overlap(directory: Path) -> None:
    path = directory / "stays.csv"
    text = path.read_text()
    assert OVERLAP[0] in text
    path.write_text(text.replace(*OVERLAP, 1))


def test_a_first_load_sets_aside_and_restores_every_index_and_constraint(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = schema()
    calls = set_aside_spy(monkeypatch)
    result = import_directory(REGION)
    assert result.ok, result.lines()
    assert schema() == before
    # The GiST indexes were among those dropped and made again (indexes or constraints).
    assert any("gist" in statement.lower() for statement in calls[0])
    assert any("FOREIGN KEY" in statement for statement in calls[0])
    assert Stay.objects.count() == result.counts["stays"]


def test_a_second_import_into_filled_tables_sets_nothing_aside(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert import_directory(REGION).ok
    stays = Stay.objects.count()
    calls = set_aside_spy(monkeypatch)
    result = import_directory(REGION)
    assert result.ok, result.lines()
    assert calls == [[]]
    assert Stay.objects.count() == stays  # idempotent


def test_a_failing_first_load_leaves_the_indexes_and_nothing_else(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = schema()

    def broken(*args: Any, **kwargs: Any) -> int:
        raise DatabaseError("verbinding verbroken")

    # Fails after the move and the rebuild, at the log: all of it must roll back.
    monkeypatch.setattr(importer, "record_bulk", broken)
    result = import_directory(REGION)
    assert not result.ok
    assert "er is niets opgeslagen" in result.lines()[0]
    assert schema() == before
    assert not Person.objects.exists()
    assert not Stay.objects.exists()


def test_an_overlap_on_an_empty_database_is_a_file_row_column_line(
    db: None, region_copy: Path
) -> None:
    before = schema()
    add_overlap(region_copy)
    result = import_directory(region_copy)
    assert result.lines() == [
        "stays.csv:6:start_date: overlapt met verblijf 's2' (rij 3) van dezelfde persoon"
    ]
    assert schema() == before


def test_the_rebuilt_constraint_refuses_what_the_checks_let_through(
    db: None, region_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safety net: were the set-based overlap check to miss a row, the database refuses."""
    before = schema()
    add_overlap(region_copy)
    monkeypatch.setattr(bulk, "_check_overlaps", lambda bundle: None)
    result = import_directory(region_copy)
    [line] = result.lines()
    assert line.startswith("stays.csv:0::")
    assert "overlappen" in line
    assert "er is niets opgeslagen" in line
    assert schema() == before
    assert not Stay.objects.exists()


def test_the_streamed_log_has_one_entry_per_person_and_verifies(db: None) -> None:
    result = import_directory(REGION)
    assert result.ok
    entries = ProcessingLogEntry.objects.filter(activity_code=importer.BULK_IMPORT.code)
    persons = set(Person.objects.values_list("pk", flat=True))
    assert sorted(entries.values_list("person_id", flat=True)) == sorted(persons)
    assert verify().intact, verify().problems
