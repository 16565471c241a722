"""The people demo enrichment: households, addresses and relations, deterministic."""

from __future__ import annotations

import random

from plek.access.models import Relation
from plek.people.demo import enrich
from plek.people.models import HouseholdMember, Person
from tests.factories import MembershipFactory, PersonFactory, UserFactory


def test_enrich_adds_households_addresses_and_relations(db: None) -> None:
    PersonFactory.create_batch(40)
    MembershipFactory(role="wijkteam", user=UserFactory(username="demo-wijkteam"))
    MembershipFactory(role="beleid", user=UserFactory(username="demo-beleid"))
    enrich(random.Random(3))
    assert HouseholdMember.objects.exists()
    assert Person.objects.exclude(street="").exists()
    assert Relation.objects.filter(user__username="demo-wijkteam").count() >= 40
    assert not Relation.objects.filter(user__username="demo-beleid").exists()
