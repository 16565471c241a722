"""Query plans made for the values at hand, where one plan for any value would be ruinous.

psycopg prepares a statement that a connection runs often (``prepare_threshold``, see
settings), so PostgreSQL parses it once. After five runs of a prepared statement PostgreSQL
may switch to a *generic* plan, made once for any parameter values. That suits statements whose
best plan does not depend on the values (an id, a day), and is what makes the compiled
worklists cheap. It does not suit a text search: PostgreSQL's generic plan for the person
search's ``LIKE $1 AND LIKE $2`` starts from the trigram index on the folded names, estimated
at 25 rows whatever the words; for a search such as "de Vries" the two-letter word gives the
index nothing to narrow, and on the national set that plan read every person (13 s a search,
seen with auto_explain; the custom plan for the same words takes about 10 ms).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction


@contextmanager
def planned_for_the_values(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Statements run inside get a plan for their own parameter values on PostgreSQL (one
    transaction with ``plan_cache_mode = force_custom_plan``); elsewhere nothing changes."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        yield
