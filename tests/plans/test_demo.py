from __future__ import annotations

import datetime
import random

import pytest

from plek.demo.region import load_demo_region
from plek.intake import demo as intake_demo
from plek.intake.models import Assessment
from plek.plans import demo as plans_demo
from plek.plans.models import CaseLeadAssignment, Goal, HandOver, Plan
from tests.factories import PersonFactory
from tests.plans.helpers import household_of

pytestmark = pytest.mark.django_db


def test_enrich_links_households_case_leads_goals_and_intakes() -> None:
    load_demo_region()
    for n in range(40):
        person = PersonFactory()
        household_of(person, name=f"Huishouden {n}")
        Plan.objects.create(
            external_id=f"p{n}", person=person, started_on=datetime.date(2025, 1, 1)
        )
        Assessment.objects.create(
            external_id=f"a{n}", person=person, assessed_on=datetime.date(2025, 1, 1)
        )
    intake_demo.enrich(random.Random(1))
    plans_demo.enrich(random.Random(1))

    linked = Plan.objects.filter(household__isnull=False)
    assert 10 < linked.count() < 40
    leads = set(
        CaseLeadAssignment.objects.filter(plan__in=linked)
        .values_list("user__username", flat=True)
        .distinct()
    )
    assert leads == {"demo-regisseur", "demo-wijkteam"}
    # Every running plan has exactly one current case lead: the rest sit with colleagues.
    running = Plan.objects.filter(ended_on__isnull=True)
    current = CaseLeadAssignment.objects.filter(plan__in=running, ended_at__isnull=True)
    assert current.count() == running.count()
    assert current.values("plan").distinct().count() == running.count()
    assert Goal.objects.filter(plan__in=linked).exists()
    assert HandOver.objects.filter(to_membership__user__username="demo-regisseur").exists()
    assert HandOver.objects.filter(to_membership__user__username="demo-wijkteam").exists()
    # Each goal comes with actions that serve it, by the organisation that does them.
    assert all(goal.actions.exists() for goal in Goal.objects.all())
    assert Assessment.objects.filter(intake__isnull=False).exists()
