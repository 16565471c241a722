"""Placement and flow through the services: matching, decisions, stays, respite, access."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from plek.access.models import ProcessingLogEntry
from plek.access.policy import decide
from plek.accounts.context import Actor
from plek.housing import services
from plek.housing.choices import ProposalStatus
from plek.housing.models import Facility, Proposal, Stay, Unit, WaitingEntry
from plek.people.models import Person
from tests.factories import MembershipFactory, PersonFactory, RelationFactory
from tests.housing.helpers import TODAY, entry, facility, imported_stay

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def actor(membership) -> Actor:  # type: ignore[no-untyped-def]
    return Actor(membership.user, membership)


def walk_in(shelter: Facility) -> Person:
    """A person the provider registered at the door (registering gives a relation)."""
    person = PersonFactory()
    RelationFactory(person=person, organisation=shelter.provider, kind="overig")
    return person


def test_matching_proposes_the_best_eligible_and_acceptance_creates_the_stay(member) -> None:
    shelter = facility(units=1)
    staff = actor(member("aanbieder", organisation=shelter.provider))
    low = entry(priority="normaal")
    high = entry(priority="spoed")
    proposals = services.propose(staff, TODAY)
    assert [p.waiting_entry_id for p in proposals] == [high.pk]
    # The provider now has a relation with the proposed candidate, not with the other one.
    assert decide(staff, "view", high.person_id).allowed
    assert not decide(staff, "view", low.person_id).allowed
    stay = services.accept_proposal(staff, proposals[0].pk, TODAY)
    assert stay.unit_id == Unit.objects.get(facility=shelter).pk
    high.refresh_from_db()
    assert high.placed_on == TODAY
    assert Proposal.objects.get(pk=proposals[0].pk).stay_id == stay.pk
    # The unit is taken now: nothing more to propose.
    assert services.propose(staff, TODAY) == []


def test_declined_candidate_keeps_position_and_is_parked(member) -> None:
    shelter = facility(units=1)
    staff = actor(member("aanbieder", organisation=shelter.provider))
    first = entry(priority="spoed")
    second = entry(priority="normaal")
    proposal = services.propose(staff, TODAY)[0]
    with pytest.raises(ValidationError) as refused:
        services.decline_proposal(staff, proposal.pk, "  ")
    assert "Reden" in str(refused.value)
    services.decline_proposal(staff, proposal.pk, "Past niet bij de groep", park=True)
    first.refresh_from_db()
    assert first.parked_until == TODAY + datetime.timedelta(days=14)
    assert first.priority == "spoed"
    # Parked: the next proposal goes to the other candidate.
    assert services.propose(staff, TODAY)[0].waiting_entry_id == second.pk


def test_eligibility_rules_and_unit_properties(member) -> None:
    women = facility("vrouwenopvang", units=1, sex="V")
    staff = actor(member("aanbieder", organisation=women.provider))
    entry(person=PersonFactory(sex="M"), facility_type="vrouwenopvang", priority="spoed")
    woman = entry(person=PersonFactory(sex="V"), facility_type="vrouwenopvang")
    assert [p.waiting_entry_id for p in services.propose(staff, TODAY)] == [woman.pk]


def test_transfer_and_exit_keep_history_as_separate_stays(member) -> None:
    shelter = facility(units=1)
    step = facility("tussenvoorziening", provider=shelter.provider, units=1)
    staff = actor(member("aanbieder", organisation=shelter.provider))
    person = walk_in(shelter)
    first = services.place(staff, person.pk, Unit.objects.get(facility=shelter).pk, TODAY - 5 * DAY)
    second = services.transfer_stay(staff, first.pk, Unit.objects.get(facility=step).pk, TODAY)
    first.refresh_from_db()
    assert (first.end_date, first.exit_destination) == (TODAY, "tussenvoorziening")
    assert second.previous_id == first.pk and second.start_date == TODAY
    services.end_stay(staff, second.pk, TODAY + DAY, "housing_first")
    assert Stay.objects.get(pk=second.pk).exit_destination == "housing_first"


def test_no_double_booking_in_the_service(member) -> None:
    shelter = facility(units=2)
    staff = actor(member("aanbieder", organisation=shelter.provider))
    a, b = Unit.objects.filter(facility=shelter).order_by("code")
    person, other = walk_in(shelter), walk_in(shelter)
    services.place(staff, person.pk, a.pk, TODAY)
    with pytest.raises(ValidationError, match="al bezet"):
        services.place(staff, other.pk, a.pk, TODAY + DAY)
    with pytest.raises(ValidationError, match="verblijft op die datum al"):
        services.place(staff, person.pk, b.pk, TODAY)


def test_imported_stays_without_unit_remain_valid_and_take_a_place(member) -> None:
    shelter = facility(units=2)
    imported_stay(PersonFactory(), shelter, TODAY - 30 * DAY)
    imported_stay(PersonFactory(), shelter, TODAY - 30 * DAY)
    staff = actor(member("aanbieder", organisation=shelter.provider))
    entry()
    assert services.propose(staff, TODAY) == []


def test_only_provider_staff_accept(member) -> None:
    shelter = facility(units=1)
    staff = actor(member("aanbieder", organisation=shelter.provider))
    entry()
    proposal = services.propose(staff, TODAY)[0]
    stranger = actor(member("aanbieder"))
    with pytest.raises(PermissionDenied):
        services.accept_proposal(stranger, proposal.pk, TODAY)


def test_placing_needs_the_policy_not_only_role_and_organisation(member) -> None:
    # Code review: place/accept/decline/end/transfer checked role and organisation only.
    shelter = facility(units=2)
    staff = actor(member("aanbieder", organisation=shelter.provider))
    a, b = Unit.objects.filter(facility=shelter).order_by("code")
    with pytest.raises(PermissionDenied):
        services.place(staff, PersonFactory().pk, a.pk, TODAY)  # no relation with the person
    assert not Stay.objects.exists()
    person = walk_in(shelter)
    stay = services.place(staff, person.pk, a.pk, TODAY - 2 * DAY)
    entry()
    proposal = services.propose(staff, TODAY)[0]
    # The same provider in a membership that has ended: role and organisation still match.
    gone = member(
        "aanbieder",
        organisation=shelter.provider,
        start_date=TODAY - 30 * DAY,
        end_date=TODAY - DAY,
    )
    calls = [
        lambda: services.accept_proposal(actor(gone), proposal.pk, TODAY),
        lambda: services.decline_proposal(actor(gone), proposal.pk, "Past niet"),
        lambda: services.end_stay(actor(gone), stay.pk, TODAY, "straat"),
        lambda: services.transfer_stay(actor(gone), stay.pk, b.pk, TODAY),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert Proposal.objects.get(pk=proposal.pk).status == "open"
    assert Stay.objects.get(pk=stay.pk).end_date is None


def test_a_proposal_is_logged_with_the_purpose_of_its_relation(member) -> None:
    # Code review: propose logged "wmo_mo" for every proposal, also for protected living.
    home = facility("beschermd_wonen", units=1)
    staff = actor(member("aanbieder", organisation=home.provider))
    candidate = entry(facility_type="beschermd_wonen")
    [proposal] = services.propose(staff, TODAY)
    granted = decide(staff, "view", candidate.person_id)
    logged = ProcessingLogEntry.objects.get(
        person_id=candidate.person_id, activity_code="wonen.voorstel_doen"
    )
    assert logged.purpose == granted.purpose == "beschermd_wonen"
    assert proposal.person_id == candidate.person_id


def test_protected_living_needs_the_access_decision(member) -> None:
    consultant = member("toegang")
    person = PersonFactory()
    RelationFactory(person=person, user=consultant.user)
    data = services.Registration("beschermd_wonen", "hoog", TODAY)
    with pytest.raises(ValidationError, match="Toegangsbesluit op"):
        services.register_waiting(actor(consultant), person.pk, data)
    worker = member("wijkteam")
    RelationFactory(person=person, user=worker.user)
    with pytest.raises(PermissionDenied):
        services.register_waiting(actor(worker), person.pk, data)
    made = services.register_waiting(
        actor(consultant),
        person.pk,
        services.Registration(
            "beschermd_wonen",
            "hoog",
            TODAY,
            access_decision_on=TODAY,
            access_decision_until=TODAY + 365 * DAY,
        ),
    )
    assert made.access_decided_by == consultant.user
    assert ProcessingLogEntry.objects.filter(person_id=person.pk, action="create").count() == 1
    with pytest.raises(ValidationError, match="Reden"):
        services.withdraw_waiting(actor(consultant), made.pk, "")
    services.withdraw_waiting(actor(consultant), made.pk, "Verhuisd naar elders")
    assert WaitingEntry.objects.get(pk=made.pk).withdrawal_reason == "Verhuisd naar elders"


# --- respite -----------------------------------------------------------------------------------


@pytest.fixture
def respite(member):  # type: ignore[no-untyped-def]
    place = facility("terugval", units=1)
    worker = member("wijkteam")
    person = PersonFactory()
    RelationFactory(person=person, user=worker.user)
    return Unit.objects.get(facility=place), worker, person


def test_respite_15_nights_refused_14_accepted(respite) -> None:
    unit, worker, person = respite
    with pytest.raises(ValidationError) as refused:
        services.book_respite(
            actor(worker), person.pk, unit.pk, TODAY, TODAY + 15 * DAY, "Mantelzorger weg"
        )
    assert "hoogstens 14 nachten" in str(refused.value)
    assert refused.value.message_dict.keys() == {"end_date"}
    booking = services.book_respite(
        actor(worker), person.pk, unit.pk, TODAY, TODAY + 14 * DAY, "Mantelzorger weg"
    )
    assert (booking.end_date - booking.start_date).days == 14


def test_respite_extension_needs_the_role_and_a_reason(respite, member) -> None:
    unit, worker, person = respite
    booking = services.book_respite(
        actor(worker), person.pk, unit.pk, TODAY, TODAY + 14 * DAY, "Mantelzorger weg"
    )
    with pytest.raises(PermissionDenied):
        services.extend_respite(actor(worker), booking.pk, TODAY + 20 * DAY, "Nog niet thuis")
    consultant = member("toegang")
    RelationFactory(person=person, user=consultant.user)
    with pytest.raises(ValidationError, match="Reden verlenging"):
        services.extend_respite(actor(consultant), booking.pk, TODAY + 20 * DAY, "")
    services.extend_respite(actor(consultant), booking.pk, TODAY + 20 * DAY, "Mantelzorger ziek")
    booking.refresh_from_db()
    assert booking.end_date == TODAY + 20 * DAY and booking.extended_by == consultant.user


def test_respite_unit_cannot_be_double_booked(respite) -> None:
    unit, worker, person = respite
    other = PersonFactory()
    RelationFactory(person=other, user=worker.user)
    services.book_respite(actor(worker), person.pk, unit.pk, TODAY, TODAY + 5 * DAY, "Rust")
    with pytest.raises(ValidationError, match="al geboekt"):
        services.book_respite(
            actor(worker), other.pk, unit.pk, TODAY + 4 * DAY, TODAY + 6 * DAY, "Rust"
        )


def test_latest_zrm_scores_feed_the_ranking(member) -> None:
    import datetime as dt

    from plek.intake.models import Assessment, AssessmentScore

    facility(units=1)
    low, high = entry(), entry()
    for n, (person, scores) in enumerate([(low.person, (5, 1)), (high.person, (1, 5))]):
        for i, value in enumerate(scores):
            made = Assessment.objects.create(
                external_id=f"a-{n}-{i}", person=person, assessed_on=dt.date(2025, 1, 1 + i)
            )
            AssessmentScore.objects.create(assessment=made, domain="huisvesting", score=value)
    rows = {r["pk"]: r for r in services.rank_inputs(services.open_entries(TODAY))}
    assert rows[low.pk]["zrm_h"] == 1 and rows[high.pk]["zrm_h"] == 5


def test_a_proposal_lapsed_by_a_race_after_its_status_was_read_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The window the parallel-acceptance test hits now and then: another acceptance lapses this
    proposal (ending the relation it gave) between its status check and the relation check."""
    from plek.housing.services import proposals as proposal_services

    shelter = facility(units=1)
    staff = MembershipFactory(role="aanbieder", organisation=shelter.provider)
    unit = Unit.objects.get(facility=shelter)
    waiting = entry()
    proposal = Proposal.objects.create(
        unit=unit, waiting_entry=waiting, person=waiting.person, available_on=TODAY
    )
    real = proposal_services._may_work_on

    def the_other_acceptance_wins_first(actor: Actor, action: str, person_id: int) -> str:
        Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.LAPSED)
        return real(actor, action, person_id)

    monkeypatch.setattr(proposal_services, "_may_work_on", the_other_acceptance_wins_first)
    with pytest.raises(ValidationError, match="vervallen"):
        services.accept_proposal(Actor(staff.user, staff), proposal.pk, TODAY)
    assert not Stay.objects.filter(unit=unit).exists()
