"""In CI (``CI=true``) a PostgreSQL test that cannot run fails instead of skipping."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = """
import pytest
from django.db import connection

@pytest.mark.django_db
def test_needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: real concurrent connections")
"""


def _run(tmp_path: Path, ci: str) -> subprocess.CompletedProcess[str]:
    sample = ROOT / "tests" / f"test_zz_sample_{tmp_path.name}.py"
    sample.write_text(SAMPLE)
    try:
        env = {"CI": ci, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
        return subprocess.run(  # noqa: S603
            [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:randomly", str(sample)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        sample.unlink()


def test_a_postgres_test_skips_locally_and_fails_in_ci(tmp_path: Path) -> None:
    local = _run(tmp_path, "")
    assert local.returncode == 0, local.stdout
    assert "1 skipped" in local.stdout
    ci = _run(tmp_path, "true")
    assert ci.returncode == 1, ci.stdout
    assert "1 failed" in ci.stdout
    assert "may not skip" in ci.stdout
