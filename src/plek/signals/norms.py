"""Response norms, deadlines and eviction escalation: configuration and queries, no scheduler.

The norms are calendar days per urgency: what the functional admin set (``ResponseNorm``, read
at every call, so a change applies without a restart), else ``settings.MONITOR_RESPONSE_NORMS``
(``PLEK_MONITOR_RESPONSE_NORMS``), the numbers the monitor's M8 uses.
The deadline of a signal is its ``received_on`` plus the norm of its urgency, computed in Python
(``deadline``) and in SQL (``deadline_expression``) from stored dates when asked.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    DateField,
    Expression,
    F,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)

from plek.core.choices import Priority
from plek.signals.models import ResponseNorm

# From most to least urgent.
URGENCY_ORDER = (Priority.SPOED, Priority.HOOG, Priority.NORMAAL)
# An announced eviction escalates the signal as its date nears (days before the eviction).
ESCALATE_TO_HOOG_DAYS = 14
ESCALATE_TO_SPOED_DAYS = 3


def default_norms() -> dict[str, int]:
    return {str(urgency): int(days) for urgency, days in settings.MONITOR_RESPONSE_NORMS.items()}


def response_norms() -> dict[str, int]:
    """The norms as they stand now: the admin's rows over the settings (one query)."""
    norms = default_norms()
    norms.update(ResponseNorm.objects.values_list("urgency", "days"))
    return norms


def deadline(
    received_on: datetime.date, urgency: str, norms: Mapping[str, int] | None = None
) -> datetime.date:
    """The last day on which contact is within the norm: received + the urgency's norm days."""
    days = (norms if norms is not None else response_norms())[urgency]
    return received_on + datetime.timedelta(days=days)


def escalated_urgency(
    urgency: str, eviction_date: datetime.date | None, today: datetime.date
) -> str:
    """The urgency as it stands today: an eviction date near at hand raises it, never lowers."""
    level = URGENCY_ORDER.index(Priority(urgency))
    if eviction_date is not None:
        days_left = (eviction_date - today).days
        if days_left <= ESCALATE_TO_SPOED_DAYS:
            level = 0
        elif days_left <= ESCALATE_TO_HOOG_DAYS:
            level = min(level, 1)
    return str(URGENCY_ORDER[level])


class AddDays(Func):
    """``date + n days`` for a date column and an integer expression, on SQLite and PostgreSQL."""

    output_field = DateField()

    def as_sql(  # type: ignore[override]  # PostgreSQL
        self, compiler: Any, connection: Any, **extra: Any
    ) -> Any:
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" + ")

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler,
            connection,
            template="date(%(expressions)s || ' days')",
            arg_joiner=", '+' || ",
        )


def norm_days_expression(norms: Mapping[str, int] | None = None) -> Expression:
    norms = norms if norms is not None else response_norms()
    return Case(
        *(When(urgency=urgency, then=Value(days)) for urgency, days in norms.items()),
        default=Value(max(norms.values())),
        output_field=IntegerField(),
    )


def deadline_expression(norms: Mapping[str, int] | None = None) -> Expression:
    """The deadline as SQL, for annotating, filtering and ordering lists of signals."""
    return AddDays(F("received_on"), norm_days_expression(norms))


def escalation_expression(today: datetime.date) -> Expression:
    """The urgency as it stands today (see ``escalated_urgency``), as SQL."""
    spoed_by = today + datetime.timedelta(days=ESCALATE_TO_SPOED_DAYS)
    hoog_by = today + datetime.timedelta(days=ESCALATE_TO_HOOG_DAYS)
    return Case(
        When(Q(urgency=Priority.SPOED) | Q(eviction_date__lte=spoed_by), then=Value("spoed")),
        When(Q(urgency=Priority.HOOG) | Q(eviction_date__lte=hoog_by), then=Value("hoog")),
        default=Value("normaal"),
        output_field=CharField(),
    )


def urgency_rank_expression(field: str = "current_urgency") -> Expression:
    return Case(
        *(When(**{field: urgency}, then=Value(rank)) for rank, urgency in enumerate(URGENCY_ORDER)),
        default=Value(len(URGENCY_ORDER)),
        output_field=IntegerField(),
    )
