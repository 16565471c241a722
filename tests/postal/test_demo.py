from __future__ import annotations

import datetime
import random

import pytest

from plek.aftercare import demo as aftercare_demo
from plek.aftercare.models import AftercareTrack
from plek.postal import demo as postal_demo
from plek.postal.models import AccessCriterion, PostalApplication, PostalGiver
from tests.factories import PersonFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_enrichment_adds_givers_criteria_team_work_and_coaches() -> None:
    TeamFactory(name="MDT briefadressen")
    open_application = PostalApplication.objects.create(
        external_id="pa-demo", person=PersonFactory(), applied_on=datetime.date(2026, 1, 1)
    )
    coach = UserFactory(username="demo-waakvlam")
    tracks = [
        AftercareTrack.objects.create(
            external_id=f"t-{n}", person=PersonFactory(), started_on=datetime.date(2025, 6, 1)
        )
        for n in range(10)
    ]
    postal_demo.enrich(random.Random(1))
    aftercare_demo.enrich(random.Random(1))
    postal_demo.enrich(random.Random(1))  # idempotent
    assert PostalGiver.objects.count() == 3 and AccessCriterion.objects.count() == 4
    open_application.refresh_from_db()
    assert open_application.team is not None and open_application.giver_consent
    assert AftercareTrack.objects.filter(pk__in=[t.pk for t in tracks], coach=coach).exists()
