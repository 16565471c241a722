"""Every read of aftercare data: through the access policy, logged.

Alerts are computed here from stored facts (check-ins, signals, stays) whenever they are asked
for; only their acknowledgement is stored. So the inbox is right without a scheduler.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from plek.access.activities import ProcessingActivity
from plek.access.choices import Action
from plek.access.kinds import DataKind
from plek.access.policy import visible_person_ids
from plek.access.reads import read_persons
from plek.access.services import record_reads
from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.aftercare.activities import AFTERCARE_DATA_KINDS, AFTERCARE_LIST, AFTERCARE_VIEW
from plek.aftercare.caselead import case_lead, persons_led_by
from plek.aftercare.models import AftercareTrack, AlertAcknowledgement, AlertKind, CheckIn, Light
from plek.core import dates
from plek.housing.choices import HOUSING_DESTINATIONS, Category
from plek.housing.models import Stay
from plek.people.selectors import authorise
from plek.signals.models import Signal

# A check-in is missed when it is still not done more than this many days after its due date.
OVERDUE_AFTER_DAYS = 7
# How long after its end the coach still sees a track.
FOLLOW_UP_DAYS = 90
WORKLIST_LIMIT = 25


def active_on(day: datetime.date) -> Q:
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))


def missed_before(today: datetime.date) -> datetime.date:
    """Open check-ins due before this day are missed today (more than 7 days late)."""
    return today - datetime.timedelta(days=OVERDUE_AFTER_DAYS)


def _read(
    actor: Actor, activity: ProcessingActivity, person_ids: Iterable[int], kinds: tuple[str, ...]
) -> set[int]:
    """Log each person shown once (the relation's purpose); the ids the policy allows."""
    return set(read_persons(actor, person_ids, activity, kinds, kind=DataKind.AFTERCARE))


# --- one track ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrackFile:
    track: AftercareTrack
    checkins: list[CheckIn]
    alerts: list[Alert]
    today: datetime.date
    case_lead_name: str


def open_track(actor: Actor, track_id: int) -> TrackFile:
    person_id = AftercareTrack.objects.values_list("person_id", flat=True).get(pk=track_id)
    decision = authorise(actor, Action.VIEW, person_id, kind=DataKind.AFTERCARE)
    today = dates.today()
    with transaction.atomic():
        track = AftercareTrack.objects.select_related("person", "coach", "origin_stay").get(
            pk=track_id
        )
        checkins = list(track.checkins.prefetch_related("domains").order_by("due_on", "id"))
        lead = case_lead(person_id)
        file = TrackFile(
            track=track,
            checkins=checkins,
            alerts=_alerts(AftercareTrack.objects.filter(pk=track.pk), today, actor.user.pk),
            today=today,
            case_lead_name=lead.get_full_name() or lead.get_username() if lead else "",
        )
        record_reads(actor, {person_id: decision}, AFTERCARE_VIEW, AFTERCARE_DATA_KINDS)
    return file


def checkin_for_form(actor: Actor, checkin_id: int) -> CheckIn:
    person_id = CheckIn.objects.values_list("track__person_id", flat=True).get(pk=checkin_id)
    decision = authorise(actor, Action.VIEW, person_id, kind=DataKind.AFTERCARE)
    with transaction.atomic():
        checkin = CheckIn.objects.select_related("track", "track__person").get(pk=checkin_id)
        record_reads(actor, {person_id: decision}, AFTERCARE_VIEW, ("contactmomenten",))
    return checkin


def person_tracks(person_id: int) -> QuerySet[AftercareTrack]:
    """For the dossier section only: called after ``open_dossier`` decided and logged."""
    return AftercareTrack.objects.filter(person_id=person_id).prefetch_related("checkins")


# --- alerts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alert:
    kind: str
    object_id: int
    track: AftercareTrack
    day: datetime.date
    text: str
    acknowledged: bool

    @property
    def kind_label(self) -> str:
        return str(AlertKind(self.kind).label)


def _alerts(tracks: QuerySet[AftercareTrack], today: datetime.date, user_id: int) -> list[Alert]:
    """Every alert on these tracks as of today, newest first, marked if this user saw it."""
    tracks = tracks.select_related("person")
    by_id = {t.pk: t for t in tracks}
    if not by_id:
        return []
    alerts: list[tuple[str, int, AftercareTrack, datetime.date, str]] = []
    red = CheckIn.objects.filter(
        track_id__in=by_id, light=Light.ROOD, done_on__isnull=False, done_on__lte=today
    )
    for checkin in red:
        alerts.append(
            (
                AlertKind.ROOD,
                checkin.pk,
                by_id[checkin.track_id],
                checkin.done_on,  # type: ignore[arg-type]
                _("Contactmoment met rood stoplicht"),
            )
        )
    missed = CheckIn.objects.filter(
        track_id__in=by_id, done_on__isnull=True, due_on__lt=missed_before(today)
    )
    for checkin in missed:
        alerts.append(
            (
                AlertKind.GEMIST,
                checkin.pk,
                by_id[checkin.track_id],
                checkin.due_on + datetime.timedelta(days=OVERDUE_AFTER_DAYS + 1),
                _("Contactmoment van %(due)s is %(days)d dagen over tijd")
                % {
                    "due": checkin.due_on.strftime("%d-%m-%Y"),
                    "days": (today - checkin.due_on).days,
                },
            )
        )
    per_person: dict[int, list[AftercareTrack]] = {}
    for track in by_id.values():
        per_person.setdefault(track.person_id, []).append(track)

    def covering(person_id: int, day: datetime.date) -> list[AftercareTrack]:
        return [
            t
            for t in per_person.get(person_id, [])
            if t.started_on <= day and (t.ended_on is None or day <= t.ended_on)
        ]

    signals = Signal.objects.filter(person_id__in=per_person, received_on__lte=today)
    for signal in signals:
        assert signal.person_id is not None
        for track in covering(signal.person_id, signal.received_on):
            alerts.append(
                (
                    AlertKind.SIGNAAL,
                    signal.pk,
                    track,
                    signal.received_on,
                    _("Nieuw signaal: %(source)s") % {"source": signal.get_source_display()},
                )
            )
    stays = Stay.objects.filter(
        person_id__in=per_person, facility__category=Category.OPVANG, start_date__lte=today
    ).select_related("facility")
    for stay in stays:
        for track in covering(stay.person_id, stay.start_date):
            alerts.append(
                (
                    AlertKind.TERUGVAL,
                    stay.pk,
                    track,
                    stay.start_date,
                    _("Nieuw verblijf in %(facility)s") % {"facility": stay.facility.name},
                )
            )
    seen = set(
        AlertAcknowledgement.objects.filter(user_id=user_id, track_id__in=by_id).values_list(
            "kind", "object_id", "track_id"
        )
    )
    result = [
        Alert(kind, object_id, track, day, text, (kind, object_id, track.pk) in seen)
        for kind, object_id, track, day, text in alerts
    ]
    return sorted(result, key=lambda a: (a.acknowledged, -a.day.toordinal(), a.kind, a.object_id))


def _inbox_tracks(actor: Actor, today: datetime.date) -> QuerySet[AftercareTrack]:
    """Tracks whose alerts reach this actor: as the coach, or as the person's case lead."""
    visible = visible_person_ids(actor)
    active = AftercareTrack.objects.filter(active_on(today), person_id__in=visible)
    coached = Q(coach_id=actor.user.pk)
    return active.filter(coached | Q(person_id__in=persons_led_by(actor.user.pk)))


def alert_inbox(actor: Actor, include_seen: bool = True, limit: int | None = None) -> list[Alert]:
    """The actor's alerts (coach or case lead), unseen first, at most ``limit``; one log row
    per person shown, and only the persons shown."""
    today = dates.today()
    with transaction.atomic():
        alerts = _alerts(_inbox_tracks(actor, today), today, actor.user.pk)
        if not include_seen:
            alerts = [a for a in alerts if not a.acknowledged]
        if limit is not None:
            alerts = alerts[:limit]
        allowed = _read(
            actor, AFTERCARE_LIST, (a.track.person_id for a in alerts), ("signaleringen nazorg",)
        )
    return [a for a in alerts if a.track.person_id in allowed]


def alert_in_inbox(actor: Actor, kind: str, object_id: int, track_id: int) -> bool:
    today = dates.today()
    tracks = _inbox_tracks(actor, today).filter(pk=track_id)
    return any(
        a.kind == kind and a.object_id == object_id for a in _alerts(tracks, today, actor.user.pk)
    )


# --- worklists ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    stay: Stay


def proposals(actor: Actor) -> list[Proposal]:
    """Stays that ended in a home recently without an aftercare track, for their case lead."""
    today = dates.today()
    since = today - datetime.timedelta(days=int(settings.AFTERCARE_PROPOSAL_DAYS))
    has_track = AftercareTrack.objects.filter(
        Q(origin_stay_id=OuterRef("pk"))
        | Q(person_id=OuterRef("person_id"), ended_on__isnull=True)
        | Q(person_id=OuterRef("person_id"), started_on__gte=OuterRef("end_date"))
    )
    stays = (
        Stay.objects.filter(
            end_date__gte=since,
            end_date__lte=today,
            exit_destination__in=HOUSING_DESTINATIONS,
            person_id__in=persons_led_by(actor.user.pk),
        )
        .exclude(Exists(has_track))
        .select_related("person", "facility")
        .order_by("end_date", "id")
    )
    found = [Proposal(stay) for stay in stays[:WORKLIST_LIMIT]]
    with transaction.atomic():
        allowed = _read(
            actor, AFTERCARE_LIST, (p.stay.person_id for p in found), ("verblijf", "uitstroom")
        )
    return [p for p in found if p.stay.person_id in allowed]


def proposal_stay(actor: Actor, stay_id: int) -> Stay:
    """One proposed stay, for the start form; one log row."""
    person_id = Stay.objects.values_list("person_id", flat=True).get(pk=stay_id)
    decision = authorise(actor, Action.CREATE, person_id, kind=DataKind.AFTERCARE)
    with transaction.atomic():
        stay = Stay.objects.select_related("person", "facility").get(pk=stay_id)
        record_reads(actor, {person_id: decision}, AFTERCARE_LIST, ("verblijf", "uitstroom"))
    return stay


def checkins_due(actor: Actor, within_days: int = 14) -> list[CheckIn]:
    """The coach's open check-ins due within ``within_days`` (and those already late)."""
    if actor.role != Role.WAAKVLAM:
        return []
    today = dates.today()
    rows = list(
        CheckIn.objects.filter(
            track__in=AftercareTrack.objects.filter(active_on(today), coach_id=actor.user.pk),
            done_on__isnull=True,
            due_on__lte=today + datetime.timedelta(days=within_days),
        )
        .select_related("track", "track__person")
        .order_by("due_on", "id")[:WORKLIST_LIMIT]
    )
    with transaction.atomic():
        allowed = _read(
            actor, AFTERCARE_LIST, (c.track.person_id for c in rows), ("contactmomenten",)
        )
    return [c for c in rows if c.track.person_id in allowed]


def track_exists(track_id: int) -> bool:
    """Whether a track id is in use; reveals nothing about the person, so nothing to log."""
    return AftercareTrack.objects.filter(pk=track_id).exists()


def checkin_exists(checkin_id: int) -> bool:
    """Whether a check-in id is in use; reveals nothing about the person, so nothing to log."""
    return CheckIn.objects.filter(pk=checkin_id).exists()
