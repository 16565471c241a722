"""What a reliability test found in the import: each case ends in a `file:row:column` line or a
clear Dutch message, never a traceback or a silent acceptance."""

from __future__ import annotations

import csv
import shutil
import threading
from pathlib import Path

import pytest
from django.db import connection, connections

from plek.exchange.exporter import export_directory
from plek.exchange.importer import IMPORT_LOCK, import_directory
from plek.exchange.reader import MAX_PROBLEMS
from plek.people.models import Person
from plek.postal.models import PostalApplication
from tests.monitor.conftest import REGION


@pytest.fixture
def region_copy(tmp_path: Path) -> Path:
    target = tmp_path / "in"
    shutil.copytree(REGION, target)
    return target


def replace_line(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def lines(directory: Path) -> list[str]:
    result = import_directory(directory)
    assert not result.ok
    return result.lines()


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "persons.csv",
            "p2,,B.,Pieters",
            "p2,,B.," + "P" * 201,
            "persons.csv:3:family_name: 201 tekens; hoogstens 200 toegestaan",
        ),
        (
            "persons.csv",
            "p2,,B.,Pieters",
            "p2,,B.,Pie\x00ters",
            "persons.csv:3:family_name: de cel bevat een NUL-teken (\\0)",
        ),
        (
            "capacity.csv",
            "f2,2024-01-01,5",
            "f2,2024-01-01,99999999999",
            "capacity.csv:4:units: '99999999999' is te groot (hoogstens 2147483647)",
        ),
        (
            "facilities.csv",
            "local,20",
            "local,1234567890.00",
            "facilities.csv:3:day_tariff: '1234567890.00' is te groot "
            "(hoogstens 8 cijfers voor de punt)",
        ),
        (
            "plans.csv",
            "pl2,p2,2024-01-20,,2024-06-01",
            "pl2,p2,2024-01-20,,2024-01-01",
            "plans.csv:3:ended_on: het plan eindigt voor het begint",
        ),
        (
            "postal.csv",
            "pa1,p1,2024-01-01,2024-02-26",
            "pa1,p1,2024-01-01,2023-12-26",
            "postal.csv:2:decided_on: besloten voor de aanvraag",
        ),
        (
            "aftercare.csv",
            "t2,p3,2023-01-01,2024-01-01",
            "t2,p3,2023-01-01,2022-01-01",
            "aftercare.csv:3:ended_on: de nazorg eindigt voor hij begint",
        ),
        (
            "signals.csv",
            "2024-03-01,2024-03-08",
            "2024-03-01,2024-02-08",
            "signals.csv:2:first_contact_on: eerste contact voor de ontvangst van het signaal",
        ),
    ],
)
def test_bad_cells_give_a_line_each(
    db: None, region_copy: Path, file: str, old: str, new: str, expected: str
) -> None:
    replace_line(region_copy / file, old, new)
    assert lines(region_copy) == [expected]
    assert not Person.objects.exists()


def test_a_cell_over_the_csv_field_limit_is_a_line_not_a_traceback(
    db: None, region_copy: Path
) -> None:
    replace_line(region_copy / "persons.csv", "p2,,B.,Pieters", 'p2,,B.,"' + "x" * 140_000 + '"')
    [line] = lines(region_copy)
    assert line.startswith("persons.csv:3::")


def test_two_active_postal_addresses_for_one_person_are_refused(
    db: None, region_copy: Path
) -> None:
    with (region_copy / "postal.csv").open("a") as handle:
        handle.write("pa8,p2,2024-05-01,2024-05-10,toegekend,\n")
        handle.write("pa9,p2,2024-06-01,2024-06-10,toegekend,\n")
    found = lines(region_copy)
    assert found == [
        "postal.csv:8:decision: persoon 'p2' heeft al een actief briefadres (rij 7)"
    ], found


def test_an_imported_active_address_holds_the_flag_the_database_index_is_on(
    db: None, region_copy: Path
) -> None:
    with (region_copy / "postal.csv").open("a") as handle:
        handle.write("pa8,p2,2024-05-01,2024-05-10,toegekend,\n")
    assert import_directory(region_copy).ok
    assert sorted(
        PostalApplication.objects.filter(holds_address=True).values_list("external_id", flat=True)
    ) == ["pa4", "pa8"]
    # A second one for the same person in a later import is refused against the database.
    later = region_copy.parent / "later"
    later.mkdir()
    (later / "postal.csv").write_text(
        "id,person,applied_on,decided_on,decision,ended_on\n"
        "pa9,p2,2024-06-01,2024-06-10,toegekend,\n"
    )
    assert lines(later) == [
        "postal.csv:2:decision: persoon 'p2' heeft al een actief briefadres ('pa8' in de database)"
    ]


def test_an_incremental_stays_file_without_capacity_is_accepted(db: None, tmp_path: Path) -> None:
    assert import_directory(REGION).ok
    later = tmp_path / "later"
    later.mkdir()
    (later / "stays.csv").write_text(
        "id,person,facility,start_date,end_date,exit_destination\n"
        "s8,p1,f2,2025-03-01,2025-03-05,straat\n"
    )
    result = import_directory(later)
    assert result.ok, result.lines()


def test_an_empty_directory_is_an_error(db: None, tmp_path: Path) -> None:
    [line] = lines(tmp_path)
    assert "geen plek-csv-bestanden" in line


def test_the_problems_are_bounded(db: None, tmp_path: Path) -> None:
    with (tmp_path / "persons.csv").open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "bsn", "initials", "family_name", "birth_date", "sex"])
        for n in range(MAX_PROBLEMS + 500):
            writer.writerow([f"p{n}", "", "", "X", "gisteren", "M"])
    result = import_directory(tmp_path)
    assert len(result.problems) == MAX_PROBLEMS
    assert result.more_problems == 500
    assert result.lines()[-1] == "… en nog 500 problemen (niet getoond)"


def test_formulas_are_neutralised_in_the_export_and_restored_by_the_import(
    db: None, region_copy: Path, tmp_path: Path
) -> None:
    replace_line(region_copy / "persons.csv", "p2,,B.,Pieters", "p2,,B.,=HYPERLINK(1)")
    replace_line(region_copy / "persons.csv", ",A.,Jansen", ",A.,'s-Gravenhage")
    assert import_directory(region_copy).ok
    out = tmp_path / "out"
    export_directory(out)
    text = (out / "persons.csv").read_text()
    assert ",'=HYPERLINK(1)," in text and ",'s-Gravenhage," in text
    # The import upserts by key: overwrite the names, then import the export back.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE people_person SET family_name = 'x'")
    assert import_directory(out).ok
    assert set(Person.objects.values_list("family_name", flat=True)) >= {
        "=HYPERLINK(1)",
        "'s-Gravenhage",
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_second_import_while_one_runs_is_told_to_wait(region_copy: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite serialises writers itself")
    holding, release = threading.Event(), threading.Event()

    def first_import() -> None:
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
                holding.set()
                release.wait(30)
                cursor.execute("ROLLBACK")
        finally:
            other.close()

    thread = threading.Thread(target=first_import)
    thread.start()
    try:
        assert holding.wait(30)
        assert lines(region_copy) == [
            f"{region_copy}:0:: er loopt al een import; probeer het straks opnieuw"
        ]
    finally:
        release.set()
        thread.join()
    assert import_directory(region_copy).ok
