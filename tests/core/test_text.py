"""Plain digits: what `int` accepts without a traceback, and nothing that only looks like it."""

from __future__ import annotations

from pathlib import Path

import pytest

from plek.core.text import is_digits

SOURCE = Path(__file__).resolve().parents[2] / "src" / "plek"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", True),
        ("0123456789", True),
        ("", False),
        ("¹", False),  # superscript one: str.isdigit says yes, int refuses
        ("12²", False),
        ("①", False),
        ("١٢", False),  # Arabic-Indic digits
        (" 1", False),
        ("12a", False),
        ("-1", False),
    ],
)
def test_only_ascii_digits_are_digits(text: str, expected: bool) -> None:
    assert is_digits(text) is expected
    if expected:
        int(text)


def test_no_check_in_plek_uses_str_isdigit() -> None:
    # Every check of typed or delivered digits goes through is_digits (see its docstring).
    offenders = [
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.py")
        if ".isdigit()" in path.read_text(encoding="utf-8") and path.name != "text.py"
    ]
    assert offenders == []
