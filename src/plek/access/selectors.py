"""Reads of the processing log and of break-the-glass events: for the privacy officer only.

The log and the events are personal data too (of residents and of professionals), so reading them
is itself logged: one entry per search or list, made when the selector is called, naming the
person searched for when there is one. The returned querysets are lazy; callers paginate them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from plek.access.activities import BREAK_GLASS_LIST, LOG_SEARCH, UNUSUAL_ACCESS
from plek.access.choices import LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.models import BreakGlass, ProcessingLogEntry
from plek.access.policy import is_privacy_officer
from plek.access.services import record_processing
from plek.accounts.context import Actor

SUPERVISION_PURPOSES = (Purpose.TOEZICHT, Purpose.INZAGE)


def _require_privacy_officer(actor: Actor, purpose: str) -> None:
    if not is_privacy_officer(actor):
        raise AccessDenied()
    if purpose not in SUPERVISION_PURPOSES:
        raise ValueError(f"Geen doel voor toezicht: {purpose!r}")


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _filtered_log(
    person: int | None,
    user: int | str | None,
    organisation: int | None,
    date_from: datetime.date | None,
    date_to: datetime.date | None,
) -> QuerySet[ProcessingLogEntry]:
    entries = ProcessingLogEntry.objects.all()
    if person is not None:
        entries = entries.filter(person_id=person)
    if isinstance(user, int):
        entries = entries.filter(user_id=user)
    elif user:
        # By the stored name: it still finds the entries of a user who has since been removed.
        entries = entries.filter(username=user)
    if organisation is not None:
        entries = entries.filter(organisation_id=organisation)
    # Days are Amsterdam days, both ends included.
    if date_from is not None:
        entries = entries.filter(timestamp__gte=_start_of(date_from))
    if date_to is not None:
        entries = entries.filter(timestamp__lt=_start_of(date_to + datetime.timedelta(days=1)))
    return entries.order_by("-timestamp", "-id")


def search_log(
    actor: Actor,
    person: int | None = None,
    user: int | str | None = None,
    organisation: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    *,
    purpose: str = Purpose.TOEZICHT,
) -> QuerySet[ProcessingLogEntry]:
    """Log entries matching every given filter, newest first.

    ``person`` and ``organisation`` are ids; ``user`` is an id or a username.
    """
    _require_privacy_officer(actor, purpose)
    own = record_processing(actor, LogAction.READ, LOG_SEARCH, person, ["verwerkingenlog"], purpose)
    # Earlier searches show up like any processing; this one would only be noise in its answer.
    return _filtered_log(person, user, organisation, date_from, date_to).exclude(pk=own.pk)


def break_glass_for_review(actor: Actor, *, reviewed: bool = False) -> QuerySet[BreakGlass]:
    """Events still to review (oldest first), or the reviewed ones (latest review first)."""
    _require_privacy_officer(actor, Purpose.TOEZICHT)
    record_processing(
        actor, LogAction.READ, BREAK_GLASS_LIST, None, ["doorbraak van toegang"], Purpose.TOEZICHT
    )
    events = BreakGlass.objects.select_related("user", "organisation", "reviewed_by")
    if reviewed:
        return events.filter(reviewed_at__isnull=False).order_by("-reviewed_at", "-id")
    return events.filter(reviewed_at__isnull=True).order_by("granted_at", "id")


# --- alerts, limits and unusual access ---------------------------------------------------------


def new_break_glass_alerts(actor: Actor, limit: int = 10) -> list[BreakGlass]:
    """The newest break-the-glass events not yet reviewed: the privacy officer's alert list."""
    if not is_privacy_officer(actor):
        raise AccessDenied()
    return list(
        BreakGlass.objects.filter(reviewed_at__isnull=True)
        .select_related("user", "organisation")
        .order_by("-granted_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class BlockedUser:
    user_id: int
    username: str
    name: str
    used: int
    allowed: int


def users_at_break_glass_limit(actor: Actor) -> list[BlockedUser]:
    """Users who broke the glass today as often as allowed (one grouped query)."""
    if not is_privacy_officer(actor):
        raise AccessDenied()
    from django.conf import settings

    from plek.access.models import BreakGlassUnlock

    today = timezone.localdate()
    start = _start_of(today)
    counts = (
        BreakGlass.objects.filter(
            granted_at__gte=start, granted_at__lt=start + datetime.timedelta(1)
        )
        .values("user_id", "user__username", "user__first_name", "user__last_name")
        .annotate(used=Count("id"))
        .filter(used__gte=settings.BREAK_GLASS_PER_DAY)
        .order_by("-used", "user__username")
    )
    unlocks = dict(
        BreakGlassUnlock.objects.filter(day=today)
        .values("user_id")
        .annotate(n=Count("id"))
        .values_list("user_id", "n")
    )
    blocked = []
    for row in counts:
        allowed = settings.BREAK_GLASS_PER_DAY * (1 + unlocks.get(row["user_id"], 0))
        if row["used"] >= allowed:
            name = f"{row['user__first_name']} {row['user__last_name']}".strip()
            blocked.append(
                BlockedUser(row["user_id"], row["user__username"], name, row["used"], allowed)
            )
    return blocked


@dataclass(frozen=True)
class UnusualReader:
    user_id: int
    username: str
    role: str
    persons: int
    role_median: float
    role_users: int

    @property
    def role_label(self) -> str:
        from plek.accounts.roles import Role

        return str(Role(self.role).label) if self.role in Role.values else self.role

    @property
    def times_median(self) -> float:
        return self.persons / self.role_median if self.role_median else float("inf")


def _median(values: list[int]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if not ordered:
        return 0.0
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def unusual_access(actor: Actor, days: int = 30) -> list[UnusualReader]:
    """Users who read far more distinct persons than the median user in the same role.

    One grouped query over the processing log (reads of persons, per role and user, in the
    period, counting distinct persons); the comparison runs over those per-user totals. Flagged:
    more than ``PLEK_UNUSUAL_ACCESS_FACTOR`` times the role's median and at least
    ``PLEK_UNUSUAL_ACCESS_MINIMUM`` persons. The report itself is logged.
    """
    from django.conf import settings

    _require_privacy_officer(actor, Purpose.TOEZICHT)
    record_processing(
        actor, LogAction.READ, UNUSUAL_ACCESS, None, ["verwerkingenlog"], Purpose.TOEZICHT
    )
    since = timezone.now() - datetime.timedelta(days=days)
    rows = list(
        ProcessingLogEntry.objects.filter(
            timestamp__gte=since,
            action=LogAction.READ,
            person_id__isnull=False,
            user_id__isnull=False,
        )
        .exclude(role="")
        .values("role", "user_id")
        .annotate(persons=Count("person_id", distinct=True), username=Max("username"))
        .order_by()
    )
    by_role: dict[str, list[int]] = {}
    for row in rows:
        by_role.setdefault(row["role"], []).append(row["persons"])
    medians = {role: _median(counts) for role, counts in by_role.items()}
    flagged = [
        UnusualReader(
            row["user_id"] or 0,
            row["username"],
            row["role"],
            row["persons"],
            medians[row["role"]],
            len(by_role[row["role"]]),
        )
        for row in rows
        if len(by_role[row["role"]]) > 1
        and row["persons"] >= settings.UNUSUAL_ACCESS_MINIMUM
        and row["persons"] > settings.UNUSUAL_ACCESS_FACTOR * medians[row["role"]]
    ]
    return sorted(flagged, key=lambda reader: (-reader.persons, reader.username))


def refusals_by_user(actor: Actor, days: int = 30, limit: int = 20) -> list[dict[str, Any]]:
    """Who was refused most often in the period (the security log), grouped in the database."""
    from plek.access.models import RefusedAccess

    if not is_privacy_officer(actor):
        raise AccessDenied()
    since = timezone.now() - datetime.timedelta(days=days)
    rows = (
        RefusedAccess.objects.filter(at__gte=since)
        .values("user_id", "username", "role")
        .annotate(refusals=Count("id"), persons=Count("person_id", distinct=True))
        .order_by("-refusals", "username")[:limit]
    )
    return [dict(row) for row in rows]
