"""Street outreach: contacts, linking to a person, referrals and the wijkteam's answer."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plek.access.choices import Action
from plek.access.exceptions import AccessDenied
from plek.access.kinds import DataKind
from plek.access.models import ProcessingLogEntry
from plek.access.policy import decide
from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.outreach import selectors, services
from plek.outreach.models import Referral, ReferralStatus, StreetContact
from plek.signals.models import Signal
from tests.conftest import login_fully
from tests.factories import PersonFactory, TeamFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def actor_of(membership: Membership) -> Actor:
    return Actor(user=membership.user, membership=membership, request_id="test-outreach")


@pytest.fixture
def outreach(member: Callable[..., Membership]) -> Membership:
    return member("veldwerk", team=TeamFactory(name="Veldwerk Centrum"))


@pytest.fixture
def wijkteam(member: Callable[..., Membership]) -> Membership:
    return member("wijkteam", team=TeamFactory(name="Wijkteam Noord"))


def record(membership: Membership, **kwargs: object) -> StreetContact:
    data = {
        "met_at": timezone.now() - datetime.timedelta(hours=1),
        "location": "Stationsplein",
        "description": "Man, rond de veertig, groene jas, noemt zich Rob",
        "offered": "nachtopvang",
    }
    data.update(kwargs)
    return services.record_contact(actor_of(membership), services.ContactInput(**data))  # type: ignore[arg-type]


def test_a_contact_without_a_person_is_logged_without_a_person(outreach: Membership) -> None:
    contact = record(outreach)
    assert contact.person_id is None
    assert contact.worker_id == outreach.user_id
    entry = ProcessingLogEntry.objects.get(activity_code="veldwerk.contact_vastleggen")
    assert entry.person_id is None


def test_dutch_messages_name_the_field(outreach: Membership) -> None:
    with pytest.raises(ValidationError) as error:
        record(outreach, location=" ", description="", offered="x")
    messages = error.value.message_dict
    assert messages["location"] == ["Plek: vul in waar u de persoon sprak."]
    assert messages["description"][0].startswith("Beschrijving van de persoon:")
    assert messages["offered"] == ["Aangeboden: kies wat u heeft aangeboden."]
    assert not StreetContact.objects.exists()


def test_only_outreach_workers_record(wijkteam: Membership) -> None:
    with pytest.raises(AccessDenied):
        record(wijkteam)


def test_linking_by_bsn_makes_the_contact_person_data(outreach: Membership) -> None:
    person = PersonFactory()
    actor = actor_of(outreach)
    assert not decide(actor, Action.VIEW, person.pk, kind=DataKind.SIGNALS)
    contact = record(outreach)
    with pytest.raises(ValidationError) as error:
        services.link_contact(actor, contact.pk, "123")
    assert error.value.message_dict["bsn"] == ["BSN: vul een geldig BSN van 9 cijfers in."]
    services.link_contact(actor, contact.pk, person.bsn)
    contact.refresh_from_db()
    assert contact.person_id == person.pk
    decision = decide(actor, Action.VIEW, person.pk, kind=DataKind.SIGNALS)
    assert decision.basis == "veldwerk:contact"
    # Not the plan or the stays: only what early help needs.
    assert not decide(actor, Action.VIEW, person.pk, kind=DataKind.PLAN)
    assert ProcessingLogEntry.objects.filter(
        activity_code="veldwerk.contact_koppelen", person_id=person.pk
    ).exists()


def test_another_outreach_worker_cannot_link_or_read(
    outreach: Membership, member: Callable[..., Membership]
) -> None:
    contact = record(outreach)
    other = member("veldwerk", team=TeamFactory())
    with pytest.raises(AccessDenied):
        services.link_contact(actor_of(other), contact.pk, PersonFactory().bsn)
    with pytest.raises(AccessDenied):
        selectors.open_contact(actor_of(other), contact.pk)


def test_referral_overdue_then_accepted_opens_a_signal(
    outreach: Membership, wijkteam: Membership
) -> None:
    person = PersonFactory()
    contact = record(outreach)
    services.link_contact(actor_of(outreach), contact.pk, person.bsn)
    with pytest.raises(ValidationError) as error:
        services.refer(
            actor_of(outreach),
            contact.pk,
            services.ReferralInput(None, "", TODAY - datetime.timedelta(days=1)),
        )
    assert set(error.value.message_dict) == {"team", "reason", "respond_by"}
    referral = services.refer(
        actor_of(outreach),
        contact.pk,
        services.ReferralInput(wijkteam.team_id, "Slaapt buiten, wil hulp met schulden"),
    )
    with pytest.raises(ValidationError):
        services.refer(
            actor_of(outreach), contact.pk, services.ReferralInput(wijkteam.team_id, "Nog eens")
        )
    # The wijkteam may look at the file while the referral waits.
    assert decide(actor_of(wijkteam), Action.VIEW, person.pk, kind=DataKind.SIGNALS)
    Referral.objects.filter(pk=referral.pk).update(
        referred_on=TODAY - datetime.timedelta(days=8),
        respond_by=TODAY - datetime.timedelta(days=1),
    )
    items = selectors.unanswered_referrals_worklist(actor_of(outreach))
    assert len(items) == 1 and items[0].overdue
    assert items[0].due == TODAY - datetime.timedelta(days=1)
    team_items = selectors.team_referrals_worklist(actor_of(wijkteam))
    assert [i.overdue for i in team_items] == [True]

    with pytest.raises(AccessDenied):
        services.respond(actor_of(outreach), referral.pk, True)
    with pytest.raises(ValidationError) as error:
        services.respond(actor_of(wijkteam), referral.pk, False, "")
    assert error.value.message_dict["note"][0].startswith("Toelichting:")
    answered = services.respond(actor_of(wijkteam), referral.pk, True, "Wij gaan langs")
    assert answered.status == ReferralStatus.ACCEPTED
    signal = Signal.objects.get(pk=answered.signal_id)
    assert signal.person_id == person.pk and signal.source == "veldwerk"
    assert signal.team_id == wijkteam.team_id
    assert selectors.unanswered_referrals_worklist(actor_of(outreach)) == []


def test_week_worklist_shows_this_weeks_contacts_and_logs_persons(outreach: Membership) -> None:
    person = PersonFactory()
    # Just now, not an hour ago: in the first hour of a Monday (local time) that was last week.
    linked = record(outreach, met_at=timezone.now())
    services.link_contact(actor_of(outreach), linked.pk, person.bsn)
    record(outreach, met_at=timezone.now() - datetime.timedelta(days=8))
    items = selectors.week_contacts_worklist(actor_of(outreach))
    labels = [str(item.label) for item in items]
    assert str(person) in labels
    # Eight days ago is always before this Monday.
    assert len(items) == 1
    assert ProcessingLogEntry.objects.filter(
        activity_code="veldwerk.contacten_inzien", person_id=person.pk
    ).exists()


def test_the_week_of_the_worklist_is_the_local_week(outreach: Membership) -> None:
    # Monday 00:15 in Amsterdam is still Sunday 23:15 in UTC.
    monday_just_after_midnight = datetime.datetime(2026, 12, 6, 23, 15, tzinfo=datetime.UTC)
    with time_machine.travel(monday_just_after_midnight, tick=False):
        record(outreach, met_at=timezone.now())
        record(outreach, met_at=timezone.now() - datetime.timedelta(minutes=30))  # Sunday
        items = selectors.week_contacts_worklist(actor_of(outreach))
    assert len(items) == 1


def test_pages_answer_and_keep_their_query_count(
    client: Client, outreach: Membership, django_assert_max_num_queries: object
) -> None:
    for _n in range(3):
        contact = record(outreach)
        services.link_contact(actor_of(outreach), contact.pk, PersonFactory().bsn)
    login_fully(client, outreach)
    assert client.get(reverse("outreach:list")).status_code == 200
    assert client.get(reverse("outreach:referrals")).status_code == 200
    assert client.get(reverse("outreach:detail", args=[contact.pk])).status_code == 200
    with django_assert_max_num_queries(40):  # type: ignore[operator]
        few = client.get(reverse("outreach:list"))
    for _n in range(10):
        contact = record(outreach)
        services.link_contact(actor_of(outreach), contact.pk, PersonFactory().bsn)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("outreach:list"))
    assert few.status_code == 200
    for _n in range(10):
        contact = record(outreach)
        services.link_contact(actor_of(outreach), contact.pk, PersonFactory().bsn)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("outreach:list"))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_wijkteam_answers_from_the_contact_page(
    client: Client, outreach: Membership, wijkteam: Membership
) -> None:
    contact = record(outreach)
    services.link_contact(actor_of(outreach), contact.pk, PersonFactory().bsn)
    referral = services.refer(
        actor_of(outreach), contact.pk, services.ReferralInput(wijkteam.team_id, "Slaapt buiten")
    )
    login_fully(client, wijkteam)
    page = client.get(reverse("outreach:detail", args=[contact.pk])).content.decode()
    assert "Reageren op de doorverwijzing" in page
    response = client.post(reverse("outreach:respond", args=[referral.pk]), {"decision": "nee"})
    assert response.status_code == 400
    assert "Toelichting: vul in waarom uw team" in response.content.decode()
    response = client.post(
        reverse("outreach:respond", args=[referral.pk]), {"decision": "ja", "note": "Wij gaan"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED and referral.signal_id is not None
