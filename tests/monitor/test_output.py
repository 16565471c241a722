"""`plek monitor --format csv|xlsx`: the raw figures of the contract as rows, read back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from tests.monitor.conftest import GOLDEN

YEAR = ["--from=2024-01-01", "--to=2024-12-31", "--as-of=2026-01-01"]


def _monitor(*args: str) -> str:
    out = io.StringIO()
    call_command("monitor", *YEAR, *args, stdout=out)
    return out.getvalue()


def test_csv_has_one_row_per_value_of_the_contract(golden_region: Path) -> None:
    rows = list(csv.reader(io.StringIO(_monitor("--format=csv"))))
    assert rows[0] == ["figure", "key", "value"]
    values = {(figure, key): value for figure, key, value in rows[1:]}
    assert values[("M1", "persons")] == "3"
    assert values[("M4", "share")] == "0.1667"
    assert values[("M5", "returned_730")] == ""  # null in the JSON
    assert values[("M7", "facilities.f1.available")] == "1038"
    assert values[("M13", "onbekend")] == "610.50"
    expected = json.loads((GOLDEN / "expected" / "year-2024.json").read_text())
    figures = {key: value for key, value in expected.items() if key != "period"}
    assert len(rows) - 1 == _leaves(figures)


def _leaves(value: object) -> int:
    return sum(_leaves(inner) for inner in value.values()) if isinstance(value, dict) else 1


def test_xlsx_needs_an_output_file(golden_region: Path) -> None:
    with pytest.raises(CommandError, match="Geef met --output het bestand op"):
        _monitor("--format=xlsx")


def test_xlsx_holds_the_same_values_as_numbers(golden_region: Path, tmp_path: Path) -> None:
    target = tmp_path / "monitor.xlsx"
    assert _monitor("--format=xlsx", f"--output={target}") == ""
    workbook = load_workbook(target)
    assert workbook.sheetnames == ["figures", "period"]
    rows = list(workbook["figures"].iter_rows(values_only=True))
    assert rows[0] == ("figure", "key", "value")
    values = {(figure, key): value for figure, key, value in rows[1:]}
    assert values[("M1", "persons")] == 3
    assert values[("M4", "share")] == pytest.approx(0.1667)
    assert values[("M5", "returned_730")] is None
    assert values[("M13", "GM0642")] == pytest.approx(20091.0)
    period = dict(workbook["period"].iter_rows(min_row=2, values_only=True))
    assert period == {
        "from": "2024-01-01",
        "to": "2024-12-31",
        "as_of": "2026-01-01",
        "municipality": None,
    }


def test_csv_agrees_with_the_xlsx(golden_region: Path, tmp_path: Path) -> None:
    target = tmp_path / "monitor.xlsx"
    _monitor("--format=xlsx", f"--output={target}")
    from_xlsx = list(load_workbook(target)["figures"].iter_rows(min_row=2, values_only=True))
    from_csv = list(csv.reader(io.StringIO(_monitor("--format=csv"))))[1:]
    assert [(f, k) for f, k, _ in from_xlsx] == [(f, k) for f, k, _ in from_csv]


def test_output_writes_json_to_a_file(golden_region: Path, tmp_path: Path) -> None:
    target = tmp_path / "monitor.json"
    assert _monitor("--format=json", f"--output={target}") == ""
    expected = json.loads((GOLDEN / "expected" / "year-2024.json").read_text())
    assert json.loads(target.read_text()) == expected


def test_an_unwritable_output_is_a_clear_error(golden_region: Path, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Kan .* niet schrijven"):
        _monitor("--format=xlsx", f"--output={tmp_path / 'missing' / 'x.xlsx'}")


def test_an_invalid_date_is_named(db: None) -> None:
    with pytest.raises(CommandError, match="'2024-13-01' is geen geldige datum"):
        call_command("monitor", "--from=2024-13-01", "--to=2024-12-31", stdout=io.StringIO())
