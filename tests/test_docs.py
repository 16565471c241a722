"""The documentation keeps up with the code: every environment variable is documented."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_environment_variable_in_settings_is_documented() -> None:
    settings = (ROOT / "src" / "plek" / "settings.py").read_text(encoding="utf-8")
    # DATABASE_URL is read inside dj_database_url.config(), so name it explicitly.
    variables = set(re.findall(r"\"((?:PLEK_|REDIS_)[A-Z_]+)\"", settings)) | {"DATABASE_URL"}
    assert "PLEK_SECRET_KEY" in variables  # the pattern still finds what it should
    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    missing = sorted(v for v in variables if f"`{v}`" not in operations)
    assert not missing, f"document these in docs/operations.md#configuration: {missing}"
