"""Signals from the dossier and their page: take one on, give it to a colleague, register one
for a person from the dossier, and the dossier's line on open signals."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plek.access.exceptions import AccessDenied
from plek.accounts.models import Membership
from plek.signals import services
from plek.signals.models import Signal
from tests.conftest import login_fully
from tests.factories import MembershipFactory, PersonFactory, RelationFactory, TeamFactory
from tests.signals.helpers import actor_of, make_signal

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def worker(member) -> Membership:  # type: ignore[no-untyped-def]
    return member("wijkteam", team=TeamFactory())


def test_assign_to_me_moves_the_signal_to_my_team_and_me(worker) -> None:
    other_team = TeamFactory()
    person = PersonFactory()
    signal = make_signal(team=other_team, person=person)
    RelationFactory(person=person, user=worker.user)
    services.assign_to_me(actor_of(worker), signal.pk)
    signal.refresh_from_db()
    assert (signal.team_id, signal.worker_id) == (worker.team_id, worker.user_id)


def test_assign_to_a_colleague_from_the_signal_page(worker) -> None:
    colleague = MembershipFactory(role="wijkteam", team=worker.team)
    outsider = MembershipFactory(role="wijkteam", team=TeamFactory())
    signal = make_signal(team=worker.team, postcode="1234AB", house_number=5)
    client = login_fully(Client(), worker)
    page = client.get(reverse("signals:detail", args=[signal.pk])).content.decode()
    assert "Aan mij toewijzen" in page and colleague.user.display_name in page
    assert outsider.user.display_name not in page

    empty = client.post(reverse("signals:assign", args=[signal.pk]), {})
    assert empty.status_code == 400
    assert "Collega: kies aan wie u het signaal geeft." in empty.content.decode()
    wrong = client.post(reverse("signals:assign", args=[signal.pk]), {"worker": outsider.user_id})
    assert wrong.status_code == 400
    assert "Collega: kies iemand uit de lijst." in wrong.content.decode()

    given = client.post(reverse("signals:assign", args=[signal.pk]), {"worker": colleague.user_id})
    assert given.status_code == 302
    assert Signal.objects.get(pk=signal.pk).worker_id == colleague.user_id
    mine = client.post(reverse("signals:assign", args=[signal.pk]), {"aan": "mij"})
    assert mine.status_code == 302
    assert Signal.objects.get(pk=signal.pk).worker_id == worker.user_id


def test_assigning_without_a_relation_is_refused(worker, member) -> None:
    signal = make_signal(team=worker.team, person=PersonFactory())
    stranger = member("wijkteam", team=TeamFactory())
    with pytest.raises(AccessDenied):
        services.assign_to_me(actor_of(stranger), signal.pk)
    client = login_fully(Client(), stranger)
    answer = client.post(reverse("signals:assign", args=[signal.pk]), {"aan": "mij"})
    assert answer.status_code == 403
    assert Signal.objects.get(pk=signal.pk).worker_id is None


def test_the_dossier_shows_open_signals_and_offers_to_register_one(worker) -> None:
    person = PersonFactory()
    late = make_signal(
        team=worker.team,
        worker=worker.user,
        person=person,
        received_on=TODAY - datetime.timedelta(days=30),
    )
    make_signal(team=worker.team, person=person, outcome="opgelost", outcome_on=TODAY)
    client = login_fully(Client(), worker)
    text = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Open signalen" in text
    assert reverse("signals:detail", args=[late.pk]) in text
    assert "Vraagt aandacht" in text  # no contact in time
    assert f"{reverse('signals:create')}?persoon={person.pk}" in text


def test_the_outcome_plan_started_links_to_the_plan_on_the_signal_page(worker) -> None:
    from plek.plans.models import Plan

    person = PersonFactory()
    signal = make_signal(team=worker.team, worker=worker.user, person=person)
    plan = Plan.objects.create(
        external_id="p-signal", person=person, started_on=TODAY, review_on=TODAY
    )
    client = login_fully(Client(), worker)
    answer = client.post(
        reverse("signals:outcome", args=[signal.pk]),
        {"outcome": "plan_gestart", "outcome_on": TODAY.isoformat()},
    )
    assert answer.status_code == 302
    page = client.get(answer.url).content.decode()
    assert reverse("plans:detail", args=[plan.pk]) in page
