"""Demo enrichment: the demo coach follows the running aftercare tracks, with their coming
check-ins, and has already seen some of the older alerts.

The imported check-ins already hold red lights and missed moments, so the coach's alert inbox
fills itself from those facts; only the acknowledgements ("gezien") are stored. plek-csv carries
the check-ins up to the day of the export, so the ones still to come are planned here from the
schedule, relative to today.
"""

from __future__ import annotations

import datetime
import random

from django.db.models import Exists, Max, OuterRef

from plek.accounts.models import User
from plek.aftercare.caselead import persons_led_by
from plek.aftercare.models import AftercareTrack, AlertAcknowledgement, CheckIn, Light
from plek.aftercare.schedule import due_dates
from plek.aftercare.selectors import active_on, alerts_of
from plek.core import dates

# Alerts older than this are marked seen by the demo coach for part of them.
SEEN_AFTER_DAYS = 30
# An imported check-in still open this long after its date was caught up with, late.
CAUGHT_UP_AFTER_DAYS = 42
# The demo case lead's newest tracks that are left unstarted, so "proposed tracks" has work.
PROPOSED_FOR_CASE_LEAD = 2


def _catch_up_old_checkins(rng: random.Random, today: datetime.date) -> None:
    """A coach does not leave a check-in open for a year: the imported ones missed long ago
    were done late (more than 7 days, so the monitor's "within 7 days" share stays the same).
    The recently missed ones stay open and raise their alert."""
    old = CheckIn.objects.filter(
        done_on__isnull=True, due_on__lt=today - datetime.timedelta(days=CAUGHT_UP_AFTER_DAYS)
    )
    caught_up = []
    for checkin in old.order_by("id"):
        checkin.done_on = checkin.due_on + datetime.timedelta(days=rng.randint(8, 21))
        checkin.light = rng.choices([Light.GROEN, Light.ORANJE], (3, 1))[0]
        caught_up.append(checkin)
    CheckIn.objects.bulk_update(caught_up, ["done_on", "light"])


def _leave_proposals(today: datetime.date) -> None:
    """The demo case lead has not yet started aftercare for the newest exits to a home: those
    imported tracks (no check-in done yet) go, and the exits show as proposals."""
    lead = User.objects.filter(username="demo-regisseur").first()
    if lead is None:
        return
    done = CheckIn.objects.filter(track_id=OuterRef("pk"), done_on__isnull=False)
    newest = (
        AftercareTrack.objects.filter(
            person_id__in=persons_led_by(lead.pk),
            ended_on__isnull=True,
            started_on__gte=today - datetime.timedelta(days=45),
        )
        .exclude(Exists(done))
        .order_by("-started_on", "-id")
        .values_list("pk", flat=True)[:PROPOSED_FOR_CASE_LEAD]
    )
    AftercareTrack.objects.filter(pk__in=list(newest)).delete()


def _plan_coming_checkins(tracks: list[AftercareTrack], today: datetime.date) -> None:
    """Every running track gets the check-ins its schedule still has after the last imported
    one (the import stops at the day of the export)."""
    last = dict(
        CheckIn.objects.filter(track__in=tracks)
        .values("track_id")
        .annotate(last=Max("due_on"))
        .values_list("track_id", "last")
    )
    CheckIn.objects.bulk_create(
        CheckIn(external_id=f"{track.external_id}-p{n:02d}", track=track, due_on=due)
        for track in tracks
        for n, due in enumerate(due_dates(track.started_on), start=1)
        if due > max(last.get(track.pk) or track.started_on, today - datetime.timedelta(days=1))
    )


def enrich(rng: random.Random) -> None:
    today = dates.today()
    # Its own generator, so the apps enriched after this one get the same draws as before.
    own = random.Random("plek-demo-aftercare")  # noqa: S311 - synthetic demo data
    _catch_up_old_checkins(own, today)
    _leave_proposals(today)
    running = list(AftercareTrack.objects.filter(active_on(today), ended_on__isnull=True))
    _plan_coming_checkins(running, today)
    coach = User.objects.filter(username="demo-waakvlam").first()
    if coach is None:
        return
    unassigned = [t.pk for t in running if t.coach_id is None]
    ids = [pk for pk in unassigned if rng.random() < 0.6]
    AftercareTrack.objects.filter(pk__in=ids).update(coach=coach)
    # The coach has looked at part of the older alerts already: the inbox shows both. Its own
    # generator, so the apps enriched after this one get the same draws as before.
    seen = random.Random("plek-demo-aftercare-seen")  # noqa: S311 - synthetic demo data
    coached = AftercareTrack.objects.filter(pk__in=ids)
    old = today - datetime.timedelta(days=SEEN_AFTER_DAYS)
    AlertAcknowledgement.objects.bulk_create(
        [
            AlertAcknowledgement(
                user=coach, kind=alert.kind, object_id=alert.object_id, track=alert.track
            )
            for alert in alerts_of(coached, today, coach.pk)
            if alert.day < old and seen.random() < 0.5
        ],
        ignore_conflicts=True,
    )
