"""Reads of the processing log and of break-the-glass events: for the privacy officer only.

The log and the events are personal data too (of residents and of professionals), so reading them
is itself logged: one entry per search or list, made when the selector is called, naming the
person searched for when there is one. The returned querysets are lazy; callers paginate them.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from plek.access.activities import BREAK_GLASS_LIST, LOG_SEARCH
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
