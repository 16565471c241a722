"""Two consultants confirm the same preview at once (PostgreSQL, real connections): no unit is
proposed twice, and the one who came second sees the new situation, not an error."""

from __future__ import annotations

import pytest
from django.db import connection

from plek.accounts.context import Actor
from plek.housing.models import Proposal
from plek.housing.services import proposals as proposal_services
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from tests.housing.helpers import TODAY, entry, facility
from tests.housing.test_concurrency import _run

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: real concurrent connections and row locks")


@pytest.mark.parametrize("consultants", [2, 10])
def test_consultants_confirming_the_same_preview_at_once_propose_each_unit_once(
    consultants: int,
) -> None:
    facility(units=3)
    for priority in ("spoed", "hoog", "normaal", "normaal", "normaal"):
        entry(PersonFactory(), priority=priority)
    organisation = OrganisationFactory(kind="sociale_dienst")
    actors = [
        Actor(m.user, m)
        for m in (
            MembershipFactory(role="toegang", organisation=organisation) for _ in range(consultants)
        )
    ]
    planned = proposal_services.plan_proposals(actors[0], TODAY)
    pairs = [p.pair for p in planned]
    assert len(pairs) == 3
    done, errors = _run(
        [lambda a=a: proposal_services.confirm_proposals(a, pairs, TODAY) for a in actors]
    )
    assert done == 1
    assert len(errors) == consultants - 1
    assert all(isinstance(e, proposal_services.StalePreview) for e in errors), errors
    units = list(Proposal.objects.values_list("unit_id", flat=True))
    assert len(units) == len(set(units)) == 3
