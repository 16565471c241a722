"""The occupancy invariants through every door, on PostgreSQL with real concurrent connections.

Each test here is a way around the rules a reliability test found over plain HTTP; each failed
on the code before the shared occupancy table (migration housing/0005), the capacity check and
the proposal page's handling of a lost race:

- the transfer form filled a facility beyond its capacity (unit-less imported stays ignored);
- the transfer API took a respite unit, so a unit held a stay and a respite booking at once;
- one person got two respite bookings for the same nights, or a respite booking and a stay;
- a transfer to a unit id that does not exist was a 500;
- placing or transferring left open proposals on the now-occupied unit;
- the losers of an accept race got a 403 (break the glass) or a page without a message.
"""

from __future__ import annotations

import datetime
import threading
import uuid
from collections.abc import Callable

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client
from django.urls import reverse

from plek.access.policy import decide
from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.housing import services
from plek.housing.models import (
    CapacityPeriod,
    Facility,
    Proposal,
    RespiteBooking,
    Stay,
    Unit,
)
from plek.people.models import Person
from tests.conftest import login_fully
from tests.factories import MembershipFactory, PersonFactory, RelationFactory
from tests.housing.helpers import TODAY, entry, facility, imported_stay

THREADS = 12
DAY = datetime.timedelta(days=1)
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: real concurrent connections and exclusion constraints")


