"""A first load (PostgreSQL): an empty table is filled without its secondary indexes and
without its foreign-key and exclusion constraints, which are then made again.

Maintaining thirteen indexes row by row (two of them GiST exclusion indexes) and queueing a
deferred check per row and constraint was most of a national import's time. Building an index
over the loaded table sorts once; adding a foreign key back checks every row with one
anti-join; adding an exclusion constraint back checks every row too. So no guarantee is
weakened: a row the constraints refuse makes the import fail as before, and the import's own
set-based checks (references, overlaps) have already named such a row as `file:row:column`
before anything is written; the rebuild is the safety net.

Only a table that is empty when the import starts is treated so (an incremental import into a
filled table would rebuild everything it already holds). The definitions are read from the
catalogue (`pg_get_indexdef`, `pg_get_constraintdef`), so they stay true when migrations
change them. Primary keys and unique indexes stay: `ON CONFLICT` needs them.

PostgreSQL DDL is transactional: the drops run in the import's transaction, so a failing import
rolls them back with everything else and the table keeps all its indexes and constraints. The
table is locked (ACCESS EXCLUSIVE) until the import commits; it was empty, so no reader misses
anything but the wait.
"""

# Table and index names in the SQL below come from the catalogue and the models, never from
# input.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import connection
from django.db.backends.utils import CursorWrapper

# Memory for sorting while an index is built, for the import's transaction only.
MAINTENANCE_WORK_MEM = "256MB"


def set_aside(tables: Iterable[str]) -> list[str]:
    """Drop the secondary indexes and the FK/exclusion constraints of every empty table.

    Returns the statements that make them again (for `restore`), in order.
    """
    recreate: list[str] = []
    with connection.cursor() as cursor:
        for table in tables:
            if not _empty(cursor, table):
                continue
            _judge_pending(cursor)
            cursor.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
            if not _empty(cursor, table):  # filled while we waited for the lock
                continue
            recreate.extend(_set_aside(cursor, table))
    return recreate


def restore(statements: list[str], execute: Callable[[str], None] | None = None) -> None:
    """Make the indexes and constraints again; a refused row raises as an insert would.

    ``execute`` runs one statement (the bulk import's, which times them for a profile).
    """
    if not statements:
        return
    run = execute or _execute
    run(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
    run("SET CONSTRAINTS ALL IMMEDIATE")
    for statement in statements:
        run(statement)
    run("SET CONSTRAINTS ALL DEFERRED")


def _judge_pending(cursor: CursorWrapper) -> None:
    # Adding or dropping a foreign key alters the referenced table too, which PostgreSQL
    # refuses while checks are pending on it: judge them now (they would run at COMMIT).
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _execute(statement: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement)


def _empty(cursor: CursorWrapper, table: str) -> bool:
    cursor.execute(f'SELECT NOT EXISTS (SELECT 1 FROM "{table}")')
    return bool(cursor.fetchone()[0])


def _set_aside(cursor: CursorWrapper, table: str) -> list[str]:
    execute = cursor.execute
    execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('f', 'x') ORDER BY conname",
        [f'"{table}"'],
    )
    constraints = cursor.fetchall()
    # Indexes that back no constraint and enforce no uniqueness.
    execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass "
        "AND NOT i.indisunique AND NOT i.indisprimary AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY c.relname",
        [f'"{table}"'],
    )
    indexes = cursor.fetchall()
    for name, _definition in constraints:
        execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        execute(f'DROP INDEX "{name}"')
    # Indexes first: a foreign key added back then finds them, and so does the planner.
    return [definition for _name, definition in indexes] + [
        f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'
        for name, definition in constraints
    ]
