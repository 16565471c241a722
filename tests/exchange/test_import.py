"""plek import / export: all-or-nothing, one line per problem, idempotent, lossless."""

from __future__ import annotations

import datetime
import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from plek.exchange.exporter import export_directory
from plek.exchange.importer import import_directory
from plek.housing.models import RespiteBooking, Stay
from plek.people.models import Person
from tests.factories import MembershipFactory
from tests.housing.helpers import facility
from tests.monitor import reference
from tests.monitor.conftest import REGION


def snapshot(tmp_path: Path, name: str) -> dict[str, bytes]:
    target = tmp_path / name
    export_directory(target)
    return {path.name: path.read_bytes() for path in sorted(target.iterdir())}


@pytest.fixture
def region_copy(tmp_path: Path) -> Path:
    target = tmp_path / "in"
    shutil.copytree(REGION, target)
    return target


def replace_line(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def run_import(directory: Path) -> tuple[int, list[str]]:
    err = io.StringIO()
    try:
        call_command("import", str(directory), stdout=io.StringIO(), stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), err.getvalue().splitlines()
    return 0, err.getvalue().splitlines()


def test_one_bad_cell_gives_one_line_exit_1_and_changes_nothing(
    db: None, tmp_path: Path, region_copy: Path
) -> None:
    assert import_directory(REGION).ok
    before = snapshot(tmp_path, "before")
    # Also change a good row, which must not land either.
    replace_line(region_copy / "persons.csv", "A.,Jansen", "A.,Janssen")
    replace_line(region_copy / "stays.csv", "s5,p1,f1,2024-08-01", "s5,p1,f1,2024-13-01")
    code, lines = run_import(region_copy)
    problems = [line for line in lines if line.startswith("stays.csv")]
    assert code == 1
    assert problems == [
        "stays.csv:6:start_date: '2024-13-01' is geen geldige datum (verwacht JJJJ-MM-DD)"
    ]
    assert snapshot(tmp_path, "after") == before


def test_import_export_import_export_is_byte_identical(db: None, tmp_path: Path) -> None:
    assert import_directory(REGION).ok
    first = snapshot(tmp_path, "first")
    assert import_directory(tmp_path / "first").ok
    assert snapshot(tmp_path, "second") == first


def test_export_keeps_every_value_of_the_source(db: None, tmp_path: Path) -> None:
    assert import_directory(REGION).ok
    export_directory(tmp_path / "out")
    source, exported = reference.load(REGION), reference.load(tmp_path / "out")
    assert source.keys() == exported.keys()
    for name, rows in source.items():
        order = lambda row: [str(value) for value in row.values()]  # noqa: E731
        assert sorted(rows, key=order) == sorted(exported[name], key=order), name


def test_importing_twice_changes_nothing(db: None, tmp_path: Path) -> None:
    assert import_directory(REGION).ok
    first = snapshot(tmp_path, "first")
    stays = list(Stay.objects.order_by("pk").values())
    assert import_directory(REGION).ok
    assert snapshot(tmp_path, "again") == first
    assert list(Stay.objects.order_by("pk").values()) == stays


def test_a_known_id_updates_its_row(db: None, region_copy: Path) -> None:
    assert import_directory(REGION).ok
    replace_line(
        region_copy / "stays.csv", "s3,p2,f1,2024-01-05,,", "s3,p2,f1,2024-01-05,2024-02-01,straat"
    )
    assert import_directory(region_copy).ok
    stay = Stay.objects.get(external_id="s3")
    assert (str(stay.end_date), stay.exit_destination) == ("2024-02-01", "straat")
    assert Stay.objects.count() == 7


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "stays.csv",
            "s1,p1,f1,2024-01-10,2024-02-10",
            "s1,p1,f1,2024-01-10,2024-01-09",
            "stays.csv:2:end_date: het verblijf eindigt voor het begint",
        ),
        (
            "stays.csv",
            "2024-02-10,tussenvoorziening",
            "2024-02-10,",
            "stays.csv:2:exit_destination: verplicht als het verblijf een einddatum heeft",
        ),
        (
            "stays.csv",
            "s3,p2,f1,2024-01-05,,",
            "s3,p2,f1,2024-01-05,,straat",
            "stays.csv:4:exit_destination: moet leeg zijn zolang het verblijf open is",
        ),
        (
            "stays.csv",
            "s5,p1,f1,2024-08-01",
            "s5,p1,f1,2024-05-31",
            "stays.csv:6:start_date: overlapt met verblijf 's2' (rij 3) van dezelfde persoon",
        ),
        (
            "capacity.csv",
            "f1,2024-03-01,3",
            "f1,2024-03-01,1",
            "stays.csv:8:facility: op 2024-04-01 zijn er 2 verblijven in "
            "voorziening 'f1' en maar 1 plaatsen",
        ),
        (
            "stays.csv",
            "s2,p1,f2",
            "s2,p9,f2",
            "stays.csv:3:person: 'p9' is onbekend: niet in persons.csv en niet in de database",
        ),
        (
            "facilities.csv",
            "nachtopvang,o1",
            "slaapzaal,o1",
            "facilities.csv:2:type: onbekende code 'slaapzaal'; toegestaan: "
            "nachtopvang, crisisopvang, "
            "crisisopvang_gezinnen, vrouwenopvang, winteropvang, tussenvoorziening, flexwonen, "
            "woontraining, skaeve_huse, short_stay, particuliere_opvang, "
            "beschermd_wonen, probeerplek, "
            "housing_first, terugval",
        ),
        (
            "facilities.csv",
            "55.50",
            '"55,50"',
            "facilities.csv:2:day_tariff: '55,50' is geen bedrag in euro's (≥ 0, met een punt en "
            "hoogstens 2 decimalen)",
        ),
        (
            "capacity.csv",
            "f2,2024-01-01,5",
            "f1,2024-03-01,5",
            "capacity.csv:4:valid_from: sleutel 'f1, 2024-03-01' staat al in rij 3",
        ),
        (
            "persons.csv",
            "p1,999990019",
            "p1,999990018",
            "persons.csv:2:bsn: '999990018' is geen geldig BSN (9 cijfers die de "
            "elfproef doorstaan)",
        ),
        (
            "persons.csv",
            "p2,,B.,Pieters",
            "p2,999990019,B.,Pieters",
            "persons.csv:3:bsn: dit BSN staat ook in rij 2",
        ),
        (
            "persons.csv",
            "p2,,B.,Pieters",
            "p2,,B.,",
            "persons.csv:3:family_name: verplicht veld is leeg",
        ),
        (
            "signals.csv",
            "g4,,meldpunt,hoog",
            "g4,,meldpunt,",
            "signals.csv:5:urgency: verplicht veld is leeg",
        ),
        (
            "municipalities.csv",
            "GM0642,Zwijndrecht",
            "0642,Zwijndrecht",
            "municipalities.csv:3:code: '0642' is geen CBS-gemeentecode (GM "
            "gevolgd door vier cijfers)",
        ),
        (
            "checkins.csv",
            "c3,t1,2024-08-24,,",
            "c3,t1,2024-08-24,,paars",
            "checkins.csv:4:light: onbekende code 'paars'; toegestaan: groen, oranje, rood",
        ),
        (
            "assessments.csv",
            "c1,p3,2024-05-01,2,",
            "c1,p3,2024-05-01,6,",
            "assessments.csv:8:financien: '6' is geen ZRM-score (1 tot en met 5, of leeg)",
        ),
    ],
)
def test_each_rule_names_file_row_and_column(
    db: None, region_copy: Path, file: str, old: str, new: str, expected: str
) -> None:
    replace_line(region_copy / file, old, new)
    code, lines = run_import(region_copy)
    assert code == 1
    assert lines[:-1] == [expected]
    assert Stay.objects.count() == 0


