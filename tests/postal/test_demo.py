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


def test_demo_plans_coming_checkins_catches_up_old_ones_and_reviews_running_addresses() -> None:
    from plek.accounts.roles import Role
    from plek.aftercare.models import CheckIn
    from plek.core.dates import today
    from plek.postal.models import Review
    from plek.postal.rules import next_review
    from tests.factories import MembershipFactory

    now = today()
    team = TeamFactory(name="MDT briefadressen")
    MembershipFactory(role=Role.BRIEFADRES, team=team)
    running = [
        PostalApplication.objects.create(
            external_id=f"pa-run-{n}",
            person=PersonFactory(),
            applied_on=now - datetime.timedelta(days=400),
            decided_on=now - datetime.timedelta(days=380),
            decision="toegekend",
        )
        for n in range(40)
    ]
    UserFactory(username="demo-waakvlam")
    track = AftercareTrack.objects.create(
        external_id="t-demo", person=PersonFactory(), started_on=now - datetime.timedelta(days=300)
    )
    old = CheckIn.objects.create(
        external_id="c-old", track=track, due_on=now - datetime.timedelta(days=200)
    )
    recent = CheckIn.objects.create(
        external_id="c-recent", track=track, due_on=now - datetime.timedelta(days=10)
    )
    postal_demo.enrich(random.Random(1))
    aftercare_demo.enrich(random.Random(1))

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.done_on is not None and (old.done_on - old.due_on).days > 7
    assert recent.done_on is None  # recently missed: stays open and raises its alert
    assert CheckIn.objects.filter(track=track, due_on__gt=now, done_on__isnull=True).exists()
    dues = []
    for application in running:
        last = Review.objects.filter(application=application).order_by("-reviewed_on").first()
        assert last is not None and last.reviewed_on <= now
        assert application.decided_on is not None
        dues.append(next_review(application.decided_on, last.reviewed_on))
    assert any(due < now for due in dues)  # some overdue
    assert any(now <= due <= now + datetime.timedelta(days=14) for due in dues)  # some soon
    assert sum(due > now + datetime.timedelta(days=14) for due in dues) > len(dues) / 2
