"""PostgreSQL parses and plans a statement a connection runs often once, not on every request."""

from __future__ import annotations

import pytest
from django.db import connection

from plek.people.models import Person
from plek.settings import _prepare_threshold

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("postgres_only")]


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_a_query_run_often_on_a_connection_is_prepared(db: None) -> None:
    for external_id in ("a", "b", "c", "d", "e", "f", "g"):
        # The same SQL each time, another parameter: the value is sent apart from the SQL.
        list(Person.objects.filter(external_id=external_id).values_list("pk", flat=True))
    assert any(
        "people_person" in statement and "$1" in statement for statement in _prepared_statements()
    )


@pytest.mark.parametrize(("value", "threshold"), [(None, 5), ("", 5), ("2", 2), ("off", None)])
def test_the_threshold_follows_the_setting(value: str | None, threshold: int | None) -> None:
    assert _prepare_threshold(value) == threshold
