"""Indications, arrangements and try-out places through their services: rules, access, log."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from plek.access.exceptions import AccessDenied
from plek.access.models import ProcessingLogEntry
from plek.aftercare.models import AftercareTrack
from plek.housing.models import Stay
from plek.plans.models import Plan
from plek.protection import selectors, services
from plek.protection.models import Arrangement, IndicationEvent, TryOut
from tests.factories import OrganisationFactory, PersonFactory
from tests.protection.helpers import (
    bw_stay,
    consultant,
    hourly_product,
    indication,
    provider_staff,
)

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2025, 11, 20)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2025, 11, 20, 12, 0, tzinfo=datetime.UTC)):
        yield


def test_an_indication_records_the_origin_of_its_start() -> None:
    toegang = consultant()
    person = PersonFactory()
    made = indication(toegang, person)
    assert made.origin_municipality_id == person.origin_municipality_id
    assert made.organisation_id == toegang.organisation_id
    assert made.decided_by == toegang.user


def test_extend_with_a_reason_keeps_the_history() -> None:
    toegang = consultant()
    made = indication(toegang, PersonFactory())
    before = ProcessingLogEntry.objects.filter(person_id=made.person_id).count()
    services.extend_indication(toegang, made.pk, D(2026, 6, 30), "Herstel gaat goed", D(2026, 3, 1))
    made.refresh_from_db()
    assert made.valid_until == D(2026, 6, 30)
    assert made.review_on == D(2026, 3, 1)
    event = IndicationEvent.objects.get(indication=made)
    assert (event.kind, event.previous_until, event.new_until) == (
        "verlengd",
        D(2025, 12, 31),
        D(2026, 6, 30),
    )
    assert ProcessingLogEntry.objects.filter(person_id=made.person_id).count() == before + 1


@pytest.mark.parametrize(
    ("until", "reason", "field"),
    [
        (D(2025, 12, 31), "Reden", "valid_until"),
        (D(2025, 6, 1), "Reden", "valid_until"),
        (D(2026, 6, 30), "  ", "reason"),
    ],
)
def test_extend_refuses_bad_input(until, reason, field) -> None:
    toegang = consultant()
    made = indication(toegang, PersonFactory())
    with pytest.raises(ValidationError) as caught:
        services.extend_indication(toegang, made.pk, until, reason)
    assert field in caught.value.message_dict
    made.refresh_from_db()
    assert made.valid_until == D(2025, 12, 31)
    assert not IndicationEvent.objects.exists()


def test_end_early_with_a_reason_then_no_more_changes() -> None:
    toegang = consultant()
    made = indication(toegang, PersonFactory())
    services.end_indication(toegang, made.pk, D(2025, 9, 30), "Verhuisd naar elders")
    made.refresh_from_db()
    assert (made.ended_on, made.end_reason) == (D(2025, 9, 30), "Verhuisd naar elders")
    with pytest.raises(ValidationError, match="al beëindigd"):
        services.extend_indication(toegang, made.pk, D(2026, 6, 30), "Toch verlengen")
    with pytest.raises(ValidationError, match="al beëindigd"):
        services.end_indication(toegang, made.pk, D(2025, 10, 1), "Nog eens")


def test_end_must_lie_within_the_validity() -> None:
    toegang = consultant()
    made = indication(toegang, PersonFactory())
    with pytest.raises(ValidationError) as caught:
        services.end_indication(toegang, made.pk, D(2026, 1, 1), "Buiten geldigheid")
    assert "ended_on" in caught.value.message_dict


def test_another_organisation_or_role_may_not_extend() -> None:
    made = indication(consultant(), PersonFactory())
    with pytest.raises(AccessDenied):
        services.extend_indication(consultant(), made.pk, D(2026, 6, 30), "Reden")
    with pytest.raises(AccessDenied):
        services.extend_indication(provider_staff(), made.pk, D(2026, 6, 30), "Reden")


def test_expiring_worklist_of_the_own_organisation() -> None:
    toegang = consultant()
    soon = indication(toegang, PersonFactory(), valid_until=D(2025, 12, 1))
    just_past = indication(toegang, PersonFactory(), valid_until=D(2025, 11, 10))
    indication(toegang, PersonFactory(), valid_until=D(2026, 3, 1))  # too far away
    long_past = indication(toegang, PersonFactory(), valid_until=D(2025, 10, 1))
    ended = indication(toegang, PersonFactory(), valid_until=D(2025, 12, 2))
    services.end_indication(toegang, ended.pk, D(2025, 11, 1), "Klaar")
    other = consultant()
    indication(other, PersonFactory(), valid_until=D(2025, 12, 1))
    listed = selectors.expiring_indications(toegang)
    assert [i.pk for i in listed] == [just_past.pk, soon.pk]
    assert long_past not in listed
    assert (
        ProcessingLogEntry.objects.filter(
            user_id=toegang.user.pk, activity_code="indicatie.werklijst"
        ).count()
        == 2
    )


def test_provider_registers_an_arrangement_linked_to_plan_and_aftercare() -> None:
    provider = OrganisationFactory(kind="zorgaanbieder")
    toegang = consultant()
    person = PersonFactory()
    made = indication(toegang, person, provider=provider)
    plan = Plan.objects.create(external_id="pl-1", person=person, started_on=D(2024, 5, 1))
    track = AftercareTrack.objects.create(
        external_id="tr-1", person=person, started_on=D(2025, 1, 1)
    )
    staff = provider_staff(provider)
    assert [i.pk for i in selectors.waiting_for_arrangement(staff)] == [made.pk]
    arrangement = services.register_arrangement(
        staff,
        person.pk,
        "beschermd_thuis",
        hourly_product().pk,
        D(2025, 2, 1),
        Decimal("6"),
        D(2025, 8, 1),
        indication_id=made.pk,
    )
    assert arrangement.provider_id == provider.pk
    assert arrangement.plan_id == plan.pk
    assert arrangement.aftercare_track_id == track.pk
    assert arrangement.origin_municipality_id == person.origin_municipality_id
    assert selectors.waiting_for_arrangement(staff) == []
    services.end_arrangement(staff, arrangement.pk, D(2025, 10, 31), "Doelen bereikt")
    arrangement.refresh_from_db()
    assert arrangement.end_date == D(2025, 10, 31)


def test_arrangement_needs_hours_for_an_hourly_product_and_a_relation() -> None:
    provider = OrganisationFactory(kind="zorgaanbieder")
    person = PersonFactory()
    made = indication(consultant(), person, provider=provider)
    staff = provider_staff(provider)
    with pytest.raises(ValidationError) as caught:
        services.register_arrangement(
            staff,
            person.pk,
            "beschermd_thuis",
            hourly_product().pk,
            D(2025, 2, 1),
            indication_id=made.pk,
        )
    assert "hours_per_week" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.register_arrangement(
            staff,
            person.pk,
            "beschermd_thuis",
            hourly_product().pk,
            D(2024, 2, 1),
            Decimal("4"),
            indication_id=made.pk,
        )
    assert "start_date" in caught.value.message_dict
    with pytest.raises(AccessDenied):
        services.register_arrangement(
            provider_staff(),
            person.pk,
            "beschermd_thuis",
            hourly_product().pk,
            D(2025, 2, 1),
            Decimal("4"),
        )
    assert not Arrangement.objects.exists()


def test_tryout_has_a_time_limit_and_a_way_back() -> None:
    provider = OrganisationFactory(kind="zorgaanbieder")
    staff = provider_staff(provider)
    stay = bw_stay(provider)
    with pytest.raises(ValidationError) as caught:
        services.start_tryout(
            staff, stay.pk, hourly_product().pk, D(2025, 3, 1), D(2025, 12, 1), Decimal("8")
        )
    assert "ends_by" in caught.value.message_dict
    tryout = services.start_tryout(
        staff, stay.pk, hourly_product().pk, D(2025, 3, 1), D(2025, 8, 31), Decimal("8")
    )
    assert tryout.arrangement.kind == "beschermd_thuis"
    services.conclude_tryout(staff, tryout.pk, TryOut.Outcome.TERUG, D(2025, 5, 15))
    tryout.arrangement.refresh_from_db()
    stay.refresh_from_db()
    assert tryout.arrangement.end_date == D(2025, 5, 15)
    assert stay.end_date is None  # the place was kept: the way back


def test_tryout_that_works_ends_the_protected_living_stay() -> None:
    provider = OrganisationFactory(kind="zorgaanbieder")
    staff = provider_staff(provider)
    stay = bw_stay(provider)
    tryout = services.start_tryout(
        staff, stay.pk, hourly_product().pk, D(2025, 3, 1), D(2025, 8, 31), Decimal("8")
    )
    services.conclude_tryout(staff, tryout.pk, TryOut.Outcome.BLIJFT, D(2025, 8, 1))
    stay = Stay.objects.get(pk=stay.pk)
    assert (stay.end_date, stay.exit_destination) == (D(2025, 8, 1), "beschermd_thuis")
    tryout.arrangement.refresh_from_db()
    assert tryout.arrangement.end_date is None
    with pytest.raises(ValidationError, match="al afgerond"):
        services.conclude_tryout(staff, tryout.pk, TryOut.Outcome.TERUG, D(2025, 8, 2))
