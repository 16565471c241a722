"""Model querysets compiled once (``plek.core.compiled.objects``, the start pages' worklists):
the objects are the ones iterating the queryset gives, and the data is read at every run."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import F, QuerySet

from plek.access.models import Relation
from plek.core import compiled
from tests.factories import RelationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _relations_of(user_id: int) -> QuerySet[Relation]:
    return (
        Relation.objects.filter(user_id=user_id)
        .select_related("person", "user")
        .annotate(next_person=F("person_id") + 1)
        .order_by("id")
    )


def test_the_objects_are_those_of_the_queryset() -> None:
    user = UserFactory()
    for _ in range(3):
        RelationFactory(user=user)
    made = compiled.objects(("relations", user.pk), lambda: _relations_of(user.pk))
    expected = list(_relations_of(user.pk))
    assert [r.pk for r in made] == [r.pk for r in expected]
    for got, wanted in zip(made, expected, strict=True):
        assert got.__dict__.keys() >= {"person_id", "user_id", "kind", "valid_from"}
        assert got.kind == wanted.kind and got.valid_from == wanted.valid_from
        assert got.next_person == wanted.person_id + 1  # type: ignore[attr-defined]
        # select_related: the person and the user came with the row.
        assert Relation.person.is_cached(got) and Relation.user.is_cached(got)  # type: ignore[attr-defined]
        assert got.person.family_name == wanted.person.family_name
        assert got._state.db == "default" and not got._state.adding


def test_compiled_once_per_key_and_the_rows_read_at_every_run() -> None:
    user = UserFactory()
    RelationFactory(user=user)
    built: list[Any] = []

    def build() -> QuerySet[Relation]:
        built.append(1)
        return _relations_of(user.pk)[:5]

    key = ("relations-limited", user.pk, 5)
    assert len(compiled.objects(key, build)) == 1
    added = RelationFactory(user=user)
    again = compiled.objects(key, build)
    assert len(built) == 1
    assert [r.pk for r in again][-1] == added.pk
    Relation.objects.filter(pk=added.pk).update(kind="aanbieder")
    assert compiled.objects(key, build)[-1].kind == "aanbieder"


def test_an_empty_queryset_gives_no_objects_and_no_query(
    django_assert_num_queries: Any,
) -> None:
    with django_assert_num_queries(0):
        assert compiled.objects(("none",), lambda: Relation.objects.none()) == []


def test_prefetching_is_refused() -> None:
    with pytest.raises(ValueError, match="vooruit"):
        compiled.objects(("prefetch",), lambda: Relation.objects.prefetch_related("person"))


def test_the_process_keeps_at_most_the_configured_number_of_statements(settings: Any) -> None:
    settings.COMPILED_STATEMENTS = 2
    compiled.forget()
    for number in range(5):
        compiled.objects(("bounded", number), lambda: Relation.objects.none())
    assert list(compiled._CACHE) == [("bounded", 3), ("bounded", 4)]
