"""The one access policy: default deny, the role gate, relations and their sources."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import QuerySet

from plek.access.models import Relation
from plek.access.policy import Action, Purpose, decide, visible_person_ids
from plek.access.relations import (
    CASEWORK_ACTIONS,
    Grant,
    Moment,
    register_relation_source,
    unregister_relation_source,
)
from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.accounts.roles import ROLE_PROFILES, Role
from plek.people.models import Person
from tests.access.helpers import actor_of
from tests.factories import PersonFactory, RelationFactory, TeamFactory

pytestmark = pytest.mark.django_db

CASEWORK_ROLES = [role for role, p in ROLE_PROFILES.items() if p.reads_person_files]
NON_CASEWORK_ROLES = [role for role, p in ROLE_PROFILES.items() if not p.reads_person_files]


@pytest.mark.parametrize("role", list(Role))
def test_every_role_is_denied_without_a_relation(
    role: str, actor: Callable[..., Actor], person: Person
) -> None:
    for action in Action:
        decision = decide(actor(role), action, person.pk)
        assert not decision.allowed
        assert decision.grant is None


@pytest.mark.parametrize("role", NON_CASEWORK_ROLES)
def test_role_gate_denies_even_with_a_relation(
    role: str, member: Callable[..., Membership], person: Person
) -> None:
    membership = member(role)
    RelationFactory(person=person, user=membership.user)
    RelationFactory(person=person, organisation=membership.organisation)
    decision = decide(actor_of(membership), Action.VIEW, person.pk)
    assert not decision.allowed
    assert decision.basis == "rol"
    assert not Person.objects.filter(pk__in=visible_person_ids(actor_of(membership))).exists()


@pytest.mark.parametrize("role", CASEWORK_ROLES)
def test_a_relation_with_the_user_grants_view(
    role: str, member: Callable[..., Membership], person: Person
) -> None:
    membership = member(role)
    relation = RelationFactory(person=person, user=membership.user, kind="regisseur")
    decision = decide(actor_of(membership), Action.VIEW, person.pk)
    assert decision.allowed
    assert decision.basis == "relatie:regisseur"
    assert decision.relation_id == relation.pk
    assert decision.purpose == Purpose.WMO_MO


def test_a_relation_with_the_team_or_organisation_grants_view(
    member: Callable[..., Membership],
) -> None:
    team = TeamFactory()
    in_team = member("wijkteam", team=team, organisation=team.organisation)
    other_team = member(
        "wijkteam", organisation=team.organisation, team=TeamFactory(organisation=team.organisation)
    )
    team_person = RelationFactory(team=team, kind="planteam").person
    org_person = RelationFactory(organisation=team.organisation, kind="aanbieder").person
    assert decide(actor_of(in_team), Action.VIEW, team_person.pk).basis == "relatie:planteam"
    assert not decide(actor_of(other_team), Action.VIEW, team_person.pk).allowed
    assert decide(actor_of(other_team), Action.VIEW, org_person.pk).basis == "relatie:aanbieder"


def test_a_relation_of_someone_else_grants_nothing(
    member: Callable[..., Membership], person: Person
) -> None:
    RelationFactory(person=person, user=member("regisseur").user)
    assert not decide(actor_of(member("regisseur")), Action.VIEW, person.pk).allowed


def test_an_expired_relation_does_not_grant(
    member: Callable[..., Membership], person: Person
) -> None:
    membership = member("regisseur")
    RelationFactory(
        person=person,
        user=membership.user,
        valid_from=datetime.date(2021, 1, 1),
        valid_until=datetime.date(2022, 1, 1),
    )
    actor = actor_of(membership)
    assert not decide(actor, Action.VIEW, person.pk).allowed
    # It did hold while it ran, and not on its (exclusive) end date.
    assert decide(actor, Action.VIEW, person.pk, on=datetime.date(2021, 12, 31)).allowed
    assert not decide(actor, Action.VIEW, person.pk, on=datetime.date(2022, 1, 1)).allowed
    assert not Person.objects.filter(pk__in=visible_person_ids(actor)).exists()


def test_a_future_relation_does_not_grant_yet(
    member: Callable[..., Membership], person: Person
) -> None:
    membership = member("regisseur")
    RelationFactory(person=person, user=membership.user, valid_from=datetime.date(2999, 1, 1))
    assert not decide(actor_of(membership), Action.VIEW, person.pk).allowed


def test_an_ended_membership_grants_nothing(
    member: Callable[..., Membership], person: Person
) -> None:
    membership = member("regisseur", end_date=datetime.date(2021, 1, 1))
    RelationFactory(person=person, user=membership.user)
    decision = decide(actor_of(membership), Action.VIEW, person.pk)
    assert not decision.allowed
    assert decision.basis == "geen_lidmaatschap"


def test_no_membership_grants_nothing(member: Callable[..., Membership], person: Person) -> None:
    user = member("regisseur").user
    RelationFactory(person=person, user=user)
    assert not decide(Actor(user=user, membership=None), Action.VIEW, person.pk).allowed


def test_relations_do_not_grant_delete(member: Callable[..., Membership], person: Person) -> None:
    membership = member("regisseur")
    RelationFactory(person=person, user=membership.user)
    actor = actor_of(membership)
    assert {a for a in Action if decide(actor, a, person.pk).allowed} == set(CASEWORK_ACTIONS)


def test_the_purpose_is_the_relations_and_unknown_words_are_refused(
    member: Callable[..., Membership], person: Person
) -> None:
    """Finding #11: ``decide`` returned ``purpose or grant.purpose``; the caller chose."""
    membership = member("regisseur")
    RelationFactory(person=person, user=membership.user, purpose=Purpose.WMO_MO)
    actor = actor_of(membership)
    assert decide(actor, Action.VIEW, person.pk).purpose == Purpose.WMO_MO
    with pytest.raises(TypeError):
        decide(actor, Action.VIEW, person.pk, purpose=Purpose.NAZORG)  # type: ignore[call-arg]
    with pytest.raises(ValueError):
        decide(actor, Action.VIEW, person.pk, kind="nieuwsgierigheid")
    with pytest.raises(ValueError):
        decide(actor, "peek", person.pk)


