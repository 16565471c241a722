"""Every read of aftercare data: through the access policy, logged.

Alerts are computed here from stored facts (check-ins, signals, stays) whenever they are asked
for; only their acknowledgement is stored. So the inbox is right without a scheduler.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plek.access.activities import ProcessingActivity
from plek.access.choices import Action
from plek.access.kinds import DataKind
from plek.access.policy import objects_among_visible, visible_person_ids
from plek.access.reads import read_persons
from plek.access.services import record_reads
from plek.accounts.context import Actor
from plek.accounts.models import User
from plek.accounts.roles import Role
from plek.aftercare.activities import AFTERCARE_DATA_KINDS, AFTERCARE_LIST, AFTERCARE_VIEW
from plek.aftercare.caselead import case_lead, persons_led_by
from plek.aftercare.models import (
    AftercareTrack,
    AlertAcknowledgement,
    AlertKind,
    BuddyConcern,
    CheckIn,
    Light,
)
from plek.core import compiled, dates
from plek.housing.choices import HOUSING_DESTINATIONS, Category
from plek.housing.models import Stay
from plek.people.models import Person
from plek.people.selectors import authorise
from plek.signals.models import Signal

# A check-in is missed when it is still not done more than this many days after its due date.
OVERDUE_AFTER_DAYS = 7
# How long after its end the coach still sees a track.
FOLLOW_UP_DAYS = 90
WORKLIST_LIMIT = 25
# Rows per page of the full lists (alert inbox, check-ins).
PAGE_SIZE = 25
# An alert is named by its kind, the id of what it is about, and the track: (kind, id, track).
AlertKey = tuple[str, int, int]


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


def track_for_form(actor: Actor, track_id: int) -> AftercareTrack:
    """A track for a form about it (plan a check-in, end it): may the actor change it; logged."""
    person_id = AftercareTrack.objects.values_list("person_id", flat=True).get(pk=track_id)
    decision = authorise(actor, Action.CHANGE, person_id, kind=DataKind.AFTERCARE)
    with transaction.atomic():
        track = AftercareTrack.objects.select_related("person", "coach").get(pk=track_id)
        record_reads(actor, {person_id: decision}, AFTERCARE_VIEW, ("nazorgtraject",))
    return track


def person_for_start(actor: Actor, person_id: int) -> Person:
    """The person a track is started for from the dossier: may the actor start one; logged."""
    decision = authorise(actor, Action.CREATE, person_id, kind=DataKind.AFTERCARE)
    with transaction.atomic():
        person = Person.objects.get(pk=person_id)
        record_reads(actor, {person_id: decision}, AFTERCARE_VIEW, ("naam", "nazorgtraject"))
    return person


@dataclass(frozen=True)
class PersonAftercare:
    """Where a person stands in aftercare, for the dossier's summary."""

    track: AftercareTrack | None
    last_light: str
    next_checkin: CheckIn | None
    alerts: list[Alert]
    today: datetime.date


def person_aftercare(actor: Actor, person_id: int) -> PersonAftercare:
    """For the dossier summary only (after ``open_dossier`` decided and logged): the running
    (or else the latest) track, its last light, next check-in and the viewer's unseen alerts.
    A fixed number of queries."""
    today = dates.today()
    track = (
        AftercareTrack.objects.filter(person_id=person_id)
        .select_related("coach")
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on", "-id")
        .first()
    )
    if track is None:
        return PersonAftercare(None, "", None, [], today)
    last = (
        track.checkins.filter(done_on__isnull=False)
        .exclude(light="")
        .order_by("-done_on", "-id")
        .values_list("light", flat=True)
        .first()
    )
    running = track.ended_on is None
    following = (
        track.checkins.filter(done_on__isnull=True).order_by("due_on", "id").first()
        if running
        else None
    )
    alerts = (
        [
            a
            for a in _alerts(AftercareTrack.objects.filter(pk=track.pk), today, actor.user.pk)
            if not a.acknowledged
        ]
        if running
        else []
    )
    return PersonAftercare(track, last or "", following, alerts, today)


def running_track_id(person_id: int) -> int | None:
    """The id of the person's running track (for the dossier's buttons); nothing shown."""
    return (
        AftercareTrack.objects.filter(person_id=person_id, ended_on__isnull=True)
        .values_list("pk", flat=True)
        .first()
    )


def next_open_checkin_id(person_id: int) -> int | None:
    """The first open check-in of the person's running track (for the dossier's button)."""
    return (
        CheckIn.objects.filter(track__person_id=person_id, track__ended_on__isnull=True)
        .filter(done_on__isnull=True)
        .order_by("due_on", "id")
        .values_list("pk", flat=True)
        .first()
    )


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

    @property
    def key(self) -> AlertKey:
        return (self.kind, self.object_id, self.track.pk)

    @property
    def value(self) -> str:
        """The key as one form value: ``kind:object_id:track_id``."""
        return f"{self.kind}:{self.object_id}:{self.track.pk}"


