"""Demo: an integrated intake for households whose members have ZRM assessments.

Runs after ``plek.people.demo`` (which makes households); deterministic through ``rng``.
"""

from __future__ import annotations

import random

from django.db.models import Min

from plek.accounts.models import Membership
from plek.intake.models import Assessment, Intake, IntakeNarrative
from plek.people.models import HouseholdMember

INTAKE_SHARE = 0.6
QUESTIONS = (
    "Weer grip krijgen op de rekeningen en rust in huis.",
    "Een eigen plek vinden waar de kinderen kunnen blijven.",
    "Niet opnieuw op straat belanden na de opvang.",
    "Dagbesteding en contact met familie herstellen.",
)


def enrich(rng: random.Random) -> None:
    wijkteam = (
        Membership.objects.filter(user__username="demo-wijkteam").select_related("team").first()
    )
    first_assessed = dict(
        Assessment.objects.values("person_id")
        .annotate(first=Min("assessed_on"))
        .values_list("person_id", "first")
    )
    seen: set[int] = set()
    for member in HouseholdMember.objects.filter(person_id__in=list(first_assessed)).order_by(
        "household_id", "id"
    ):
        if member.household_id in seen or rng.random() > INTAKE_SHARE:
            continue
        seen.add(member.household_id)
        started = first_assessed[member.person_id]
        intake = Intake.objects.create(
            household_id=member.household_id,
            person_id=member.person_id,
            started_on=started,
            completed_on=started,
            question_behind_question=rng.choice(QUESTIONS),
            started_by=wijkteam.user if wijkteam else None,
            team=wijkteam.team if wijkteam else None,
        )
        IntakeNarrative.objects.create(
            intake=intake, domain="financien", text="Er zijn achterstanden bij de verhuurder."
        )
        Assessment.objects.filter(person_id=member.person_id, assessed_on=started).update(
            intake=intake
        )
