"""Every change in aftercare: start a track (with its schedule), assign a coach, record a
check-in, plan an extra check-in, end a track, acknowledge alerts (one or a selection). One
transaction each, permission checked, logged."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from plek.access.choices import Action, LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.kinds import DataKind
from plek.access.policy import Decision, decide, decide_many
from plek.access.services import record_allowed, record_processing, record_reads
from plek.accounts.context import Actor
from plek.accounts.models import Membership, User
from plek.accounts.roles import Role
from plek.aftercare.activities import AFTERCARE_DATA_KINDS, AFTERCARE_HANDLE
from plek.aftercare.models import (
    AftercareTrack,
    AlertAcknowledgement,
    CheckIn,
    CheckInDomain,
    EndReason,
    Light,
)
from plek.aftercare.schedule import due_dates
from plek.aftercare.selectors import AlertKey, alert_in_inbox, alerts_in_inbox
from plek.core import dates
from plek.core.events import emit
from plek.housing.choices import HOUSING_DESTINATIONS
from plek.housing.models import Stay
from plek.intake.zrm import Domain
from plek.people.models import Person

LIGHT_ORDER: dict[str, int] = {Light.GROEN: 0, Light.ORANJE: 1, Light.ROOD: 2}


def _may(actor: Actor, person_id: int, action: str = Action.CHANGE) -> Decision:
    """The policy's decision for this work; its purpose is the one the log names."""
    decision = decide(actor, action, person_id, kind=DataKind.AFTERCARE)
    if not decision.allowed:
        raise AccessDenied()
    return decision


def coaches() -> list[User]:
    """Users with an active aftercare-coach membership (the choices for a coach)."""
    ids = Membership.objects.active().filter(role=Role.WAAKVLAM).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("last_name", "username"))


def _clean_coach(coach_id: int | None) -> User | None:
    if coach_id is None:
        return None
    coach = next((c for c in coaches() if c.pk == coach_id), None)
    if coach is None:
        raise ValidationError(
            {"coach": _("Coach: kies een waakvlamcoach met een actief lidmaatschap.")}
        )
    return coach


def start_track(
    actor: Actor,
    person_id: int,
    started_on: datetime.date,
    coach_id: int | None = None,
    origin_stay_id: int | None = None,
) -> AftercareTrack:
    """Start a track (from a proposal or by hand) and plan its check-ins from the schedule."""
    decision = _may(actor, person_id, Action.CREATE)
    coach = _clean_coach(coach_id)
    if started_on > dates.today():
        raise ValidationError({"started_on": _("Startdatum: deze datum ligt in de toekomst.")})
    stay = None
    if origin_stay_id is not None:
        stay = Stay.objects.filter(pk=origin_stay_id, person_id=person_id).first()
        if (
            stay is None
            or stay.end_date is None
            or stay.exit_destination not in HOUSING_DESTINATIONS
        ):
            raise ValidationError(
                {"origin_stay": _("Aanleiding: dit verblijf eindigde niet in een woning.")}
            )
        if started_on < stay.end_date:
            raise ValidationError(
                {"started_on": _("Startdatum: niet vóór het einde van het verblijf.")}
            )
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=person_id)
        if AftercareTrack.objects.filter(person_id=person_id, ended_on__isnull=True).exists():
            raise ValidationError({"person": _("Persoon: er loopt al een nazorgtraject.")})
        external_id = f"NZ-{uuid.uuid4().hex[:12].upper()}"
        try:
            with transaction.atomic():
                track = AftercareTrack.objects.create(
                    external_id=external_id,
                    person_id=person_id,
                    started_on=started_on,
                    coach=coach,
                    origin_stay=stay,
                    started_by=actor.user,
                )
        except IntegrityError as exc:
            raise ValidationError(
                {"origin_stay": _("Aanleiding: voor dit verblijf is al een traject gestart.")}
            ) from exc
        CheckIn.objects.bulk_create(
            CheckIn(external_id=f"{external_id}-{n:02d}", track=track, due_on=due)
            for n, due in enumerate(due_dates(started_on), start=1)
        )
        record_allowed(
            actor, decision, AFTERCARE_HANDLE, person_id, AFTERCARE_DATA_KINDS, LogAction.CREATE
        )
    emit("aftercare.track_started", track_id=track.pk)
    return track


