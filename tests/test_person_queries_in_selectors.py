"""No person-data query outside the selectors and services (ARCHITECTURE: views and API are thin
shells; every read of personal data goes through a selector that applies the access policy and
writes the processing log).

The rule is checked on the source: in every module but selectors and services (and the few kinds
of module listed in EXEMPT, each with its reason), no `<PersonDataModel>.objects` and no
`get_object_or_404(<PersonDataModel>, …)`. A person-data model is `Person` and every model that
reaches a person through foreign keys, however many steps away (a goal through its plan, a score
through its assessment, a check-in through its track).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

from plek.people.models import Person

SOURCE = Path(__file__).resolve().parent.parent / "src" / "plek"
# Where person data is read by design, and why that is not a way around the policy.
EXEMPT = {
    "selectors.py": "the reads of person data, each under the policy and logged",
    "services.py": "the state changes, each under the policy and logged",
    "selectors/": "selectors split into a package",
    "services/": "services split into a package",
    "people/search.py": "the person search: a selector module, under the policy and logged",
    "housing/waiting_list.py": "the central waiting list's selectors: ranked in SQL, each page "
    "under the policy and logged",
    "housing/loaders.py": "the read side of the matching, called only by the proposal service",
    "housing/selectors_stays.py": "the selectors of stays and the board, each list under "
    "the policy and logged per person shown",
    "housing/occupancy.py": "nights taken per facility for the capacity rule and the figures; "
    "counts, never a person",
    "relations.py": "the relation sources: the policy's own questions (who is tied to whom)",
    "access/policy.py": "the policy itself, combining the relation sources",
    "demo.py": "writes the synthetic demo region; reads no one's data for anyone",
    "demo/": "the synthetic region and its flows, run from the CLI on demo data",
    "exchange/": "plek-csv import and export: the CLI's bulk path for a data owner",
    "migrations/": "schema and data migrations",
    "protection/figures.py": "counts of persons for the policy page and monitor; never a person",
    "informal/figures.py": "counts and medians per municipality for the monitor; never a person",
}


def person_data_models() -> set[str]:
    """Person, and every model with a chain of foreign keys to it (a fixed point)."""
    reaching: set[type[models.Model]] = {Person}
    grown = True
    while grown:
        grown = False
        for model in apps.get_models():
            if model in reaching:
                continue
            if any(
                isinstance(field, models.ForeignKey) and field.related_model in reaching
                for field in model._meta.get_fields()
            ):
                reaching.add(model)
                grown = True
    return {model.__name__ for model in reaching}


def _exempt(path: Path) -> bool:
    where = _where(path)
    return any(
        where == rule or where.endswith("/" + rule) or (rule.endswith("/") and rule in "/" + where)
        for rule in EXEMPT
    )


def shell_files() -> list[Path]:
    """Every module of plek but the exempt ones."""
    return sorted(path for path in SOURCE.rglob("*.py") if not _exempt(path))


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
    # Reaching a person through another model: missed before.
    assert {
        "Goal",
        "PlanAction",
        "Evaluation",
        "HandOver",
        "CaseLeadAssignment",
        "CheckIn",
        "ContactAttempt",
        "AssessmentScore",
        "CriterionCheck",
    } <= names
    assert "Municipality" not in names and "Organisation" not in names


def test_every_module_but_the_exempt_ones_is_scanned() -> None:
    scanned = {_where(path) for path in shell_files()}
    assert {"web/start_pages.py", "aftercare/worklists.py", "people/dossier.py"} <= scanned
    assert {"aftercare/api.py", "plans/views.py", "postal/worklists.py"} <= scanned
    assert not any(path.endswith(("selectors.py", "services.py")) for path in scanned)
    assert not any("/services/" in path for path in scanned)


@pytest.mark.parametrize("path", shell_files(), ids=lambda p: str(p.relative_to(SOURCE)))
def test_no_person_data_query_outside_selectors_and_services(path: Path) -> None:
    assert violations(path, person_data_models()) == []


def test_the_check_would_catch_a_query(tmp_path: Path) -> None:
    sample = tmp_path / "worklists.py"
    sample.write_text("def items(actor, pk):\n    return Goal.objects.get(pk=pk)\n")
    assert len(violations(sample, person_data_models())) == 1
