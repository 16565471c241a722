"""Small-number suppression: what of the monitor's figures may be published, and how.

docs/monitor.md ("Small numbers"): published reports show a count from 1 to 4 as "<5" and suppress
any percentage whose denominator is below 10. This module is the one place that turns the engine's
exact figures into publishable cells; the PDF, the spreadsheet and the charts all take their values
from here.

Every flat key of the JSON contract (`M4.share`, `M7.facilities.f1.available`, …) has a rule: what
kind of number it is and, for shares, means and medians, the count it is taken over (its base).

- COUNT (persons, stays, signals, check-ins, applications): 0 stays 0, 1–4 becomes "<5".
- SHARE: suppressed ("–") when its base is below 10, and also when the base is 10 or more but
  share × base gives back a numerator from 1 to 4: the share would otherwise reveal exactly the
  count that is shown as "<5" elsewhere (M4 with 620 exits and 3 to housing: 0.0048 × 620 = 3).
- STATISTIC (means and medians): suppressed when taken over fewer than 10 items, as a share with a
  denominator below 10 would be; a median of three stays is the length of one person's stay.
  M10's mean change per domain takes M10.persons as its base: the number of persons scored on a
  domain in both assessments is not in the contract and can be smaller, but plek's ZRM assessments
  score every domain.
- OCCUPANCY (M7.share): unit-nights, not persons, so the numerator rule does not apply; the base
  rule does, so a facility open for fewer than 10 unit-nights in the period (where one stay would
  be the whole figure) is not shown.
- UNIT_NIGHTS (M7 available/occupied): capacity and use of a facility, not a count of persons;
  shown as they are.
- MONEY (M13): amounts in euros, shown as they are; the report says so.

Complementary suppression (`protect_group`, `GROUPS`): where counts are parts of a published
total (M2 first-time entrants of the inflow, the outcomes of M8's signals, a breakdown column by
sex), a hidden count must not come back by subtraction. When a part is "<5", or the part not
shown (total minus the shown parts) would be a count from 1 to 4, the next-smallest shown
part is hidden too ("–"), and again until no count from 1 to 4 is determined by what is shown;
if no part is left to hide, the total is hidden, or, where the total is published elsewhere,
every part of the group. A share whose numerator is hidden this way is hidden with it.

A key without a rule is an error, not a silent default: a new figure must be classified here
before it can be published.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import Any

from plek.monitor.output import flat_rows

MIN_COUNT = 5  # counts from 1 up to (not including) this are shown as SMALL_COUNT_MARK
MIN_BASE = 10  # shares, means and medians need a base of at least this many

SMALL_COUNT_MARK = "<5"
SUPPRESSED_MARK = "–"
EMPTY_MARK = "n.v.t."


class Kind(enum.Enum):
    COUNT = "count"
    SHARE = "share"
    STATISTIC = "statistic"
    OCCUPANCY = "occupancy"
    UNIT_NIGHTS = "unit_nights"
    MONEY = "money"


class Reason(enum.Enum):
    """Why a cell shows a mark instead of its value."""

    SMALL_COUNT = "small_count"  # a count from 1 to 4
    SMALL_BASE = "small_base"  # a share with a denominator below 10
    FEW_ITEMS = "few_items"  # a mean or median over fewer than 10 items
    SMALL_PART = "small_part"  # a share that would give back a count from 1 to 4
    EMPTY = "empty"  # the contract has no value (denominator 0, horizon not elapsed)
    COMPLEMENTARY = "complementary"  # hidden so that a hidden count cannot be computed back
    GROUP = "group"  # every part of a group hidden: one more would still give a count back


MARKS: dict[Reason, str] = {
    Reason.SMALL_COUNT: SMALL_COUNT_MARK,
    Reason.SMALL_BASE: SUPPRESSED_MARK,
    Reason.FEW_ITEMS: SUPPRESSED_MARK,
    Reason.SMALL_PART: SUPPRESSED_MARK,
    Reason.EMPTY: EMPTY_MARK,
    Reason.COMPLEMENTARY: SUPPRESSED_MARK,
    Reason.GROUP: SUPPRESSED_MARK,
}


@dataclass(frozen=True)
class Rule:
    """`pattern` is a flat key whose segments may hold `*` (`M5.returned_*`); a segment that is
    just `*` (a facility, an outcome…) is carried into `base`, the count a share or statistic is
    taken over."""

    pattern: str
    kind: Kind
    base: str | None = None

    def match(self, key: str) -> str | None:
        """The concrete base key when `key` matches ("" for rules without a base), else None."""
        parts, pattern = key.split("."), self.pattern.split(".")
        if len(parts) != len(pattern):
            return None
        wild = [part for part, want in zip(parts, pattern, strict=True) if want == "*"]
        if not all(fnmatchcase(part, want) for part, want in zip(parts, pattern, strict=True)):
            return None
        if self.base is None:
            return ""
        base = self.base
        for segment in wild:
            base = base.replace("*", segment, 1)
        return base


def _counts(figure: str, *keys: str) -> tuple[Rule, ...]:
    return tuple(Rule(f"{figure}.{key}", Kind.COUNT) for key in keys)


RULES: tuple[Rule, ...] = (
    *_counts("M1", "persons"),
    *_counts("M2", "inflow", "first_time"),
    *_counts("M3", "ended", "open"),
    Rule("M3.ended_median_nights", Kind.STATISTIC, "M3.ended"),
    Rule("M3.ended_mean_nights", Kind.STATISTIC, "M3.ended"),
    Rule("M3.open_median_nights", Kind.STATISTIC, "M3.open"),
    *_counts("M4", "exits", "to_housing"),
    Rule("M4.share", Kind.SHARE, "M4.exits"),
    *_counts("M5", "cohort"),
    Rule("M5.returned_*", Kind.SHARE, "M5.cohort"),
    *_counts("M6", "placed", "open"),
    Rule("M6.placed_median_days", Kind.STATISTIC, "M6.placed"),
    Rule("M6.open_median_days", Kind.STATISTIC, "M6.open"),
    Rule("M7.facilities.*.available", Kind.UNIT_NIGHTS),
    Rule("M7.facilities.*.occupied", Kind.UNIT_NIGHTS),
    Rule("M7.facilities.*.share", Kind.OCCUPANCY, "M7.facilities.*.available"),
    *_counts("M8", "received", "contacted_within_norm", "outcomes.*"),
    Rule("M8.share", Kind.SHARE, "M8.received"),
    *_counts("M9", "applications", "decisions", "within_term", "active"),
    Rule("M9.share", Kind.SHARE, "M9.decisions"),
    Rule("M9.median_days", Kind.STATISTIC, "M9.decisions"),
    *_counts("M10", "persons", "improved"),
    Rule("M10.share", Kind.SHARE, "M10.persons"),
    Rule("M10.mean_change.*", Kind.STATISTIC, "M10.persons"),
    *_counts("M11", "active", "due", "on_time", "relapses"),
    Rule("M11.share", Kind.SHARE, "M11.due"),
    *_counts("M12", "entered", "with_plan"),
    Rule("M12.share", Kind.SHARE, "M12.entered"),
    Rule("M13.*", Kind.MONEY),
)

Number = int | Decimal


@dataclass(frozen=True)
class Published:
    """One publishable cell: the value when it may be shown, else the reason it is not."""

    kind: Kind
    value: Number | None
    reason: Reason | None = None

    @property
    def mark(self) -> str | None:
        return MARKS[self.reason] if self.reason else None

    @property
    def suppressed(self) -> bool:
        return self.reason not in (None, Reason.EMPTY)

    @property
    def shown(self) -> Number | None:
        """The number to print or draw, None when a mark stands in its place."""
        return None if self.reason else self.value


@lru_cache(maxsize=16384)
def rule_for(key: str) -> tuple[Rule, str | None]:
    """The rule of a flat key and its concrete base key (None when it has no base).

    Remembered per key: a national dashboard publishes some 9,000 cells, and matching each
    against every rule took a third of a second; the keys repeat from page to page."""
    for rule in RULES:
        base = rule.match(key)
        if base is not None:
            return rule, base or None
    raise KeyError(f"geen publicatieregel voor {key!r}: leg die vast in suppression.RULES")


def count(value: int) -> Published:
    if 0 < value < MIN_COUNT:
        return Published(Kind.COUNT, None, Reason.SMALL_COUNT)
    return Published(Kind.COUNT, value)


def _implied_part(share: Decimal, base: int) -> int:
    # The count a reader gets back from a share and its published denominator.
    return int((share * base).to_integral_value(rounding=ROUND_HALF_UP))


def share(value: Decimal | None, base: int) -> Published:
    if value is None:
        return Published(Kind.SHARE, None, Reason.EMPTY)
    if base < MIN_BASE:
        return Published(Kind.SHARE, None, Reason.SMALL_BASE)
    if 0 < _implied_part(value, base) < MIN_COUNT:
        return Published(Kind.SHARE, None, Reason.SMALL_PART)
    return Published(Kind.SHARE, value)


def statistic(value: Decimal | None, items: int) -> Published:
    if value is None:
        return Published(Kind.STATISTIC, None, Reason.EMPTY)
    if items < MIN_BASE:
        return Published(Kind.STATISTIC, None, Reason.FEW_ITEMS)
    return Published(Kind.STATISTIC, value)


def occupancy(value: Decimal | None, available: int) -> Published:
    if value is None:
        return Published(Kind.OCCUPANCY, None, Reason.EMPTY)
    if available < MIN_BASE:
        return Published(Kind.OCCUPANCY, None, Reason.SMALL_BASE)
    return Published(Kind.OCCUPANCY, value)


def as_is(kind: Kind, value: Number | None) -> Published:
    return Published(kind, value, Reason.EMPTY if value is None else None)


def publish_value(kind: Kind, value: Any, base: int | None) -> Published:
    """Apply the rule of `kind` to one value; `base` is the exact count it is taken over."""
    if kind is Kind.COUNT:
        return count(int(value))
    if kind in (Kind.UNIT_NIGHTS, Kind.MONEY):
        return as_is(kind, value)
    assert base is not None, f"{kind} needs a base"
    if kind is Kind.SHARE:
        return share(value, base)
    if kind is Kind.STATISTIC:
        return statistic(value, base)
    return occupancy(value, base)


def publish(result: dict[str, Any]) -> dict[str, Published]:
    """Every value of a monitor result (the engine's exact figures) as a publishable cell."""
    exact = {f"{figure}.{key}": value for figure, key, value in flat_rows(result)}
    cells: dict[str, Published] = {}
    for key, value in exact.items():
        rule, base_key = rule_for(key)
        base = None if base_key is None else int(exact[base_key])
        cells[key] = publish_value(rule.kind, value, base)
    _protect_groups(exact, cells)
    return cells


# -- complementary suppression ------------------------------------------------------------------

INFINITY = float("inf")


@dataclass(frozen=True)
class Group:
    """Counts that are parts of a published total. `complete`: the parts add up to the total;
    otherwise the rest (total minus the parts) is a count the reader can compute when every
    part is shown. Parts may end in `.*` (every key under it)."""

    total: str
    parts: tuple[str, ...]
    complete: bool = False


# Parts of one total within the contract. Not a group: counts over different populations
# (M3 ended and open stays, M9 applications and decisions of other applications).
GROUPS: tuple[Group, ...] = (
    Group("M2.inflow", ("M2.first_time",)),
    Group("M4.exits", ("M4.to_housing",)),
    Group("M8.received", ("M8.contacted_within_norm",)),
    Group("M8.received", ("M8.outcomes.*",)),
    Group("M9.decisions", ("M9.within_term",)),
    Group("M10.persons", ("M10.improved",)),
    Group("M11.due", ("M11.on_time",)),
    Group("M12.entered", ("M12.with_plan",)),
)

# A share reveals its numerator: hidden along with it.
NUMERATORS = {
    "M4.share": "M4.to_housing",
    "M8.share": "M8.contacted_within_norm",
    "M9.share": "M9.within_term",
    "M10.share": "M10.improved",
    "M11.share": "M11.on_time",
    "M12.share": "M12.with_plan",
}


def _bounds(cell: Published) -> tuple[float, float]:
    """What a reader knows of a count from its cell: the value; 1–4 ("<5"); at least 5 (hidden
    to protect another: only shown counts are chosen, and those are 0 or from 5 up); anything
    (a whole group hidden)."""
    if cell.reason is None:
        value = float(cell.value or 0)
        return value, value
    if cell.reason is Reason.SMALL_COUNT:
        return 1.0, float(MIN_COUNT - 1)
    if cell.reason is Reason.COMPLEMENTARY:
        return float(MIN_COUNT), INFINITY
    return 0.0, INFINITY


def determined(
    parts: list[tuple[float, float]], total: tuple[float, float], rest: bool
) -> list[bool]:
    """For each part (and the rest, last, when `rest`): is its value the only one possible,
    given each part's bounds and that the parts (plus a rest of 0 or more) add up to the total?

    One linear equation over intervals: part i ranges over
    [max(lo_i, T_lo − Σ_{j≠i} hi_j), min(hi_i, T_hi − Σ_{j≠i} lo_j)].
    """
    bounds = [*parts, (0.0, INFINITY)] if rest else list(parts)
    answers = []
    for i, (lo, hi) in enumerate(bounds):
        others = [b for j, b in enumerate(bounds) if j != i]
        others_low = sum(b[0] for b in others)
        others_high = sum(b[1] for b in others)
        top = min(hi, total[1] - others_low)
        bottom = lo if others_high == INFINITY else max(lo, total[0] - others_high)
        answers.append(top == bottom)
    return answers


def protect_group(
    values: list[int],
    total: int,
    *,
    complete: bool,
    total_may_hide: bool = True,
) -> tuple[list[Published], Published]:
    """The published cells of counts `values` that are parts of `total` (exact figures), and
    the total's own cell, with complementary suppression (see the module's docstring).

    `complete`: the values add up to the total; otherwise a rest (total − sum) stays unshown
    but computable. `total_may_hide`: False where the total is published elsewhere anyway.
    """
    cells = [count(v) for v in values]
    total_cell = count(total)
    rest = total - sum(values)
    sensitive = [0 < v < MIN_COUNT for v in values]
    if not complete:
        sensitive.append(0 < rest < MIN_COUNT)

    def exposed() -> bool:
        flags = determined([_bounds(c) for c in cells], _bounds(total_cell), rest=not complete)
        return any(flag and risk for flag, risk in zip(flags, sensitive, strict=True))

    while exposed():
        shown = [i for i, c in enumerate(cells) if c.reason is None and values[i] > 0]
        if shown:
            smallest = min(shown, key=lambda i: (values[i], i))
            cells[smallest] = Published(Kind.COUNT, None, Reason.COMPLEMENTARY)
        elif total_may_hide and total_cell.reason is None:
            total_cell = Published(Kind.COUNT, None, Reason.COMPLEMENTARY)
        else:
            # The marks' own bounds give it away (a 1 behind "<5" beside a hidden 5, total 6):
            # hide every part of the group, zeros too, so that the marks say nothing.
            cells = [Published(Kind.COUNT, None, Reason.GROUP) for _ in values]
            break
    return cells, total_cell


def _group_keys(pattern: str, exact: dict[str, Any]) -> list[str]:
    if pattern.endswith(".*"):
        prefix = pattern[:-1]
        return sorted(key for key in exact if key.startswith(prefix))
    return [pattern] if pattern in exact else []


def _protect_groups(exact: dict[str, Any], cells: dict[str, Published]) -> None:
    for group in GROUPS:
        if group.total not in exact:
            continue
        keys = [key for pattern in group.parts for key in _group_keys(pattern, exact)]
        if not keys:
            continue
        protected, _total = protect_group(
            [int(exact[key]) for key in keys],
            int(exact[group.total]),
            complete=group.complete,
            total_may_hide=False,  # every total is a key figure of its own section
        )
        for key, cell in zip(keys, protected, strict=True):
            if cell.reason in (Reason.COMPLEMENTARY, Reason.GROUP):
                cells[key] = cell
    for share_key, numerator in NUMERATORS.items():
        hidden = cells.get(numerator)
        share_cell = cells.get(share_key)
        if (
            hidden is not None
            and hidden.reason in (Reason.COMPLEMENTARY, Reason.GROUP)
            and share_cell is not None
            and share_cell.shown is not None
        ):
            cells[share_key] = Published(Kind.SHARE, None, Reason.COMPLEMENTARY)


def reasons(cells: Iterable[Published]) -> list[Reason]:
    """The reasons that occur among `cells`, in a fixed order, for the notes under a table."""
    present = {cell.reason for cell in cells}
    return [reason for reason in Reason if reason in present]
