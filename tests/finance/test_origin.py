"""The municipality of origin has a history: a change applies from a date, and what started
before keeps its attribution, so earlier periods' figures never move."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from plek.finance.costs import realised_cost, stay_cost
from plek.housing import services as housing_services
from plek.housing.models import Unit
from plek.protection import figures, services
from plek.protection.figures import Slice
from plek.protection.models import Arrangement, OriginChange
from plek.protection.services import origin_on
from tests.factories import MunicipalityFactory, PersonFactory, RelationFactory
from tests.protection import kit
from tests.protection.helpers import consultant, provider_staff

pytestmark = pytest.mark.django_db
D = datetime.date


def periods() -> list[tuple[datetime.date, datetime.date]]:
    quarters = [(D(2024, m, 1), D(2024, m + 2, 30 if m in (4, 7) else 31)) for m in (1, 4)]
    months = [(D(2024, m, 1), D(2024, m + 1, 1) - datetime.timedelta(days=1)) for m in range(1, 7)]
    return [(D(2023, 1, 1), D(2023, 12, 31)), (D(2024, 1, 1), D(2024, 6, 30)), *quarters, *months]


def snapshot(k: kit.Kit) -> dict[str, object]:
    seen: dict[str, object] = {}
    for a, b in periods():
        seen[f"{a}/{b} M13"] = stay_cost(a, b, categories=None)
        seen[f"{a}/{b} cost"] = realised_cost(a, b)
        for code in (k.a.code, k.b.code):
            seen[f"{a}/{b} {code}"] = figures.all_figures(a, b, Slice(municipality=code))
    return seen


def test_changing_origin_from_a_date_leaves_earlier_periods_unchanged() -> None:
    k = kit.build()
    p1 = k.persons[0]
    before = snapshot(k)
    toegang = consultant()
    RelationFactory(person=p1, user=toegang.user)
    services.change_origin(toegang, p1.pk, k.b.pk, D(2024, 7, 1), "Verhuisd naar B")
    assert snapshot(k) == before
    p1.refresh_from_db()
    assert p1.origin_municipality_id == k.b.pk  # the change holds today
    assert origin_on(p1.pk, D(2024, 6, 30)) == k.a.pk
    assert origin_on(p1.pk, D(2024, 7, 1)) == k.b.pk
    # What starts after the change is attributed to the new origin.
    staff = provider_staff(k.provider)
    RelationFactory(person=p1, user=staff.user)
    weekly = Arrangement.objects.get(external_id="kit-r2").product
    arrangement = services.register_arrangement(
        staff, p1.pk, "beschermd_thuis", weekly.pk, D(2024, 10, 1)
    )
    assert arrangement.origin_municipality_id == k.b.pk
    q4 = realised_cost(D(2024, 10, 1), D(2024, 12, 31))
    # R2 (B) 92 days and the new arrangement 92 days, both 100 a day.
    assert q4[k.b.code].ambulatory == Decimal("18400.00")
    assert snapshot(k) == before


def test_a_backdated_change_moves_only_what_started_on_or_after_it() -> None:
    k = kit.build()
    p2 = k.persons[1]  # S2 from 1 February, S3 from 1 August
    toegang = consultant()
    RelationFactory(person=p2, user=toegang.user)
    services.change_origin(toegang, p2.pk, k.b.pk, D(2024, 5, 1), "Correctie")
    first_half = realised_cost(D(2024, 1, 1), D(2024, 6, 30))
    # S2 started before the change and stays with A: S1 60 × 100 + S2 151 × 100; B has S4 only.
    assert first_half[k.a.code].stays == Decimal("21100.00")
    assert first_half[k.b.code].stays == Decimal("2400.00")
    stays = {s.external_id: s.origin_municipality_id for s in p2.stays.all()}
    assert stays == {"kit-s2": k.a.pk, "kit-s3": k.b.pk}
    # A later change before an earlier one: the history stays consistent.
    c = MunicipalityFactory()
    services.change_origin(toegang, p2.pk, c.pk, D(2024, 3, 1), "Nog eerder verhuisd")
    assert origin_on(p2.pk, D(2024, 2, 29)) == k.a.pk
    assert origin_on(p2.pk, D(2024, 3, 1)) == c.pk
    assert origin_on(p2.pk, D(2024, 5, 1)) == k.b.pk
    later = OriginChange.objects.get(person=p2, valid_from=D(2024, 5, 1))
    assert later.previous_municipality_id == c.pk


def test_a_new_stay_records_the_origin_of_its_start() -> None:
    k = kit.build()
    person = PersonFactory(origin_municipality=k.b)
    staff = provider_staff(k.provider)
    # The provider places a person it has a relation with (a referral), as the door asks.
    RelationFactory(person=person, organisation=k.provider, kind="aanbieder")
    unit = Unit.objects.create(facility=k.bw1, code="K1", kind="kamer")
    stay = housing_services.place(staff, person.pk, unit.pk, D(2025, 1, 1))
    assert stay.origin_municipality_id == k.b.pk
