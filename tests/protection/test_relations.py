"""The protection relation sources through the one door: set-based, purpose per indication kind,
and each basis opening only its purpose's kinds."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plek.access.choices import Action, Purpose
from plek.access.kinds import DataKind
from plek.access.policy import decide, decide_many, visible_person_ids
from plek.access.relations import Moment
from plek.people.models import Person
from plek.protection.models import Indication
from plek.protection.relations import IndicationSource
from tests.factories import OrganisationFactory, PersonFactory
from tests.protection.helpers import consultant, indication, provider_staff

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2025, 11, 20, 12, 0, tzinfo=datetime.UTC)):
        yield


def _without_other_relations(made: Indication) -> None:
    from plek.access.models import Relation

    Relation.objects.filter(person_id=made.person_id).delete()


def test_grants_answer_for_many_persons_in_one_query_with_the_purpose_of_each_kind() -> None:
    toegang = consultant()
    shelter = indication(toegang, PersonFactory(), kind="opvangtraject")
    protected = indication(toegang, PersonFactory(), kind="beschermd_thuis")
    stranger = PersonFactory()
    for made in (shelter, protected):
        _without_other_relations(made)
    assert toegang.membership is not None
    ids = [shelter.person_id, protected.person_id, stranger.pk]
    with CaptureQueriesContext(connection) as queries:
        grants = IndicationSource().grants(toegang.membership, ids, Moment.of())
    assert len(queries) == 1
    assert {pid: g[0].purpose for pid, g in grants.items()} == {
        shelter.person_id: Purpose.WMO_MO,
        protected.person_id: Purpose.BESCHERMD_WONEN,
    }
    decisions = decide_many(toegang, Action.VIEW, ids, kind=DataKind.INTAKE)
    assert set(decisions) == {shelter.person_id, protected.person_id}
    assert decisions[shelter.person_id].purpose == Purpose.WMO_MO
    visible = set(
        Person.objects.filter(pk__in=visible_person_ids(toegang)).values_list("pk", flat=True)
    )
    assert visible == {shelter.person_id, protected.person_id}


def test_the_provider_named_on_an_indication_sees_placement_not_the_assessment() -> None:
    provider = OrganisationFactory(kind="zorgaanbieder")
    made = indication(consultant(), PersonFactory(), provider=provider)
    _without_other_relations(made)
    staff = provider_staff(provider)
    placement = decide(staff, Action.VIEW, made.person_id, kind=DataKind.PLACEMENT)
    assert placement.allowed and placement.basis == "indicatie:aanbieder"
    assert placement.purpose == Purpose.BESCHERMD_WONEN
    assert not decide(staff, Action.VIEW, made.person_id, kind=DataKind.INTAKE).allowed
    assert not decide(staff, Action.VIEW, made.person_id, kind=DataKind.PLAN).allowed
