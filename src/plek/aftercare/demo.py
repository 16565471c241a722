"""Demo enrichment: the demo coach follows the running aftercare tracks, and a few people who
moved into a home lately have a plan led by demo-regisseur but no aftercare yet.

The imported check-ins already hold red lights and missed moments, so the coach's alert inbox
fills itself from those facts; nothing about alerts is stored. The recent movers are the case
lead's proposals: start aftercare now, while the move is fresh.
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from plek.accounts.models import Membership, User
from plek.aftercare.models import AftercareTrack
from plek.housing.choices import HOUSING_DESTINATIONS
from plek.housing.models import Stay
from plek.people.models import Household, HouseholdMember, HouseholdRole
from plek.plans.models import CaseLeadAssignment, Plan

RECENT_MOVERS = 4
DAY = datetime.timedelta(days=1)


def enrich(rng: random.Random) -> None:
    coach = User.objects.filter(username="demo-waakvlam").first()
    if coach is None:
        return
    running = AftercareTrack.objects.filter(ended_on__isnull=True, coach__isnull=True)
    ids = [pk for pk in running.values_list("pk", flat=True) if rng.random() < 0.6]
    AftercareTrack.objects.filter(pk__in=ids).update(coach=coach)
    _recent_movers()


def _recent_movers() -> None:
    """A plan led by demo-regisseur for people who left a facility for a home in the proposal
    window and have no aftercare track since: the regisseur's proposals. No random draws."""
    lead = Membership.objects.filter(user__username="demo-regisseur").select_related("team").first()
    if lead is None:
        return
    today = timezone.localdate()
    since = today - datetime.timedelta(days=int(settings.AFTERCARE_PROPOSAL_DAYS))
    tracked = AftercareTrack.objects.filter(
        Q(person_id=OuterRef("person_id"), ended_on__isnull=True)
        | Q(person_id=OuterRef("person_id"), started_on__gte=OuterRef("end_date"))
    )
    with_plan = Plan.objects.filter(person_id=OuterRef("person_id"), ended_on__isnull=True)
    stays = (
        Stay.objects.filter(
            end_date__gte=since, end_date__lte=today, exit_destination__in=HOUSING_DESTINATIONS
        )
        .exclude(Exists(tracked))
        .exclude(Exists(with_plan))
        .select_related("person")
        .order_by("-end_date", "external_id")[:RECENT_MOVERS]
    )
    for stay in stays:
        assert stay.end_date is not None
        # The plan began during the stay, to prepare the move.
        started = max(stay.start_date, stay.end_date - 60 * DAY)
        household = Household.objects.create(name=stay.person.family_name)
        HouseholdMember.objects.create(
            household=household,
            person_id=stay.person_id,
            role=HouseholdRole.AANVRAGER,
            start_date=started,
        )
        plan = Plan.objects.create(
            external_id=f"demo-plan-{stay.external_id}",
            person_id=stay.person_id,
            started_on=started,
            review_on=started + 182 * DAY,
            household=household,
            team_id=lead.team_id,
        )
        CaseLeadAssignment.objects.create(
            plan=plan,
            user_id=lead.user_id,
            team_id=lead.team_id,
            started_at=timezone.make_aware(datetime.datetime.combine(started, datetime.time(9))),
        )
