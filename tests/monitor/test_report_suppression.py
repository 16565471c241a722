"""Small-number suppression (docs/monitor.md): boundaries, denominators, every contract key."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plek.monitor.report import suppression as s
from plek.monitor.report.suppression import Kind, Reason


@pytest.mark.parametrize(
    ("value", "shown", "mark"),
    [(0, 0, None), (1, None, "<5"), (4, None, "<5"), (5, 5, None), (1234, 1234, None)],
)
def test_counts_from_1_to_4_become_less_than_5(value: int, shown: int, mark: str | None) -> None:
    cell = s.count(value)
    assert (cell.shown, cell.mark) == (shown, mark)
    assert cell.suppressed is (mark is not None)


@pytest.mark.parametrize(
    ("base", "reason"), [(0, Reason.SMALL_BASE), (9, Reason.SMALL_BASE), (10, None), (11, None)]
)
def test_a_share_needs_a_denominator_of_10(base: int, reason: Reason | None) -> None:
    # 0.5 of 9 would be 4.5 persons: the denominator decides, not the numerator.
    cell = s.share(Decimal("0.5"), base)
    assert cell.reason is reason
    assert cell.shown == (None if reason else Decimal("0.5"))


def test_suppressed_share_shows_a_dash_and_is_explained() -> None:
    cell = s.share(Decimal("0.1667"), 6)
    assert cell.mark == "–"
    assert cell.suppressed


def test_a_share_that_gives_back_a_small_count_is_suppressed() -> None:
    # 3 of 620: the count is "<5", and 0.0048 × 620 would give the 3 back.
    assert s.share(Decimal("0.0048"), 620).reason is Reason.SMALL_PART
    assert s.share(Decimal("0.0065"), 620).reason is Reason.SMALL_PART  # 4.03 → 4
    assert s.share(Decimal("0.0081"), 620).shown == Decimal("0.0081")  # 5
    assert s.share(Decimal("0.0000"), 620).shown == Decimal("0.0000")  # 0 stays 0


def test_a_share_that_gives_back_4_of_10_is_suppressed_and_5_of_10_is_not() -> None:
    assert s.share(Decimal("0.4"), 10).reason is Reason.SMALL_PART
    assert s.share(Decimal("0.5"), 10).shown == Decimal("0.5")


@pytest.mark.parametrize(("items", "shown"), [(9, False), (10, True)])
def test_means_and_medians_need_10_items(items: int, shown: bool) -> None:
    cell = s.statistic(Decimal("12.5"), items)
    assert (cell.shown is not None) is shown
    assert cell.reason is (None if shown else Reason.FEW_ITEMS)


def test_null_of_the_contract_is_not_applicable_not_suppressed() -> None:
    cell = s.share(None, 0)
    assert (cell.mark, cell.suppressed) == ("n.v.t.", False)
    assert s.statistic(None, 20).mark == "n.v.t."


def test_occupancy_is_unit_nights_so_only_the_denominator_rule_applies() -> None:
    assert s.occupancy(Decimal("0.0003"), 10_000).shown == Decimal("0.0003")
    assert s.occupancy(Decimal("0.5"), 9).reason is Reason.SMALL_BASE


@pytest.mark.parametrize(
    ("key", "kind", "base"),
    [
        ("M1.persons", Kind.COUNT, None),
        ("M3.ended_median_nights", Kind.STATISTIC, "M3.ended"),
        ("M3.open_median_nights", Kind.STATISTIC, "M3.open"),
        ("M4.share", Kind.SHARE, "M4.exits"),
        ("M5.returned_180", Kind.SHARE, "M5.cohort"),
        ("M5.returned_730", Kind.SHARE, "M5.cohort"),
        ("M6.placed_median_days", Kind.STATISTIC, "M6.placed"),
        ("M6.open_median_days", Kind.STATISTIC, "M6.open"),
        ("M7.facilities.f1.share", Kind.OCCUPANCY, "M7.facilities.f1.available"),
        ("M7.facilities.nacht-dordrecht.occupied", Kind.UNIT_NIGHTS, None),
        ("M8.share", Kind.SHARE, "M8.received"),
        ("M8.outcomes.ontruiming_voorkomen", Kind.COUNT, None),
        ("M9.share", Kind.SHARE, "M9.decisions"),
        ("M9.median_days", Kind.STATISTIC, "M9.decisions"),
        ("M10.share", Kind.SHARE, "M10.persons"),
        ("M10.mean_change.justitie", Kind.STATISTIC, "M10.persons"),
        ("M11.share", Kind.SHARE, "M11.due"),
        ("M12.share", Kind.SHARE, "M12.entered"),
        ("M13.GM0505", Kind.MONEY, None),
        ("M13.onbekend", Kind.MONEY, None),
    ],
)
def test_each_key_knows_its_kind_and_denominator(key: str, kind: Kind, base: str | None) -> None:
    rule, base_key = s.rule_for(key)
    assert (rule.kind, base_key) == (kind, base)


def test_an_unknown_key_is_an_error_not_a_guess() -> None:
    with pytest.raises(KeyError, match=r"M14\.persons"):
        s.rule_for("M14.persons")


def test_money_is_never_suppressed() -> None:
    assert s.publish_value(Kind.MONEY, Decimal("3.00"), None).shown == Decimal("3.00")


def test_publish_applies_each_share_to_its_own_denominator() -> None:
    result = {
        "period": {},
        "M4": {"exits": 6, "to_housing": 1, "share": Decimal("0.1667")},
        "M7": {
            "facilities": {
                "a": {"available": 9, "occupied": 3, "share": Decimal("0.3333")},
                "b": {"available": 1000, "occupied": 3, "share": Decimal("0.003")},
            }
        },
        "M13": {"GM0505": Decimal("2.50")},
    }
    cells = s.publish(result)
    assert cells["M4.exits"].shown == 6
    assert cells["M4.to_housing"].mark == "<5"
    assert cells["M4.share"].reason is Reason.SMALL_BASE
    assert cells["M7.facilities.a.share"].reason is Reason.SMALL_BASE
    assert cells["M7.facilities.a.occupied"].shown == 3  # unit-nights, not persons
    assert cells["M7.facilities.b.share"].shown == Decimal("0.003")
    assert cells["M13.GM0505"].shown == Decimal("2.50")
    assert "period" not in {key.split(".")[0] for key in cells}


@given(st.integers(0, 10_000))
def test_a_published_count_is_never_from_1_to_4(value: int) -> None:
    shown = s.count(value).shown
    assert shown is None or not 1 <= shown <= 4


@given(st.integers(0, 2_000), st.integers(1, 2_000))
def test_a_published_share_never_gives_back_a_count_from_1_to_4(part: int, whole: int) -> None:
    part = min(part, whole)
    value = (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))
    cell = s.share(value, whole)
    if cell.shown is not None:
        # Up to 2,000 the 4-place share gives the count back exactly: it must not be 1–4.
        assert whole >= 10
        assert not 1 <= part <= 4


# -- complementary suppression -----------------------------------------------------------------


def _options(cell: s.Published, cap: int) -> set[int]:
    """What a reader who knows the rules can tell of a cell from what it shows."""
    if cell.reason is None:
        return {int(cell.value or 0)}
    if cell.reason is Reason.SMALL_COUNT:
        return {1, 2, 3, 4}
    if cell.reason is Reason.COMPLEMENTARY:  # only shown counts are chosen: 0 or 5 and more
        return set(range(5, cap + 1))
    return set(range(cap + 1))


def _sums(option_sets: list[set[int]], cap: int) -> set[int]:
    sums = {0}
    for options in option_sets:
        sums = {a + b for a in sums for b in options if a + b <= cap}
    return sums


@given(
    st.lists(st.integers(0, 12), min_size=1, max_size=4),
    st.integers(0, 8),
    st.booleans(),
    st.booleans(),
)
def test_no_suppressed_value_can_be_computed_from_the_visible_cells_and_the_total(
    parts: list[int], rest: int, complete: bool, total_may_hide: bool
) -> None:
    total = sum(parts) + (0 if complete else rest)
    cells, total_cell = s.protect_group(
        parts, total, complete=complete, total_may_hide=total_may_hide
    )
    cap = total + 12
    unknown = [_options(cell, cap) for cell in cells]
    truth = list(parts)
    if not complete:  # the rest: not shown, 0 or more, and the reader can try total − parts
        unknown.append(set(range(cap + 1)))
        truth.append(rest)
    totals = _options(total_cell, cap)
    for i, value in enumerate(truth):
        others = _sums(unknown[:i] + unknown[i + 1 :], cap)
        possible = {v for v in unknown[i] if any(t - v in others for t in totals)}
        assert value in possible
        if 1 <= value <= 4:
            assert len(possible) >= 2, (parts, rest, complete, cells, total_cell)
    for cell in [*cells, total_cell]:
        assert cell.shown is None or not 1 <= cell.shown <= 4


def test_a_small_count_beside_one_other_part_hides_that_part_too() -> None:
    # Sex breakdown of 27 persons: 3 women, 24 men. Without the second mark 27 − 24 = 3.
    cells, total = s.protect_group([3, 24, 0], 27, complete=True, total_may_hide=False)
    assert [c.mark for c in cells] == ["<5", "–", None]
    assert total.shown == 27


def test_the_next_smallest_part_is_the_one_hidden() -> None:
    cells, _total = s.protect_group([2, 40, 9, 17], 68, complete=True)
    assert [c.shown for c in cells] == [None, 40, None, 17]
    assert cells[2].reason is Reason.COMPLEMENTARY


def test_total_minus_shown_parts_may_not_give_a_small_count() -> None:
    # The lead's example: inflow 12 of whom 9 for the first time gives 3 returning persons.
    cells = s.publish(
        {"period": {}, "M2": {"inflow": 12, "first_time": 9}, "M4": {"exits": 0}}
        | {"M4": {"exits": 20, "to_housing": 17, "share": Decimal("0.85")}}
    )
    assert cells["M2.inflow"].shown == 12
    assert cells["M2.first_time"].reason is Reason.COMPLEMENTARY
    # 17 of 20 to housing leaves 3 that did not: the count and its share are hidden.
    assert cells["M4.to_housing"].mark == "–"
    assert cells["M4.share"].reason is Reason.COMPLEMENTARY
