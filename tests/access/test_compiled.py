"""Relation statements compiled once per member and day (plek.core.compiled) still answer
from the data as it is now: nothing a decision depends on is kept but the SQL."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
import time_machine

from plek.access.policy import Action, decide, decide_many, visible_person_ids
from plek.accounts.context import Actor
from plek.core import compiled
from plek.core.dates import today
from plek.people.models import Person
from plek.postal import services as postal_services
from plek.postal.models import PostalTerms
from tests.factories import PersonFactory, RelationFactory
from tests.postal.helpers import application_input, make_mdt

pytestmark = pytest.mark.django_db


def _visible(actor: Actor) -> set[int]:
    return set(Person.objects.filter(pk__in=visible_person_ids(actor)).values_list("pk", flat=True))


def test_a_relation_made_or_ended_after_the_first_question_counts_at_once(
    actor: Callable[..., Actor], person: Person
) -> None:
    reader = actor("wijkteam")
    assert not decide(reader, Action.VIEW, person.pk)
    assert _visible(reader) == set()

    relation = RelationFactory(user=reader.user, person=person)
    assert decide(reader, Action.VIEW, person.pk).relation_id == relation.pk
    assert _visible(reader) == {person.pk}

    relation.valid_until = today() - datetime.timedelta(days=1)
    relation.save()
    assert not decide(reader, Action.VIEW, person.pk)
    assert _visible(reader) == set()


def test_the_sources_are_compiled_once_per_member_and_day(
    actor: Callable[..., Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[Any] = []
    original = compiled.Statement

    def counting(queryset: Any) -> compiled.Statement:
        built.append(queryset)
        return original(queryset)

    monkeypatch.setattr(compiled, "Statement", counting)
    reader = actor("wijkteam")
    first, second = PersonFactory(), PersonFactory()
    RelationFactory(user=reader.user, person=first)
    RelationFactory(user=reader.user, person=second)

    assert set(decide_many(reader, Action.VIEW, [first.pk])) == {first.pk}
    assert _visible(reader) == {first.pk, second.pk}
    compiled_first = len(built)
    assert compiled_first > 0
    # Other persons, the same member and day: the same statements.
    assert set(decide_many(reader, Action.VIEW, [second.pk, first.pk])) == {first.pk, second.pk}
    assert _visible(reader) == {first.pk, second.pk}
    assert len(built) == compiled_first
    # The next day is another key (the day is in the SQL).
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)):
        assert set(decide_many(reader, Action.VIEW, [first.pk])) == {first.pk}
    assert len(built) > compiled_first


def test_a_new_postal_decision_term_counts_without_a_restart() -> None:
    """The undecided application is a relation for the decision term and the follow-up after
    it; the functional admin's term is read again, not kept with the compiled statement."""
    mdt = make_mdt()
    person = PersonFactory()
    applied_on = today() - datetime.timedelta(days=120)
    postal_services.apply(mdt.actor(), application_input(person.pk, mdt, applied_on=applied_on))
    reader = mdt.actor()

    PostalTerms.objects.create(decision_days=56, plan_days=28, review_months=6)
    assert decide(reader, Action.VIEW, person.pk)  # 120 days <= 56 + 90
    PostalTerms.objects.update(decision_days=10)
    assert not decide(reader, Action.VIEW, person.pk)  # 120 days > 10 + 90
    assert person.pk not in _visible(reader)


def test_a_statement_that_embeds_the_visible_persons_binds_now_at_every_run(
    actor: Callable[..., Actor],
) -> None:
    """A worklist compiled once per member and day (``compiled.objects``) over
    ``visible_person_ids(bound_at_run=True)``: a look through broken glass that ends at eleven
    no longer shows its person at half past, the same day, from the same compiled SQL."""
    from django.utils import timezone

    from plek.access.policy import visibility_key
    from plek.access.services import break_the_glass

    reader = actor("wijkteam")
    person = PersonFactory()
    built: list[int] = []

    def build() -> Any:
        built.append(1)
        return Person.objects.filter(pk__in=visible_person_ids(reader, bound_at_run=True))

    def shown() -> list[int]:
        key = ("zichtbaar-test", visibility_key(reader))
        return [p.pk for p in compiled.objects(key, build, at=timezone.now())]

    ten = timezone.make_aware(datetime.datetime.combine(today(), datetime.time(10, 0)))
    with time_machine.travel(ten, tick=False):
        break_the_glass(
            reader, person.pk, "Acute crisis, de regisseur is niet bereikbaar.", "nazorg"
        )
        assert shown() == [person.pk]
    with time_machine.travel(ten + datetime.timedelta(minutes=90), tick=False):
        assert shown() == []
    assert len(built) == 1
    with pytest.raises(ValueError):
        visible_person_ids(reader, today(), bound_at_run=True)
