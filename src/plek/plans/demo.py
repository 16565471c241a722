"""Demo: give a share of the imported plans a household, a case lead, goals and actions.

Some plans are led by demo-regisseur, others by demo-wijkteam; a few of the latter wait for
demo-regisseur to accept a hand-over. Deterministic through ``rng``.
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
GOALS = (
    ("financien", "Ik wil mijn huur weer elke maand zelf betalen."),
    ("huisvesting", "Ik wil een eigen woning met een voordeur die ik zelf dichtdoe."),
    ("sociaal_netwerk", "Ik wil weer contact met mijn zus."),
    ("tijdsbesteding", "Ik wil twee dagen per week iets doen waar ik trots op ben."),
    ("geestelijke_gezondheid", "Ik wil beter slapen en minder piekeren."),
)
ACTIONS = ("Budgetplan opstellen", "Aanmelden bij woningzoekende", "Kennismaken met buurtwerk")


def _membership(username: str) -> Membership | None:
    return Membership.objects.filter(user__username=username).select_related("team").first()


def enrich(rng: random.Random) -> None:
    regisseur, wijkteam = _membership("demo-regisseur"), _membership("demo-wijkteam")
    if regisseur is None or wijkteam is None:
        return
    organisations = list(Organisation.objects.order_by("external_id")[:6])
    today = timezone.localdate()
    taken: set[int] = set(
        Plan.objects.filter(household__isnull=False, ended_on__isnull=True).values_list(
            "household_id", flat=True
        )
    )
    plans = list(Plan.objects.filter(ended_on__isnull=True, household__isnull=True).order_by("pk"))
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
        for domain, words in rng.sample(GOALS, rng.randint(1, 3)):
            goal = Goal.objects.create(plan=plan, domain=domain, own_words=words)
            if organisations:
                PlanAction.objects.create(
                    goal=goal,
                    description=rng.choice(ACTIONS),
                    organisation=rng.choice(organisations),
                    target_date=plan.started_on + datetime.timedelta(days=rng.randint(30, 150)),
                )
        if lead == wijkteam and rng.random() < 0.15:
            HandOver.objects.create(
                plan=plan,
                from_user_id=wijkteam.user_id,
                to_membership=regisseur,
                note="Graag overnemen: meerdere leefgebieden en een zware casus.",
                requested_at=timezone.now() - datetime.timedelta(days=rng.randint(0, 6)),
            )
