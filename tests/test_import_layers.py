"""Apps import only downward: the import-linter contracts in pyproject.toml hold."""

from __future__ import annotations

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_no_app_imports_upward() -> None:
    # Reads [tool.importlinter] from pyproject.toml; a broken contract prints the import chain.
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_no_app_imports_another_apps_views_or_api() -> None:
    import grimp

    graph = grimp.build_graph("plek", cache_dir=None)
    wrong = []
    for imported in sorted(graph.modules):
        parts = imported.split(".")
        if len(parts) != 3 or parts[2] not in ("views", "api") or parts[1] == "core":
            continue  # plek.core.api is the shared layer, meant for every app
        for importer in graph.find_modules_that_directly_import(imported):
            app = importer.split(".")[1]
            # The URL modules mount every app's views; the API app lists every route.
            if app != parts[1] and importer not in ("plek.urls", "plek.api_urls"):
                wrong.append(f"{importer} -> {imported}")
    assert wrong == []
