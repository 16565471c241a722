"""Apps import only downward: the import-linter contracts in pyproject.toml hold."""

from __future__ import annotations

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_no_app_imports_upward() -> None:
    # Reads [tool.importlinter] from pyproject.toml; a broken contract prints the import chain.
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0
