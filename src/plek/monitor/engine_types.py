"""What the monitor engine takes and gives: the period, the norms, a cut (sex, age band,
facility type) and the statistics of a list of whole numbers.

Import them from `plek.monitor.engine`, as before.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from plek.monitor import figures
from plek.postal.rules import decision_term_days
from plek.signals.norms import response_norms


@dataclass(frozen=True)
class Norms:
    """Response norms per urgency (calendar days) and the postal-address decision term."""

    # As the functional admin set them (else the settings): the same numbers as the worklists.
    response_days: dict[str, int] = field(default_factory=response_norms)
    postal_decision_days: int = field(default_factory=decision_term_days)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    as_of: datetime.date
    municipality: str | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("De einddatum van de periode ligt voor de begindatum.")


@dataclass(frozen=True)
class AgeBand:
    label: str
    min_age: int
    max_age: int | None = None  # inclusive; None for "and older"

    def birth_dates(self, on: datetime.date) -> tuple[datetime.date, datetime.date]:
        """(born after, born on or before) for an age in this band on day `on`."""
        oldest = self.max_age if self.max_age is not None else 150
        return _years_before(on, oldest + 1), _years_before(on, self.min_age)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


AGE_BANDS = (
    AgeBand("0-17", 0, 17),
    AgeBand("18-26", 18, 26),
    AgeBand("27-49", 27, 49),
    AgeBand("50-64", 50, 64),
    AgeBand("65+", 65),
)


@dataclass(frozen=True)
class Cut:
    """A slice of the figures: persons of one sex or age band, stays of one facility type."""

    sex: str | None = None
    age_band: AgeBand | None = None
    facility_type: str | None = None


def _iso(day: datetime.date) -> str:
    return day.isoformat()


@dataclass(frozen=True)
class Stats:
    """count, sum, and the sum and count of the middle value(s) of a list of whole numbers."""

    count: int = 0
    total: int = 0
    middle_sum: int | None = None
    middle_count: int = 0
    extra: tuple[int, ...] = ()

    @classmethod
    def of_counts(cls, counts: dict[int, int]) -> Stats:
        """The statistics of a list given as how often each value occurs (a few thousand
        distinct lengths, not one row per stay)."""
        n = sum(counts.values())
        middle = {(n + 1) // 2, (n + 2) // 2} if n else set()
        total = middle_sum = 0
        seen = 0
        for value in sorted(counts):
            count = counts[value]
            total += value * count
            middle_sum += value * sum(1 for rank in middle if seen < rank <= seen + count)
            seen += count
        return cls(n, total, middle_sum if n else None, len(middle))

    @property
    def median(self) -> Decimal | None:
        return figures.median_of_middle(self.middle_sum, self.middle_count)

    @property
    def mean(self) -> Decimal | None:
        return figures.mean(self.total, self.count)
