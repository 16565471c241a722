"""Purpose-bound access: each relation opens only the kinds of data its purpose needs.

The matrix in docs/security.md and ``plek.access.kinds.KINDS_BY_BASIS`` say the same, cell by
cell; the policy follows it for every relation kind of the generic table and for the app
sources the audit found too generous (findings #1 and #10).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from plek.access.choices import RelationKind
from plek.access.kinds import KINDS_BY_BASIS, DataKind
from plek.access.models import ProcessingLogEntry
from plek.access.policy import Action, decide, decide_many
from plek.accounts.models import Membership
from plek.core.dates import today as plek_today
from plek.housing.models import Proposal, Unit
from plek.intake.models import Assessment
from plek.people.models import Person
from plek.postal import services as postal_services
from plek.postal.models import PostalApplication
from plek.signals.models import Signal
from tests.access.helpers import actor_of
from tests.factories import PersonFactory, RelationFactory
from tests.housing.helpers import entry, facility
from tests.postal.helpers import application_input, make_mdt

pytestmark = pytest.mark.django_db

SECURITY = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def documented_matrix() -> dict[str, frozenset[str]]:
    lines = [line for line in SECURITY.read_text(encoding="utf-8").splitlines()]
    header = next(i for i, line in enumerate(lines) if line.startswith("| relation (basis) |"))
    columns = [c.strip().strip("`") for c in lines[header].strip("|").split("|")][1:]
    matrix = {}
    for line in lines[header + 2 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        basis = cells[0].strip("`")
        matrix[basis] = frozenset(
            k for k, cell in zip(columns, cells[1:], strict=True) if cell == "✓"
        )
    return matrix


def test_the_documented_matrix_is_the_code_cell_by_cell() -> None:
    documented = documented_matrix()
    assert set(documented) == set(KINDS_BY_BASIS)
    for basis, kinds in KINDS_BY_BASIS.items():
        for kind in DataKind.values:
            assert (kind in documented[basis]) == (kind in kinds), (basis, kind)


def test_every_kind_named_in_the_document_exists() -> None:
    text = SECURITY.read_text(encoding="utf-8")
    for kind in DataKind.values:
        assert f"`{kind}`" in text
    assert not re.search(r"\| `[a-z_:]+` \|.*\?", text)


@pytest.mark.parametrize("relation_kind", RelationKind.values)
@pytest.mark.parametrize("kind", DataKind.values)
def test_a_generic_relation_opens_exactly_its_kinds(
    relation_kind: str, kind: str, member: Callable[..., Membership]
) -> None:
    membership = member("wijkteam")
    person = PersonFactory()
    RelationFactory(person=person, user=membership.user, kind=relation_kind)
    decision = decide(actor_of(membership), Action.VIEW, person.pk, kind=kind)
    assert decision.allowed == (kind in KINDS_BY_BASIS[f"relatie:{relation_kind}"])
    many = decide_many(actor_of(membership), Action.VIEW, [person.pk], kind=kind)
    assert (person.pk in many) == decision.allowed


def test_a_second_relation_that_opens_the_kind_decides(member: Callable[..., Membership]) -> None:
    membership = member("wijkteam")
    person = PersonFactory()
    RelationFactory(person=person, user=membership.user, kind="overig", purpose="nazorg")
    RelationFactory(person=person, organisation=membership.organisation, kind="regisseur")
    decision = decide(actor_of(membership), Action.VIEW, person.pk, kind=DataKind.PLAN)
    assert (decision.basis, decision.purpose) == ("relatie:regisseur", "wmo_mo")


# --- finding #1: a postal application opens the postal process only, for a limited time ---------


@pytest.fixture
def postal_case() -> tuple[Membership, Person, PostalApplication]:
    mdt = make_mdt()
    person = PersonFactory()
    # Sensitive data the team has nothing to do with.
    Signal.objects.create(
        external_id=f"sig-{person.pk}", person=person, source="huurachterstand",
        urgency="normaal", received_on=datetime.date(2024, 3, 1),
    )  # fmt: skip
    Assessment.objects.create(
        external_id=f"zrm-{person.pk}", person=person, assessed_on=datetime.date(2024, 3, 1)
    )
    application = postal_services.apply(mdt.actor(), application_input(person.pk, mdt))
    return mdt.first, person, application


@pytest.mark.parametrize("kind", DataKind.values)
def test_filing_an_application_opens_the_postal_kinds_only(
    kind: str, postal_case: tuple[Membership, Person, PostalApplication]
) -> None:
    team_member, person, _ = postal_case
    decision = decide(actor_of(team_member), Action.VIEW, person.pk, kind=kind)
    assert decision.allowed == (kind in KINDS_BY_BASIS["relatie:briefadres"])


def test_the_postal_team_sees_no_zrm_signals_or_stays_in_pages(
    postal_case: tuple[Membership, Person, PostalApplication],
) -> None:
    from tests.conftest import login_fully

    team_member, person, application = postal_case
    client = login_fully(Client(), team_member)
    assert client.get(reverse("postal:detail", args=[application.pk])).status_code == 200
    assert client.get(reverse("intake:zrm", args=[person.pk])).status_code == 403
    signal = Signal.objects.get(person=person)
    assert client.get(reverse("signals:detail", args=[signal.pk])).status_code == 403
    assert client.get(reverse("api-person-assessments", args=[person.pk])).status_code == 403
    page = client.get(reverse("people:detail", args=[person.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Huurachterstand" not in html and "ZRM-meting" not in html
    entry_row = ProcessingLogEntry.objects.filter(
        person_id=person.pk, activity_code="persoon.inzien"
    ).get()
    assert "signalen" not in entry_row.data_kinds and "ZRM-scores" not in entry_row.data_kinds
    assert entry_row.purpose == "briefadres"


def test_an_undecided_application_is_a_relation_for_a_limited_time(
    member: Callable[..., Membership],
) -> None:
    mdt = make_mdt()
    person = PersonFactory()
    old = plek_today() - datetime.timedelta(days=400)
    postal_services.apply(mdt.actor(), application_input(person.pk, mdt, applied_on=old))
    assert not decide(mdt.actor(), Action.VIEW, person.pk, kind=DataKind.POSTAL).allowed
    recent = PersonFactory()
    postal_services.apply(mdt.actor(), application_input(recent.pk, mdt))
    assert decide(mdt.actor(), Action.VIEW, recent.pk, kind=DataKind.POSTAL).allowed


# --- finding #10: a provider with an open proposal sees what placement needs --------------------


@pytest.mark.parametrize("kind", DataKind.values)
def test_a_provider_with_a_proposal_sees_what_placement_needs(
    kind: str, member: Callable[..., Membership]
) -> None:
    made = facility(units=1)
    staff = member("aanbieder", organisation=made.provider)
    waiting = entry()
    Proposal.objects.create(
        unit=Unit.objects.get(facility=made),
        waiting_entry=waiting,
        person=waiting.person,
        available_on=plek_today(),
    )
    decision = decide(actor_of(staff), Action.VIEW, waiting.person_id, kind=kind)
    assert decision.allowed == (kind in KINDS_BY_BASIS["wonen:voorstel"])
    assert (kind in KINDS_BY_BASIS["wonen:voorstel"]) == (
        kind in {"identiteit", "contact", "huishouden", "verblijf", "plan_bestaan"}
    )