def _run(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls at the same moment, each on its own connection; their results or errors."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def work(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except BaseException as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    return results


def staff_of(made: Facility) -> Membership:
    return MembershipFactory(role="aanbieder", organisation=made.provider)


def walk_in(made: Facility) -> Person:
    person = PersonFactory()
    RelationFactory(person=person, organisation=made.provider, kind="overig")
    return person


def client_for(membership: Membership) -> Client:
    return login_fully(Client(), membership)


def running_stay(made: Facility, unit: Unit | None = None) -> Stay:
    person = walk_in(made)
    if unit is None:
        return imported_stay(person, made, TODAY - 30 * DAY)
    staff = staff_of(made)
    return services.place(Actor(staff.user, staff), person.pk, unit.pk, TODAY - 10 * DAY)


# --- capacity ------------------------------------------------------------------------------------


def test_transfer_form_does_not_fill_a_facility_beyond_capacity_with_unitless_stays() -> None:
    """3 places, 3 units: one imported stay without a unit and two placed ones fill it; the
    third unit looks free, but a transfer into it would make 4 stays for 3 places."""
    target = facility(units=3)
    units = list(Unit.objects.filter(facility=target).order_by("code"))
    running_stay(target)  # imported, no unit
    running_stay(target, units[0])
    running_stay(target, units[1])
    origin = facility("tussenvoorziening", provider=target.provider, units=1)
    moving = running_stay(origin, Unit.objects.get(facility=origin))
    staff = client_for(staff_of(target))
    response = staff.post(
        reverse("housing:stay-detail", args=[moving.pk]),
        {"transfer": "1", "unit": units[2].pk, "on": TODAY.isoformat()},
    )
    assert response.status_code == 200
    # The form does not even offer the unit of a full facility; the API refuses it by name.
    assert "Selecteer een geldige keuze" in response.content.decode()
    api = staff.post(
        f"/api/v1/verblijven/{moving.pk}/overplaatsen/",
        {"unit": units[2].pk, "on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert "alle 3 plaatsen al bezet" in api.content.decode()
    assert Stay.objects.filter(facility=target, end_date__isnull=True).count() == 3
    assert Stay.objects.get(pk=moving.pk).end_date is None  # nothing half-written


def test_parallel_placements_never_exceed_capacity_on_any_night() -> None:
    """Capacity lowered to 4 while 12 units remain, one imported stay: 12 walk-ins at once into
    12 different units end with exactly 4 occupants."""
    made = facility(units=THREADS)
    CapacityPeriod.objects.create(facility=made, valid_from=TODAY - 5 * DAY, units=4)
    running_stay(made)  # imported, no unit: takes one of the 4
    staff = staff_of(made)
    actor = Actor(staff.user, staff)
    people = [walk_in(made) for _ in range(THREADS)]
    units = list(Unit.objects.filter(facility=made))
    results = _run(
        [
            lambda p=p, u=u: services.place(actor, p.pk, u.pk, TODAY)
            for p, u in zip(people, units, strict=True)
        ]
    )
    assert sum(isinstance(r, Stay) for r in results) == 3, results
    assert Stay.objects.filter(facility=made, end_date__isnull=True).count() == 4


def test_a_later_capacity_cut_is_respected_by_an_open_stay() -> None:
    made = facility(units=2)
    CapacityPeriod.objects.create(facility=made, valid_from=TODAY + 10 * DAY, units=1)
    units = list(Unit.objects.filter(facility=made).order_by("code"))
    running_stay(made, units[0])
    staff = staff_of(made)
    with pytest.raises(ValidationError, match="plaatsen al bezet"):
        services.place(Actor(staff.user, staff), walk_in(made).pk, units[1].pk, TODAY)


# --- respite units and one place per person ---------------------------------------------


def test_transfer_api_refuses_a_respite_unit() -> None:
    shelter = facility(units=1)
    respite = facility("terugval", provider=shelter.provider, units=1)
    stay = running_stay(shelter, Unit.objects.get(facility=shelter))
    api = client_for(staff_of(shelter))
    response = api.post(
        f"/api/v1/verblijven/{stay.pk}/overplaatsen/",
        {"unit": Unit.objects.get(facility=respite).pk, "on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert "terugvalplek" in response.content.decode()
    assert not Stay.objects.filter(facility=respite).exists()


def test_transfer_api_to_a_unit_that_does_not_exist_is_a_clean_400() -> None:
    shelter = facility(units=1)
    stay = running_stay(shelter, Unit.objects.get(facility=shelter))
    api = client_for(staff_of(shelter))
    response = api.post(
        f"/api/v1/verblijven/{stay.pk}/overplaatsen/",
        {"unit": 987_654_321, "on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "bestaat niet" in response.content.decode()
    assert Stay.objects.get(pk=stay.pk).end_date is None


def _booking(
    unit: Unit, person: Person, start: datetime.date, end: datetime.date
) -> RespiteBooking:
    return RespiteBooking.objects.create(
        unit=unit,
        person=person,
        start_date=start,
        end_date=end,
        reason="x",
        created_by=MembershipFactory().user,
    )


def test_the_database_keeps_a_unit_to_one_occupant_across_stays_and_respite() -> None:
    respite = facility("terugval", units=1)
    unit = Unit.objects.get(facility=respite)
    _booking(unit, PersonFactory(), TODAY, TODAY + 5 * DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        services._immediate()
        Stay.objects.create(
            external_id=uuid.uuid4().hex,
            person=PersonFactory(),
            facility=respite,
            unit=unit,
            start_date=TODAY + 2 * DAY,
        )


def test_the_database_keeps_a_person_to_one_place_across_stays_and_respite() -> None:
    shelter = facility(units=1)
    respite = facility("terugval", units=2)
    home = facility("housing_first", units=1)
    first, second = Unit.objects.filter(facility=respite).order_by("code")
    person = PersonFactory()
    _booking(first, person, TODAY, TODAY + 5 * DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        services._immediate()
        _booking(second, person, TODAY + 3 * DAY, TODAY + 6 * DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        services._immediate()
        imported_stay(person, shelter, TODAY + 1 * DAY)
    # Housing First is the person's own home: respite beside it is what respite is for.
    imported_stay(person, home, TODAY - 100 * DAY)


@pytest.mark.parametrize("other_type", ["nachtopvang", "housing_first"])
def test_the_database_keeps_a_housing_first_stay_apart_from_any_other_stay(
    other_type: str,
) -> None:
    # The one rule the occupancy rows guarded only with the stays' own constraint before 0011.
    home = facility("housing_first", units=1)
    other = facility(other_type, units=1)
    person = PersonFactory()
    imported_stay(person, home, TODAY - 10 * DAY)
    with pytest.raises(IntegrityError, match="occupancy_person_no_overlap"), transaction.atomic():
        services._immediate()
        imported_stay(person, other, TODAY)


def test_each_occupancy_rule_has_one_guard_on_the_occupancy_rows() -> None:
    """Every stay and booking is judged on its occupancy row; a second guard only costs."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint WHERE contype = 'x' "
            "AND conrelid::regclass::text LIKE 'housing\\_%%' ORDER BY 1, 2"
        )
        exclusions = cursor.fetchall()
    assert exclusions == [
        ("housing_occupancy", "occupancy_person_no_overlap"),
        ("housing_occupancy", "occupancy_unit_no_overlap"),
    ]


def test_parallel_respite_bookings_for_one_person_make_one() -> None:
    respite = facility("terugval", units=THREADS)
    worker = MembershipFactory(role="toegang")
    person = PersonFactory()
    RelationFactory(person=person, user=worker.user)
    actor = Actor(worker.user, worker)
    units = list(Unit.objects.filter(facility=respite))
    results = _run(
        [
            lambda u=u: services.book_respite(
                actor, person.pk, u.pk, TODAY, TODAY + 3 * DAY, "mantelzorger weg"
            )
            for u in units
        ]
    )
    assert sum(isinstance(r, RespiteBooking) for r in results) == 1, results
    assert RespiteBooking.objects.filter(person=person).count() == 1


def test_a_respite_booking_and_a_stay_for_one_person_exclude_each_other() -> None:
    respite = facility("terugval", units=1)
    shelter = facility(units=1)
    worker = MembershipFactory(role="toegang")
    person = walk_in(shelter)
    RelationFactory(person=person, user=worker.user)
    staff = staff_of(shelter)
    results = _run(
        [
            lambda: services.book_respite(
                Actor(worker.user, worker),
                person.pk,
                Unit.objects.get(facility=respite).pk,
                TODAY,
                TODAY + 3 * DAY,
                "mantelzorger weg",
            ),
            lambda: services.place(
                Actor(staff.user, staff), person.pk, Unit.objects.get(facility=shelter).pk, TODAY
            ),
        ]
    )
    assert sum(isinstance(r, RespiteBooking | Stay) for r in results) == 1, results
    # And in sequence: a booking first, then the placement is refused with a reason.
    Stay.objects.filter(person=person).delete()
    RespiteBooking.objects.filter(person=person).delete()
    services.book_respite(
        Actor(worker.user, worker),
        person.pk,
        Unit.objects.get(facility=respite).pk,
        TODAY,
        TODAY + 3 * DAY,
        "mantelzorger weg",
    )
    with pytest.raises(ValidationError, match="terugvalplek geboekt"):
        services.place(
            Actor(staff.user, staff), person.pk, Unit.objects.get(facility=shelter).pk, TODAY
        )


# --- proposals -------------------------------------------------------------------------------


def test_placing_and_transferring_close_open_proposals_on_the_unit() -> None:
    shelter = facility(units=2)
    first, second = Unit.objects.filter(facility=shelter).order_by("code")
    waiting = [entry() for _ in range(2)]
    offers = [
        Proposal.objects.create(unit=unit, waiting_entry=e, person=e.person, available_on=TODAY)
        for unit, e in zip((first, second), waiting, strict=True)
    ]
    staff = staff_of(shelter)
    services.place(Actor(staff.user, staff), walk_in(shelter).pk, first.pk, TODAY)
    origin = facility("tussenvoorziening", provider=shelter.provider, units=1)
    moving = running_stay(origin, Unit.objects.get(facility=origin))
    response = client_for(staff).post(
        reverse("housing:stay-detail", args=[moving.pk]),
        {"transfer": "1", "unit": second.pk, "on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    assert [Proposal.objects.get(pk=p.pk).status for p in offers] == ["vervallen", "vervallen"]
    # The provider's access to those candidates ended with the proposals.
    assert not decide(Actor(staff.user, staff), "view", waiting[0].person_id).allowed


def test_the_losers_of_an_accept_race_get_a_dutch_message_not_a_403() -> None:
    shelter = facility(units=1)
    unit = Unit.objects.get(facility=shelter)
    offers = [
        Proposal.objects.create(unit=unit, waiting_entry=e, person=e.person, available_on=TODAY)
        for e in (entry() for _ in range(4))
    ]
    # Colleagues at the same provider, each accepting another candidate for the last unit.
    clients = [client_for(staff_of(shelter)) for _ in offers]
    results = _run(
        [
            lambda c=c, p=p: c.post(
                reverse("housing:proposal-detail", args=[p.pk]),
                {"accept": "1", "start_date": TODAY.isoformat()},
            )
            for c, p in zip(clients, offers, strict=True)
        ]
    )
    winners = [r for r in results if getattr(r, "url", "").startswith("/wonen/verblijven/")]
    assert len(winners) == 1, results
    for response, c in zip(results, clients, strict=True):
        if response in winners:
            continue
        assert getattr(response, "status_code", None) == 302, response
        assert response.url == reverse("housing:board", args=[shelter.pk])
        texts = [str(m) for m in get_messages(response.wsgi_request)]
        assert any("vervallen" in t or "al geaccepteerd" in t for t in texts), texts
        page = c.get(response.url)
        assert page.status_code == 200
    assert Stay.objects.filter(unit=unit).count() == 1
