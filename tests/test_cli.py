"""The `plek` console script, run as a person would: in a subprocess, on its own SQLite file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from plek.accounts.roles import Role

PLEK = Path(sys.executable).parent / "plek"
TABLES = [
    "accounts_region",
    "accounts_municipality",
    "accounts_organisation",
    "accounts_team",
    "accounts_team_municipalities",
    "accounts_user",
    "accounts_membership",
]


def run_plek(*args: str, var_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.pop("PLEK_DEMO_MODE", None)
    if var_dir is not None:
        # Its own embedded database, whatever database the test run itself uses.
        env["PLEK_VAR_DIR"] = str(var_dir)
    return subprocess.run(  # noqa: S603 - our own console script with fixed arguments
        [str(PLEK), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def table_counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as db:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608


def test_help() -> None:
    result = run_plek("--help")
    assert result.returncode == 0
    assert "demo" in result.stdout and "verify-log" in result.stdout


def test_demo_twice_keeps_the_same_data(tmp_path: Path) -> None:
    first = run_plek("demo", "--no-serve", var_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    counts = table_counts(tmp_path / "plek.sqlite3")
    second = run_plek("demo", "--no-serve", var_dir=tmp_path)
    assert second.returncode == 0, second.stderr
    assert table_counts(tmp_path / "plek.sqlite3") == counts
    assert counts["accounts_municipality"] == 12
    with sqlite3.connect(tmp_path / "plek.sqlite3") as db:
        # One demo login per role; the colleagues in the demo's stories cannot log in.
        roles = [
            r
            for (r,) in db.execute(
                "SELECT m.role FROM accounts_membership m JOIN accounts_user u "
                "ON u.id = m.user_id WHERE u.is_demo ORDER BY m.role"
            )
        ]
        demo_users = db.execute("SELECT count(*) FROM accounts_user WHERE is_demo").fetchone()[0]
    assert len(roles) == len(set(roles)) == demo_users == len(Role.values)
    assert "demo-wijkteam" in second.stdout and "tweede factor" in second.stdout
