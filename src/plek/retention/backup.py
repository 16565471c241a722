"""Backup and restore of a PostgreSQL installation: a pg_dump in custom format together with a
copy of the processing log's checkpoints, and a manifest with their SHA-256 sums.

The keys (``PLEK_LOG_KEY``, ``PLEK_SECRET_KEY``) are never part of a backup: they live in the
secret store, and a restored database verifies only with the same log key (docs/operations.md).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from plek.access import chain

MANIFEST = "manifest.json"
ANCHORS = "log-anchors"


class BackupError(Exception):
    """A backup or restore that could not be made; the message says why, in Dutch."""


@dataclass(frozen=True)
class Backup:
    directory: Path
    dump: Path
    checkpoints: int


def _libpq_environment(database: Mapping[str, Any]) -> dict[str, str]:
    """A Django database as libpq variables, so no password appears on a command line."""
    env = dict(os.environ)
    for name, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if database.get(key):
            env[name] = str(database[key])
    return env


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(
            f"{command[0]} ontbreekt: installeer de PostgreSQL-client (postgresql-client)."
        ) from exc
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{command[0]} mislukte: {exc.stderr.strip()[-500:]}") from exc


def make_backup(target: Path) -> Backup:
    """Anchor the log, dump the database and copy the checkpoints into a new subdirectory."""
    if connection.vendor != "postgresql":
        raise BackupError("Een backup met pg_dump kan alleen van PostgreSQL.")
    # A checkpoint of the state being dumped: a restore of this backup verifies against it.
    chain.anchor()
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    directory = target / f"plek-backup-{stamp}"
    directory.mkdir(parents=True)
    dump = directory / "plek.dump"
    database = settings.DATABASES["default"]
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"],
        _libpq_environment(database),
    )
    anchors = directory / ANCHORS
    anchors.mkdir()
    copied = 0
    for checkpoint in sorted(chain.anchor_dir().glob(f"{chain.CHECKPOINT_PREFIX}*.json")):
        shutil.copy2(checkpoint, anchors / checkpoint.name)
        copied += 1
    manifest = {
        "format": "plek-backup/1",
        "created": stamp,
        "database": str(database.get("NAME", "")),
        "files": {
            str(path.relative_to(directory)): _sha256(path)
            for path in sorted([dump, *anchors.iterdir()])
        },
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return Backup(directory, dump, copied)


def check_manifest(directory: Path) -> None:
    """Refuse a backup whose files do not match their recorded sums (damaged or changed)."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
        files = dict(manifest["files"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"{directory / MANIFEST} is onleesbaar.") from exc
    for name, expected in files.items():
        path = directory / name
        if not path.is_file() or _sha256(path) != expected:
            raise BackupError(f"{name}: ontbreekt of is gewijzigd sinds de backup.")


def restore_backup(directory: Path, database_url: str) -> None:
    """Restore the dump into the (new, empty) database at ``database_url``."""
    check_manifest(directory)
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={database_url}",
            str(directory / "plek.dump"),
        ],
        dict(os.environ),
    )
