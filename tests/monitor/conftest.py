from __future__ import annotations

from pathlib import Path

import pytest

from plek.exchange.importer import import_directory

GOLDEN = Path(__file__).parent / "golden"
REGION = GOLDEN / "region"


@pytest.fixture
def golden_region(db: None) -> Path:
    result = import_directory(REGION)
    assert result.ok, [str(problem) for problem in result.problems]
    return REGION
