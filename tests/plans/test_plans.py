from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from plek.access.exceptions import AccessDenied
from plek.access.models import ProcessingLogEntry
from plek.access.policy import decide, visible_person_ids
from plek.accounts.models import MembershipStatus
from plek.people.models import Person
from plek.plans import selectors, services
from plek.plans.models import CaseLeadAssignment, Plan
from tests.conftest import login_fully
from tests.factories import MembershipFactory, PersonFactory, TeamFactory
from tests.plans.helpers import actor, family, related

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def lead(member):  # type: ignore[no-untyped-def]
    return member("wijkteam", team=TeamFactory())


def start(lead, applicant, household, **kwargs):  # type: ignore[no-untyped-def]
    related(lead, applicant)
    return services.start_plan(
        actor(lead), applicant.pk, household.pk, kwargs.pop("started_on", TODAY), **kwargs
    )


def test_starting_makes_the_actor_case_lead_and_reviews_after_six_months(lead) -> None:
    applicant, partner, household = family()
    plan = start(lead, applicant, household, started_on=datetime.date(2025, 1, 31))
    assert plan.review_on == datetime.date(2025, 7, 31)
    assert selectors.current_case_lead(partner.pk) == lead.user
    assert selectors.current_case_lead(applicant.pk) == lead.user
    assert selectors.current_case_lead(PersonFactory().pk) is None


def test_review_months_are_configurable(lead, settings) -> None:
    settings.PLAN_REVIEW_MONTHS = 3
    applicant, _partner, household = family()
    plan = start(lead, applicant, household, started_on=datetime.date(2025, 1, 15))
    assert plan.review_on == datetime.date(2025, 4, 15)


def test_a_household_has_one_active_plan(lead, member) -> None:
    applicant, partner, household = family()
    start(lead, applicant, household)
    other = member("regisseur")
    related(other, partner)
    with pytest.raises(ValidationError) as error:
        services.start_plan(actor(other), partner.pk, household.pk, TODAY)
    assert "Huishouden" in error.value.message_dict["household"][0]
    assert Plan.objects.filter(household=household).count() == 1


