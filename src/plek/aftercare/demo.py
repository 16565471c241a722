"""Demo enrichment: the demo coach follows the running aftercare tracks.

The imported check-ins already hold red lights and missed moments, so the coach's alert inbox
fills itself from those facts; nothing about alerts is stored.
"""

from __future__ import annotations

import random

from plek.accounts.models import User
from plek.aftercare.models import AftercareTrack


def enrich(rng: random.Random) -> None:
    coach = User.objects.filter(username="demo-waakvlam").first()
    if coach is None:
        return
    running = AftercareTrack.objects.filter(ended_on__isnull=True, coach__isnull=True)
    ids = [pk for pk in running.values_list("pk", flat=True) if rng.random() < 0.6]
    AftercareTrack.objects.filter(pk__in=ids).update(coach=coach)
