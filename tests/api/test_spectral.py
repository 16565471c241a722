"""The committed v2 document passes our API Design Rules ruleset for Spectral (.spectral.yaml).

Skipped only when Node.js or the Spectral CLI (from `npm ci`) is missing.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"
RULESET = ROOT / ".spectral.yaml"

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not SPECTRAL.exists(),
    reason="Node.js or @stoplight/spectral-cli is not installed (npm ci)",
)


def lint(document: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own files and the installed CLI)
        [
            str(SPECTRAL),
            "lint",
            str(ROOT / "docs" / "api" / document),
            "--ruleset",
            str(RULESET),
            "--fail-severity",
            "warn",
            "--format",
            "text",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=ROOT,
    )


def test_v2_document_follows_the_api_design_rules() -> None:
    result = lint("openapi-v2.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_ruleset_bites_on_v1() -> None:
    # v1 predates the rules (trailing slashes, snake_case, no version header): the ruleset must
    # find that, or it checks nothing.
    result = lint("openapi.yaml")
    assert result.returncode != 0
    for rule in ("adr-no-trailing-slash", "adr-camel-case-properties", "adr-version-header"):
        assert rule in result.stdout, rule