def test_the_database_allows_one_running_plan_per_person_without_household(lead) -> None:
    # The service checks first; the partial unique index holds even for a write that skips it.
    person = PersonFactory()
    related(lead, person)
    services.start_plan(actor(lead), person.pk, None, TODAY)
    with pytest.raises(ValidationError, match="al een lopend plan"):
        services.start_plan(actor(lead), person.pk, None, TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(external_id="tweede", person=person, started_on=TODAY)
    Plan.objects.create(external_id="oud", person=person, started_on=TODAY, ended_on=TODAY)
    assert Plan.objects.filter(person=person).count() == 2


def test_without_relation_nobody_starts_a_plan(member) -> None:
    applicant, _partner, household = family()
    with pytest.raises(AccessDenied):
        services.start_plan(actor(member("wijkteam")), applicant.pk, household.pk, TODAY)


def test_case_lead_and_team_see_the_household_others_do_not(lead, member) -> None:
    applicant, partner, household = family()
    start(lead, applicant, household)
    colleague = MembershipFactory(role="wijkteam", team=lead.team, organisation=lead.organisation)
    stranger = member("wijkteam")
    assert decide(actor(colleague), "view", partner.pk).basis == "plan:team"
    assert decide(actor(lead), "view", partner.pk).allowed
    assert not decide(actor(stranger), "view", partner.pk).allowed
    seen_by_colleague = Person.objects.filter(pk__in=visible_person_ids(actor(colleague)))
    assert {applicant.pk, partner.pk} <= set(seen_by_colleague.values_list("pk", flat=True))
    seen_by_stranger = Person.objects.filter(pk__in=visible_person_ids(actor(stranger)))
    assert not seen_by_stranger.filter(pk=partner.pk).exists()


def test_hand_over_counts_once_accepted_and_keeps_history(lead, member) -> None:
    applicant, partner, household = family()
    plan = start(lead, applicant, household)
    successor = member("regisseur", team=TeamFactory())
    hand_over = services.request_hand_over(actor(lead), plan.pk, successor.user.username, "Graag")
    assert selectors.current_case_lead(applicant.pk) == lead.user
    # The addressee may look before accepting, not work.
    assert decide(actor(successor), "view", partner.pk).allowed
    assert not decide(actor(successor), "change", partner.pk).allowed
    assert [i.label for i in selectors.hand_overs_for_me(actor(successor))] == [str(household)]
    with pytest.raises(ValidationError):
        services.accept_hand_over(actor(lead), hand_over.pk)
    services.accept_hand_over(actor(successor), hand_over.pk)
    assert selectors.current_case_lead(applicant.pk) == successor.user
    assert CaseLeadAssignment.objects.filter(plan=plan).count() == 2
    assert CaseLeadAssignment.objects.filter(plan=plan, ended_at__isnull=True).count() == 1
    plan.refresh_from_db()
    assert plan.team_id == successor.team_id
    with pytest.raises(ValidationError, match="al afgehandeld"):
        services.accept_hand_over(actor(successor), hand_over.pk)


def test_hand_over_to_unknown_user_names_the_field(lead) -> None:
    applicant, _partner, household = family()
    plan = start(lead, applicant, household)
    with pytest.raises(ValidationError) as error:
        services.request_hand_over(actor(lead), plan.pk, "bestaat-niet")
    assert "Nieuwe regisseur" in error.value.message_dict["to_username"][0]


def test_hand_over_only_to_an_approved_membership(lead, member) -> None:
    # Four eyes: a case-file role still waiting for a second admin's approval receives no plan.
    applicant, _partner, household = family()
    plan = start(lead, applicant, household)
    waiting = member("regisseur", team=TeamFactory(), status=MembershipStatus.REQUESTED)
    with pytest.raises(ValidationError) as error:
        services.request_hand_over(actor(lead), plan.pk, waiting.user.username)
    assert "Nieuwe regisseur" in error.value.message_dict["to_username"][0]


def test_goals_actions_evaluations_and_the_pdf(lead, client) -> None:
    applicant, _partner, household = family()
    plan = start(lead, applicant, household, started_on=TODAY - datetime.timedelta(days=10))
    me = actor(lead)
    goal = services.add_goal(me, plan.pk, "financien", "Ik wil weer zelf mijn huur betalen.")
    services.add_action(me, goal.pk, "Budgetplan maken", lead.organisation_id, TODAY)
    services.add_evaluation(me, goal.pk, TODAY, "enige", "Eerste stap gezet")
    with pytest.raises(ValidationError) as error:
        services.add_goal(me, plan.pk, "financien", "  ")
    assert "eigen woorden" in error.value.message_dict["own_words"][0]

    login_fully(client, lead)
    before = ProcessingLogEntry.objects.filter(person_id=applicant.pk).count()
    response = client.get(reverse("plans:pdf", args=[plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Mijn plan" in text
    assert "Ik wil weer zelf mijn huur betalen." in text
    assert "Budgetplan maken" in text
    # The letterhead and signatory from configuration, and the resident as recipient.
    assert "Gemeente Plekstad" in text
    assert "J. de Vries" in text
    assert applicant.family_name in text
    entries = ProcessingLogEntry.objects.filter(person_id=applicant.pk)
    assert entries.count() == before + 1
    assert entries.order_by("-id").first().action == "export"


def test_worklists_put_overdue_reviews_first(lead) -> None:
    plans = []
    for review in (TODAY + datetime.timedelta(days=10), TODAY - datetime.timedelta(days=5)):
        applicant, _partner, household = family()
        plans.append(
            start(
                lead,
                applicant,
                household,
                started_on=TODAY - datetime.timedelta(days=200),
                review_on=review,
            )
        )
    far, _p, far_household = family()
    start(lead, far, far_household, review_on=TODAY + datetime.timedelta(days=120))
    due = selectors.reviews_due(actor(lead))
    assert [item.href for item in due] == [
        reverse("plans:detail", args=[plans[1].pk]),
        reverse("plans:detail", args=[plans[0].pk]),
    ]
    assert due[0].overdue and not due[1].overdue
    assert len(selectors.plans_i_lead(actor(lead))) == 3


def test_my_plans_are_mine_and_a_new_plan_counts_at_once(lead, member) -> None:
    """The list is compiled once per user (plek.core.compiled): another lead in the same process
    gets their own, and a plan started after the first look is on the next one."""
    other = member("wijkteam", team=TeamFactory())
    mine = start(lead, *_two_of_a_family())
    theirs = start(other, *_two_of_a_family())
    href = lambda plan: reverse("plans:detail", args=[plan.pk])  # noqa: E731
    assert [i.href for i in selectors.plans_i_lead(actor(lead))] == [href(mine)]
    assert [i.href for i in selectors.plans_i_lead(actor(other))] == [href(theirs)]
    later = start(lead, *_two_of_a_family())
    assert {i.href for i in selectors.plans_i_lead(actor(lead))} == {href(mine), href(later)}


def _two_of_a_family():  # type: ignore[no-untyped-def]
    applicant, _partner, household = family()
    return applicant, household


def test_start_page_shows_my_plans(lead, client) -> None:
    applicant, _partner, household = family()
    start(
        lead,
        applicant,
        household,
        started_on=TODAY - datetime.timedelta(days=200),
        review_on=TODAY - datetime.timedelta(days=1),
    )
    login_fully(client, lead)
    page = client.get("/").content.decode()
    assert "Plannen met een evaluatie binnenkort" in page
    assert str(household) in page
    assert "Overdrachten die op mij wachten" in page


def test_plan_pages_through_the_client(lead, client) -> None:
    applicant, _partner, household = family()
    related(lead, applicant)
    login_fully(client, lead)
    response = client.post(
        reverse("plans:start", args=[applicant.pk]),
        {"household": household.pk, "started_on": TODAY.isoformat()},
    )
    plan = Plan.objects.get(household=household)
    assert response.status_code == 302
    response = client.post(
        reverse("plans:goal-new", args=[plan.pk]), {"domain": "huisvesting", "own_words": ""}
    )
    assert "Doel in eigen woorden" in response.content.decode()
    again = client.post(
        reverse("plans:start", args=[applicant.pk]),
        {"household": household.pk, "started_on": TODAY.isoformat()},
    )
    assert "al een lopend plan" in again.content.decode()
