"""The waiting-list ranking: a score made of transparent, configurable parts.

score = Σ over the parts of (weight × raw value), all whole numbers, so the explanation's parts
add up to the score exactly. The parts and their raw values:

| part | raw value |
|---|---|
| urgency | 2 for spoed, 1 for hoog, 0 for normaal |
| children | 1 when children are involved |
| safety | 1 when there is a safety risk (for example domestic violence) |
| zrm_housing | 5 − the latest ZRM score for housing (0 without a score) |
| zrm_mental | 5 − the latest ZRM score for mental health (0 without a score) |
| days_waiting | days since registration (on the day asked about) |

The weights come from ``RankingPolicy`` (per facility type, else the default row, else the
built-in defaults). Order: by default the priority class first (spoed, then hoog, then normaal;
``class_first``), then the highest score; equal scores by earlier registration, then by the
entry's id: a total order that never depends on the order rows came from the database.

Days waiting is the only part that changes with the day, and it grows by the same amount for
every entry, so the order never changes by itself: ``sort_key`` (score minus the days-waiting
weight times the registration's day number) orders like the score on every day. The central
list stores it and ranks in SQL (``plek.housing.waiting_list``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from plek.web.components import Text

URGENCY_LEVEL = {"spoed": 2, "hoog": 1, "normaal": 0}
# The class of a priority when classes come first: spoed 0 (first), hoog 1, normaal 2.
CLASS_OF = {"spoed": 0, "hoog": 1, "normaal": 2}
# Day numbers for ``sort_key`` count from here (any fixed day would do).
EPOCH = datetime.date(2000, 1, 1)
PART_KEYS = ("urgency", "children", "safety", "zrm_housing", "zrm_mental", "days_waiting")
PART_LABELS: dict[str, Text] = {
    "urgency": _("Urgentie"),
    "children": _("Kinderen betrokken"),
    "safety": _("Veiligheid"),
    "zrm_housing": _("ZRM huisvesting"),
    "zrm_mental": _("ZRM geestelijke gezondheid"),
    "days_waiting": _("Dagen wachtend"),
}


@dataclass(frozen=True)
class Weights:
    urgency: int = 40
    children: int = 30
    safety: int = 40
    zrm_housing: int = 10
    zrm_mental: int = 10
    days_waiting: int = 1
    # Priority class before score (spoed, hoog, normaal); off: the score alone.
    class_first: bool = True

    def as_dict(self) -> dict[str, int | bool]:
        return {**{key: getattr(self, key) for key in PART_KEYS}, "class_first": self.class_first}

    def with_part(self, key: str, weight: int) -> Weights:
        if key not in PART_KEYS:
            raise ValueError(key)
        return replace(self, **{key: weight})  # type: ignore[arg-type]


@dataclass(frozen=True)
class RankInput:
    entry_id: int
    registered_on: datetime.date
    priority: str
    children_involved: bool = False
    safety_risk: bool = False
    zrm_housing: int | None = None
    zrm_mental: int | None = None


@dataclass(frozen=True)
class Part:
    key: str
    raw: int
    weight: int

    @property
    def label(self) -> Text:
        return PART_LABELS[self.key]

    @property
    def points(self) -> int:
        return self.raw * self.weight


@dataclass(frozen=True)
class Ranked:
    """An entry at its position; the parts are worked out only when someone asks why."""

    entry: RankInput
    score: int
    position: int
    weights: Weights
    on: datetime.date

    @property
    def parts(self) -> tuple[Part, ...]:
        return explain(self.entry, self.weights, self.on)

    @property
    def rank_class(self) -> int:
        return class_of(self.entry.priority, self.weights)


def raw_values(entry: RankInput, on: datetime.date) -> dict[str, int]:
    return {
        "urgency": URGENCY_LEVEL.get(entry.priority, 0),
        "children": int(entry.children_involved),
        "safety": int(entry.safety_risk),
        "zrm_housing": 5 - entry.zrm_housing if entry.zrm_housing else 0,
        "zrm_mental": 5 - entry.zrm_mental if entry.zrm_mental else 0,
        "days_waiting": max(0, (on - entry.registered_on).days),
    }


def explain(entry: RankInput, weights: Weights, on: datetime.date) -> tuple[Part, ...]:
    raw = raw_values(entry, on)
    return tuple(Part(key, raw[key], getattr(weights, key)) for key in PART_KEYS)


def score(entry: RankInput, weights: Weights, on: datetime.date) -> int:
    raw = raw_values(entry, on)
    return sum(raw[key] * getattr(weights, key) for key in PART_KEYS)


def class_of(priority: str, weights: Weights) -> int:
    """The ranking class: with ``class_first`` spoed 0, hoog 1, normaal 2; else all 0."""
    return CLASS_OF.get(priority, 2) if weights.class_first else 0


def day_number(day: datetime.date) -> int:
    return (day - EPOCH).days


def sort_key(entry: RankInput, weights: Weights) -> int:
    """Score minus days waiting: score(on) = sort_key + weight × day_number(on) for every
    entry registered by ``on``, so within a class sort_key orders like the score every day."""
    return score(entry, weights, entry.registered_on) - weights.days_waiting * day_number(
        entry.registered_on
    )


def order_key(
    score_value: int, entry: RankInput, rank_class: int = 0
) -> tuple[int, int, datetime.date, int]:
    """The class first; then highest score; then earliest registration; then the smallest id."""
    return (rank_class, -score_value, entry.registered_on, entry.entry_id)


def rank(entries: Iterable[RankInput], weights: Weights, on: datetime.date) -> list[Ranked]:
    scored = [(score(entry, weights, on), entry) for entry in entries]
    scored.sort(key=lambda pair: order_key(pair[0], pair[1], class_of(pair[1].priority, weights)))
    return [
        Ranked(entry, entry_score, position, weights, on)
        for position, (entry_score, entry) in enumerate(scored, start=1)
    ]


@dataclass(frozen=True)
class Shift:
    entry_id: int
    before: int
    after: int
    score_before: int
    score_after: int

    @property
    def moved(self) -> int:
        """Places moved up (positive) or down (negative)."""
        return self.before - self.after


def what_if(
    entries: Sequence[RankInput], current: Weights, proposed: Weights, on: datetime.date
) -> list[Shift]:
    """How each position would change under other weights; nothing is stored."""
    before = {r.entry.entry_id: r for r in rank(entries, current, on)}
    after = rank(entries, proposed, on)
    return [
        Shift(
            r.entry.entry_id,
            before[r.entry.entry_id].position,
            r.position,
            before[r.entry.entry_id].score,
            r.score,
        )
        for r in after
    ]
