"""The processing log's append-only triggers, and the one sanctioned way to lift them briefly.

Migration 0003 installs the triggers (its own copy of this SQL, as migrations must not change
after the fact). ``append_only_suspended`` is for maintenance that must remove entries as a
whole: emptying a test database, and later pruning entries past their retention period (which
must also move each chain's starting point). Never use it to edit entries.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "access_processinglogentry"

SQLITE_CREATE = (
    f"CREATE TRIGGER IF NOT EXISTS access_log_no_update BEFORE UPDATE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'Het verwerkingenlog is alleen-toevoegen: wijzigen geweigerd'); "
    "END",
    f"CREATE TRIGGER IF NOT EXISTS access_log_no_delete BEFORE DELETE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'Het verwerkingenlog is alleen-toevoegen: verwijderen "
    "geweigerd'); END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS access_log_no_update",
    "DROP TRIGGER IF EXISTS access_log_no_delete",
)
POSTGRESQL_ENABLE = (f"ALTER TABLE {TABLE} ENABLE TRIGGER access_log_append_only",)
POSTGRESQL_DISABLE = (f"ALTER TABLE {TABLE} DISABLE TRIGGER access_log_append_only",)

_STATEMENTS = {
    "sqlite": (SQLITE_DROP, SQLITE_CREATE),
    "postgresql": (POSTGRESQL_DISABLE, POSTGRESQL_ENABLE),
}


def _execute(connection: BaseDatabaseWrapper, statements: tuple[str, ...]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _table_exists(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        return TABLE in connection.introspection.table_names(cursor)


@contextmanager
def append_only_suspended(using: str = "default") -> Iterator[None]:
    """Lift the triggers for the block and put them back afterwards, also after an error.

    Run it inside a transaction where the database allows (PostgreSQL, SQLite): a crash then
    leaves the triggers as they were.
    """
    connection = connections[using]
    if connection.vendor not in _STATEMENTS or not _table_exists(connection):
        yield
        return
    lift, restore = _STATEMENTS[connection.vendor]
    _execute(connection, lift)
    try:
        yield
    finally:
        _execute(connection, restore)