def _alerts(tracks: QuerySet[AftercareTrack], today: datetime.date, user_id: int) -> list[Alert]:
    """Every alert on these tracks as of today, newest first, marked if this user saw it."""
    return _alerts_on(list(tracks.select_related("person", "coach")), today, user_id)


def _alerts_on(tracks: list[AftercareTrack], today: datetime.date, user_id: int) -> list[Alert]:
    """``_alerts`` of tracks already read (with their person and coach)."""
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
                    "due": date_format(checkin.due_on, "j F Y"),
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
    concerns = BuddyConcern.objects.filter(track_id__in=by_id, raised_on__lte=today)
    for concern in concerns:
        alerts.append(
            (
                AlertKind.MAATJE,
                concern.pk,
                by_id[concern.track_id],
                concern.raised_on,
                _("Het maatje meldt: %(text)s") % {"text": concern.text},
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


def alerts_of(tracks: QuerySet[AftercareTrack], today: datetime.date, user_id: int) -> list[Alert]:
    """Every alert on these tracks, for the demo's enrichment only (nothing is read or shown:
    it stores which alerts the demo coach saw)."""
    return _alerts(tracks, today, user_id)


def _inbox_tracks(
    actor: Actor, today: datetime.date, bound_at_run: bool = False
) -> QuerySet[AftercareTrack]:
    """Tracks whose alerts reach this actor: as the coach, or as the person's case lead."""
    visible = visible_person_ids(actor, bound_at_run=bound_at_run)
    active = AftercareTrack.objects.filter(active_on(today), person_id__in=visible)
    coached = Q(coach_id=actor.user.pk)
    return active.filter(coached | Q(person_id__in=persons_led_by(actor.user.pk)))


def alert_inbox(actor: Actor, include_seen: bool = True, limit: int | None = None) -> list[Alert]:
    """The actor's alerts (coach or case lead), unseen first, at most ``limit``; one log row
    per person shown, and only the persons shown."""
    today = dates.today()
    with transaction.atomic():
        # Compiled once per user and day (plek.core.compiled); now is bound at every run.
        tracks = objects_among_visible(
            actor,
            ("aftercare.inbox", actor.user.pk, today),
            lambda: _inbox_tracks(actor, today, True).select_related("person", "coach"),
        )
        alerts = _alerts_on(tracks, today, actor.user.pk)
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


def alerts_in_inbox(actor: Actor, keys: set[AlertKey]) -> set[AlertKey]:
    """Which of these alerts stand in the actor's inbox today (a fixed number of queries)."""
    today = dates.today()
    tracks = _inbox_tracks(actor, today).filter(pk__in={track for _k, _o, track in keys})
    return {a.key for a in _alerts(tracks, today, actor.user.pk)} & keys


def parse_alert_key(value: str) -> AlertKey:
    """``kind:object_id:track_id`` back to a key; ValueError when it is not one."""
    kind, object_id, track_id = value.split(":")
    if kind not in AlertKind.values:
        raise ValueError(value)
    return (kind, int(object_id), int(track_id))


class Seen:
    UNSEEN = "ongezien"
    SEEN = "gezien"
    ALL = "alle"


class AlertOrder:
    NEWEST = "nieuwste"
    OLDEST = "oudste"
    PERSON = "persoon"


@dataclass(frozen=True)
class AlertFilter:
    kind: str = ""
    coach_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    seen: str = Seen.UNSEEN
    order: str = AlertOrder.NEWEST

    def keeps(self, alert: Alert) -> bool:
        return (
            (not self.kind or alert.kind == self.kind)
            and (self.date_from is None or alert.day >= self.date_from)
            and (self.date_to is None or alert.day <= self.date_to)
            and (self.seen == Seen.ALL or (self.seen == Seen.SEEN) == alert.acknowledged)
        )


def _sorted(alerts: list[Alert], order: str) -> list[Alert]:
    if order == AlertOrder.OLDEST:
        return sorted(alerts, key=lambda a: (a.day, a.kind, a.object_id))
    if order == AlertOrder.PERSON:
        return sorted(
            alerts,
            key=lambda a: (
                a.track.person.family_name.casefold(),
                a.track.person_id,
                -a.day.toordinal(),
                a.kind,
            ),
        )
    # Newest first, the unseen before the seen (``_alerts``' own order).
    return alerts


def inbox_coaches(actor: Actor) -> list[User]:
    """The coaches of the tracks in the actor's inbox (the coach filter's choices)."""
    tracks = _inbox_tracks(actor, dates.today())
    return list(
        User.objects.filter(pk__in=tracks.values("coach_id")).order_by("last_name", "username")
    )


def alert_page(
    actor: Actor, filters: AlertFilter, number: str | int | None = 1, strict: bool = False
) -> Page[Alert]:
    """One page of the actor's alert inbox, filtered and sorted; a fixed number of queries
    whatever the number of alerts, and one log row per person on the page (only those).

    ``strict`` (the API): a page that does not exist raises ``InvalidPage`` instead of showing
    the nearest one, and nothing is logged."""
    today = dates.today()
    tracks = _inbox_tracks(actor, today)
    if filters.coach_id is not None:
        tracks = tracks.filter(coach_id=filters.coach_id)
    with transaction.atomic():
        alerts = [a for a in _alerts(tracks, today, actor.user.pk) if filters.keeps(a)]
        paginator = Paginator(_sorted(alerts, filters.order), PAGE_SIZE)
        page = paginator.page(number or 1) if strict else paginator.get_page(number)
        allowed = _read(
            actor,
            AFTERCARE_LIST,
            (a.track.person_id for a in page.object_list),
            ("signaleringen nazorg",),
        )
    page.object_list = [a for a in page.object_list if a.track.person_id in allowed]
    return page


# --- worklists ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    stay: Stay


def _proposed_stays(user_id: int, today: datetime.date, days: int) -> QuerySet[Stay]:
    has_track = AftercareTrack.objects.filter(
        Q(origin_stay_id=OuterRef("pk"))
        | Q(person_id=OuterRef("person_id"), ended_on__isnull=True)
        | Q(person_id=OuterRef("person_id"), started_on__gte=OuterRef("end_date"))
    )
    return (
        Stay.objects.filter(
            end_date__gte=today - datetime.timedelta(days=days),
            end_date__lte=today,
            exit_destination__in=HOUSING_DESTINATIONS,
            person_id__in=persons_led_by(user_id),
        )
        .exclude(Exists(has_track))
        .select_related("person", "facility")
        .order_by("end_date", "id")
    )


def proposals(actor: Actor) -> list[Proposal]:
    """Stays that ended in a home recently without an aftercare track, for their case lead."""
    today = dates.today()
    days = int(settings.AFTERCARE_PROPOSAL_DAYS)
    stays = compiled.objects(
        ("aftercare.proposals", actor.user.pk, today, days, WORKLIST_LIMIT),
        lambda: _proposed_stays(actor.user.pk, today, days)[:WORKLIST_LIMIT],
    )
    found = [Proposal(stay) for stay in stays]
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


# The full list of check-ins looks this far ahead (the worklist 14 days).
CHECKIN_LIST_DAYS = 56


def _open_checkins(actor: Actor, within_days: int) -> QuerySet[CheckIn]:
    """The coach's open check-ins on running tracks due within ``within_days``, and the late
    ones; the latest first among the late is not what a coach needs: oldest due first."""
    today = dates.today()
    return (
        CheckIn.objects.filter(
            track__in=AftercareTrack.objects.filter(active_on(today), coach_id=actor.user.pk),
            done_on__isnull=True,
            due_on__lte=today + datetime.timedelta(days=within_days),
        )
        .select_related("track", "track__person")
        .order_by("due_on", "id")
    )


def checkins_page(actor: Actor, number: str | int | None = 1) -> Page[CheckIn]:
    """One page of the coach's open check-ins (late first, then by date); one log row per
    person on the page."""
    if actor.role != Role.WAAKVLAM:
        return Paginator(CheckIn.objects.none(), PAGE_SIZE).get_page(1)
    page = Paginator(_open_checkins(actor, CHECKIN_LIST_DAYS), PAGE_SIZE).get_page(number)
    with transaction.atomic():
        allowed = _read(
            actor,
            AFTERCARE_LIST,
            (c.track.person_id for c in page.object_list),
            ("contactmomenten",),
        )
    page.object_list = [c for c in page.object_list if c.track.person_id in allowed]
    return page


def checkins_due(actor: Actor, within_days: int = 14) -> list[CheckIn]:
    """The coach's open check-ins due within ``within_days`` (and those already late)."""
    if actor.role != Role.WAAKVLAM:
        return []
    rows = list(_open_checkins(actor, within_days)[:WORKLIST_LIMIT])
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


# --- public identifiers for API v2 (which internal key; the selector called next decides) ------


def track_pk(kenmerk: str) -> int:
    """The internal key of a track named by its kenmerk (``AftercareTrack.DoesNotExist``)."""
    return int(AftercareTrack.objects.values_list("pk", flat=True).get(external_id=kenmerk))


def checkin_pk(kenmerk: str) -> int:
    """The internal key of a check-in named by its kenmerk (``CheckIn.DoesNotExist``)."""
    return int(CheckIn.objects.values_list("pk", flat=True).get(external_id=kenmerk))


def no_tracks() -> QuerySet[AftercareTrack]:
    """For the schema generator only: the model of the alert list, without any row."""
    return AftercareTrack.objects.none()


# --- what the dossier asks with the person (``present``, see ``plek.people.dossier``) -------


def dossier_presence() -> QuerySet[AftercareTrack]:
    """The person's tracks: the section, the status and the actions read only them."""
    return AftercareTrack.objects.filter(person_id=OuterRef("pk"))
