"""The shared layer: dates, form errors, the API's error answer and its one list shape."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from plek.aftercare.schedule import due_dates
from plek.core import dates
from plek.core.api import Pagination, exception_handler, feed_response
from plek.core.csvfile import CsvFileError, read_csv
from plek.core.forms import errors_onto_form


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2028, 1, 31), 1, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 1, 31), 2, datetime.date(2026, 3, 31)),
        (datetime.date(2026, 8, 31), 6, datetime.date(2027, 2, 28)),
        (datetime.date(2026, 3, 15), -3, datetime.date(2025, 12, 15)),
        (datetime.date(2026, 11, 30), 14, datetime.date(2028, 1, 30)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(
    day: datetime.date, months: int, expected: datetime.date
) -> None:
    assert dates.add_months(day, months) == expected


def test_first_of_month() -> None:
    assert dates.first_of_month(datetime.date(2026, 1, 31), 13) == datetime.date(2027, 2, 1)


def test_a_monthly_schedule_from_31_january_does_not_drift_to_the_28th() -> None:
    due = due_dates(datetime.date(2026, 1, 31), "1m:4m")
    assert due == [
        datetime.date(2026, 2, 28),
        datetime.date(2026, 3, 31),
        datetime.date(2026, 4, 30),
        datetime.date(2026, 5, 31),
    ]


def test_today_is_the_date_in_amsterdam() -> None:
    # 23:30 UTC on 31 December is already 1 January in Amsterdam.
    moment = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        assert dates.today() == datetime.date(2027, 1, 1)


class _Form(forms.Form):
    name = forms.CharField(required=False)


def test_field_errors_go_to_their_field_and_the_rest_on_top() -> None:
    form = _Form({})
    assert form.is_valid()
    errors_onto_form(form, ValidationError({"name": "Naam: te kort.", "other": "Iets anders."}))
    assert form.errors["name"] == ["Naam: te kort."]
    assert form.non_field_errors() == ["Iets anders."]
    plain = _Form({})
    plain.is_valid()
    errors_onto_form(plain, ValidationError("Dat kan niet."))
    assert plain.non_field_errors() == ["Dat kan niet."]


def test_a_services_validation_error_is_a_400_naming_the_field() -> None:
    response = exception_handler(ValidationError({"received_on": "Datum: in de toekomst."}), {})
    assert response is not None
    assert response.status_code == 400
    assert response.data == {"received_on": ["Datum: in de toekomst."]}
    plain = exception_handler(ValidationError("Dat kan niet."), {})
    assert plain is not None
    assert plain.status_code == 400
    assert plain.data == ["Dat kan niet."]


def test_a_page_cut_by_a_selector_gets_the_one_list_shape() -> None:
    request = Request(APIRequestFactory().get("/api/v1/personen/", {"page": 2}))
    page = Paginator(list(range(120)), 50).get_page(2)
    data = Pagination().respond(request, page, list(page.object_list)).data
    assert data["count"] == 120
    assert data["next"].endswith("/api/v1/personen/?page=3")
    assert data["previous"].endswith("/api/v1/personen/")
    assert data["results"] == list(range(50, 100))


def test_a_feed_names_the_next_address_and_no_count() -> None:
    request = Request(APIRequestFactory().get("/api/v1/feed/", {"na": 7}))
    data = feed_response(request, [{"id": 8}, {"id": 9}], "na", 9).data
    assert data == {
        "next": "http://testserver/api/v1/feed/?na=9",
        "previous": None,
        "results": data["results"],
    }
    assert data["results"] == [{"id": 8}, {"id": 9}]


# --- CSV -----------------------------------------------------------------------------------


def _rows(content: bytes, delimiters: str = ",") -> list[tuple[int, list[str]]]:
    return [(record.number, record.cells) for record in read_csv(content, delimiters).records]


def test_csv_drops_the_byte_order_mark_and_numbers_rows_as_the_file_does() -> None:
    table = read_csv("\ufeffa,b\n1,2\n\n3,4\r\n".encode())
    assert table.header == ["a", "b"]
    # The blank line 3 carries no record but keeps its number: row 4 is the fourth line.
    assert [(r.number, r.cells) for r in table.records] == [(2, ["1", "2"]), (4, ["3", "4"])]


def test_csv_sniffs_semicolons_only_where_the_format_allows_them() -> None:
    content = b"a;b;c\n1;2;3\n"
    assert read_csv(content, ",;").delimiter == ";"
    assert _rows(content, ",;") == [(2, ["1", "2", "3"])]
    assert _rows(content) == [(2, ["1;2;3"])]
    assert read_csv(b"a,b;c\n", ",;").delimiter == ","  # a tie goes to the first


def test_csv_folds_the_header_when_asked() -> None:
    assert read_csv(b" Reference , KIND\n", fold_header=True).header == ["reference", "kind"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "het bestand is leeg: de kopregel ontbreekt"),
        (b"\n\na,b\n", "het bestand is leeg: de kopregel ontbreekt"),
        ("a,b\né,1\n".encode("latin-1"), "geen UTF-8-tekst (byte 4)"),
    ],
)
def test_csv_refuses_a_file_it_cannot_read_with_a_dutch_message(
    content: bytes, message: str
) -> None:
    with pytest.raises(CsvFileError, match=re.escape(message)):
        read_csv(content)