def test_a_missing_required_column_is_named_in_the_header_row(db: None, region_copy: Path) -> None:
    replace_line(region_copy / "plans.csv", "id,person,started_on", "id,person,begin")
    code, lines = run_import(region_copy)
    assert (code, lines[:-1]) == (
        1,
        ["plans.csv:1:started_on: verplichte kolom ontbreekt in de kopregel"],
    )


def test_extra_columns_and_files_are_allowed(db: None, region_copy: Path) -> None:
    replace_line(
        region_copy / "plans.csv",
        "id,person,started_on,review_on,ended_on",
        "id,person,started_on,review_on,ended_on,opmerking",
    )
    text = (region_copy / "plans.csv").read_text().splitlines()
    (region_copy / "plans.csv").write_text(
        "\n".join([text[0]] + [line + ",x" for line in text[1:]]) + "\n"
    )
    (region_copy / "extra.csv").write_text("a,b\n1,2\n")
    assert import_directory(region_copy).ok


def test_a_stay_may_start_on_the_day_the_previous_one_ends_and_zero_nights_occupy_nothing(
    db: None, region_copy: Path
) -> None:
    # s1 ends 2024-02-10 and s2 starts that day; s6 has start = end inside p3's other stays.
    with (region_copy / "stays.csv").open("a") as handle:
        handle.write("s8,p3,f1,2024-04-05,2024-04-05,straat\n")
    assert import_directory(region_copy).ok


