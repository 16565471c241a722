"""`plek verdeelmodel`: configure the model, compute budgets; bad input changes nothing."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from plek.finance.models import AllocationModel, Budget
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_configure_and_compute(tmp_path: Path) -> None:
    MunicipalityFactory(code="GM9901")
    MunicipalityFactory(code="GM9902")
    shares = tmp_path / "aandelen.csv"
    shares.write_text("municipality,historical,objective\nGM9901,0.75,0.4\nGM9902,0.25,0.6\n")
    out = io.StringIO()
    call_command(
        "verdeelmodel",
        "Regio",
        "--eerste-jaar",
        "2023",
        "--afbouwjaren",
        "5",
        "--aandelen",
        str(shares),
        "--totaal",
        "2024=100000.00",
        "--jaar",
        "2024",
        stdout=out,
    )
    assert "2024: 2 budgetten berekend" in out.getvalue()
    assert Budget.objects.get(municipality__code="GM9901").amount == Decimal("61000.00")


def test_shares_that_do_not_add_up_store_nothing(tmp_path: Path) -> None:
    MunicipalityFactory(code="GM9901")
    MunicipalityFactory(code="GM9902")
    shares = tmp_path / "aandelen.csv"
    shares.write_text("municipality,historical,objective\nGM9901,0.75,0.4\nGM9902,0.3,0.6\n")
    with pytest.raises(CommandError, match=r"historische aandelen tellen op tot 1\.05"):
        call_command(
            "verdeelmodel",
            "Regio",
            "--eerste-jaar",
            "2023",
            "--afbouwjaren",
            "5",
            "--aandelen",
            str(shares),
            "--totaal",
            "2024=100000.00",
            "--jaar",
            "2024",
        )
    assert not AllocationModel.objects.exists()
    assert not Budget.objects.exists()


def test_an_unknown_municipality_is_named(tmp_path: Path) -> None:
    shares = tmp_path / "aandelen.csv"
    shares.write_text("municipality,historical,objective\nGM0000,1,1\n")
    with pytest.raises(CommandError, match=r"aandelen.csv:2:municipality: 'GM0000' is onbekend"):
        call_command(
            "verdeelmodel",
            "Regio",
            "--eerste-jaar",
            "2023",
            "--afbouwjaren",
            "5",
            "--aandelen",
            str(shares),
        )
