"""The programme figures' SQL agrees with a plain-Python reference on random regions."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plek.exchange.importer import import_directory
from plek.housing.choices import CATEGORY_OF_TYPE
from plek.programs import figures
from tests.monitor.test_property import BASE, MUNICIPALITIES, regions, write

Rows = dict[str, list[dict[str, Any]]]


def _d(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _origin(data: Rows) -> dict[str, str]:
    return {p["id"]: p["origin_municipality"] for p in data["persons"]}


def _in_scope(data: Rows, person: str, municipality: str | None) -> bool:
    return municipality is None or _origin(data)[person] == municipality


def _category(data: Rows, facility: str) -> str:
    kind = next(f["type"] for f in data["facilities"] if f["id"] == facility)
    return str(CATEGORY_OF_TYPE[kind])


def ref_hf_new(data: Rows, a: datetime.date, b: datetime.date, m: str | None) -> int:
    return sum(
        1
        for s in data["stays"]
        if _category(data, s["facility"]) == "hf"
        and a <= _d(s["start_date"]) <= b  # type: ignore[operator]
        and _in_scope(data, s["person"], m)
    )


def ref_capacity(data: Rows, test: Any, day: datetime.date, m: str | None) -> int:
    total = 0
    for f in data["facilities"]:
        if not test(f) or (m is not None and f["municipality"] != m):
            continue
        valid = [
            c for c in data["capacity"] if c["facility"] == f["id"] and _d(c["valid_from"]) <= day
        ]  # type: ignore[operator]
        if valid:
            total += int(max(valid, key=lambda c: c["valid_from"])["units"])
    return total


def ref_postal(data: Rows, a: datetime.date, b: datetime.date, m: str | None) -> tuple[Any, int]:
    days = sorted(
        (_d(p["decided_on"]) - _d(p["applied_on"])).days  # type: ignore[operator]
        for p in data["postal"]
        if p["decided_on"]
        and a <= _d(p["decided_on"]) <= b  # type: ignore[operator]
        and p["decision"] in ("toegekend", "afgewezen")
        and _in_scope(data, p["person"], m)
    )
    if not days:
        return None, 0
    n = len(days)
    middle = days[(n - 1) // 2 : n // 2 + 1]
    from plek.monitor.figures import mean

    return mean(sum(middle), len(middle)), n


def ref_bw(data: Rows, test: Any, m: str | None) -> int:
    return len(
        {
            s["person"]
            for s in data["stays"]
            if _category(data, s["facility"]) == "bw"
            and test(s)
            and _in_scope(data, s["person"], m)
        }
    )


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    data=regions(),
    start=st.integers(0, 900),
    length=st.integers(0, 400),
    municipality=st.sampled_from([None, *MUNICIPALITIES]),
)
def test_programme_figures_match_reference(
    data: Rows, start: int, length: int, municipality: str | None
) -> None:
    a = BASE + datetime.timedelta(days=start)
    b = a + datetime.timedelta(days=length)
    with tempfile.TemporaryDirectory() as tmp, transaction.atomic():
        write(data, Path(tmp))
        assert import_directory(Path(tmp)).ok
        got = {
            "hf": figures.hf_new(a, b, municipality).value,
            "cap": figures.capacity("beschermd_wonen", b, municipality).value,
            "respite": figures.respite_places(b, municipality).value,
            "postal": (lambda f: (f.value, f.base))(figures.postal_median_days(a, b, municipality)),
            "stock": figures.bw_stock(b, municipality).value,
            "in": figures.bw_inflow(a, b, municipality).value,
            "out": figures.bw_outflow(a, b, municipality).value,
        }
        transaction.set_rollback(True)
    expected = {
        "hf": ref_hf_new(data, a, b, municipality),
        "cap": ref_capacity(data, lambda f: f["type"] == "beschermd_wonen", b, municipality),
        "respite": ref_capacity(data, lambda f: f["type"] == "terugval", b, municipality),
        "postal": ref_postal(data, a, b, municipality),
        "stock": ref_bw(
            data,
            lambda s: _d(s["start_date"]) <= b and (not s["end_date"] or _d(s["end_date"]) > b),
            municipality,
        ),
        "in": ref_bw(data, lambda s: a <= _d(s["start_date"]) <= b, municipality),
        "out": ref_bw(
            data, lambda s: bool(s["end_date"]) and a <= _d(s["end_date"]) <= b, municipality
        ),
    }
    assert got == expected
