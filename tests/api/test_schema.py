"""The OpenAPI schema generates without warnings and the committed copy is up to date."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> str:
    target = tmp_path_factory.mktemp("schema") / "openapi.yaml"
    # --fail-on-warn turns every generator warning into an error, so a sloppy endpoint fails here.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--lang", "nl", "--file", str(target)
    )
    return target.read_text(encoding="utf-8")


def test_schema_generates_valid_and_without_warnings(generated: str) -> None:
    assert generated.startswith("openapi: 3")
    assert "title: plek API" in generated


def test_committed_schema_equals_generated(generated: str) -> None:
    assert COMMITTED.exists(), "docs/api/openapi.yaml is missing: run `make schema`"
    assert COMMITTED.read_text(encoding="utf-8") == generated, (
        "docs/api/openapi.yaml is out of date: run `make schema` and commit the result"
    )
