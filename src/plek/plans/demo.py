"""Demo: give a share of the imported plans a household, a case lead, goals and actions.

Some plans are led by demo-regisseur, others by demo-wijkteam; a few wait for a hand-over (a
heavy case up to demo-regisseur, a stable one back to demo-wijkteam). Each goal comes with the
actions that serve it, most of those past their date done. Deterministic through ``rng``.
"""

from __future__ import annotations

import datetime
import random

from django.db.models import Q
from django.utils import timezone

from plek.accounts.models import Membership, Organisation
from plek.people.models import Household, HouseholdMember, HouseholdRole
from plek.plans.models import CaseLeadAssignment, Goal, HandOver, Plan, PlanAction

LINK_SHARE = 0.6
# A goal in the person's own words, with the actions that serve it and who does them (external id
# of the demo organisation): a goal and its actions belong together.
GOALS = (
    (
        "financien",
        "Ik wil mijn huur weer elke maand zelf betalen.",
        (
            ("Aanmelden bij schuldhulp: samen de schulden op een rij", "demo-sociale-dienst"),
            ("Betalingsregeling huurachterstand afspreken", "demo-woonstichting"),
            ("Vaste lasten automatisch laten afschrijven na de uitkering", "demo-sociale-dienst"),
        ),
    ),
    (
        "huisvesting",
        "Ik wil een eigen woning met een voordeur die ik zelf dichtdoe.",
        (
            ("Inschrijven als woningzoekende", "demo-woonstichting"),
            ("Aanvraag urgentieverklaring indienen", "demo-sociale-dienst"),
            ("Woontraining: zelf koken en schoonhouden oefenen", "demo-zorg-merwezicht"),
        ),
    ),
    (
        "sociaal_netwerk",
        "Ik wil weer contact met mijn zus.",
        (
            ("Samen een brief aan mijn zus schrijven", "demo-welzijn"),
            ("Netwerkberaad met familie en buren plannen", "demo-welzijn"),
        ),
    ),
    (
        "tijdsbesteding",
        "Ik wil twee dagen per week iets doen waar ik trots op ben.",
        (
            ("Kennismaken bij de vrijwilligerscentrale", "demo-welzijn"),
            ("Proefdag dagbesteding in de fietsenwerkplaats", "demo-zorg-merwezicht"),
        ),
    ),
    (
        "geestelijke_gezondheid",
        "Ik wil beter slapen en minder piekeren.",
        (
            ("Afspraak met de praktijkondersteuner GGZ van de huisarts", "demo-zorg-merwezicht"),
            ("Dagritme met vaste slaaptijden bijhouden met de begeleider", "demo-zorg-merwezicht"),
        ),
    ),
)
HAND_OVER_NOTES = {
    "up": "Graag overnemen: meerdere leefgebieden en een zware casus.",
    "down": "Het gaat stabiel; lichte ondersteuning vanuit het wijkteam is nu genoeg.",
}


def _membership(username: str) -> Membership | None:
    return Membership.objects.filter(user__username=username).select_related("team").first()


def enrich(rng: random.Random) -> None:
    regisseur, wijkteam = _membership("demo-regisseur"), _membership("demo-wijkteam")
    if regisseur is None or wijkteam is None:
        return
    organisations = {o.external_id: o for o in Organisation.objects.all()}
    today = timezone.localdate()
    taken: set[int] = set(
        Plan.objects.filter(household__isnull=False, ended_on__isnull=True).values_list(
            "household_id", flat=True
        )
    )
    plans = list(Plan.objects.filter(ended_on__isnull=True, household__isnull=True).order_by("pk"))
    handed: set[str] = set()
    for plan in plans:
        if rng.random() > LINK_SHARE:
            continue
        member = (
            HouseholdMember.objects.filter(person_id=plan.person_id, start_date__lte=today)
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
            .first()
        )
        if member is not None:
            household_id = member.household_id
        else:
            household = Household.objects.create(name=f"Huishouden {plan.person.family_name}")
            HouseholdMember.objects.create(
                household=household,
                person_id=plan.person_id,
                role=HouseholdRole.AANVRAGER,
                start_date=plan.started_on,
            )
            household_id = household.pk
        if household_id in taken:
            continue
        taken.add(household_id)
        lead = regisseur if rng.random() < 0.5 else wijkteam
        plan.household_id = household_id
        plan.team_id = lead.team_id
        plan.save(update_fields=["household", "team"])
        started = timezone.make_aware(datetime.datetime.combine(plan.started_on, datetime.time(9)))
        CaseLeadAssignment.objects.create(
            plan=plan, user_id=lead.user_id, team_id=lead.team_id, started_at=started
        )
        for domain, words, actions in rng.sample(GOALS, rng.randint(1, 3)):
            goal = Goal.objects.create(plan=plan, domain=domain, own_words=words)
            for description, external_id in actions[: rng.randint(1, len(actions))]:
                organisation = organisations.get(external_id)
                if organisation is None:
                    continue
                target = plan.started_on + datetime.timedelta(days=rng.randint(30, 150))
                # Most actions whose date has passed are done; the rest are over their date.
                done = target <= today and rng.random() < 0.6
                PlanAction.objects.create(
                    goal=goal,
                    description=description,
                    organisation=organisation,
                    target_date=target,
                    done_on=target - datetime.timedelta(days=rng.randint(0, 10)) if done else None,
                )
        # Hand-overs both ways (at least one each): a heavy case up to the regisseur, a stable
        # one back down to the wijkteam.
        up = lead == wijkteam
        direction = "up" if up else "down"
        if rng.random() < 0.15 or direction not in handed:
            handed.add(direction)
            HandOver.objects.create(
                plan=plan,
                from_user_id=lead.user_id,
                to_membership=regisseur if up else wijkteam,
                note=HAND_OVER_NOTES[direction],
                requested_at=timezone.now() - datetime.timedelta(days=rng.randint(0, 6)),
            )
