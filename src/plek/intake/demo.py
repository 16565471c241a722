"""Demo: an integrated intake for households whose members have ZRM assessments, and intakes
still running for other households (the wijkteam's "Intakes in behandeling").

The running intakes started between a few days and ten weeks ago, so some are past the
completion term (``INTAKE_COMPLETE_DAYS``); about half already have a ZRM scored. Runs after
``plek.people.demo`` (which makes households); deterministic through ``rng``.
"""

from __future__ import annotations

import datetime
import random
import uuid

from django.db.models import Min

from plek.accounts.models import Membership
from plek.core import dates
from plek.intake.models import Assessment, AssessmentScore, Intake, IntakeNarrative
from plek.intake.zrm import DOMAINS
from plek.people.models import HouseholdMember

INTAKE_SHARE = 0.6
RUNNING = 12
# A running intake: the question behind the question and what the household told so far.
RUNNING_STORIES = (
    (
        "De huur is drie maanden niet betaald; de verhuurder dreigt met ontruiming.",
        {
            "financien": "Huurachterstand van drie maanden, brieven van de deurwaarder.",
            "huisvesting": "Wil graag in de woning blijven; de kinderen gaan hier naar school.",
        },
    ),
    (
        "Na de scheiding lukt het niet om alles alleen te regelen.",
        {
            "huiselijke_relaties": "Recent gescheiden; contact met de ex-partner is moeizaam.",
            "financien": "Inkomen is gehalveerd, toeslagen nog niet aangepast.",
        },
    ),
    (
        "Uit de opvang en bang om opnieuw op straat te belanden.",
        {
            "huisvesting": "Slaapt tijdelijk bij een vriend; geen eigen adres.",
            "tijdsbesteding": "Wil graag weer werken, eerder in de groenvoorziening.",
        },
    ),
    (
        "Zorgen over een zoon die niet meer naar school gaat.",
        {
            "werk_opleiding": "Zoon van vijftien is al weken niet op school geweest.",
            "geestelijke_gezondheid": "Moeder slaapt slecht en piekert veel.",
        },
    ),
)
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
    _running_intakes(rng, wijkteam, seen)


def _running_intakes(rng: random.Random, wijkteam: Membership | None, seen: set[int]) -> None:
    """Intakes in progress, started by demo-wijkteam in the last ten weeks."""
    if wijkteam is None:
        return
    today = dates.today()
    taken = set(
        Intake.objects.filter(completed_on__isnull=True).values_list("household_id", flat=True)
    )
    made = 0
    members = HouseholdMember.objects.filter(end_date__isnull=True).order_by("household_id", "id")
    for member in members.iterator():
        if made >= RUNNING:
            break
        if member.household_id in seen or member.household_id in taken:
            continue
        if member.start_date > today - datetime.timedelta(days=75):
            continue
        seen.add(member.household_id)
        question, narratives = RUNNING_STORIES[made % len(RUNNING_STORIES)]
        started = today - datetime.timedelta(days=rng.randint(3, 70))
        intake = Intake.objects.create(
            household_id=member.household_id,
            person_id=member.person_id,
            started_on=started,
            question_behind_question=question,
            started_by=wijkteam.user,
            team=wijkteam.team,
        )
        IntakeNarrative.objects.bulk_create(
            IntakeNarrative(intake=intake, domain=domain, text=text)
            for domain, text in narratives.items()
        )
        if made % 2 == 0:
            scored = min(today, started + datetime.timedelta(days=rng.randint(1, 14)))
            assessment = Assessment.objects.create(
                external_id=f"demo-{uuid.UUID(int=rng.getrandbits(128)).hex}",
                person_id=member.person_id,
                assessed_on=scored,
                intake=intake,
                assessor=wijkteam.user,
            )
            AssessmentScore.objects.bulk_create(
                AssessmentScore(assessment=assessment, domain=d, score=rng.randint(1, 4))
                for d in DOMAINS
            )
        made += 1
