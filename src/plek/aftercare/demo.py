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

from django.db.models import Max

from plek.accounts.models import User
from plek.aftercare.models import AftercareTrack, AlertAcknowledgement, CheckIn
from plek.aftercare.schedule import due_dates
from plek.aftercare.selectors import active_on, alerts_of
from plek.core import dates

# Alerts older than this are marked seen by the demo coach for part of them.
SEEN_AFTER_DAYS = 30


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