def test_references_may_point_into_the_database(db: None, tmp_path: Path) -> None:
    assert import_directory(REGION).ok
    only = tmp_path / "only"
    only.mkdir()
    (only / "plans.csv").write_text(
        "id,person,started_on,review_on,ended_on\npl9,p3,2024-09-01,,\n"
    )
    assert import_directory(only).ok


def test_a_missing_directory_is_reported(db: None, tmp_path: Path) -> None:
    code, lines = run_import(tmp_path / "bestaat-niet")
    assert code == 1
    assert "deze map bestaat niet" in lines[0]


def test_a_second_running_plan_of_one_person_is_named_by_row(db: None, region_copy: Path) -> None:
    # One running plan per person (the database's partial unique index): the import says so
    # before writing, for a second row in the file and for a plan already stored.
    with (region_copy / "plans.csv").open("a") as handle:
        handle.write("pl3,p1,2024-03-01,,\n")
    code, lines = run_import(region_copy)
    assert (code, lines[:-1]) == (
        1,
        [
            "plans.csv:4:ended_on: persoon 'p1' heeft al een lopend plan ('pl1'); "
            "beëindig dat eerst (één lopend plan per persoon)"
        ],
    )
    assert import_directory(REGION).ok
    replace_line(
        region_copy / "plans.csv", "pl1,p1,2024-01-24,2024-07-24,", "pl1,p1,2024-01-24,,2024-02-29"
    )
    assert import_directory(region_copy).ok  # pl1 ends in the same file that adds pl3


def test_imported_rows_get_a_public_uuid_of_their_own(db: None, tmp_path: Path) -> None:
    from plek.people.models import Household, Person
    from plek.signals.models import Signal

    assert import_directory(REGION).ok
    assert Person.objects.count() > 1
    for model in (Person, Household, Signal):
        uuids = list(model.objects.values_list("uuid", flat=True))
        assert len(set(uuids)) == len(uuids), model


def test_a_stay_beside_a_stored_respite_booking_is_named_by_row(db: None, tmp_path: Path) -> None:
    # Respite is for someone at home: p3 (no stay after April 2024) has a booking in June.
    assert import_directory(REGION).ok
    respite = facility("terugval", units=1)
    RespiteBooking.objects.create(
        unit=respite.units.get(),
        person=Person.objects.get(external_id="p3"),
        start_date=datetime.date(2024, 6, 1),
        end_date=datetime.date(2024, 6, 5),
        reason="mantelzorger op vakantie",
        created_by=MembershipFactory().user,
    )
    only = tmp_path / "only"
    only.mkdir()
    (only / "facilities.csv").write_text(
        "id,name,type,provider,municipality,scope,day_tariff\n"
        "f9,Thuis Eerst,housing_first,o1,GM0505,regional,40\n"
    )
    (only / "capacity.csv").write_text("facility,valid_from,units\nf9,2024-01-01,5\n")
    (only / "stays.csv").write_text(
        "id,person,facility,start_date,end_date,exit_destination\n"
        "s9,p3,f1,2024-06-04,2024-06-10,straat\n"
    )
    result = import_directory(only)
    assert [str(problem) for problem in result.problems] == [
        "stays.csv:2:start_date: overlapt met een terugvalboeking van dezelfde persoon in de "
        "database (2024-06-01 tot 2024-06-05)"
    ]
    # In a Housing First home the same nights are allowed: the home is where respite is from.
    (only / "stays.csv").write_text(
        "id,person,facility,start_date,end_date,exit_destination\ns9,p3,f9,2024-06-04,,\n"
    )
    assert import_directory(only).ok
