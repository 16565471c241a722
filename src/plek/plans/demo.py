"""Demo enrichment: household plans with goals, actions, reviews and evaluations.

Some plans are led by demo-regisseur, others by demo-wijkteam; a few wait for a hand-over (a
heavy case up to demo-regisseur, a stable one back to demo-wijkteam). Each goal gets the actions
that belong to it, dated relative to today: the first done, one or two past their target date
(the regisseur's "Acties over hun streefdatum"), the next still to come. Reviews run every six
months from the start, so some are overdue or due soon; the last review that passed left an
evaluation per goal. Deterministic through ``rng``.
"""

from __future__ import annotations

import datetime
import random

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from plek.accounts.models import Membership, Organisation, User
from plek.core import dates
from plek.people.models import Household, HouseholdMember, HouseholdRole
from plek.plans.models import (
    CaseLeadAssignment,
    Evaluation,
    Goal,
    HandOver,
    Plan,
    PlanAction,
    Progress,
)

LINK_SHARE = 0.6
REVIEW_MONTHS = 6
HAND_OVER_NOTES = {
    "up": "Graag overnemen: meerdere leefgebieden en een zware casus.",
    "down": "Het gaat stabiel; lichte ondersteuning vanuit het wijkteam is nu genoeg.",
}
# A goal in the resident's words, with its actions in the order they are done.
GOALS = (
    (
        "financien",
        "Ik wil mijn huur weer elke maand zelf betalen.",
        (
            "Budgetplan opstellen met de budgetcoach",
            "Aanmelden bij de schuldhulpverlening",
            "Betalingsregeling met de verhuurder afspreken",
        ),
    ),
    (
        "huisvesting",
        "Ik wil een eigen woning met een voordeur die ik zelf dichtdoe.",
        (
            "Inschrijven als woningzoekende",
            "Urgentieaanvraag indienen",
            "Bezichtiging samen voorbereiden",
        ),
    ),
    (
        "sociaal_netwerk",
        "Ik wil weer contact met mijn zus.",
        (
            "Samen een brief aan de zus schrijven",
            "Eerste afspraak met de zus begeleiden",
        ),
    ),
    (
        "tijdsbesteding",
        "Ik wil twee dagen per week iets doen waar ik trots op ben.",
        (
            "Kennismaken met het buurtwerk",
            "Proefdag bij de dagbesteding",
            "Vaste dagen afspreken bij de dagbesteding",
        ),
    ),
    (
        "geestelijke_gezondheid",
        "Ik wil beter slapen en minder piekeren.",
        (
            "Afspraak bij de huisarts over slapen",
            "Aanmelden bij de POH-GGZ",
        ),
    ),
)


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
            household = Household.objects.create(name=plan.person.family_name)
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
        previous_review = _review_cycle(plan, today, rng)
        for domain, words, actions in rng.sample(GOALS, rng.randint(1, 3)):
            goal = Goal.objects.create(plan=plan, domain=domain, own_words=words)
            if organisations:
                _actions(goal, actions, plan.started_on, today, organisations, rng)
            if previous_review is not None:
                _last_evaluation(goal, previous_review, lead.user_id, rng)
        # Hand-overs both ways (at least one each): a heavy case up to the regisseur, a stable
        # one back down to the wijkteam.
        direction = "up" if lead == wijkteam else "down"
        if rng.random() < 0.04 or direction not in handed:
            handed.add(direction)
            HandOver.objects.create(
                plan=plan,
                from_user_id=lead.user_id,
                to_membership=regisseur if direction == "up" else wijkteam,
                note=HAND_OVER_NOTES[direction],
                requested_at=timezone.now() - datetime.timedelta(days=rng.randint(0, 6)),
            )
    _lead_the_rest(regisseur, wijkteam, rng)


# Colleagues in the story who lead the other running plans (no demo login: unusable password),
# so every running plan has exactly one case lead, as in practice, without giving the two demo
# logins a caseload of hundreds.
COLLEAGUE_LEADS = (
    ("f.yilmaz", "Fatma", "Yilmaz"),
    ("t.bakker", "Thijs", "Bakker"),
    ("i.verhoef", "Ilse", "Verhoef"),
    ("m.bouali", "Mohamed", "Bouali"),
    ("r.dekker", "Ria", "Dekker"),
    ("s.jansen", "Sem", "Jansen"),
)


