"""The wijkteam's worklist, list and detail pages, the dossier section and the API."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plek.accounts.models import Membership
from plek.signals.models import Signal
from tests.conftest import login_fully
from tests.factories import PersonFactory, RelationFactory, TeamFactory
from tests.signals.helpers import make_signal

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_worklist_puts_overdue_first_and_marks_it(member: Callable[..., Membership]) -> None:
    team = TeamFactory()
    membership = member("wijkteam", team=team)
    make_signal(team=team, person=PersonFactory(family_name="Optijd"), received_on=TODAY)
    make_signal(
        team=team,
        person=PersonFactory(family_name="Telaat"),
        received_on=TODAY - datetime.timedelta(days=20),
    )
    make_signal(team=TeamFactory(), person=PersonFactory(family_name="Anderteam"))
    page = login_fully(Client(), membership).get("/").content.decode()
    assert "Mijn signalen" in page
    assert page.index("Telaat") < page.index("Optijd")
    assert "TE LAAT" in page
    assert "Anderteam" not in page


def test_list_detail_and_forms(member: Callable[..., Membership]) -> None:
    team = TeamFactory()
    membership = member("wijkteam", team=team)
    signal = make_signal(
        team=team,
        person=PersonFactory(),
        received_on=TODAY - datetime.timedelta(days=1),
        eviction_date=TODAY + datetime.timedelta(days=2),
        source="ontruiming",
    )
    client = login_fully(Client(), membership)
    listing = client.get(reverse("signals:list")).content.decode()
    assert "Aangekondigde ontruiming" in listing and "spoed" in listing
    detail = client.get(reverse("signals:detail", args=[signal.pk])).content.decode()
    assert "de urgentie is nu spoed" in detail
    bad = client.post(reverse("signals:attempt", args=[signal.pk]), {"kind": "telefoon"})
    assert bad.status_code == 400
    assert "Dagdeel: vul dit in." in bad.content.decode()
    ok = client.post(
        reverse("signals:attempt", args=[signal.pk]),
        {
            "attempted_on": TODAY.isoformat(),
            "kind": "telefoon",
            "part_of_day": "avond",
            "reached": "ja",
        },
    )
    assert ok.status_code == 302
    signal.refresh_from_db()
    assert signal.first_contact_on == TODAY
    client.post(
        reverse("signals:outcome", args=[signal.pk]),
        {"outcome": "ontruiming_voorkomen", "outcome_on": TODAY.isoformat()},
    )
    signal.refresh_from_db()
    assert signal.outcome == "ontruiming_voorkomen"


def test_register_by_hand_page_and_api(member: Callable[..., Membership]) -> None:
    membership = member("wijkteam", team=TeamFactory())
    client = login_fully(Client(), membership)
    response = client.post(
        reverse("signals:create"),
        {
            "source": "burger",
            "urgency": "normaal",
            "received_on": TODAY.isoformat(),
            "postcode": "3311 ab",
            "house_number": "9",
        },
    )
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert signal.postcode == "3311AB" and signal.team == membership.team
    person = PersonFactory()
    RelationFactory(person=person, user=membership.user)
    created = client.post(
        reverse("api-signal-list"),
        {
            "source": "water",
            "urgency": "hoog",
            "received_on": TODAY.isoformat(),
            "person": person.pk,
            "arrear_amount": "120.00",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["deadline_on"] == (TODAY + datetime.timedelta(days=3)).isoformat()
    listed = client.get(reverse("api-signal-list")).json()
    assert listed["count"] == 2


def test_dossier_shows_signals_and_attempts(member: Callable[..., Membership]) -> None:
    membership = member("wijkteam")
    person = PersonFactory()
    RelationFactory(person=person, user=membership.user)
    signal = make_signal(person=person)
    signal.attempts.create(
        attempted_on=TODAY, kind="telefoon", part_of_day="ochtend", reached=False
    )
    page = (
        login_fully(Client(), membership)
        .get(reverse("people:detail", args=[person.pk]))
        .content.decode()
    )
    assert "Signaal: Huurachterstand" in page
    assert "Contactpoging (Telefoon): niet bereikt" in page
