"""Break-the-glass: who may, for how long, logged, and reviewed by the privacy officer."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from plek.access.exceptions import AccessDenied
from plek.access.models import BreakGlass, ProcessingLogEntry
from plek.access.policy import Action, Purpose, decide, visible_person_ids
from plek.access.selectors import break_glass_for_review
from plek.access.services import break_the_glass, review_break_glass
from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.accounts.roles import ROLE_PROFILES
from plek.people.models import Person
from tests.access.helpers import actor_of
from tests.conftest import login_fully
from tests.factories import MembershipFactory, RelationFactory

pytestmark = pytest.mark.django_db

REASON = "Cliënt is in crisis op de SEH; regisseur is niet bereikbaar."
NO_GLASS_ROLES = [role for role, p in ROLE_PROFILES.items() if not p.may_break_glass]
NOW = datetime.datetime(2025, 3, 10, 9, 0, tzinfo=datetime.UTC)


def test_break_the_glass_grants_view_for_the_configured_time_only(
    actor: Callable[..., Actor], person: Person, settings: SettingsWrapper
) -> None:
    settings.BREAK_GLASS_MINUTES = 30
    a = actor("veldwerk")
    with time_machine.travel(NOW, tick=False):
        event = break_the_glass(a, person.pk, REASON, Purpose.WMO_MO)
        assert event.expires_at - event.granted_at == datetime.timedelta(minutes=30)
        decision = decide(a, Action.VIEW, person.pk)
        assert decision.allowed
        assert (decision.basis, decision.break_glass_id) == ("break_the_glass", event.pk)
        assert decision.purpose == Purpose.WMO_MO
        # A look, not work on the file.
        assert not decide(a, Action.CHANGE, person.pk).allowed
        assert list(Person.objects.filter(pk__in=visible_person_ids(a))) == [person]
    with time_machine.travel(NOW + datetime.timedelta(minutes=29, seconds=59), tick=False):
        assert decide(a, Action.VIEW, person.pk).allowed
    with time_machine.travel(NOW + datetime.timedelta(minutes=30), tick=False):
        assert not decide(a, Action.VIEW, person.pk).allowed
        assert not Person.objects.filter(pk__in=visible_person_ids(a)).exists()


def test_default_duration_is_an_hour(actor: Callable[..., Actor], person: Person) -> None:
    event = break_the_glass(actor("wijkteam"), person.pk, REASON, Purpose.WMO_MO)
    assert event.expires_at - event.granted_at == datetime.timedelta(minutes=60)


def test_a_past_day_counts_a_break_the_glass_that_covered_part_of_it(
    actor: Callable[..., Actor], person: Person
) -> None:
    a = actor("wijkteam")
    with time_machine.travel(NOW, tick=False):
        break_the_glass(a, person.pk, REASON, Purpose.WMO_MO)
    with time_machine.travel(NOW + datetime.timedelta(days=3), tick=False):
        assert not decide(a, Action.VIEW, person.pk).allowed
        assert decide(a, Action.VIEW, person.pk, on=NOW.date()).allowed


def test_break_the_glass_is_bound_to_the_membership(
    member: Callable[..., Membership], person: Person
) -> None:
    membership = member("wijkteam")
    other_job = MembershipFactory(user=membership.user, role="aanbieder")
    break_the_glass(actor_of(membership), person.pk, REASON, Purpose.WMO_MO)
    assert decide(actor_of(membership), Action.VIEW, person.pk).allowed
    assert not decide(actor_of(other_job), Action.VIEW, person.pk).allowed


@pytest.mark.parametrize("role", NO_GLASS_ROLES)
def test_roles_that_may_not_break_the_glass_are_refused(
    role: str, actor: Callable[..., Actor], person: Person
) -> None:
    with pytest.raises(AccessDenied) as excinfo:
        break_the_glass(actor(role), person.pk, REASON, Purpose.WMO_MO)
    assert excinfo.value.break_glass_url is None
    assert not BreakGlass.objects.exists()
    assert not ProcessingLogEntry.objects.exists()


@pytest.mark.parametrize("reason", ["", "   ", "spoed", "x" * 19])
def test_a_reason_of_some_length_is_required(
    reason: str, actor: Callable[..., Actor], person: Person
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        break_the_glass(actor(), person.pk, reason, Purpose.WMO_MO)
    message = excinfo.value.message_dict["reason"][0]
    assert message.startswith("Reden:") and "20 tekens" in message
    assert not BreakGlass.objects.exists()


def test_a_casework_purpose_is_required(actor: Callable[..., Actor], person: Person) -> None:
    with pytest.raises(ValidationError) as excinfo:
        break_the_glass(actor(), person.pk, REASON, Purpose.TOEZICHT)
    assert excinfo.value.message_dict["purpose"][0].startswith("Doel:")


def test_an_unknown_person_cannot_be_opened(actor: Callable[..., Actor]) -> None:
    with pytest.raises(Person.DoesNotExist):
        break_the_glass(actor(), 987654, REASON, Purpose.WMO_MO)
    assert not ProcessingLogEntry.objects.exists()


def test_granting_is_written_to_the_processing_log(
    actor: Callable[..., Actor], person: Person
) -> None:
    a = actor("veldwerk")
    event = break_the_glass(a, person.pk, REASON, Purpose.NAZORG)
    entry = ProcessingLogEntry.objects.get()
    assert entry.activity_code == "toegang.doorbreken"
    assert entry.action == "create"
    assert (entry.person_id, entry.user_id, entry.role) == (person.pk, a.user.pk, "veldwerk")
    assert (entry.break_glass, entry.break_glass_id) == (True, event.pk)
    assert entry.purpose == Purpose.NAZORG


def test_the_event_is_listed_for_review_and_reviewed_by_the_privacy_officer(
    actor: Callable[..., Actor], person: Person
) -> None:
    event = break_the_glass(actor("wijkteam"), person.pk, REASON, Purpose.WMO_MO)
    officer = actor("privacy")
    assert list(break_glass_for_review(officer)) == [event]
    assert list(break_glass_for_review(officer, reviewed=True)) == []

    reviewed = review_break_glass(officer, event.pk, justified=True, note="Terecht: crisis.")
    assert reviewed.justified is True
    assert reviewed.reviewed_by == officer.user
    assert reviewed.reviewed_at is not None
    assert list(break_glass_for_review(officer)) == []
    assert list(break_glass_for_review(officer, reviewed=True)) == [event]
    review_entry = ProcessingLogEntry.objects.get(activity_code="toezicht.doorbraak_beoordelen")
    assert (review_entry.person_id, review_entry.break_glass_id) == (person.pk, event.pk)
    assert review_entry.purpose == Purpose.TOEZICHT


def test_an_unjustified_verdict_needs_a_note_and_an_event_is_reviewed_once(
    actor: Callable[..., Actor], person: Person
) -> None:
    event = break_the_glass(actor("wijkteam"), person.pk, REASON, Purpose.WMO_MO)
    officer = actor("privacy")
    with pytest.raises(ValidationError) as excinfo:
        review_break_glass(officer, event.pk, justified=False, note=" ")
    assert excinfo.value.message_dict["review_note"][0].startswith("Toelichting:")
    review_break_glass(officer, event.pk, justified=False, note="Geen crisis; wel nieuwsgierig.")
    with pytest.raises(ValidationError):
        review_break_glass(officer, event.pk, justified=True)
    event.refresh_from_db()
    assert event.justified is False


@pytest.mark.parametrize("role", [r for r in ROLE_PROFILES if r != "privacy"])
def test_only_the_privacy_officer_may_review_or_list(
    role: str, actor: Callable[..., Actor], person: Person
) -> None:
    event = break_the_glass(actor("wijkteam"), person.pk, REASON, Purpose.WMO_MO)
    other = actor(role)
    with pytest.raises(AccessDenied):
        review_break_glass(other, event.pk, justified=True)
    with pytest.raises(AccessDenied):
        break_glass_for_review(other)
    event.refresh_from_db()
    assert event.reviewed_at is None


# --- the form page -------------------------------------------------------------------------------


def test_the_form_warns_that_the_access_is_logged_and_reviewed(
    client_as: Callable[..., Client], person: Person
) -> None:
    response = client_as("wijkteam").get(reverse("access:break-glass", args=[person.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "vastgelegd in het verwerkingenlog" in content
    assert "privacy officer beoordeelt" in content
    assert 'for="id_reason"' in content and 'for="id_purpose"' in content


def test_submitting_the_form_opens_the_person_page(
    member: Callable[..., Membership], person: Person
) -> None:
    client = login_fully(Client(), member("veldwerk"))
    url = reverse("access:break-glass", args=[person.pk])
    response = client.post(
        url, {"reason": REASON, "purpose": Purpose.WMO_MO, "ground": "spoed_veiligheid"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert person.family_name in page.content.decode()
    assert "doorbreken van de toegang" in page.content.decode()
    assert BreakGlass.objects.get().person == person


def test_a_short_reason_is_shown_as_an_error_on_the_form(
    client_as: Callable[..., Client], person: Person
) -> None:
    url = reverse("access:break-glass", args=[person.pk])
    response = client_as("wijkteam").post(url, {"reason": "spoed", "purpose": Purpose.WMO_MO})
    assert response.status_code == 200
    assert "Reden: beschrijf in minstens 20 tekens" in response.content.decode()
    assert not BreakGlass.objects.exists()


def test_the_form_is_refused_to_roles_that_may_not_break_the_glass(
    client_as: Callable[..., Client], person: Person
) -> None:
    response = client_as("beleid").get(reverse("access:break-glass", args=[person.pk]))
    assert response.status_code == 403


def test_the_form_is_404_for_an_unknown_person(client_as: Callable[..., Client]) -> None:
    response = client_as("wijkteam").get(reverse("access:break-glass", args=[987654]))
    assert response.status_code == 404


def test_with_a_relation_the_form_goes_straight_to_the_person(
    member: Callable[..., Membership], person: Person
) -> None:
    membership = member("regisseur")
    RelationFactory(person=person, user=membership.user)
    client = login_fully(Client(), membership)
    response = client.get(reverse("access:break-glass", args=[person.pk]))
    assert response.status_code == 302
    assert not BreakGlass.objects.exists()


def test_granted_at_is_now(actor: Callable[..., Actor], person: Person) -> None:
    before = timezone.now()
    event = break_the_glass(actor(), person.pk, REASON, Purpose.WMO_MO)
    assert before <= event.granted_at <= timezone.now()