def _colleague_leads(regisseur: Membership, wijkteam: Membership) -> list[Membership]:
    leads = []
    for index, (username, first, last) in enumerate(COLLEAGUE_LEADS):
        template = regisseur if index % 2 else wijkteam
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@plek.example"},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        membership, _ = Membership.objects.get_or_create(
            user=user,
            organisation_id=template.organisation_id,
            role=template.role,
            defaults={"team_id": template.team_id, "start_date": template.start_date},
        )
        leads.append(membership)
    return leads


def _lead_the_rest(regisseur: Membership, wijkteam: Membership, rng: random.Random) -> None:
    """Every running plan still without a case lead gets one of the colleagues."""
    leads = _colleague_leads(regisseur, wijkteam)
    unled = list(
        Plan.objects.filter(ended_on__isnull=True)
        .filter(~Exists(CaseLeadAssignment.objects.filter(plan=OuterRef("pk"), ended_at=None)))
        .order_by("pk")
        .values_list("pk", "started_on")
    )
    rows = []
    for pk, started_on in unled:
        lead = rng.choice(leads)
        started = timezone.make_aware(datetime.datetime.combine(started_on, datetime.time(9)))
        rows.append(
            CaseLeadAssignment(
                plan_id=pk, user_id=lead.user_id, team_id=lead.team_id, started_at=started
            )
        )
    CaseLeadAssignment.objects.bulk_create(rows)
    for lead in leads:  # the plan sits with its lead's team
        led = [row.plan_id for row in rows if row.user_id == lead.user_id]
        Plan.objects.filter(pk__in=led).update(team_id=lead.team_id)


def _review_cycle(plan: Plan, today: datetime.date, rng: random.Random) -> datetime.date | None:
    """Reviews every six months from the start: the next one is the first after today, or (for
    a fifth of the plans) after a day up to two weeks back, so a few reviews are overdue and
    others due soon. Returns the review before it (None for a plan in its first period)."""
    late = rng.choice([2, 6, 13]) if rng.random() < 0.2 else 0
    horizon = today - datetime.timedelta(days=late)
    number = 1
    while dates.add_months(plan.started_on, REVIEW_MONTHS * number) <= horizon:
        number += 1
    plan.review_on = dates.add_months(plan.started_on, REVIEW_MONTHS * number)
    plan.save(update_fields=["review_on"])
    if number == 1:
        return None
    return dates.add_months(plan.started_on, REVIEW_MONTHS * (number - 1))


def _actions(
    goal: Goal,
    descriptions: tuple[str, ...],
    started_on: datetime.date,
    today: datetime.date,
    organisations: list[Organisation],
    rng: random.Random,
) -> None:
    """The goal's actions: the first done, the next past its target date (in about a third of
    the goals) or still to come, the rest later."""
    overdue = rng.random() < 0.3
    rows = []
    for index, description in enumerate(descriptions):
        if index == 0:
            target = max(started_on, today - datetime.timedelta(days=rng.randint(60, 120)))
            done = min(today, target + datetime.timedelta(days=rng.randint(0, 10)))
        elif index == 1 and overdue:
            target = max(started_on, today - datetime.timedelta(days=rng.randint(2, 30)))
            done = None
        else:
            target = today + datetime.timedelta(days=rng.randint(10, 50) * index)
            done = None
        rows.append(
            PlanAction(
                goal=goal,
                description=description,
                organisation=rng.choice(organisations),
                target_date=target,
                done_on=done,
            )
        )
    PlanAction.objects.bulk_create(rows)


def _last_evaluation(
    goal: Goal, previous: datetime.date, author_id: int, rng: random.Random
) -> None:
    """The review before the current one left an evaluation of the goal."""
    Evaluation.objects.create(
        goal=goal,
        evaluated_on=previous,
        progress=rng.choice([Progress.NONE, Progress.SOME, Progress.SOME]),
        note="Besproken aan de keukentafel; de volgende stap staat in de acties.",
        author_id=author_id,
    )
