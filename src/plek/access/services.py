"""State changes of the access app: the processing log, break-the-glass and its review.

Every function runs in one transaction; the processing-log entry commits or rolls back with the
change it records.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.access import chain
from plek.access.activities import (
    BREAK_GLASS,
    BREAK_GLASS_REVIEW,
    BREAK_GLASS_UNLOCK,
    ProcessingActivity,
)
from plek.access.choices import CASEWORK_PURPOSES, LOG_ACTION_FOR, LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.models import BreakGlass, BreakGlassGround, BreakGlassUnlock, ProcessingLogEntry
from plek.access.policy import BREAK_GLASS_BASIS, Decision, is_privacy_officer, may_break_glass
from plek.accounts.context import Actor
from plek.core.events import emit

# Long enough that "spoed" or "nodig" alone will not do: the reviewer must be able to judge it;
# short enough to be read (an audit stored a reason of 2,000,000 characters).
BREAK_GLASS_MIN_REASON = 20
BREAK_GLASS_MAX_REASON = 1000


def _log_action(action: str) -> str:
    log_action = LOG_ACTION_FOR.get(action, action)  # type: ignore[call-overload]
    if log_action not in LogAction.values:
        raise ValueError(f"Onbekende actie voor het verwerkingenlog: {action!r}")
    return str(log_action)


def record_processing(
    actor: Actor,
    action: str,
    activity: ProcessingActivity,
    person_id: int | None,
    data_kinds: Iterable[str],
    purpose: str,
    *,
    break_glass_id: int | None = None,
    break_glass: bool = False,
) -> ProcessingLogEntry:
    """Write one processing-log entry, inside the caller's transaction.

    ``action`` is a policy ``Action`` or a ``LogAction``. ``break_glass`` marks processing done
    on the strength of a break-the-glass event; ``break_glass_id`` names the event concerned.
    Store the person's id only: never a BSN or a name.
    """
    if purpose not in Purpose.values:
        raise ValueError(f"Onbekend doel: {purpose!r}")
    membership = actor.membership
    organisation = membership.organisation if membership else None
    return chain.append(
        action=_log_action(action),
        activity_code=activity.code,
        activity_name=activity.name,
        purpose=purpose,
        confidentiality=activity.confidentiality,
        retention_period=activity.retention_period,
        user_id=actor.user.pk,
        username=actor.user.get_username(),
        organisation_id=organisation.pk if organisation else None,
        organisation_name=organisation.name if organisation else "",
        role=membership.role if membership else "",
        person_id=person_id,
        data_kinds=sorted(set(data_kinds)),
        request_id=actor.request_id,
        break_glass=break_glass,
        break_glass_id=break_glass_id,
    )


def _entry_values(
    actor: Actor,
    action: str,
    activity: ProcessingActivity,
    person_id: int | None,
    data_kinds: Iterable[str],
    purpose: str,
    break_glass_id: int | None,
    break_glass: bool,
) -> dict[str, Any]:
    if purpose not in Purpose.values:
        raise ValueError(f"Onbekend doel: {purpose!r}")
    membership = actor.membership
    organisation = membership.organisation if membership else None
    return {
        "action": _log_action(action),
        "activity_code": activity.code,
        "activity_name": activity.name,
        "purpose": purpose,
        "confidentiality": activity.confidentiality,
        "retention_period": activity.retention_period,
        "user_id": actor.user.pk,
        "username": actor.user.get_username(),
        "organisation_id": organisation.pk if organisation else None,
        "organisation_name": organisation.name if organisation else "",
        "role": membership.role if membership else "",
        "person_id": person_id,
        "data_kinds": sorted(set(data_kinds)),
        "request_id": actor.request_id,
        "break_glass": break_glass,
        "break_glass_id": break_glass_id,
    }


# Who the log names for bulk work nobody logged in for (``plek import``/``plek export`` without
# ``--als``): the system operator, without a user id.
SYSTEM_USERNAME = "systeem"


def record_bulk(
    actor: Actor | None,
    action: str,
    activity: ProcessingActivity,
    person_ids: Iterable[int],
    data_kinds: Iterable[str],
    purpose: str,
) -> int:
    """Log bulk work (an import, an export, a delivery): one row per distinct person.

    Streamed into the log with COPY on PostgreSQL (``chain.append_stream``: one head lock, one
    head update), inside the caller's transaction. Without an actor the rows name the system
    operator (``SYSTEM_USERNAME``, no user id). Returns the number of rows written.
    """
    if purpose not in Purpose.values:
        raise ValueError(f"Onbekend doel: {purpose!r}")
    kinds = sorted(set(data_kinds))
    if actor is not None:
        template = _entry_values(actor, action, activity, None, kinds, purpose, None, False)
    else:
        template = {
            "action": _log_action(action),
            "activity_code": activity.code,
            "activity_name": activity.name,
            "purpose": purpose,
            "confidentiality": activity.confidentiality,
            "retention_period": activity.retention_period,
            "user_id": None,
            "username": SYSTEM_USERNAME,
            "organisation_id": None,
            "organisation_name": "",
            "role": "",
            "person_id": None,
            "data_kinds": kinds,
            "request_id": "",
            "break_glass": False,
            "break_glass_id": None,
        }
    return chain.append_stream(template, sorted(set(person_ids)))


def record_reads(
    actor: Actor,
    reads: Mapping[int, Decision],
    activity: ProcessingActivity,
    data_kinds: Iterable[str],
    *,
    action: str = LogAction.READ,
) -> int:
    """Log the persons shown on one page, list, export or API answer: each person once.

    ``reads`` maps each person shown to the decision that allowed it
    (``plek.access.policy.decide_many``); each row names that relation's purpose and marks
    break-the-glass. Written with one COPY per chain (``append_read_rows``), inside the caller's
    transaction. Log exactly what is shown: slice first, then record. Returns the
    number of rows written.
    """
    return append_read_rows(read_rows(actor, reads, activity, data_kinds, action=action))


def read_rows(
    actor: Actor,
    reads: Mapping[int, Decision],
    activity: ProcessingActivity,
    data_kinds: Iterable[str],
    *,
    action: str = LogAction.READ,
) -> list[dict[str, Any]]:
    """The log rows ``record_reads`` writes, not yet written (a page of several lists gathers
    them and appends once: ``plek.access.reads.one_page``)."""
    kinds = list(data_kinds)
    rows = []
    for person_id in sorted(reads):
        decision = reads[person_id]
        if not decision.allowed or decision.purpose is None:
            raise ValueError(f"Geen toegestane inzage van persoon {person_id}.")
        rows.append(
            _entry_values(
                actor,
                action,
                activity,
                person_id,
                kinds,
                decision.purpose,
                decision.break_glass_id,
                decision.is_break_glass,
            )
        )
    return rows


def append_read_rows(rows: list[dict[str, Any]]) -> int:
    """Write rows made by ``read_rows``, inside the caller's transaction (``chain.append_rows``:
    one head lock and one COPY per chain). Returns the number of rows written."""
    return chain.append_rows(rows) if rows else 0


def record_allowed(
    actor: Actor,
    decision: Decision,
    activity: ProcessingActivity,
    person_id: int,
    data_kinds: Iterable[str],
    action: str = LogAction.READ,
) -> ProcessingLogEntry:
    """The processing-log entry for work the policy allowed, under the decision's purpose.

    Marks it as break-the-glass work when that was the decision's basis. Inside the caller's
    transaction, like ``record_processing``.
    """
    assert decision.purpose is not None
    return record_processing(
        actor,
        action,
        activity,
        person_id,
        data_kinds,
        decision.purpose,
        break_glass_id=decision.break_glass_id,
        break_glass=decision.basis == BREAK_GLASS_BASIS,
    )


def _clean_break_glass(reason: str, purpose: str, ground: str) -> str:
    reason = reason.strip()
    errors = {}
    if len(reason) < BREAK_GLASS_MIN_REASON:
        errors["reason"] = _(
            "Reden: beschrijf in minstens %(count)d tekens waarom u dit dossier nu moet openen."
        ) % {"count": BREAK_GLASS_MIN_REASON}
    elif len(reason) > BREAK_GLASS_MAX_REASON:
        errors["reason"] = _("Reden: gebruik hoogstens %(count)d tekens (nu %(length)d).") % {
            "count": BREAK_GLASS_MAX_REASON,
            "length": len(reason),
        }
    if purpose not in CASEWORK_PURPOSES:
        errors["purpose"] = _("Doel: kies het doel waarvoor u het dossier opent.")
    if ground not in BreakGlassGround.values:
        errors["ground"] = _("Grond: kies uit de lijst waarom u het dossier zonder relatie opent.")
    if errors:
        raise ValidationError(errors)
    return reason


def _local_day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    def start_of(value: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))

    return start_of(day), start_of(day + datetime.timedelta(days=1))


def break_glass_allowance(user_id: int, day: datetime.date | None = None) -> tuple[int, int]:
    """(events today, events allowed today) for a user: the daily limit, once more per unlock."""
    day = day or timezone.localdate()
    start, end = _local_day_bounds(day)
    used = BreakGlass.objects.filter(
        user_id=user_id, granted_at__gte=start, granted_at__lt=end
    ).count()
    unlocks = BreakGlassUnlock.objects.filter(user_id=user_id, day=day).count()
    return used, settings.BREAK_GLASS_PER_DAY * (1 + unlocks)


def break_the_glass(
    actor: Actor,
    person_id: int,
    reason: str,
    purpose: str,
    ground: str = BreakGlassGround.ANDERS,
) -> BreakGlass:
    """Open a person's file without a relation, for ``PLEK_BREAK_GLASS_MINUTES``.

    Raises AccessDenied for roles that may not and past the daily limit
    (``PLEK_BREAK_GLASS_PER_DAY``, until the privacy officer unlocks the user), ValidationError
    for a missing or overlong reason, purpose or ground, and ``Person.DoesNotExist`` for an
    unknown person. The grant itself is logged; the privacy officer sees it at once.
    """
    from plek.accounts.models import User
    from plek.people.models import Person

    if not may_break_glass(actor):
        raise AccessDenied()
    reason = _clean_break_glass(reason, purpose, ground)
    assert actor.membership is not None  # may_break_glass checked it
    with transaction.atomic():
        # One user's break-the-glass requests take turns, so the daily count cannot be raced.
        User.objects.select_for_update().filter(pk=actor.user.pk).first()
        used, allowed = break_glass_allowance(actor.user.pk)
        if used >= allowed:
            raise BreakGlassLimitReached(used)
        if not Person.objects.filter(pk=person_id).exists():
            raise Person.DoesNotExist(person_id)
        now = timezone.now()
        event = BreakGlass.objects.create(
            user=actor.user,
            organisation_id=actor.membership.organisation_id,
            role=actor.membership.role,
            person_id=person_id,
            ground=ground,
            reason=reason,
            purpose=purpose,
            granted_at=now,
            expires_at=now + datetime.timedelta(minutes=settings.BREAK_GLASS_MINUTES),
        )
        record_processing(
            actor,
            LogAction.CREATE,
            BREAK_GLASS,
            person_id,
            ["toegangsgrond"],
            purpose,
            break_glass_id=event.pk,
            break_glass=True,
        )
    emit("break_glass.granted", break_glass_id=event.pk, purpose=purpose)
    return event


class BreakGlassLimitReached(AccessDenied):
    """The user broke the glass as often today as allowed; the privacy officer must unlock."""

    def __init__(self, used: int) -> None:
        super().__init__(
            _(
                "U hebt vandaag al %(count)d keer de toegang doorbroken, het maximum. De privacy "
                "officer is op de hoogte en kan u vrijgeven voor meer."
            )
            % {"count": used}
        )
        self.used = used


def unlock_break_glass(actor: Actor, user_id: int) -> BreakGlassUnlock:
    """The privacy officer lets a user past today's limit (once more the daily number)."""
    if not is_privacy_officer(actor):
        raise AccessDenied()
    if user_id == actor.user.pk:
        raise ValidationError(_("U kunt uzelf niet vrijgeven."))
    with transaction.atomic():
        unlock = BreakGlassUnlock.objects.create(
            user_id=user_id, day=timezone.localdate(), unlocked_by=actor.user
        )
        record_processing(
            actor,
            LogAction.CHANGE,
            BREAK_GLASS_UNLOCK,
            None,
            ["doorbraak van toegang"],
            Purpose.TOEZICHT,
        )
    return unlock


def review_break_glass(
    actor: Actor, break_glass_id: int, justified: bool, note: str = ""
) -> BreakGlass:
    """The privacy officer judges a break-the-glass event: justified or not, with a note.

    An event is reviewed once; a second review (also a concurrent one) is refused.
    """
    if not is_privacy_officer(actor):
        raise AccessDenied()
    note = note.strip()
    if not justified and not note:
        raise ValidationError(
            {"review_note": _("Toelichting: leg uit waarom deze doorbraak onterecht was.")}
        )
    with transaction.atomic():
        event = BreakGlass.objects.select_for_update().get(pk=break_glass_id)
        if event.reviewed_at is not None:
            raise ValidationError({"justified": _("Terecht: deze doorbraak is al beoordeeld.")})
        event.reviewed_by = actor.user
        event.reviewed_at = timezone.now()
        event.justified = justified
        event.review_note = note
        event.save(update_fields=["reviewed_by", "reviewed_at", "justified", "review_note"])
        record_processing(
            actor,
            LogAction.CHANGE,
            BREAK_GLASS_REVIEW,
            event.person_id,
            ["doorbraak van toegang"],
            Purpose.TOEZICHT,
            break_glass_id=event.pk,
        )
    return event
