"""docs/security.md's ASVS checklist names tests that exist: `file::test` for every proof."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROOF = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def _checklist() -> str:
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    return text.split("## OWASP ASVS 4.0.3", 1)[1].split("\n## ", 1)[0]


def test_every_test_named_in_the_checklist_exists() -> None:
    proofs = PROOF.findall(_checklist())
    assert len(proofs) > 30
    missing = [
        f"{path}::{name}"
        for path, name in proofs
        if not (ROOT / path).is_file()
        or not re.search(rf"^\s*def {name}\(", (ROOT / path).read_text(encoding="utf-8"), re.M)
    ]
    assert not missing, f"docs/security.md names tests that do not exist: {missing}"


def test_every_row_has_a_status() -> None:
    rows = [line for line in _checklist().splitlines() if line.startswith("| V")]
    statuses = ("done", "partial", "platform", "open")
    assert rows
    assert all(any(f"| {s}" in row for s in statuses) for row in rows), [
        row for row in rows if not any(f"| {s}" in row for s in statuses)
    ]
