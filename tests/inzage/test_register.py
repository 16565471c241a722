"""The privacy officer's register of access requests, and the letter a resident can read."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from plek.access.exceptions import AccessDenied
from plek.access.models import ProcessingLogEntry
from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.core.dates import add_months
from plek.core.dates import today as plek_today
from plek.inzage import selectors, services
from plek.inzage.models import AccessRequest, RequestStatus
from plek.people import services as people_services
from tests.conftest import login_fully
from tests.factories import PersonFactory, RelationFactory

pytestmark = pytest.mark.django_db
TODAY = plek_today()


def actor_of(membership: Membership) -> Actor:
    return Actor(user=membership.user, membership=membership, request_id="test-inzage")


@pytest.fixture
def officer(member: Callable[..., Membership]) -> Membership:
    return member("privacy")


def register(officer: Membership, days_ago: int = 0, name: str = "A. Bewoner") -> AccessRequest:
    return services.register_request(
        actor_of(officer),
        services.RequestInput(
            TODAY - datetime.timedelta(days=days_ago), name, "post", "Dorpsstraat 1"
        ),
    )


def test_the_term_is_one_month_and_only_the_officer_registers(
    officer: Membership, member: Callable[..., Membership]
) -> None:
    request = register(officer, days_ago=3)
    assert request.due_on == add_months(TODAY - datetime.timedelta(days=3), 1)
    with pytest.raises(AccessDenied):
        register(member("wijkteam"))
    with pytest.raises(ValidationError) as error:
        services.register_request(
            actor_of(officer),
            services.RequestInput(TODAY + datetime.timedelta(days=1), " ", "duif"),
        )
    assert error.value.message_dict == {
        "received_on": ["Ontvangen op: mag niet in de toekomst liggen."],
        "requester_name": ["Naam aanvrager: vul de naam in die de aanvrager gaf."],
        "channel": ["Kanaal: kies hoe het verzoek binnenkwam."],
    }
    assert AccessRequest.objects.count() == 1


def test_extension_once_with_a_reason_within_the_first_month(officer: Membership) -> None:
    actor = actor_of(officer)
    request = register(officer, days_ago=10)
    with pytest.raises(ValidationError) as error:
        services.extend(actor, request.pk, "")
    assert error.value.message_dict["reason"][0].startswith("Reden verlenging:")
    extended = services.extend(actor, request.pk, "Veel gegevens bij vier organisaties")
    assert extended.extended_until == add_months(request.received_on, 3)
    with pytest.raises(ValidationError):
        services.extend(actor, request.pk, "Nog eens")
    late = register(officer, days_ago=40)
    with pytest.raises(ValidationError) as error:
        services.extend(actor, late.pk, "Te laat bedacht")
    assert "eerste maand" in error.value.message_dict["reason"][0]


def test_worklist_by_deadline_with_overdue_first(officer: Membership) -> None:
    near = register(officer, days_ago=25, name="Dichtbij")
    overdue = register(officer, days_ago=40, name="Te laat")
    register(officer, days_ago=1, name="Nieuw")
    items = selectors.request_worklist(actor_of(officer))
    assert [item.label.split(" · ")[1] for item in items] == ["Te laat", "Dichtbij", "Nieuw"]
    assert items[0].overdue and not items[1].overdue
    assert items[0].due == overdue.due_on and items[1].due == near.due_on


def test_find_person_letter_and_close(
    officer: Membership, member: Callable[..., Membership]
) -> None:
    worker = member("regisseur")
    person = PersonFactory(family_name="Verzoeker", birth_date=datetime.date(1980, 3, 14))
    RelationFactory(person=person, user=None, organisation=worker.organisation)
    people_services.create_household(
        Actor(user=worker.user, membership=worker, request_id="t"),
        person.pk,
        "Verzoeker",
        "aanvrager",
    )
    actor = actor_of(officer)
    request = register(officer, name="B. Verzoeker")
    with pytest.raises(ValidationError) as error:
        services.identify_person(actor, request.pk, "999999999")
    assert error.value.message_dict["zoek"][0].startswith("BSN of persoonsnummer:")
    with pytest.raises(ValidationError) as error:
        services.close(actor, request.pk, "")
    services.identify_person(actor, request.pk, person.bsn)
    with pytest.raises(ValidationError) as error:
        services.close(actor, request.pk, "")
    assert error.value.message_dict["note"] == ["Toelichting: maak eerst de brief voor de bewoner."]

    client = login_fully(Client(), officer)
    page = client.get(reverse("inzage:letter", args=[request.pk])).content.decode()
    # Readable: Dutch dates in words, plain headings, the relation named; no field names.
    assert "14 maart 1980" in page
    assert "Wie toegang heeft tot uw gegevens, en waarom" in page
    assert "Gemeente Plekstad" in page and "B. Verzoeker" in page
    assert worker.organisation.name in page
    for raw in ("family_name", "birth_date", "person_id", "activity_code"):
        assert raw not in page
    pdf = client.get(reverse("inzage:letter-pdf", args=[request.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Uw gegevens" in text and "Verzoeker" in text
    exports = ProcessingLogEntry.objects.filter(
        person_id=person.pk, activity_code="inzage.exporteren", purpose="inzage"
    )
    assert exports.count() == 2

    closed = services.close(actor, request.pk, "Brief per post verstuurd")
    assert closed.status == RequestStatus.CLOSED and closed.closed_by_id == officer.user_id
    assert selectors.request_worklist(actor) == []


def test_register_page_searches_sorts_and_keeps_its_query_count(officer: Membership) -> None:
    client = login_fully(Client(), officer)
    for n in range(3):
        request = register(officer, days_ago=n, name=f"Persoon {n}")
        services.identify_person(actor_of(officer), request.pk, PersonFactory().bsn)
    response = client.get(reverse("inzage:list"), {"zoek": "Persoon 1", "sorteer": "aanvrager"})
    body = response.content.decode()
    assert response.status_code == 200 and "Persoon 1" in body and "Persoon 2" not in body
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("inzage:list"))
    for n in range(12):
        request = register(officer, days_ago=n, name=f"Meer {n}")
        services.identify_person(actor_of(officer), request.pk, PersonFactory().bsn)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("inzage:list"))
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("role", ["wijkteam", "beheer", "beleid"])
def test_the_register_is_for_the_privacy_officer_only(
    officer: Membership, member: Callable[..., Membership], role: str
) -> None:
    request = register(officer)
    client = login_fully(Client(), member(role))
    for url in (
        reverse("inzage:list"),
        reverse("inzage:detail", args=[request.pk]),
        reverse("inzage:letter", args=[request.pk]),
    ):
        assert client.get(url).status_code == 403
