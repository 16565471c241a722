"""The demo fills the outreach and inzage worklists with recent work, relative to today."""

from __future__ import annotations

import random

import pytest

from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.demo.region import load_demo_region
from plek.inzage import demo as inzage_demo
from plek.inzage import selectors as inzage_selectors
from plek.outreach import demo as outreach_demo
from plek.outreach import selectors
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def actor(username: str) -> Actor:
    membership = Membership.objects.select_related("user").get(user__username=username)
    return Actor(user=membership.user, membership=membership, request_id="demo-test")


def test_every_outreach_and_inzage_worklist_has_work_with_overdue_items() -> None:
    load_demo_region()
    PersonFactory.create_batch(12)
    outreach_demo.enrich(random.Random(1))
    inzage_demo.enrich(random.Random(1))

    week = selectors.week_contacts_worklist(actor("demo-veldwerk"))
    assert len(week) == 8
    unanswered = selectors.unanswered_referrals_worklist(actor("demo-veldwerk"))
    assert len(unanswered) == 6
    assert [item.overdue for item in unanswered] == [True] * 3 + [False] * 3
    team = selectors.team_referrals_worklist(actor("demo-wijkteam"))
    assert len(team) == 6 and team[0].overdue

    requests = inzage_selectors.request_worklist(actor("demo-privacy"))
    assert len(requests) == 4
    assert requests[0].overdue and not any(item.overdue for item in requests[1:])
