"""The demo: carers, volunteers, requests, matches, buddies and circles, a coordinator to log in."""

from __future__ import annotations

import datetime
import random

import pytest
from django.test import Client
from django.urls import reverse

from plek.accounts.models import Membership
from plek.accounts.roles import Role
from plek.aftercare.models import AftercareTrack
from plek.core.dates import today as plek_today
from plek.demo.region import load_demo_region
from plek.informal import demo, figures
from plek.informal.models import Carer, Circle, CircleQuota, HelpRequest, Match, Volunteer
from tests.conftest import login_fully
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_enrichment_fills_informal_care_without_touching_the_chains_random() -> None:
    load_demo_region()
    coach = UserFactory(username="demo-coach-informal")
    for n in range(3):
        AftercareTrack.objects.create(
            external_id=f"nz-demo-{n}",
            person=PersonFactory(),
            started_on=datetime.date(2025, 6, 1),
            coach=coach,
        )
    rng = random.Random(5)
    state = rng.getstate()
    demo.enrich(rng)
    assert rng.getstate() == state  # the chain's generator is not drawn from
    counts = (Carer.objects.count(), Volunteer.objects.count(), HelpRequest.objects.count())
    demo.enrich(random.Random(5))  # runs once
    assert counts == (Carer.objects.count(), Volunteer.objects.count(), HelpRequest.objects.count())
    assert counts[0] == demo.CARERS and counts[1] == demo.VOLUNTEERS
    assert Match.objects.filter(request__aftercare_track__isnull=False).count() == 3
    for quota in CircleQuota.objects.all():
        assert Circle.objects.filter(municipality=quota.municipality).count() <= quota.max_circles
    today = plek_today()
    year = figures.compute(None, today - datetime.timedelta(days=364), today)
    assert year["help_requests"] > 150 and year["matches_made"] > 100

    coordinator = Membership.objects.get(user__username="demo-vrijwilligers")
    assert coordinator.role == Role.VRIJWILLIGERS and coordinator.team is not None
    client = login_fully(Client(), coordinator)
    home = client.get("/").content.decode()
    assert "Vrijwilligers en hulpvragen" in home and "Open hulpvragen" in home
    for name in ("informal:requests", "informal:volunteers", "informal:circles"):
        assert client.get(reverse(name)).status_code == 200
