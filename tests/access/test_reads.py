"""The one door for reads: ``decide_many`` says what ``decide`` says, in one query per source;
``record_reads`` logs each person once with the relation's purpose, in bulk, as a valid chain;
``visible_person_ids`` is one UNION."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plek.access import chain
from plek.access.activities import PERSON_VIEW
from plek.access.kinds import DataKind
from plek.access.models import ProcessingLogEntry
from plek.access.policy import Action, decide, decide_many, visible_person_ids
from plek.access.reads import one_page, read_persons
from plek.access.relations import relation_sources
from plek.access.services import break_the_glass, read_rows, record_reads
from plek.accounts.models import Membership
from plek.people.models import Person
from plek.plans.models import CaseLeadAssignment, Plan
from plek.signals.models import Signal
from tests.access.helpers import actor_of
from tests.factories import PersonFactory, RelationFactory

pytestmark = pytest.mark.django_db

REASON = "Acute crisis, de regisseur is niet bereikbaar."


def _mixed(membership: Membership) -> list[Person]:
    """Persons related in every way a member can be, and some not at all."""
    persons = [PersonFactory() for _ in range(8)]
    RelationFactory(person=persons[0], user=membership.user, kind="regisseur")
    RelationFactory(person=persons[1], organisation=membership.organisation, kind="aanbieder")
    RelationFactory(
        person=persons[2], user=membership.user, kind="briefadres", purpose="briefadres"
    )
    plan = Plan.objects.create(
        external_id=f"pl-{persons[3].pk}", person=persons[3], started_on=datetime.date(2024, 1, 1)
    )
    CaseLeadAssignment.objects.create(
        plan=plan, user=membership.user, started_at=timezone.now() - datetime.timedelta(days=9)
    )
    break_the_glass(actor_of(membership), persons[4].pk, REASON, "nazorg")
    return persons


@pytest.mark.parametrize("kind", [None, *DataKind.values])
@pytest.mark.parametrize("action", [Action.VIEW, Action.CHANGE])
def test_decide_many_says_what_decide_says(
    kind: str | None, action: str, member: Callable[..., Membership]
) -> None:
    membership = member("regisseur")
    persons = _mixed(membership)
    actor = actor_of(membership)
    many = decide_many(actor, action, [p.pk for p in persons], kind=kind)
    for person in persons:
        one = decide(actor, action, person.pk, kind=kind)
        assert (person.pk in many) == one.allowed, person
        if one.allowed:
            assert many[person.pk] == one


def test_decide_many_asks_each_source_once_however_many_persons(
    member: Callable[..., Membership],
) -> None:
    membership = member("regisseur")
    actor = actor_of(membership)
    few = [p.pk for p in _mixed(membership)]
    lots = few + [RelationFactory(user=membership.user).person_id for _ in range(40)]
    lots += [PersonFactory().pk for _ in range(40)]
    with CaptureQueriesContext(connection) as small:
        decide_many(actor, Action.VIEW, few)
    with CaptureQueriesContext(connection) as large:
        decide_many(actor, Action.VIEW, lots)
    assert len(large) == len(small)
    assert len(small) <= 2 * len(relation_sources())


def test_visible_person_ids_is_one_union_not_an_or_of_subqueries(
    member: Callable[..., Membership],
) -> None:
    membership = member("regisseur")
    persons = _mixed(membership)
    sql = str(Person.objects.filter(pk__in=visible_person_ids(actor_of(membership))).query).upper()
    assert "UNION" in sql
    assert " OR " not in sql.split("UNION")[0].split("WHERE", 1)[-1].split("IN (", 1)[0]
    visible = set(Person.objects.filter(pk__in=visible_person_ids(actor_of(membership))))
    assert visible == {p for p in persons if decide(actor_of(membership), Action.VIEW, p.pk)}


def test_the_visible_set_is_embedded_without_reading_each_person(
    member: Callable[..., Membership],
) -> None:
    # Wrapped in a Person query, PostgreSQL looked up every visible person by key before it
    # hashed the set: 2,500 probes for a team's signal list on the national set.
    membership = member("wijkteam")
    visible = visible_person_ids(actor_of(membership))
    sql = str(Signal.objects.filter(person_id__in=visible).query)
    assert "UNION" in sql.upper()
    assert '"people_person"' not in sql


def test_record_reads_logs_each_person_once_with_the_relations_purpose(
    member: Callable[..., Membership],
) -> None:
    membership = member("regisseur")
    persons = _mixed(membership)
    actor = actor_of(membership)
    before = ProcessingLogEntry.objects.count()
    decisions = read_persons(
        actor, [p.pk for p in persons] * 2 + [None], PERSON_VIEW, ["naam"], kind=None
    )
    rows = list(ProcessingLogEntry.objects.order_by("id")[before:])
    assert sorted(r.person_id for r in rows) == sorted(decisions)
    by_person = {r.person_id: r for r in rows}
    assert by_person[persons[0].pk].purpose == "wmo_mo"
    assert by_person[persons[2].pk].purpose == "briefadres"
    assert by_person[persons[4].pk].purpose == "nazorg"
    assert by_person[persons[4].pk].break_glass is True
    assert by_person[persons[4].pk].break_glass_id is not None
    assert not any(r.break_glass for r in rows if r.person_id != persons[4].pk)
    assert chain.verify().intact


def test_record_reads_streams_the_rows_and_the_chain_holds(
    member: Callable[..., Membership],
) -> None:
    """On PostgreSQL the rows go in with COPY, not an INSERT of model objects; whatever the path,
    the stored rows verify against their MACs (a value stored otherwise than it was hashed, a
    timestamp or the data kinds' JSON, would break the chain)."""
    membership = member("regisseur")
    actor = actor_of(membership)
    ids = [RelationFactory(user=membership.user).person_id for _ in range(503)]
    decisions = decide_many(actor, Action.VIEW, ids)
    with CaptureQueriesContext(connection) as queries:
        assert record_reads(actor, decisions, PERSON_VIEW, ["naam", "adres"]) == len(ids)
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    if connection.vendor == "postgresql":
        assert inserts == []
    else:  # SQLite may split the INSERT by its variable limit, never per row.
        assert 1 <= len(inserts) < 40
    stored = ProcessingLogEntry.objects.filter(person_id__in=ids)
    assert stored.count() == len(ids)
    assert all(kinds == ["adres", "naam"] for kinds in stored.values_list("data_kinds", flat=True))
    assert chain.verify().intact


def test_one_batch_of_two_users_goes_to_both_chains_in_order(
    member: Callable[..., Membership],
) -> None:
    first, second = member("regisseur"), member("regisseur")
    assert chain.chain_for(first.user.pk) != chain.chain_for(second.user.pk)
    rows = []
    for membership in (first, second, first):
        actor = actor_of(membership)
        person = RelationFactory(user=membership.user).person_id
        rows += read_rows(actor, decide_many(actor, Action.VIEW, [person]), PERSON_VIEW, ["naam"])
    assert chain.append_rows(rows) == 3
    for membership, wanted in ((first, 2), (second, 1)):
        entries = ProcessingLogEntry.objects.filter(user_id=membership.user.pk).order_by("id")
        sequences = [e.sequence for e in entries]
        assert len(sequences) == wanted and sequences == sorted(sequences)
    assert chain.verify().intact


def test_one_page_logs_a_person_on_two_lists_once(member: Callable[..., Membership]) -> None:
    membership = member("regisseur")
    actor = actor_of(membership)
    person = RelationFactory(user=membership.user).person
    with one_page():
        read_persons(actor, [person.pk], PERSON_VIEW, ["naam"])
        assert person.pk in read_persons(actor, [person.pk], PERSON_VIEW, ["naam"])
    assert ProcessingLogEntry.objects.filter(person_id=person.pk).count() == 1


def test_a_denied_decision_cannot_be_logged(member: Callable[..., Membership]) -> None:
    from plek.access.policy import Decision

    with pytest.raises(ValueError):
        record_reads(
            actor_of(member("regisseur")), {1: Decision(False, "geen_relatie")}, PERSON_VIEW, []
        )
