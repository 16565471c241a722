"""The command line starts without the heavy modules: charts, PDF, spreadsheets, the pages,
and Celery (it loads when a command first hands work over)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import sys
from plek.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = {"altair", "weasyprint", "openpyxl", "vl_convert", "vega_datasets"}
heavy |= {"celery", "kombu", "redis"}
print(sorted(
    name for name in sys.modules
    if name.split(".")[0] in heavy or (name.startswith("plek.") and name.endswith(".views"))
))
"""


@pytest.mark.parametrize(
    "command",
    [
        ["--help"],
        ["import", "/nonexistent-plek-directory"],
        ["monitor", "--from=2024-02-01", "--to=2024-01-01"],
        ["generate", "--help"],
    ],
)
def test_commands_do_not_import_charts_reports_or_pages(command: list[str], tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["PLEK_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", PROBE, *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr[-2000:]
