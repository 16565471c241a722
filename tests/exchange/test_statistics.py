"""The planner's statistics after a load: plek's own tables, never the cluster's shared catalogs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from plek.exchange.importer import import_directory, refresh_statistics
from plek.people.models import Person
from tests.monitor.conftest import REGION

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("postgres_only")]


def _locked_shared_catalogs() -> list[str]:
    """Shared catalogs (pg_database, pg_authid, ...) this session holds a lock on."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
            " WHERE l.pid = pg_backend_pid() AND l.database = 0 AND c.relisshared"
        )
        return sorted(name for (name,) in cursor.fetchall())


def test_refreshing_every_table_locks_no_shared_catalog(db: None) -> None:
    # Held until the caller's transaction ends, such a lock makes every other database's
    # ANALYZE on the server wait (in the suite: another worker's import, for minutes).
    refresh_statistics()
    assert _locked_shared_catalogs() == []


def test_refreshing_every_table_gives_the_written_rows_statistics(db: None) -> None:
    Person.objects.bulk_create(
        Person(external_id=f"stat-{n}", initials="S.", family_name=f"Test{n % 7}")
        for n in range(200)
    )
    refresh_statistics()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Person._meta.db_table]
        )
        assert cursor.fetchone()[0] == 200


def test_the_import_sorts_in_its_own_working_memory_and_gives_it_back(
    db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    # At the server's default (4MB) the national stays were sorted on disk for every step.
    from plek.exchange import bulk

    settings.IMPORT_WORK_MEM = "77MB"
    seen: list[str] = []
    move = bulk.move

    def watched(*args: Any) -> None:
        seen.append(_work_mem())
        move(*args)

    monkeypatch.setattr(bulk, "move", watched)
    before = _work_mem()
    assert import_directory(REGION).ok
    assert seen == ["77MB"]
    assert _work_mem() == before


def _work_mem() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        return str(cursor.fetchone()[0])