def test_visible_person_ids_is_a_subquery_over_all_sources(
    member: Callable[..., Membership],
) -> None:
    membership = member("regisseur")
    mine = RelationFactory(user=membership.user).person
    via_org = RelationFactory(organisation=membership.organisation).person
    RelationFactory(user=member("regisseur").user)  # someone else's
    RelationFactory(
        user=membership.user,
        valid_from=datetime.date(2020, 1, 1),
        valid_until=datetime.date(2020, 6, 1),
    )  # expired
    PersonFactory()
    ids = visible_person_ids(actor_of(membership))
    assert set(Person.objects.filter(pk__in=ids).values_list("pk", flat=True)) == {
        mine.pk,
        via_org.pk,
    }


class _EveryoneNamedSource:
    """A toy source: relates everyone to persons whose family name is 'Zichtbaar'."""

    name = "test_zichtbaar"
    priority = 50

    def grant(self, membership: Membership, person_id: int, moment: Moment) -> Grant | None:
        if Person.objects.filter(pk=person_id, family_name="Zichtbaar").exists():
            return Grant("relatie:test", Purpose.NAZORG, CASEWORK_ACTIONS, self.name)
        return None

    def visible_person_ids(self, membership: Membership, moment: Moment) -> QuerySet[Any]:
        return Person.objects.filter(family_name="Zichtbaar").values("pk")


def test_registered_sources_take_part_in_decide_and_lists(
    actor: Callable[..., Actor],
) -> None:
    visible, hidden = PersonFactory(family_name="Zichtbaar"), PersonFactory()
    a = actor("waakvlam")
    register_relation_source(_EveryoneNamedSource())
    try:
        assert decide(a, Action.VIEW, visible.pk).basis == "relatie:test"
        assert not decide(a, Action.VIEW, hidden.pk).allowed
        assert list(Person.objects.filter(pk__in=visible_person_ids(a))) == [visible]
    finally:
        unregister_relation_source(_EveryoneNamedSource.name)
    assert not decide(a, Action.VIEW, visible.pk).allowed


def test_relation_model_requires_exactly_one_holder(person: Person) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Relation.objects.create(person=person, kind="overig", valid_from=datetime.date(2024, 1, 1))
