"""Fuzzing programme spreadsheets (xlsx uploads) with hypothesis: whatever is in the cells, the
import answers with a Dutch problem naming sheet, row and column, or imports; it never raises
anything else and a refused file stores nothing."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from plek.accounts.context import Actor
from plek.programs import interchange
from plek.programs.interchange.xlsx_file import MAX_SHEET_ROWS
from plek.programs.models import Action, Programme
from tests.factories import MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

SHEETS = ["programma", "themas", "acties", "mijlpalen", "statussen", "indicatoren", "waarden"]
NASTY: list[Any] = [
    None,
    "",
    "=SUM(A1:A9)",
    "+31",
    "@x",
    "2024-02-30",
    "31-02-2024",
    "Q5",
    "1e400",
    "NaN",
    -1,
    10**20,
    1.5,
    "x" * 32_000,
    "ü\u202e",
]
cell_value = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=30).map(lambda text: ILLEGAL_CHARACTERS_RE.sub("", text)),
)
edits = st.lists(
    st.tuples(st.sampled_from(SHEETS), st.integers(1, 6), st.integers(1, 12), cell_value),
    min_size=1,
    max_size=6,
)


@pytest.fixture
def workbook(officer: Actor, programme_data: dict[str, Any]) -> bytes:
    OrganisationFactory(external_id="org-proef")
    MunicipalityFactory(code="GM0505", name="Dordrecht")
    return interchange.to_xlsx(programme_data)


@settings(
    max_examples=40,
    deadline=5000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(changes=edits)
def test_any_cell_gives_a_named_problem_or_an_import(
    officer: Actor, workbook: bytes, changes: list[tuple[str, int, int, Any]]
) -> None:
    book = load_workbook(io.BytesIO(workbook))
    for sheet, row, column, value in changes:
        book[sheet].cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    before = (Programme.objects.count(), Action.objects.count())
    try:
        interchange.import_upload(officer, "programma.xlsx", buffer.getvalue())
    except interchange.ImportFailed as failed:
        assert failed.problems
        for problem in failed.problems:
            assert str(problem.message).strip()
            assert problem.sheet
        assert (Programme.objects.count(), Action.objects.count()) == before


def test_a_sheet_with_too_many_rows_is_refused_quickly(officer: Actor, workbook: bytes) -> None:
    book = load_workbook(io.BytesIO(workbook))
    sheet = book["acties"]
    for row in range(3, MAX_SHEET_ROWS + 10):
        sheet.cell(row=row, column=1, value=f"9.{row}")
    buffer = io.BytesIO()
    book.save(buffer)
    started = time.perf_counter()
    with pytest.raises(interchange.ImportFailed) as failed:
        interchange.import_upload(officer, "programma.xlsx", buffer.getvalue())
    assert time.perf_counter() - started < 30
    assert "meer dan" in str(failed.value.problems[0].message)
    assert not Programme.objects.exists()


def test_a_file_that_is_no_workbook_is_refused(officer: Actor) -> None:
    with pytest.raises(interchange.ImportFailed) as failed:
        interchange.import_upload(officer, "programma.xlsx", b"PK\x03\x04" + b"\x00" * 100)
    assert "geen leesbaar xlsx-bestand" in str(failed.value.problems[0].message)
