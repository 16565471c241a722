"""Intakes from the dossier and the wijkteam's start page: start or continue, score the ZRM,
complete; "Intakes in behandeling" with its full list."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plek.access.models import ProcessingLogEntry
from plek.accounts.models import Membership
from plek.intake import selectors, services
from plek.intake.models import Intake
from tests.conftest import login_fully
from tests.factories import MembershipFactory, TeamFactory
from tests.plans.helpers import actor, family, related

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def worker(member) -> Membership:  # type: ignore[no-untyped-def]
    return member("wijkteam", team=TeamFactory())


def running(worker: Membership, started: int = -5) -> Intake:
    applicant, _partner, household = family()
    related(worker, applicant)
    return services.start_intake(
        actor(worker), applicant.pk, household.pk, days(started), "Rust in huis."
    )


def test_the_dossier_offers_start_then_continue_and_score(worker) -> None:
    applicant, _partner, household = family()
    related(worker, applicant)
    client = login_fully(Client(), worker)
    text = client.get(reverse("people:detail", args=[applicant.pk])).content.decode()
    assert reverse("intake:start", args=[applicant.pk]) in text
    assert "Intake voortzetten" not in text

    intake = services.start_intake(
        actor(worker), applicant.pk, household.pk, days(-50), "Grip op de rekeningen."
    )
    text = client.get(reverse("people:detail", args=[applicant.pk])).content.decode()
    assert reverse("intake:start", args=[applicant.pk]) not in text  # one runs
    assert reverse("intake:detail", args=[intake.pk]) in text  # continue it
    score = reverse("intake:assessment-new", args=[applicant.pk]) + f"?intake={intake.pk}"
    assert score in text
    assert "Intake loopt sinds" in text and "ZRM nog niet gescoord" in text
    assert "Vraagt aandacht" in text  # past the completion term (42 days)


def test_completing_an_intake_from_its_page(worker) -> None:
    intake = running(worker, started=-10)
    client = login_fully(Client(), worker)
    detail = client.get(reverse("intake:detail", args=[intake.pk])).content.decode()
    assert reverse("intake:complete", args=[intake.pk]) in detail
    bad = client.post(reverse("intake:complete", args=[intake.pk]), {"completed_on": days(-20)})
    assert bad.status_code == 400
    assert "Afgerond op: ligt vóór de start van de intake." in bad.content.decode()
    done = client.post(reverse("intake:complete", args=[intake.pk]), {"completed_on": TODAY})
    assert done.status_code == 302
    intake.refresh_from_db()
    assert intake.completed_on == TODAY


def test_completing_without_a_relation_is_refused(worker, member) -> None:
    intake = running(worker)
    client = login_fully(Client(), member("wijkteam", team=TeamFactory()))
    url = reverse("intake:complete", args=[intake.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"completed_on": TODAY}).status_code == 403
    assert Intake.objects.get(pk=intake.pk).completed_on is None


def test_running_intakes_of_me_and_my_organisation_overdue_first(worker) -> None:
    colleague = MembershipFactory(
        role="wijkteam",
        organisation=worker.organisation,
        team=TeamFactory(organisation=worker.organisation),
    )
    mine, old = running(worker, -3), running(worker, -60)
    theirs = running(colleague, -10)
    related(worker, theirs.person)  # a relation of my own to their applicant
    running(MembershipFactory(role="wijkteam", team=TeamFactory()), -30)  # another organisation
    done = running(worker, -20)
    services.complete_intake(actor(worker), done.pk, TODAY)

    last = ProcessingLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    items = selectors.running_intakes_worklist(actor(worker))
    assert [item.href for item in items] == [
        reverse("intake:detail", args=[i.pk]) for i in (old, theirs, mine)
    ]
    assert [item.overdue for item in items] == [True, False, False]
    assert items[0].due == days(-60 + 42)
    logged = ProcessingLogEntry.objects.filter(activity_code="intake.werklijst", pk__gt=last)
    assert sorted(logged.values_list("person_id", flat=True)) == sorted(
        [old.person_id, theirs.person_id, mine.person_id]
    )


def test_a_running_intake_of_a_colleague_without_my_relation_is_not_shown(worker) -> None:
    colleague = MembershipFactory(
        role="wijkteam",
        organisation=worker.organisation,
        team=TeamFactory(organisation=worker.organisation),
    )
    running(colleague, -10)
    assert selectors.running_intakes_worklist(actor(worker)) == []


def test_the_full_list_is_paginated_and_queries_do_not_grow(
    worker, django_assert_max_num_queries
) -> None:
    for n in range(3):
        running(worker, -n - 1)
    client = login_fully(Client(), worker)
    page = client.get(reverse("intake:running"))
    assert page.status_code == 200 and "Intakes in behandeling" in page.content.decode()
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("intake:running"))
    for n in range(8):
        running(worker, -n - 5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("intake:running"))


def test_the_wijkteam_start_page_shows_running_intakes_with_a_link_to_all(worker) -> None:
    intake = running(worker, -50)
    client = login_fully(Client(), worker)
    text = client.get(reverse("web:home")).content.decode()
    assert "Intakes in behandeling" in text
    assert reverse("intake:detail", args=[intake.pk]) in text
    assert reverse("intake:running") in text
