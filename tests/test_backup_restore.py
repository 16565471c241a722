"""Backup and restore (PostgreSQL): a database restored from `plek backup` into a fresh database
on the same server exports exactly the same plek-csv and its processing log still verifies."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from plek.exchange.importer import import_directory

REGION = Path(__file__).parent / "monitor" / "golden" / "region"
ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _url(name: str) -> str:
    database = settings.DATABASES["default"]
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    return (
        f"postgres://{database['USER']}{password}@{database['HOST'] or 'localhost'}:"
        f"{database['PORT'] or 5432}/{name}"
    )


@pytest.fixture
def fresh_database() -> Iterator[str]:
    """A new, empty database on the same server, dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: pg_dump and pg_restore")
    name = f"{connection.settings_dict['NAME']}_restored"
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _url(name)
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _plek(database_url: str, anchors: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the `plek` command line against another database, as an operator would."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PLEK_LOG_KEY": settings.LOG_KEY,
        "PLEK_LOG_ANCHOR_DIR": str(anchors),
        "PLEK_LOG_CHAINS": str(settings.LOG_CHAINS),
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "from plek.cli import main; main()", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def test_a_restored_database_exports_identically_and_verifies(
    fresh_database: str, tmp_path: Path
) -> None:
    result = import_directory(REGION)
    assert result.ok, [str(problem) for problem in result.problems]
    call_command("export", str(tmp_path / "original"))

    call_command("backup", str(tmp_path / "backups"))
    [backup] = (tmp_path / "backups").iterdir()
    assert (backup / "plek.dump").stat().st_size > 0
    assert list((backup / "log-anchors").glob("ijkpunt-*.json"))
    call_command("restore_backup", str(backup), "--database-url", fresh_database)

    exported = _plek(fresh_database, backup / "log-anchors", "export", str(tmp_path / "restored"))
    assert exported.returncode == 0, exported.stderr
    original, restored = _files(tmp_path / "original"), _files(tmp_path / "restored")
    assert original.keys() == restored.keys()
    assert original == restored
    assert len(original) > 5

    # The restored log verifies against the key and the checkpoints kept with the backup (the
    # last one taken by `plek backup` itself).
    verified = _plek(fresh_database, backup / "log-anchors", "verify-log", "--no-anchor")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "intact" in verified.stdout


def test_a_damaged_backup_is_refused(fresh_database: str, tmp_path: Path) -> None:
    call_command("backup", str(tmp_path))
    [backup] = tmp_path.iterdir()
    with (backup / "plek.dump").open("ab") as dump:
        dump.write(b"x")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="gewijzigd sinds de backup"):
        call_command("restore_backup", str(backup), "--database-url", fresh_database)