def assign_coach(actor: Actor, track_id: int, coach_id: int) -> AftercareTrack:
    person_id = AftercareTrack.objects.values_list("person_id", flat=True).get(pk=track_id)
    decision = _may(actor, person_id)
    coach = _clean_coach(coach_id)
    with transaction.atomic():
        track = AftercareTrack.objects.select_for_update().get(pk=track_id)
        if track.ended_on is not None:
            raise ValidationError({"coach": _("Coach: dit traject is beëindigd.")})
        track.coach = coach
        track.save(update_fields=["coach"])
        record_allowed(
            actor, decision, AFTERCARE_HANDLE, person_id, ("waakvlamcoach",), LogAction.CHANGE
        )
    return track


def record_checkin(
    actor: Actor,
    checkin_id: int,
    done_on: datetime.date,
    lights: dict[str, str],
    note: str = "",
) -> CheckIn:
    """A check-in: a light per life domain (at least one) and a note; recorded once."""
    person_id = CheckIn.objects.values_list("track__person_id", flat=True).get(pk=checkin_id)
    decision = _may(actor, person_id)
    errors: dict[str, str] = {}
    given = {domain: light for domain, light in lights.items() if light}
    for domain, light in given.items():
        if domain not in Domain.values:
            errors["lights"] = _("Leefgebied: onbekend leefgebied %(domain)s.") % {"domain": domain}
        elif light not in Light.values:
            errors[f"light_{domain}"] = _("%(domain)s: kies groen, oranje of rood.") % {
                "domain": Domain(domain).label
            }
    if not given and not errors:
        errors["lights"] = _("Stoplichten: geef voor ten minste één leefgebied een stoplicht.")
    if done_on > dates.today():
        errors["done_on"] = _("Datum contact: deze datum ligt in de toekomst.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        checkin = CheckIn.objects.select_for_update().select_related("track").get(pk=checkin_id)
        if checkin.done_on is not None:
            raise ValidationError(
                {"done_on": _("Datum contact: dit contactmoment is al vastgelegd.")}
            )
        if done_on < checkin.track.started_on:
            raise ValidationError(
                {"done_on": _("Datum contact: niet vóór de start van het traject.")}
            )
        checkin.done_on = done_on
        checkin.light = max(given.values(), key=lambda light: LIGHT_ORDER[light])
        checkin.note = note.strip()
        checkin.recorded_by = actor.user
        checkin.save(update_fields=["done_on", "light", "note", "recorded_by"])
        CheckInDomain.objects.bulk_create(
            CheckInDomain(checkin=checkin, domain=domain, light=light)
            for domain, light in given.items()
        )
        record_allowed(
            actor, decision, AFTERCARE_HANDLE, person_id, AFTERCARE_DATA_KINDS, LogAction.CHANGE
        )
    emit("aftercare.checkin_recorded", checkin_id=checkin.pk)
    return checkin


def acknowledge_alert(
    actor: Actor, kind: str, object_id: int, track_id: int
) -> AlertAcknowledgement:
    """Mark an alert in the actor's own inbox as seen (once; a repeat changes nothing)."""
    if not alert_in_inbox(actor, kind, object_id, track_id):
        raise ValidationError(
            {"alert": _("Signalering: deze signalering staat niet in uw overzicht.")}
        )
    with transaction.atomic():
        ack, _created = AlertAcknowledgement.objects.get_or_create(
            user=actor.user, kind=kind, object_id=object_id, track_id=track_id
        )
        person_id = AftercareTrack.objects.values_list("person_id", flat=True).get(pk=track_id)
        decision = decide(actor, Action.CHANGE, person_id, kind=DataKind.AFTERCARE)
        if decision.allowed:
            record_allowed(
                actor,
                decision,
                AFTERCARE_HANDLE,
                person_id,
                ("signalering nazorg",),
                LogAction.CHANGE,
            )
        else:
            # The alert stands in the actor's own inbox (checked above): the aftercare purpose.
            record_processing(
                actor,
                LogAction.CHANGE,
                AFTERCARE_HANDLE,
                person_id,
                ("signalering nazorg",),
                Purpose.NAZORG,
            )
    return ack


def plan_checkin(actor: Actor, track_id: int, due_on: datetime.date) -> CheckIn:
    """Plan an extra check-in on a running track (after a red light, or when the resident
    asks), next to the ones the schedule planned."""
    person_id = AftercareTrack.objects.values_list("person_id", flat=True).get(pk=track_id)
    decision = _may(actor, person_id)
    if due_on < dates.today():
        raise ValidationError(
            {"due_on": _("Datum contactmoment: deze datum ligt in het verleden.")}
        )
    with transaction.atomic():
        track = AftercareTrack.objects.select_for_update().get(pk=track_id)
        if track.ended_on is not None:
            raise ValidationError({"due_on": _("Datum contactmoment: dit traject is beëindigd.")})
        if track.checkins.filter(due_on=due_on, done_on__isnull=True).exists():
            raise ValidationError(
                {"due_on": _("Datum contactmoment: op deze datum staat al een contactmoment.")}
            )
        checkin = CheckIn.objects.create(
            external_id=f"{track.external_id}-X{uuid.uuid4().hex[:6].upper()}",
            track=track,
            due_on=due_on,
        )
        record_allowed(
            actor, decision, AFTERCARE_HANDLE, person_id, ("contactmomenten",), LogAction.CHANGE
        )
    emit("aftercare.checkin_planned", checkin_id=checkin.pk)
    return checkin


def end_track(actor: Actor, track_id: int, ended_on: datetime.date, reason: str) -> AftercareTrack:
    """End a running track with a reason; the check-ins it planned after the end go."""
    person_id = AftercareTrack.objects.values_list("person_id", flat=True).get(pk=track_id)
    decision = _may(actor, person_id)
    errors: dict[str, str] = {}
    if reason not in EndReason.values:
        errors["end_reason"] = _("Reden van beëindiging: kies waarom het traject eindigt.")
    if ended_on > dates.today():
        errors["ended_on"] = _("Beëindigd op: deze datum ligt in de toekomst.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        track = AftercareTrack.objects.select_for_update().get(pk=track_id)
        if track.ended_on is not None:
            raise ValidationError({"ended_on": _("Beëindigd op: dit traject is al beëindigd.")})
        if ended_on < track.started_on:
            raise ValidationError(
                {"ended_on": _("Beëindigd op: niet vóór de start van het traject.")}
            )
        track.ended_on = ended_on
        track.end_reason = reason
        track.save(update_fields=["ended_on", "end_reason"])
        track.checkins.filter(done_on__isnull=True, due_on__gt=ended_on).delete()
        record_allowed(
            actor, decision, AFTERCARE_HANDLE, person_id, AFTERCARE_DATA_KINDS, LogAction.CHANGE
        )
    emit("aftercare.track_ended", track_id=track.pk, reason=reason)
    return track


def acknowledge_alerts(actor: Actor, keys: list[AlertKey]) -> int:
    """Mark a selection of alerts in the actor's own inbox as seen, in one go: every one must
    stand in the inbox (or nothing is stored); one log row per person. The number newly seen."""
    wanted = set(keys)
    if not wanted:
        raise ValidationError({"alerts": _("Signaleringen: kies ten minste één signalering.")})
    found = alerts_in_inbox(actor, wanted)
    if found != wanted:
        raise ValidationError(
            {"alerts": _("Signaleringen: niet elke gekozen signalering staat in uw overzicht.")}
        )
    with transaction.atomic():
        before = AlertAcknowledgement.objects.filter(user=actor.user).count()
        AlertAcknowledgement.objects.bulk_create(
            [
                AlertAcknowledgement(
                    user=actor.user, kind=kind, object_id=object_id, track_id=track_id
                )
                for kind, object_id, track_id in sorted(wanted)
            ],
            ignore_conflicts=True,
        )
        added = AlertAcknowledgement.objects.filter(user=actor.user).count() - before
        person_of = dict(
            AftercareTrack.objects.filter(pk__in={t for _k, _o, t in wanted}).values_list(
                "pk", "person_id"
            )
        )
        persons = set(person_of.values())
        decisions = decide_many(actor, Action.CHANGE, persons, kind=DataKind.AFTERCARE)
        allowed = {pid: d for pid, d in decisions.items() if d.allowed}
        record_reads(
            actor, allowed, AFTERCARE_HANDLE, ("signalering nazorg",), action=LogAction.CHANGE
        )
        for person_id in sorted(persons - set(allowed)):
            # The alert stands in the actor's own inbox (checked above): the aftercare purpose.
            record_processing(
                actor,
                LogAction.CHANGE,
                AFTERCARE_HANDLE,
                person_id,
                ("signalering nazorg",),
                Purpose.NAZORG,
            )
    return added
