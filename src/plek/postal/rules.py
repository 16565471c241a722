"""Date rules and fraud signals of the postal-address process: pure functions and querysets.

Everything here is computed from stored dates when asked, so it is right without a scheduler.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from plek.core import dates
from plek.postal.models import Decision, PostalTerms

# An application "holds" a postal address while it is temporarily registered or granted and not
# ended. Imported history knows only the decision and end, so both ways of being active count.
ACTIVE_ADDRESS = Q(holds_address=True) | Q(decision=Decision.TOEGEKEND, ended_on__isnull=True)
UNDECIDED = Q(decision="")
REPEATED_REFUSALS = 2
# How long after its decision or end the team still sees an application.
FOLLOW_UP_DAYS = 90
# Shown in the "term running out" worklist this many days before the term ends.
TERM_WARNING_DAYS = 14


@dataclass(frozen=True)
class Terms:
    decision_days: int
    plan_days: int
    review_months: int


def default_terms() -> Terms:
    return Terms(
        int(settings.MONITOR_POSTAL_DECISION_DAYS),
        int(settings.POSTAL_PLAN_DAYS),
        int(settings.POSTAL_REVIEW_MONTHS),
    )


def terms() -> Terms:
    """The terms as they stand now: the functional admin's row, else the settings (one query).

    Read at every call, so a change applies without a restart; pass the result on in loops.
    """
    row = PostalTerms.objects.order_by("pk").first()
    if row is None:
        return default_terms()
    return Terms(row.decision_days, row.plan_days, row.review_months)


def decision_term_days(current: Terms | None = None) -> int:
    return (current or terms()).decision_days


def decision_due(applied_on: datetime.date, current: Terms | None = None) -> datetime.date:
    """The last day on which the decision is still within the term."""
    return applied_on + datetime.timedelta(days=decision_term_days(current))


def is_overdue(
    applied_on: datetime.date,
    decided_on: datetime.date | None,
    today: datetime.date,
    current: Terms | None = None,
) -> bool:
    return decided_on is None and today > decision_due(applied_on, current)


def overdue_applied_before(today: datetime.date, current: Terms | None = None) -> datetime.date:
    """Undecided applications applied before this day are over their term today."""
    return today - datetime.timedelta(days=decision_term_days(current))


def plan_due(decided_on: datetime.date, current: Terms | None = None) -> datetime.date:
    return decided_on + datetime.timedelta(days=(current or terms()).plan_days)


def next_review(
    decided_on: datetime.date, last_review: datetime.date | None, current: Terms | None = None
) -> datetime.date:
    return dates.add_months(last_review or decided_on, (current or terms()).review_months)
