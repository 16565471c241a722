"""Reads of programmes: every role may read them, and nothing here concerns a person.

Statuses are history: an action's status at a moment is its latest update at the latest moment
on or before it, so an action nobody touched keeps the status it had.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from plek.programs.models import (
    STATUS_LIGHT,
    Action,
    Indicator,
    IndicatorValue,
    Milestone,
    MomentState,
    Programme,
    ReportingMoment,
    Status,
    StatusUpdate,
    part_end,
)


def programmes() -> QuerySet[Programme]:
    return Programme.objects.select_related("owner").prefetch_related("municipalities")


def programme(pk: int) -> Programme:
    return programmes().get(pk=pk)


def actions(prog: Programme) -> list[Action]:
    return list(
        Action.objects.filter(programme=prog)
        .select_related("theme")
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.order_by("planned_year", "planned_part", "id"),
            )
        )
        .order_by("theme__position", "position", "number")
    )


def moments(prog: Programme) -> list[ReportingMoment]:
    return list(ReportingMoment.objects.filter(programme=prog).order_by("reference_date"))


def indicators(prog: Programme) -> list[Indicator]:
    rows: list[Indicator] = list(
        Indicator.objects.filter(programme=prog)
        .select_related("programme", "theme", "action", "municipality")
        .prefetch_related(
            Prefetch(
                "values",
                queryset=IndicatorValue.objects.order_by("on_date", "id"),
                to_attr="prefetched_values",
            )
        )
        .order_by("id")
    )
    return rows


@dataclass(frozen=True)
class ActionStatus:
    action: Action
    update: StatusUpdate | None  # the status in force
    at_moment: bool  # recorded at this very moment (not carried over)
    previous: StatusUpdate | None  # the status in force at the previous moment

    @property
    def status(self) -> str | None:
        return self.update.status if self.update else None

    @property
    def label(self) -> str:
        return self.update.get_status_display() if self.update else "—"

    @property
    def light(self) -> str:
        return str(STATUS_LIGHT.get(Status(self.status), "grijs")) if self.status else "grijs"

    @property
    def changed(self) -> bool:
        if self.update is None:
            return False
        if self.previous is None:
            return True
        return (self.update.status, self.update.note) != (self.previous.status, self.previous.note)


def _in_force(updates: list[StatusUpdate], day: datetime.date | None) -> dict[int, StatusUpdate]:
    """Per action the latest update at a moment on or before `day` (ordered input)."""
    current: dict[int, StatusUpdate] = {}
    if day is None:
        return current
    for update in updates:
        if update.moment.reference_date <= day:
            current[update.action_id] = update
    return current


def statuses(prog: Programme, moment: ReportingMoment | None) -> list[ActionStatus]:
    """Every action with its status at `moment` and at the moment before it."""
    updates = list(
        StatusUpdate.objects.filter(action__programme=prog)
        .select_related("moment")
        .order_by("moment__reference_date", "recorded_at", "id")
    )
    day = moment.reference_date if moment else None
    before = (
        ReportingMoment.objects.filter(programme=prog, reference_date__lt=day)
        .order_by("-reference_date")
        .first()
        if day
        else None
    )
    now = _in_force(updates, day)
    then = _in_force(updates, before.reference_date if before else None)
    return [
        ActionStatus(
            action,
            now.get(action.pk),
            bool(moment and action.pk in now and now[action.pk].moment_id == moment.pk),
            then.get(action.pk),
        )
        for action in actions(prog)
    ]


def previous_moment(moment: ReportingMoment) -> ReportingMoment | None:
    return (
        ReportingMoment.objects.filter(
            programme_id=moment.programme_id, reference_date__lt=moment.reference_date
        )
        .order_by("-reference_date")
        .first()
    )


def latest_moment(prog: Programme) -> ReportingMoment | None:
    return ReportingMoment.objects.filter(programme=prog).order_by("-reference_date").first()


def history(action: Action) -> list[StatusUpdate]:
    return list(
        StatusUpdate.objects.filter(action=action)
        .select_related("moment", "recorded_by")
        .order_by("-moment__reference_date", "-recorded_at", "-id")
    )


def _quarter_parts(day: datetime.date) -> tuple[int, list[str], datetime.date]:
    quarter = (day.month - 1) // 3 + 1
    parts = [f"Q{quarter}"]
    if quarter in (2, 4):
        parts.append("H1" if quarter == 2 else "H2")
    if quarter == 4:
        parts.append("jaar")
    return day.year, parts, part_end(day.year, f"Q{quarter}")


def milestones_due_this_quarter(day: datetime.date) -> QuerySet[Milestone]:
    """Milestones not yet reached whose planned part ends in the quarter of `day`."""
    year, parts, _end = _quarter_parts(day)
    return (
        Milestone.objects.filter(planned_year=year, planned_part__in=parts, reached_on__isnull=True)
        .select_related("action", "action__programme")
        .order_by("action__programme__name", "action__number", "id")
    )


def moments_in_preparation() -> QuerySet[ReportingMoment]:
    return (
        ReportingMoment.objects.filter(state=MomentState.VOORBEREIDING)
        .select_related("programme")
        .order_by("reference_date", "id")
    )
