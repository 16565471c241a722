"""Helpers shared by the access and people tests."""

from __future__ import annotations

from django.db import connection

from plek.access.models import ProcessingLogEntry
from plek.accounts.context import Actor
from plek.accounts.models import Membership

LOG_TABLE = ProcessingLogEntry._meta.db_table


def actor_of(membership: Membership, request_id: str = "test-request-0001") -> Actor:
    return Actor(user=membership.user, membership=membership, request_id=request_id)


def disable_append_only() -> None:
    """Do what an attacker with database rights would: switch the append-only triggers off.

    Inside a test's transaction, so the rollback at the end puts them back.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {LOG_TABLE} DISABLE TRIGGER access_log_append_only")
        else:
            cursor.execute("DROP TRIGGER access_log_no_update")
            cursor.execute("DROP TRIGGER access_log_no_delete")


def raw_sql(sql: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def tamper_update(entry_id: int, **columns: object) -> None:
    """UPDATE one log row directly in the database, past the ORM's refusal."""
    assignments = ", ".join(f"{connection.ops.quote_name(name)} = %s" for name in columns)
    sql = f"UPDATE {LOG_TABLE} SET {assignments} WHERE id = %s"  # noqa: S608 (test-only names)
    raw_sql(sql, [*columns.values(), entry_id])


def tamper_delete(entry_id: int) -> None:
    """DELETE one log row directly in the database, past the ORM's refusal."""
    raw_sql(f"DELETE FROM {LOG_TABLE} WHERE id = %s", [entry_id])  # noqa: S608
