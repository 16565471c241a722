"""Casework on a plan from its page and the dossier: end it with a reason, move the review,
mark an action done, withdraw a hand-over; the regisseur's overdue actions; the dossier's plan
status and actions."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plek.access.exceptions import AccessDenied
from plek.access.models import ProcessingLogEntry
from plek.accounts.models import Membership
from plek.plans import selectors, services
from plek.plans.models import HandOver, Plan, PlanAction
from plek.web.worklists import registered_worklists, worklists_for
from tests.conftest import login_fully
from tests.factories import MembershipFactory, OrganisationFactory, TeamFactory
from tests.plans.helpers import actor, family, related

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def lead(member) -> Membership:  # type: ignore[no-untyped-def]
    return member("regisseur", team=TeamFactory())


def running_plan(lead: Membership, started: int = -200, review: int = 10) -> Plan:
    applicant, _partner, household = family()
    related(lead, applicant)
    return services.start_plan(
        actor(lead), applicant.pk, household.pk, days(started), review_on=days(review)
    )


def action_on(plan: Plan, target: int, description: str = "Budgetplan opstellen") -> PlanAction:
    goal = services.add_goal(actor_for(plan), plan.pk, "financien", "Mijn huur zelf betalen.")
    return services.add_action(
        actor_for(plan), goal.pk, description, OrganisationFactory().pk, days(target)
    )


def actor_for(plan: Plan):  # type: ignore[no-untyped-def]
    assignment = plan.case_leads.get(ended_at__isnull=True)
    membership = Membership.objects.get(user=assignment.user)
    return actor(membership)


# --- end a plan ---------------------------------------------------------------------------------


def test_ending_a_plan_needs_a_reason_and_withdraws_a_waiting_hand_over(lead, member) -> None:
    plan = running_plan(lead)
    colleague = member("regisseur")
    services.request_hand_over(actor(lead), plan.pk, colleague.user.username)
    with pytest.raises(ValidationError) as error:
        services.end_plan(actor(lead), plan.pk, TODAY, "")
    assert error.value.message_dict["reason"] == ["Reden: kies waarom het plan stopt."]
    with pytest.raises(ValidationError) as error:
        services.end_plan(actor(lead), plan.pk, TODAY, "anders", "  ")
    assert "Toelichting" in error.value.message_dict["note"][0]
    with pytest.raises(ValidationError) as error:
        services.end_plan(actor(lead), plan.pk, days(3), "doelen_behaald")
    assert error.value.message_dict["ended_on"] == ["Einddatum: deze datum ligt in de toekomst."]
    with pytest.raises(ValidationError) as error:
        services.end_plan(actor(lead), plan.pk, days(-300), "doelen_behaald")
    assert "vóór de start" in error.value.message_dict["ended_on"][0]

    services.end_plan(actor(lead), plan.pk, TODAY, "doelen_behaald", "Alles loopt weer.")
    plan.refresh_from_db()
    assert (plan.ended_on, plan.end_reason, plan.end_note) == (
        TODAY,
        "doelen_behaald",
        "Alles loopt weer.",
    )
    hand_over = HandOver.objects.get(plan=plan)
    assert hand_over.cancelled_at is not None and not hand_over.pending
    with pytest.raises(ValidationError):  # an ended plan changes no more
        services.set_review(actor(lead), plan.pk, days(30))


def test_only_the_lead_or_team_ends_a_plan_and_without_a_relation_it_is_refused(
    lead, member
) -> None:
    plan = running_plan(lead)
    stranger = member("regisseur", team=TeamFactory())
    with pytest.raises(AccessDenied):
        services.end_plan(actor(stranger), plan.pk, TODAY, "verhuisd")
    related(stranger, plan.person)
    with pytest.raises(ValidationError) as error:
        services.end_plan(actor(stranger), plan.pk, TODAY, "verhuisd")
    assert "regisseur en het team" in error.value.messages[0]
    assert Plan.objects.get(pk=plan.pk).ended_on is None


def test_end_plan_page(lead) -> None:
    plan = running_plan(lead)
    client = login_fully(Client(), lead)
    page = client.get(reverse("plans:end", args=[plan.pk]))
    assert page.status_code == 200 and "Reden" in page.content.decode()
    wrong = client.post(
        reverse("plans:end", args=[plan.pk]), {"ended_on": TODAY, "reason": "anders"}
    )
    assert wrong.status_code == 400
    assert "Toelichting: vul in waarom het plan stopt" in wrong.content.decode()
    done = client.post(
        reverse("plans:end", args=[plan.pk]), {"ended_on": TODAY, "reason": "verhuisd"}
    )
    assert done.status_code == 302 and done.url == reverse("web:home")
    detail = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Verhuisd naar een andere gemeente" in detail
    assert reverse("plans:end", args=[plan.pk]) not in detail  # nothing left to end


# --- the review date ----------------------------------------------------------------------------


def test_review_date_page_changes_the_date_and_names_the_field_on_bad_input(lead) -> None:
    plan = running_plan(lead)
    client = login_fully(Client(), lead)
    detail = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert reverse("plans:review", args=[plan.pk]) in detail
    bad = client.post(reverse("plans:review", args=[plan.pk]), {"review_on": days(-250)})
    assert bad.status_code == 400
    assert "Evaluatiedatum: kies een datum na de startdatum." in bad.content.decode()
    assert (
        client.post(reverse("plans:review", args=[plan.pk]), {"review_on": days(40)}).status_code
        == 302
    )
    plan.refresh_from_db()
    assert plan.review_on == days(40)


# --- plan actions -------------------------------------------------------------------------------


def test_marking_an_action_done_once(lead) -> None:
    plan = running_plan(lead)
    action = action_on(plan, -5)
    with pytest.raises(ValidationError) as error:
        services.mark_action_done(actor(lead), action.pk, days(2))
    assert error.value.message_dict["done_on"] == ["Gedaan op: deze datum ligt in de toekomst."]
    services.mark_action_done(actor(lead), action.pk, TODAY)
    with pytest.raises(ValidationError) as error:
        services.mark_action_done(actor(lead), action.pk, TODAY)
    assert error.value.message_dict["done_on"] == ["Gedaan op: deze actie is al afgerond."]
    assert PlanAction.objects.get(pk=action.pk).done_on == TODAY


def test_marking_done_without_a_relation_is_refused(lead, member) -> None:
    plan = running_plan(lead)
    action = action_on(plan, -5)
    with pytest.raises(AccessDenied):
        services.mark_action_done(actor(member("wijkteam")), action.pk, TODAY)
    client = login_fully(Client(), member("regisseur"))
    assert client.get(reverse("plans:action-done", args=[action.pk])).status_code == 403
    assert (
        client.post(reverse("plans:action-done", args=[action.pk]), {"done_on": TODAY}).status_code
        == 403
    )
    assert PlanAction.objects.get(pk=action.pk).done_on is None


def test_overdue_actions_of_my_plans_longest_overdue_first_and_logged_once(lead, member) -> None:
    first, second = running_plan(lead), running_plan(lead)
    late = action_on(first, -20, "Aanmelden bij de schuldhulp")
    later = action_on(second, -3, "Inschrijven als woningzoekende")
    action_on(second, 10)  # not due yet
    services.mark_action_done(actor(lead), action_on(first, -9).pk, TODAY)  # done
    other_lead = member("regisseur", team=TeamFactory())
    action_on(running_plan(other_lead), -30)  # somebody else's plan
    last = ProcessingLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    items = selectors.overdue_actions_worklist(actor(lead))
    assert [item.href.split("#")[1] for item in items] == [f"actie-{late.pk}", f"actie-{later.pk}"]
    assert all(item.overdue for item in items) and items[0].due == days(-20)
    logged = ProcessingLogEntry.objects.filter(activity_code="plan.werklijst", pk__gt=last)
    assert sorted(logged.values_list("person_id", flat=True)) == sorted(
        [first.person_id, second.person_id]
    )

    client = login_fully(Client(), lead)
    page = client.get(reverse("plans:overdue-actions"))
    text = page.content.decode()
    assert page.status_code == 200
    assert text.index("Aanmelden bij de schuldhulp") < text.index("Inschrijven als woningzoekende")
    assert reverse("plans:action-done", args=[late.pk]) in text


def test_overdue_actions_page_queries_do_not_grow_with_rows(
    lead, django_assert_max_num_queries
) -> None:
    for _ in range(3):
        action_on(running_plan(lead), -4)
    client = login_fully(Client(), lead)
    client.get(reverse("plans:overdue-actions"))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("plans:overdue-actions"))
    for _ in range(8):
        action_on(running_plan(lead), -4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("plans:overdue-actions"))


# --- hand-overs ---------------------------------------------------------------------------------


def test_withdrawing_a_hand_over(lead, member) -> None:
    plan = running_plan(lead)
    colleague = member("regisseur")
    hand_over = services.request_hand_over(actor(lead), plan.pk, colleague.user.username)
    # The addressee may look at the plan, not change it: withdrawing is for who asked.
    with pytest.raises(AccessDenied):
        services.cancel_hand_over(actor(colleague), hand_over.pk)
    team_member = MembershipFactory(role="regisseur", team=lead.team)
    with pytest.raises(ValidationError) as error:
        services.cancel_hand_over(actor(team_member), hand_over.pk)
    assert "Alleen wie de overdracht vroeg" in error.value.messages[0]
    client = login_fully(Client(), lead)
    detail = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert reverse("plans:hand-over-cancel", args=[hand_over.pk]) in detail
    answer = client.post(reverse("plans:hand-over-cancel", args=[hand_over.pk]))
    assert answer.status_code == 302
    hand_over.refresh_from_db()
    assert hand_over.cancelled_at is not None
    # The colleague no longer sees it waiting, and may not accept it any more.
    assert selectors.pending_hand_overs(actor(colleague)) == []
    with pytest.raises(ValidationError):
        services.accept_hand_over(actor(colleague), hand_over.pk)
    # A new request is possible again.
    services.request_hand_over(actor(lead), plan.pk, colleague.user.username)
    with pytest.raises(ValidationError):
        services.cancel_hand_over(actor(lead), hand_over.pk)


def test_withdrawing_without_a_relation_is_refused(lead, member) -> None:
    plan = running_plan(lead)
    hand_over = HandOver.objects.create(
        plan=plan,
        from_user=lead.user,
        to_membership=MembershipFactory(role="regisseur"),
        requested_at=timezone.now(),
    )
    with pytest.raises(AccessDenied):
        services.cancel_hand_over(actor(member("regisseur")), hand_over.pk)


# --- start pages and the dossier ----------------------------------------------------------------


def test_the_regisseur_start_page_lists_each_plan_once() -> None:
    specs = worklists_for("regisseur")
    sources = [spec.source for spec in specs]
    assert len(sources) == len(set(sources)), "two lists on one start page with the same source"
    titles = [str(spec.title) for spec in specs]
    assert "Acties over hun streefdatum" in titles and len(titles) == len(set(titles))
    assert all(spec.source is not None for spec in registered_worklists())


def test_the_dossier_shows_the_plan_its_lead_review_and_overdue_actions(lead) -> None:
    plan = running_plan(lead, review=-2)
    action_on(plan, -6)
    client = login_fully(Client(), lead)
    text = client.get(reverse("people:detail", args=[plan.person_id])).content.decode()
    assert "regisseur" in text and lead.user.display_name in text
    assert "1 actie over de streefdatum" in text  # an alert
    assert "Evaluatie van het plan" in text
    assert reverse("plans:detail", args=[plan.pk]) in text  # "Plan openen"
    assert reverse("plans:start", args=[plan.person_id]) not in text  # one plan


def test_a_running_plan_without_a_current_lead_is_still_the_running_plan(lead) -> None:
    # The dossier reads the running plan with its lead in one statement (a left join): a plan
    # whose lead assignment has ended still runs, to be opened, not started again.
    plan = running_plan(lead)
    plan.case_leads.update(ended_at=timezone.now())
    client = login_fully(Client(), lead)
    text = client.get(reverse("people:detail", args=[plan.person_id])).content.decode()
    assert reverse("plans:detail", args=[plan.pk]) in text
    assert reverse("plans:start", args=[plan.person_id]) not in text


def test_the_dossier_offers_to_start_a_plan_only_without_one(lead) -> None:
    applicant, _partner, _household = family()
    related(lead, applicant)
    client = login_fully(Client(), lead)
    text = client.get(reverse("people:detail", args=[applicant.pk])).content.decode()
    assert reverse("plans:start", args=[applicant.pk]) in text
    assert "Geen lopend plan" in text


def test_the_dossier_top_costs_the_same_queries_however_much_casework(
    lead, django_assert_max_num_queries
) -> None:
    from tests.signals.helpers import make_signal

    plan = running_plan(lead, review=-2)
    action_on(plan, -6)
    make_signal(team=lead.team, person=plan.person)
    client = login_fully(Client(), lead)
    url = reverse("people:detail", args=[plan.person_id])
    client.get(url)
    with django_assert_max_num_queries(200) as few:
        client.get(url)
    for n in range(6):
        action_on(plan, -n - 1)
        make_signal(team=lead.team, person=plan.person)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
