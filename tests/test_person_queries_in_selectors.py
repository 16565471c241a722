"""No person-data query outside the selectors and services (ARCHITECTURE: views and API are thin
shells; every read of personal data goes through a selector that applies the access policy and
writes the processing log).

The rule is checked on the source: in views, API modules, forms and template tags, no
`<PersonDataModel>.objects` and no `get_object_or_404(<PersonDataModel>, …)`. A person-data model
is any model with a foreign key to `people.Person`, and `Person` itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

from plek.people.models import Person

SOURCE = Path(__file__).resolve().parent.parent / "src" / "plek"
THIN_SHELLS = ("views.py", "api.py", "forms.py")


def person_data_models() -> set[str]:
    names = {Person.__name__}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is Person:
                names.add(model.__name__)
    return names


def shell_files() -> list[Path]:
    files = [path for name in THIN_SHELLS for path in SOURCE.rglob(name)]
    files += list(SOURCE.rglob("templatetags/*.py"))
    return sorted(files)


def _where(path: Path) -> str:
    return str(path.relative_to(SOURCE)) if path.is_relative_to(SOURCE) else path.name


def violations(path: Path, names: set[str]) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"objects", "_default_manager"}
            and isinstance(node.value, ast.Name)
            and node.value.id in names
        ):
            found.append(f"{_where(path)}:{node.lineno}: {node.value.id}.{node.attr}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "get_object_or_404"
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in names
        ):
            found.append(f"{_where(path)}:{node.lineno}: get_object_or_404")
    return found


def test_the_rule_knows_the_person_data_models() -> None:
    names = person_data_models()
    assert {"Person", "Stay", "Signal", "Plan", "PostalApplication", "AftercareTrack"} <= names


@pytest.mark.parametrize("path", shell_files(), ids=lambda p: str(p.relative_to(SOURCE)))
def test_no_person_data_query_in_views_api_or_forms(path: Path) -> None:
    assert violations(path, person_data_models()) == []


def test_the_check_would_catch_a_query(tmp_path: Path) -> None:
    sample = tmp_path / "views.py"
    sample.write_text("def view(request, pk):\n    return Stay.objects.get(pk=pk)\n")
    assert len(violations(sample, {"Stay"})) == 1
