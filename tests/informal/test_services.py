"""Carers, help requests, matching, buddies and circles: the services and selectors."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plek.access.exceptions import AccessDenied
from plek.access.models import ProcessingLogEntry
from plek.accounts.roles import Role
from plek.aftercare import selectors as aftercare_selectors
from plek.aftercare.models import AftercareTrack, AlertKind
from plek.informal import selectors
from plek.informal.matching import shortlist
from plek.informal.models import Match, Outcome, RequestStatus, Skill, VogStatus
from plek.plans.models import Goal, Plan, PlanAction, PlanParticipant
from plek.signals import selectors as signal_selectors
from plek.signals.models import Source
from tests.conftest import login_fully
from tests.factories import MembershipFactory, PersonFactory, RelationFactory
from tests.informal.helpers import (
    HIGH,
    LOW,
    actor,
    carer_for,
    coordinator,
    help_request,
    professional,
    services,
    volunteer,
)

pytestmark = pytest.mark.django_db


# --- carers ---------------------------------------------------------------------------------


def test_an_overloaded_check_in_raises_a_signal_in_the_team_inbox_with_its_norm() -> None:
    pro = professional()
    person = PersonFactory()
    RelationFactory(person=person, user=pro.user)
    carer = carer_for(person, pro)

    low = services.record_checkin(actor(pro), carer.pk, LOW)
    assert low.signal is None and low.checkin.score == 2 and not low.checkin.overloaded

    result = services.record_checkin(actor(pro), carer.pk, HIGH)
    assert result.checkin.score == 15 and result.checkin.overloaded
    signal = result.signal
    assert signal is not None
    assert signal.source == Source.MANTELZORG and signal.urgency == "hoog"
    assert signal.person_id is None and signal.reported_family_name == "Mantelzorg"
    inbox = list(signal_selectors.team_signals(actor(pro)))
    assert [s.pk for s in inbox] == [signal.pk]
    # The norm of the configured urgency (hoog: 3 days) sets the deadline.
    assert inbox[0].deadline_on == signal.received_on + datetime.timedelta(days=3)


def test_the_overload_norm_is_configuration(settings) -> None:
    settings.INFORMAL_OVERLOAD_SCORE = 20
    pro = professional()
    person = PersonFactory()
    RelationFactory(person=person, user=pro.user)
    carer = carer_for(person, pro)
    assert services.record_checkin(actor(pro), carer.pk, HIGH).signal is None


def test_a_check_in_needs_every_answer_in_range() -> None:
    pro = professional()
    carer = carer_for(PersonFactory(), pro)
    with pytest.raises(ValidationError, match="0 tot 4"):
        services.record_checkin(actor(pro), carer.pk, {**HIGH, "tijd": 7})
    with pytest.raises(ValidationError):
        services.record_checkin(actor(pro), carer.pk, {"tijd": 1})


def test_a_carer_in_the_chain_gets_the_signal_on_their_own_file() -> None:
    pro = professional()
    cared_for, carer_person = PersonFactory(), PersonFactory()
    RelationFactory(person=cared_for, user=pro.user)
    carer = carer_for(cared_for, pro, person=carer_person)
    # The consultant's team relation opens the carer's own file.
    result = services.record_checkin(actor(pro), carer.pk, HIGH)
    assert result.signal is not None and result.signal.person_id == carer_person.pk


def test_someone_outside_the_team_without_relation_cannot_touch_a_carer() -> None:
    pro = professional()
    carer = carer_for(PersonFactory(), pro)
    other = professional()
    with pytest.raises(AccessDenied):
        services.record_checkin(actor(other), carer.pk, LOW)
    with pytest.raises(AccessDenied):
        selectors.open_carer(actor(other), carer.pk)
    with pytest.raises(AccessDenied):
        selectors.open_carer(actor(coordinator()), carer.pk)


def test_register_carer_needs_consent_and_a_relation_with_the_person_cared_for() -> None:
    pro = professional()
    person = PersonFactory()
    data = services.CarerInput(
        municipality_id=pro.organisation.municipality_id,
        first_name="Anna",
        family_name="Zorgzaam",
        postcode="1234 ab",
        house_number=3,
        cared_for_id=person.pk,
        relation_kind="ouder",
        consent_on=None,
        start_on=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        services.register_carer(actor(pro), data)
    assert "consent_on" in error.value.message_dict
    consented = services.CarerInput(**{**data.__dict__, "consent_on": datetime.date(2024, 2, 1)})
    with pytest.raises(AccessDenied):
        services.register_carer(actor(pro), consented)
    RelationFactory(person=person, user=pro.user)
    carer = services.register_carer(actor(pro), consented)
    assert carer.postcode == "1234AB" and carer.team_id == pro.team_id
    assert ProcessingLogEntry.objects.filter(person_id=person.pk, action="create").exists()


def test_support_and_appreciation_once_a_year_with_payment_status() -> None:
    pro = professional()
    carer = carer_for(PersonFactory(), pro)
    services.add_support(actor(pro), carer.pk, "respijt", datetime.date(2025, 3, 1))
    appreciation = services.sign_up_appreciation(actor(pro), carer.pk, 2025, True, Decimal("150"))
    with pytest.raises(ValidationError, match="al aangemeld"):
        services.sign_up_appreciation(actor(pro), carer.pk, 2025, False, Decimal("150"))
    with pytest.raises(ValidationError):
        services.set_payment_status(actor(pro), appreciation.pk, "uitbetaald")
    services.set_payment_status(actor(pro), appreciation.pk, "toegekend")
    paid = services.set_payment_status(actor(pro), appreciation.pk, "uitbetaald")
    assert paid.paid_on == timezone.localdate()


def _plan_with_action(person, lead) -> PlanAction:
    plan = Plan.objects.create(
        external_id=f"plan-{person.pk}", person=person, started_on=datetime.date(2025, 1, 1)
    )
    plan.team = lead.team
    plan.save()
    goal = Goal.objects.create(plan=plan, domain="financien", own_words="Rust in de rekeningen")
    return PlanAction.objects.create(
        goal=goal,
        description="Post samen doornemen",
        organisation=lead.organisation,
        target_date=datetime.date(2026, 1, 1),
    )


def test_a_carer_becomes_participant_and_owner_of_a_plan_action() -> None:
    pro = professional()
    person = PersonFactory()
    RelationFactory(person=person, user=pro.user)
    carer = carer_for(person, pro)
    action = _plan_with_action(person, pro)
    file = selectors.open_carer(actor(pro), carer.pk)
    assert [a.pk for a in file.plan_actions] == [action.pk]

    services.add_carer_to_action(actor(pro), carer.pk, action.pk)
    second = PlanAction.objects.create(
        goal=action.goal,
        description="Samen naar de bank",
        organisation=pro.organisation,
        target_date=datetime.date(2026, 2, 1),
    )
    services.add_carer_to_action(actor(pro), carer.pk, second.pk)

    participant = PlanParticipant.objects.get(plan=action.goal.plan)
    assert participant.name == "Karin Mantelzorg" and participant.kind == "mantelzorger"
    assert set(participant.actions.values_list("pk", flat=True)) == {action.pk, second.pk}


# --- help requests and matching -----------------------------------------------------------


def test_the_shortlist_ranks_by_skill_area_and_availability_and_explains() -> None:
    coord = coordinator()
    best = volunteer(coord, first_name="Bas")
    other_area = volunteer(coord, first_name="Olga", area="Noord")
    no_skill = volunteer(coord, first_name="Nina", skills=("tuin",), morning=False)
    gone = volunteer(coord, first_name="Gijs")
    gone.ended_on = datetime.date(2025, 1, 1)
    gone.save()
    volunteer(coordinator(), first_name="Elders")  # another municipality
    request = help_request(coord.organisation.municipality, area="centrum ")

    candidates = list(shortlist(request))
    assert [c.volunteer.pk for c in candidates] == [best.pk, other_area.pk, no_skill.pk]
    assert [c.score for c in candidates] == [85, 55, 30]
    reasons = [str(r) for r in candidates[0].reasons]
    assert "Kan deze soort hulp bieden (+50)" in reasons
    assert "Werkt in dezelfde wijk (+30)" in reasons
    assert "Beschikbaar op gevraagde dagdelen: ochtenden (+5)" in reasons


def test_a_buddy_needs_an_issued_certificate_of_conduct() -> None:
    coord = coordinator()
    volunteer(coord, first_name="Zonder", skills=("maatje",))
    with_vog = volunteer(coord, first_name="Met", skills=("maatje",), vog=VogStatus.AFGEGEVEN)
    request = help_request(coord.organisation.municipality, code="maatje")
    candidates = list(shortlist(request, needs_vog=True))
    assert [c.volunteer.pk for c in candidates] == [with_vog.pk]


def test_take_match_introduce_follow_up_and_close() -> None:
    coord = coordinator()
    chosen = volunteer(coord)
    request = help_request(coord.organisation.municipality)
    taken = services.take_request(actor(coord), request.pk)
    assert taken.status == RequestStatus.IN_BEHANDELING
    with pytest.raises(ValidationError, match="al in behandeling"):
        services.take_request(actor(coordinator(coord.organisation.municipality)), request.pk)

    stranger = volunteer(coordinator(), first_name="Elders")
    with pytest.raises(ValidationError, match="shortlist"):
        services.match_volunteer(actor(coord), request.pk, stranger.pk)
    match = services.match_volunteer(actor(coord), request.pk, chosen.pk)
    assert match.score == 85 and "Werkt in dezelfde wijk (+30)" in match.explanation
    with pytest.raises(ValidationError, match="al gekoppeld"):
        services.match_volunteer(actor(coord), request.pk, chosen.pk)

    today = timezone.localdate()
    services.record_introduction(actor(coord), match.pk, today)
    services.record_follow_up(actor(coord), match.pk, today, "Het klikt.")
    closed = services.close_request(actor(coord), request.pk, Outcome.GOED)
    assert closed.status == RequestStatus.AFGESLOTEN and closed.outcome == Outcome.GOED
    match.refresh_from_db()
    assert match.ended_on == today and match.outcome == Outcome.GOED


def test_a_coordinator_of_another_municipality_cannot_work_on_a_request() -> None:
    coord = coordinator()
    request = help_request(coord.organisation.municipality)
    with pytest.raises(AccessDenied):
        services.take_request(actor(coordinator()), request.pk)
    with pytest.raises(AccessDenied):
        selectors.open_request(actor(coordinator()), request.pk)


def test_a_professional_submits_a_request_that_the_coordinator_sees_as_summary_only() -> None:
    pro = professional()
    person = PersonFactory(family_name="Geheimenaam")
    RelationFactory(person=person, user=pro.user)
    coord = coordinator(pro.organisation.municipality)
    request = services.submit_help_request(
        actor(pro),
        services.HelpRequestInput(
            municipality_id=pro.organisation.municipality_id,
            first_name="Fatima",
            area="Centrum",
            question="Hulp bij boodschappen.",
            skill_id=Skill.objects.get(code="boodschappen").pk,
            urgency="normaal",
            period_start=timezone.localdate(),
            consent_on=timezone.localdate(),
            person_id=person.pk,
        ),
    )
    assert request.person_id == person.pk and request.requester_kind == "professional"

    rows = selectors.request_inbox(actor(coord))
    assert [r.pk for r in rows] == [request.pk]
    deferred = rows[0].get_deferred_fields()
    assert {"person_id", "aftercare_track_id", "requested_by_id"} <= deferred
    log = ProcessingLogEntry.objects.filter(
        person_id=person.pk, activity_code="hulpvraag.samenvatting_inzien"
    )
    assert log.count() == 1

    client = login_fully(Client(), coord)
    page = client.get(reverse("informal:request", args=[request.pk])).content.decode()
    assert "Fatima" in page and "Hulp bij boodschappen." in page
    assert "Geheimenaam" not in page and person.bsn not in page
    # And the resident's file stays closed to the coordinator.
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 403


def test_the_volunteer_sees_only_the_consented_summary() -> None:
    coord = coordinator()
    person = PersonFactory(family_name="Verborgen")
    request = help_request(coord.organisation.municipality, person=person)
    match = services.match_volunteer(actor(coord), request.pk, volunteer(coord).pk)
    client = login_fully(Client(), coord)
    page = client.get(reverse("informal:match-summary", args=[match.pk])).content.decode()
    main = page[page.index("<main") :]
    assert "Fatima" in main and "Centrum" in main and request.question in main
    for secret in ("Verborgen", person.bsn, "professional", str(person.birth_date.year)):
        assert secret not in main


def test_a_buddy_concern_becomes_an_aftercare_alert_for_the_coach() -> None:
    coach = MembershipFactory(role=Role.WAAKVLAM)
    person = PersonFactory()
    track = AftercareTrack.objects.create(
        external_id="nz-1", person=person, started_on=datetime.date(2025, 1, 1), coach=coach.user
    )
    coord = coordinator()
    request = help_request(
        coord.organisation.municipality, person=person, track_id=track.pk, code="maatje"
    )
    buddy = volunteer(coord, skills=("maatje",), vog=VogStatus.AFGEGEVEN)
    match = services.match_volunteer(actor(coord), request.pk, buddy.pk)

    services.raise_buddy_concern(actor(coord), match.pk, "Hij slaapt weer slecht en drinkt meer.")

    alerts = aftercare_selectors.alert_inbox(actor(coach))
    assert [(a.kind, a.track.pk) for a in alerts] == [(AlertKind.MAATJE, track.pk)]
    assert "drinkt meer" in alerts[0].text


def test_a_concern_needs_a_buddy_match() -> None:
    coord = coordinator()
    request = help_request(coord.organisation.municipality)
    match = services.match_volunteer(actor(coord), request.pk, volunteer(coord).pk)
    with pytest.raises(ValidationError, match="geen maatje"):
        services.raise_buddy_concern(actor(coord), match.pk, "Zorgen")
    assert Match.objects.count() == 1


# --- circles --------------------------------------------------------------------------------


def test_no_more_circles_than_the_municipality_sets() -> None:
    coord = coordinator()
    municipality_id = coord.organisation.municipality_id
    lead = volunteer(coord)
    with pytest.raises(ValidationError, match="aantal buurtcirkels"):
        services.start_circle(actor(coord), municipality_id, "De Linde", "Centrum", lead.pk)
    services.set_circle_quota(actor(MembershipFactory(role=Role.BEHEER)), municipality_id, 1)
    circle = services.start_circle(actor(coord), municipality_id, "De Linde", "Centrum", lead.pk)
    with pytest.raises(ValidationError, match=r"\(1\) is bereikt"):
        services.start_circle(actor(coord), municipality_id, "De Eik", "Noord", lead.pk)
    services.add_circle_member(actor(coord), circle.pk, "Henk")
    services.add_circle_meeting(actor(coord), circle.pk, timezone.localdate(), 9, "Koffie")
    assert circle.members.count() == 1 and circle.meetings.count() == 1


def test_a_professional_cannot_act_as_coordinator() -> None:
    pro = professional()
    with pytest.raises(AccessDenied):
        services.register_volunteer(
            actor(pro),
            services.VolunteerInput(first_name="A", family_name="B", area="C", skill_ids=[1]),
        )


def test_a_carer_is_shown_only_what_the_person_shares() -> None:
    pro = professional()
    person = PersonFactory(family_name="Nietdelen")
    carer = carer_for(person, pro)
    relation = carer.relations.get()
    shared = selectors.shared_with_carer(actor(pro), relation.pk)
    assert shared.shared == "Afspraken met de huisarts op maandag."
    assert shared.cared_for_first == person.initials
    assert "Nietdelen" not in repr(shared) and person.bsn not in repr(shared)
    with pytest.raises(AccessDenied):
        selectors.shared_with_carer(actor(coordinator()), relation.pk)


def test_the_inbox_lists_new_requests_first_then_the_most_urgent() -> None:
    coord = coordinator()
    municipality = coord.organisation.municipality
    taken = help_request(municipality)
    services.take_request(actor(coord), taken.pk)
    low, high, normal = (help_request(municipality) for _ in range(3))
    for request, urgency in ((low, "laag"), (high, "hoog"), (normal, "normaal")):
        request.urgency = urgency
        request.save()
    rows = selectors.request_inbox(actor(coord))
    assert [r.pk for r in rows] == [high.pk, normal.pk, low.pk, taken.pk]


def test_the_figures_page_is_for_policy_officers_and_coordinators_only(client_as) -> None:
    coord = coordinator()
    for _ in range(3):
        help_request(coord.organisation.municipality)
    page = client_as(Role.BELEID).get(reverse("monitor:informal-figures"))
    assert page.status_code == 200
    text = page.content.decode()
    assert coord.organisation.municipality.name in text and "&lt;5" in text
    assert client_as(Role.WIJKTEAM).get(reverse("monitor:informal-figures")).status_code == 403


def test_the_carer_page_forms_record_support_and_appreciation_or_say_what_is_missing() -> None:
    pro = professional()
    person = PersonFactory()
    RelationFactory(person=person, user=pro.user)
    carer = carer_for(person, pro)
    client = login_fully(Client(), pro)
    page = reverse("informal:carer", args=[carer.pk])

    response = client.post(reverse("informal:carer-support", args=[carer.pk]), {}, follow=True)
    assert response.redirect_chain[-1][0] == page
    assert "Ondersteuning: kies een soort en een begindatum." in response.content.decode()
    response = client.post(
        reverse("informal:carer-support", args=[carer.pk]),
        {"kind": "respijt", "start_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "De ondersteuning is vastgelegd." in response.content.decode()
    assert carer.supports.count() == 1

    year = timezone.localdate().year
    response = client.post(
        reverse("informal:carer-appreciation", args=[carer.pk]),
        {"year": year, "amount": "100.00", "carer_day": "on"},
        follow=True,
    )
    assert "De mantelzorger is aangemeld voor de waardering." in response.content.decode()
    appreciation = carer.appreciations.get()
    response = client.post(
        reverse("informal:appreciation-status", args=[carer.pk, appreciation.pk]),
        {"status": "toegekend"},
        follow=True,
    )
    assert "De status van de waardering is bijgewerkt." in response.content.decode()
    appreciation.refresh_from_db()
    assert appreciation.status == "toegekend"
