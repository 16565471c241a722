"""Every person read goes through the policy and writes exactly one log entry; a denial none."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from plek.access.choices import LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.models import ProcessingLogEntry
from plek.access.services import break_the_glass
from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.accounts.roles import ROLE_PROFILES
from plek.people.models import Person
from plek.people.selectors import PERSON_DATA_KINDS, find_file, get_person, person_exists
from tests.access.helpers import actor_of
from tests.factories import PersonFactory, RelationFactory

pytestmark = pytest.mark.django_db

CASEWORK = [role for role, p in ROLE_PROFILES.items() if p.reads_person_files]
NOT_CASEWORK = [role for role, p in ROLE_PROFILES.items() if not p.reads_person_files]


def test_an_allowed_read_writes_exactly_one_entry_with_the_right_fields(
    member: Callable[..., Membership], person: Person
) -> None:
    membership = member("regisseur")
    RelationFactory(person=person, user=membership.user, purpose=Purpose.BRIEFADRES)
    actor = actor_of(membership, request_id="verzoek-12345678")
    assert get_person(actor, person.pk) == person
    entry = ProcessingLogEntry.objects.get()
    assert entry.action == LogAction.READ
    assert entry.activity_code == "persoon.inzien"
    assert entry.purpose == Purpose.BRIEFADRES
    assert entry.person_id == person.pk
    assert (entry.user_id, entry.username) == (membership.user.pk, membership.user.username)
    assert (entry.organisation_id, entry.organisation_name) == (
        membership.organisation_id,
        membership.organisation.name,
    )
    assert entry.role == "regisseur"
    assert entry.data_kinds == sorted(PERSON_DATA_KINDS)
    assert entry.request_id == "verzoek-12345678"
    assert entry.break_glass is False


def test_the_caller_cannot_choose_the_purpose(
    member: Callable[..., Membership], person: Person
) -> None:
    """Finding #11: the purpose logged is the relation's; a selector takes none from its caller."""
    membership = member("waakvlam")
    RelationFactory(person=person, user=membership.user, purpose=Purpose.WMO_MO)
    with pytest.raises(TypeError):
        get_person(actor_of(membership), person.pk, Purpose.NAZORG)  # type: ignore[call-arg]
    get_person(actor_of(membership), person.pk)
    assert ProcessingLogEntry.objects.get().purpose == Purpose.WMO_MO


def test_the_bsn_never_enters_the_log(member: Callable[..., Membership], person: Person) -> None:
    membership = member("regisseur")
    RelationFactory(person=person, user=membership.user)
    get_person(actor_of(membership), person.pk)
    entry = ProcessingLogEntry.objects.values().get()
    assert person.bsn and person.bsn not in repr(entry)


@pytest.mark.parametrize("role", CASEWORK)
def test_a_denied_casework_read_writes_nothing_and_offers_the_glass(
    role: str, actor: Callable[..., Actor], person: Person
) -> None:
    with pytest.raises(AccessDenied) as excinfo:
        get_person(actor(role), person.pk)
    assert excinfo.value.break_glass_url == reverse("access:break-glass", args=[person.pk])
    assert not ProcessingLogEntry.objects.exists()


@pytest.mark.parametrize("role", NOT_CASEWORK)
def test_a_denied_read_by_other_roles_offers_nothing(
    role: str, member: Callable[..., Membership], person: Person
) -> None:
    membership = member(role)
    RelationFactory(person=person, user=membership.user)
    with pytest.raises(AccessDenied) as excinfo:
        get_person(actor_of(membership), person.pk)
    assert excinfo.value.break_glass_url is None
    # Without a file either, the answer is the same: existence is not revealed.
    with pytest.raises(AccessDenied):
        get_person(actor_of(membership), 987654)
    assert not ProcessingLogEntry.objects.exists()


def test_an_unknown_person_is_does_not_exist_for_casework(actor: Callable[..., Actor]) -> None:
    with pytest.raises(Person.DoesNotExist):
        get_person(actor("wijkteam"), 987654)


def test_a_read_under_break_the_glass_is_flagged(
    actor: Callable[..., Actor], person: Person
) -> None:
    a = actor("veldwerk")
    event = break_the_glass(a, person.pk, "Onbereikbare regisseur, acute zorgen.", Purpose.WMO_MO)
    get_person(a, person.pk)
    read = ProcessingLogEntry.objects.get(activity_code="persoon.inzien")
    assert (read.break_glass, read.break_glass_id) == (True, event.pk)


def test_find_file_reveals_existence_only_and_is_logged(actor: Callable[..., Actor]) -> None:
    person = PersonFactory()
    other = PersonFactory.build()
    a = actor("aanbieder")
    assert person.bsn and other.bsn
    assert find_file(a, person.bsn) == person.pk
    assert find_file(a, other.bsn) is None
    entries = list(
        ProcessingLogEntry.objects.order_by("id").values_list("person_id", "activity_code")
    )
    assert entries == [
        (person.pk, "persoon.bestaan_controleren"),
        (None, "persoon.bestaan_controleren"),
    ]
    with pytest.raises(ValueError):
        find_file(a, "123456789")


@pytest.mark.parametrize("role", NOT_CASEWORK)
def test_find_file_is_for_casework_only(
    role: str, actor: Callable[..., Actor], person: Person
) -> None:
    assert person.bsn
    with pytest.raises(AccessDenied):
        find_file(actor(role), person.bsn)
    with pytest.raises(AccessDenied):
        person_exists(actor(role), person.pk)
