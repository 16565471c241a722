"""The precomputed monitor always equals a fresh computation and serves from its store."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.db import connection

from plek.housing.models import Stay
from plek.monitor import precomputed
from plek.monitor.engine import AGE_BANDS, Cut, Period, compute
from plek.monitor.models import MonitorChange, MonitorFigure

YEAR = Period(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), datetime.date(2026, 1, 1))
ZWIJNDRECHT = Period(YEAR.start, YEAR.end, YEAR.as_of, "GM0642")


# Reading the configured norms (which key the stored figures) is not computing figures.
CONFIGURATION_TABLES = ("signals_responsenorm", "postal_postalterms")


def _engine_statements(captured: list[dict[str, str]]) -> int:
    return sum(
        "monitor_" not in query["sql"]
        and not any(table in query["sql"] for table in CONFIGURATION_TABLES)
        for query in captured
    )


@pytest.mark.parametrize(
    ("period", "cut"),
    [
        (YEAR, None),
        (ZWIJNDRECHT, None),
        (YEAR, Cut(sex="V")),
        (YEAR, Cut(age_band=AGE_BANDS[2])),
        (YEAR, Cut(facility_type="nachtopvang")),
    ],
)
def test_stored_figures_equal_a_fresh_computation(
    golden_region: Path, period: Period, cut: Cut | None
) -> None:
    first = precomputed.figures(period, cut=cut)
    assert first == compute(period, cut=cut)
    assert MonitorFigure.objects.count() == 13
    # The second time every figure comes from the store: no statement of the engine runs.
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        again = precomputed.figures(period, cut=cut)
    assert again == first
    assert _engine_statements(captured.captured_queries) == 0


def test_a_change_through_the_orm_makes_the_figures_stale(golden_region: Path) -> None:
    before = precomputed.figures(YEAR)
    stay = Stay.objects.get(external_id="s3")  # open since 2024-01-05
    stay.end_date = datetime.date(2024, 3, 1)
    stay.exit_destination = "eigen_woning"
    stay.save()
    after = precomputed.figures(YEAR)
    assert after == compute(YEAR)
    assert after["M4"] != before["M4"]


def test_a_change_in_plain_sql_makes_the_figures_stale(golden_region: Path) -> None:
    before = precomputed.figures(YEAR)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM housing_stay WHERE external_id = %s", ["s1"])
    after = precomputed.figures(YEAR)
    assert after == compute(YEAR)
    assert after != before


def test_a_change_to_a_persons_origin_makes_every_period_stale(golden_region: Path) -> None:
    precomputed.figures(ZWIJNDRECHT)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE people_person SET origin_municipality_id = NULL WHERE external_id = %s",
            ["p1"],
        )
    assert precomputed.figures(ZWIJNDRECHT) == compute(ZWIJNDRECHT)


def test_a_change_far_after_a_period_leaves_it_served_from_the_store(golden_region: Path) -> None:
    from django.test.utils import CaptureQueriesContext

    precomputed.figures(YEAR)
    stay = Stay.objects.get(external_id="s1")
    Stay.objects.create(
        external_id="late",
        person=stay.person,
        facility=stay.facility,
        start_date=datetime.date(2029, 1, 1),
        end_date=datetime.date(2029, 1, 5),
        exit_destination="eigen_woning",
    )
    with CaptureQueriesContext(connection) as captured:
        served = precomputed.figures(YEAR)
    assert _engine_statements(captured.captured_queries) == 0
    assert served == compute(YEAR)


def test_refresh_keeps_months_ready_and_prunes_the_change_log(golden_region: Path) -> None:
    as_of = datetime.date(2025, 1, 15)
    looked_at = precomputed.refresh(as_of, months=3, municipalities=[None, "GM0642"])
    assert looked_at == 6
    assert MonitorFigure.objects.count() == 6 * 13
    if connection.vendor == "sqlite":
        assert MonitorChange.objects.count() == 0
    else:
        # The test's own open transaction made the changes: they stay until it has ended.
        assert not MonitorChange.objects.exclude(xid=_own_transaction()).exists()
    for start, end in precomputed.months_before(as_of, 3):
        for municipality in (None, "GM0642"):
            period = Period(start, end, as_of, municipality)
            assert precomputed.figures(period) == compute(period)
    assert precomputed.months_before(as_of, 3)[0] == (
        datetime.date(2024, 10, 1),
        datetime.date(2024, 10, 31),
    )


def _own_transaction() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id()::text")
        return int(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_an_import_queues_the_refresh_task(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from plek.exchange.importer import import_directory
    from tests.monitor.conftest import REGION

    settings.MONITOR_REFRESH_AFTER_CHANGES = True
    settings.MONITOR_PRECOMPUTE_MONTHS = 2
    # Tasks run eagerly without Redis: the refresh has run when the import returns.
    assert import_directory(REGION).ok
    assert MonitorFigure.objects.filter(municipality="").count() == 2 * 13
    assert MonitorFigure.objects.filter(municipality="GM0642").count() == 2 * 13


def test_the_dashboard_is_served_from_the_store_the_second_time(golden_region: Path) -> None:
    from django.test.utils import CaptureQueriesContext

    from plek.monitor.dashboard import build_dashboard
    from plek.monitor.report.content import build_report

    first = build_dashboard(YEAR)
    with CaptureQueriesContext(connection) as captured:
        second = build_dashboard(YEAR)
    assert (
        _engine_statements([q for q in captured.captured_queries if "housing_stay" in q["sql"]])
        == 0
    )
    assert second.report.cells == first.report.cells
    assert build_report(YEAR).cells == first.report.cells


def test_a_breakdown_per_municipality_is_one_lookup_once_stored(golden_region: Path) -> None:
    from django.test.utils import CaptureQueriesContext

    from plek.accounts.models import Municipality

    codes = list(Municipality.objects.order_by("code").values_list("code", flat=True))
    assert len(codes) == 2
    first = precomputed.figures_per_municipality(YEAR, codes, ["M1", "M4"])
    for code in codes:
        narrowed = Period(YEAR.start, YEAR.end, YEAR.as_of, code)
        expected = compute(narrowed)
        assert first[code] == {
            "period": expected["period"],
            "M1": expected["M1"],
            "M4": expected["M4"],
        }
    for wanted in (codes[:1], codes):
        with CaptureQueriesContext(connection) as captured:
            again = precomputed.figures_per_municipality(YEAR, wanted, ["M1", "M4"])
        assert again == {code: first[code] for code in wanted}
        assert _engine_statements(captured.captured_queries) == 0
        # One read of the store and one freshness check: the same for one and for all.
        store = [q for q in captured.captured_queries if "monitor_" in q["sql"]]
        assert len(store) == 2


def _quarter(first: int, last: int) -> Period:
    start = datetime.date(2024, first, 1)
    end = datetime.date(2024, last + 1, 1) - datetime.timedelta(days=1) if last < 12 else YEAR.end
    return Period(start, end, YEAR.as_of)


def test_many_sets_are_one_read_and_one_freshness_check(golden_region: Path) -> None:
    from django.test.utils import CaptureQueriesContext

    sets = [
        precomputed.FigureSet(YEAR),
        precomputed.FigureSet(YEAR, Cut(sex="V")),
        precomputed.FigureSet(YEAR, Cut(age_band=AGE_BANDS[2])),
        precomputed.FigureSet(ZWIJNDRECHT),
        precomputed.FigureSet(_quarter(1, 3)),
    ]
    first = precomputed.figure_sets(sets, codes=["M1", "M4"])
    for figure_set, result in zip(sets, first, strict=True):
        expected = compute(figure_set.period, cut=figure_set.cut)
        assert result == {"period": expected["period"], "M1": expected["M1"], "M4": expected["M4"]}
    with CaptureQueriesContext(connection) as captured:
        again = precomputed.figure_sets(sets, codes=["M1", "M4"])
    assert again == first
    assert _engine_statements(captured.captured_queries) == 0
    store = [q for q in captured.captured_queries if "monitor_" in q["sql"]]
    # The figures, then the freshness: one statement on PostgreSQL, one per period end on SQLite.
    ends = {figure_set.period.end for figure_set in sets}
    assert len(store) == 1 + (1 if connection.vendor == "postgresql" else len(ends))


def test_a_change_reaching_only_a_later_period_recomputes_only_that_one(
    golden_region: Path,
) -> None:
    # A change's reach is its period's end + 730 days: a stay in June 2026 can change what the
    # fourth quarter of 2024 says about returns, not what the first quarter says.
    first, fourth = _quarter(1, 3), _quarter(10, 12)
    sets = [precomputed.FigureSet(first), precomputed.FigureSet(fourth)]
    precomputed.figure_sets(sets)
    computed_at = _latest_computation_per_period_end()
    stay = Stay.objects.get(external_id="s1")
    Stay.objects.create(
        external_id="june",
        person=stay.person,
        facility=stay.facility,
        start_date=datetime.date(2026, 6, 1),
        end_date=datetime.date(2026, 6, 5),
        exit_destination="eigen_woning",
    )
    served = precomputed.figure_sets(sets)
    assert served == [compute(first), compute(fourth)]
    after = _latest_computation_per_period_end()
    assert after[first.end] == computed_at[first.end]
    assert after[fourth.end] > computed_at[fourth.end]


def _latest_computation_per_period_end() -> dict[datetime.date, datetime.datetime]:
    from django.db.models import Max

    latest = MonitorFigure.objects.values("period_end").annotate(latest=Max("computed_at"))
    return {row["period_end"]: row["latest"] for row in latest}
