"""plans.csv's `case_lead` extension: an imported running plan gets exactly one case lead."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plek.accounts.roles import Role
from plek.exchange.exporter import export_directory
from plek.exchange.importer import import_directory
from plek.plans.models import CaseLeadAssignment, Plan
from tests.factories import MembershipFactory
from tests.monitor.conftest import REGION

HEADER = "id,person,started_on,review_on,ended_on"


@pytest.fixture
def region_copy(tmp_path: Path) -> Path:
    target = tmp_path / "in"
    shutil.copytree(REGION, target)
    return target


def with_leads(directory: Path, running: str, ended: str = "") -> None:
    """plans.csv with the extension column: `running` leads pl1 (running), `ended` pl2 (ended)."""
    path = directory / "plans.csv"
    lines = path.read_text().splitlines()
    assert lines[0] == HEADER
    lead_of = {"pl1": running, "pl2": ended}
    out = [f"{HEADER},case_lead"]
    out += [f"{line},{lead_of.get(line.split(',')[0], '')}" for line in lines[1:]]
    path.write_text("\n".join(out) + "\n")


def current_leads(external_id: str) -> list[str]:
    return list(
        CaseLeadAssignment.objects.filter(
            plan__external_id=external_id, ended_at__isnull=True
        ).values_list("user__username", flat=True)
    )


def test_the_named_lead_leads_the_running_plan_once_also_on_reimport(
    db: None, region_copy: Path
) -> None:
    lead = MembershipFactory(role=Role.REGISSEUR, user__username="r.lead")
    with_leads(region_copy, "r.lead")
    assert import_directory(region_copy).ok
    assert import_directory(region_copy).ok
    assert current_leads("pl1") == ["r.lead"]
    assert CaseLeadAssignment.objects.filter(plan__external_id="pl1").count() == 1
    assert Plan.objects.get(external_id="pl1").team_id == lead.team_id


def test_a_new_lead_takes_over_and_the_history_is_kept(db: None, region_copy: Path) -> None:
    MembershipFactory(role=Role.REGISSEUR, user__username="r.first")
    MembershipFactory(role=Role.WIJKTEAM, user__username="w.second")
    with_leads(region_copy, "r.first")
    assert import_directory(region_copy).ok
    # A later delivery names another lead for the same plan.
    shutil.copy(REGION / "plans.csv", region_copy / "plans.csv")
    with_leads(region_copy, "w.second")
    assert import_directory(region_copy).ok
    assert current_leads("pl1") == ["w.second"]
    history = CaseLeadAssignment.objects.filter(plan__external_id="pl1").order_by("started_at")
    assert [(a.user.username, a.ended_at is None) for a in history] == [
        ("r.first", False),
        ("w.second", True),
    ]


def test_an_unknown_or_unfit_lead_and_a_lead_on_an_ended_plan_are_named_by_row(
    db: None, region_copy: Path
) -> None:
    MembershipFactory(role=Role.BEHEER, user__username="f.admin")  # may not lead plans
    MembershipFactory(role=Role.REGISSEUR, user__username="r.lead")
    with_leads(region_copy, "f.admin", ended="r.lead")
    result = import_directory(region_copy)
    assert not result.ok
    assert [str(problem) for problem in result.problems] == [
        "plans.csv:2:case_lead: 'f.admin' is geen actieve gebruiker die plannen mag regisseren "
        "(wijkteam, regisseur, toegang of briefadres)",
        "plans.csv:3:case_lead: een beëindigd plan heeft geen huidige regisseur: laat de cel leeg",
    ]
    assert not Plan.objects.exists()


def test_the_export_names_the_lead_and_leaves_an_unused_extension_out(
    db: None, tmp_path: Path, region_copy: Path
) -> None:
    assert import_directory(REGION).ok
    export_directory(tmp_path / "without")
    assert (tmp_path / "without" / "plans.csv").read_text().splitlines()[0] == HEADER

    MembershipFactory(role=Role.REGISSEUR, user__username="r.lead")
    with_leads(region_copy, "r.lead")
    assert import_directory(region_copy).ok
    export_directory(tmp_path / "with")
    exported = (tmp_path / "with" / "plans.csv").read_text()
    assert exported == (region_copy / "plans.csv").read_text()
