"""Fuzzing the signal sources' delivery format (docs/signals-delivery.md) with hypothesis.

Whatever the bytes, ``parse_delivery`` answers with a Dutch message naming the row and column
(or the file), never an exception, within bounded time; cells that could not be stored
(control characters, NUL) or would run as a formula never reach the clean data; and a bad file
uploaded through the service stores no signal.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from plek.accounts.models import Membership
from plek.signals import services
from plek.signals.delivery import COLUMNS, CONTROL, FORMULA_START, TEXT_COLUMNS, parse_delivery
from plek.signals.models import DeliveryRow, Signal
from tests.factories import OrganisationFactory
from tests.signals.helpers import HEADER, actor_of

TODAY = datetime.date(2026, 12, 1)
NASTY = [
    "",
    '=HYPERLINK("http://x")',
    "+31",
    "@SUM(A1)",
    "-2+3",
    "\x00",
    "a\x00b",
    "\ufeff",
    "31-02-2024",
    "2024-13-45",
    "0000-00-00",
    "9999-12-31",
    "1e309",
    "NaN",
    "-0",
    "99999999999999999999",
    "3311 ab",
    '"',
    'a"b',
    "x" * 300,
    "ü\u202eé",
]
cells = st.one_of(st.sampled_from(NASTY), st.text(max_size=40))
row = st.lists(cells, min_size=0, max_size=len(COLUMNS) + 2)


@st.composite
def files(draw: st.DrawFn) -> bytes:
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    header = draw(
        st.one_of(
            st.just(HEADER.split(",")),
            st.permutations(list(COLUMNS)),
            st.lists(st.sampled_from([*COLUMNS, "onbekend", ""]), max_size=16),
        )
    )
    rows = draw(st.lists(row, max_size=8))

    def quote(cell: str) -> str:
        return (
            '"' + cell.replace('"', '""') + '"'
            if any(c in cell for c in f'"\n\r{delimiter}')
            else cell
        )

    lines = [delimiter.join(header), *(delimiter.join(quote(c) for c in r) for r in rows)]
    text = "\r\n".join(lines) if draw(st.booleans()) else "\n".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    content = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        content = draw(st.binary(max_size=20)) + content
    return content


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(content=files())
@example(  # a NUL before the first column name, found by hypothesis on 7 December 2026
    content=b"\x00bsn,reference,initials,family_name,birth_date,postcode,house_number,"
    b"house_number_addition,kind,amount,arrear_since,eviction_date,crisis\n\x00"
)
@example(  # an unknown column with a NUL below it, found the same day
    content=b"!bsn,reference,initials,family_name,birth_date,postcode,house_number,"
    b"house_number_addition,kind,amount,arrear_since,eviction_date,crisis\n\x00"
)
@example(  # a house number "¹" (str.isdigit says yes, int refuses), found the same day
    content=b"reference,bsn,initials,family_name,birth_date,postcode,house_number_addition,"
    b"kind,amount,arrear_since,eviction_date,crisis,house_number\n,,,,,,,,,,,,\xc2\xb9"
)
def test_any_file_gets_a_dutch_report_and_clean_data_only(content: bytes) -> None:
    parsed = parse_delivery(content, TODAY, bsn_allowed=True)
    if parsed.file_error:
        assert parsed.rows == []
        assert parsed.file_error[0].isupper()
        return
    for parsed_row in parsed.rows:
        assert parsed_row.row_number >= 2
        for problem in parsed_row.errors:
            assert problem["column"] in COLUMNS
            assert problem["message"]
        if parsed_row.errors:
            continue
        for column, value in parsed_row.data.items():
            assert not CONTROL.search(value), column
            if column in TEXT_COLUMNS:
                assert not value.startswith(FORMULA_START), column


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "leeg"),
        (b"\xff\xfe" + "reference".encode("utf-16-le"), "UTF-8"),
        (HEADER.encode() + b"\n" + b'"' + b"x" * 200_000 + b'"\n', "te groot"),
        (b"reference,kind\nx,water\n", "ontbreken"),
        (b"\x00" + HEADER.encode() + b"\nr1\n", "stuurteken"),
    ],
)
def test_broken_files_name_the_problem(content: bytes, expected: str) -> None:
    parsed = parse_delivery(content, TODAY, bsn_allowed=False)
    assert expected in parsed.file_error
    assert parsed.rows == []


def test_a_large_file_is_read_in_bounded_time() -> None:
    line = "ref-{n},,J.,Proefpersoon,1980-01-01,3311AB,3,,huurachterstand,10.00,,,nee"
    content = "\n".join([HEADER, *(line.format(n=n) for n in range(20_000))]).encode()
    started = time.perf_counter()
    parsed = parse_delivery(content, TODAY, bsn_allowed=False)
    assert time.perf_counter() - started < 20
    assert len(parsed.rows) == 20_000
    assert not any(parsed_row.errors for parsed_row in parsed.rows)


@pytest.mark.django_db
def test_nul_formula_and_impossible_dates_are_reported_and_nothing_is_stored(
    member: Callable[..., Membership],
) -> None:
    source = member("signaalbron", organisation=OrganisationFactory(kind="woningcorporatie"))
    lines = [
        HEADER,
        "r1,,J.,Pro\x00ef,1980-01-01,3311AB,3,,huurachterstand,10.00,,,nee",
        "r2,,J.,=HYPERLINK(1),1980-01-01,3311AB,3,,huurachterstand,10.00,,,nee",
        "r3,,J.,Proef,31-02-1980,3311AB,3,,huurachterstand,10.00,,,nee",
        "r4,,J.,Proef,1980-01-01,3311AB,3,,huurachterstand,1e400,,,nee",
    ]
    delivery = services.upload_delivery(actor_of(source), "f.csv", "\n".join(lines).encode())
    rows = {row.row_number: row for row in DeliveryRow.objects.filter(delivery=delivery)}
    assert rows[2].errors[0]["column"] == "family_name"
    assert "stuurteken" in rows[2].errors[0]["message"]
    assert "formule" in rows[3].errors[0]["message"]
    assert "geen datum" in rows[4].errors[0]["message"]
    assert rows[5].errors[0]["column"] == "amount"
    assert all(row.data == {} for row in rows.values())
    assert not Signal.objects.exists()
