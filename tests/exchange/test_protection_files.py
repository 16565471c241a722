# ruff: noqa: E501 - CSV rows and problem lines are kept whole so they read as in a file
"""The plek-csv extension files (products, tariffs, indications, arrangements, budgets): the
same all-or-nothing rules, one line per problem, and a lossless export."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from plek.exchange.importer import import_directory
from plek.finance.models import Budget, DayTariff, ProductTariff
from plek.protection.models import Arrangement, Indication
from tests.exchange.test_import import snapshot
from tests.monitor.conftest import REGION

pytestmark = pytest.mark.django_db

FILES = {
    "products.csv": "id,name,unit\nBT-UUR,Begeleiding beschermd thuis,uur\nBT-24,Beschermd thuis 24 uur,week\n",
    "tariffs.csv": (
        "facility,product,valid_from,amount\n"
        "f1,,2024-07-01,60.25\n"
        ",BT-UUR,2024-01-01,70.00\n"
        ",BT-24,2024-01-01,910.00\n"
    ),
    "indications.csv": (
        "id,person,kind,decided_on,organisation,valid_from,valid_until,review_on,municipality,"
        "origin_municipality,provider,ended_on,end_reason\n"
        "i1,p1,beschermd_thuis,2024-02-20,o1,2024-03-01,2024-12-31,2024-06-01,GM0505,GM0505,o1,,\n"
        'i2,p2,beschermd_wonen,2024-01-01,,2024-01-01,2024-06-30,,GM0642,GM0642,,2024-05-31,"Verhuisd, buiten de regio"\n'
    ),
    "arrangements.csv": (
        "id,person,kind,provider,product,hours_per_week,start_date,review_on,end_date,end_reason,"
        "indication,origin_municipality\n"
        "a1,p1,beschermd_thuis,o1,BT-UUR,6.50,2024-03-01,2024-09-01,,,i1,GM0505\n"
        "a2,p2,ambulant,o1,BT-24,,2024-02-01,,2024-04-30,Klaar,,GM0642\n"
    ),
    "budgets.csv": (
        "municipality,year,amount,source,historical_part\n"
        "GM0505,2024,1250000.00,verdeelmodel,900000.00\n"
        "GM0642,2024,400000.00,vastgesteld,\n"
    ),
}


def region_with_files(tmp_path: Path, **changes: str) -> Path:
    target = tmp_path / "in"
    shutil.copytree(REGION, target)
    for name, text in {**FILES, **changes}.items():
        (target / name).write_text(text, encoding="utf-8")
    return target


def test_the_files_land_and_export_back_losslessly(tmp_path: Path) -> None:
    source = region_with_files(tmp_path)
    assert import_directory(source).ok
    assert Indication.objects.get(external_id="i2").end_reason == "Verhuisd, buiten de regio"
    assert Arrangement.objects.get(external_id="a1").hours_per_week == Decimal("6.50")
    assert Arrangement.objects.get(external_id="a1").indication.external_id == "i1"
    assert DayTariff.objects.get().amount == Decimal("60.25")
    assert ProductTariff.objects.count() == 2
    assert Budget.objects.get(municipality__code="GM0642").historical_part is None
    first = snapshot(tmp_path, "first")
    for name, text in FILES.items():
        assert sorted(first[name].decode().splitlines()) == sorted(text.splitlines()), name
    # Importing the export again changes nothing, and exports the same bytes.
    assert import_directory(tmp_path / "first").ok
    assert snapshot(tmp_path, "second") == first
    assert Indication.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "old", "new", "problem"),
    [
        (
            "tariffs.csv",
            ",BT-UUR,2024-01-01,70.00",
            "f1,BT-UUR,2024-01-01,70.00",
            "tariffs.csv:3:facility: vul óf een voorziening óf een product in, niet beide",
        ),
        (
            "tariffs.csv",
            ",BT-24,2024-01-01,910.00",
            ",BT-UUR,2024-01-01,75.00",
            "tariffs.csv:4:valid_from: voor BT-UUR staat al een tarief vanaf deze datum in rij 3",
        ),
        (
            "indications.csv",
            "2024-03-01,2024-12-31",
            "2024-03-01,2023-12-31",
            "indications.csv:2:valid_until: de indicatie eindigt voor het begint",
        ),
        (
            "indications.csv",
            "i1,p1,",
            "i1,p99,",
            "indications.csv:2:person: 'p99' is onbekend: niet in persons.csv en niet in de database",
        ),
        (
            "arrangements.csv",
            "BT-UUR,6.50",
            "BT-UUR,",
            "arrangements.csv:2:hours_per_week: verplicht voor een product per uur",
        ),
        (
            "arrangements.csv",
            "a2,p2,ambulant,o1,BT-24",
            "a2,p2,ambulant,o1,BT-99",
            "arrangements.csv:3:product: 'BT-99' is onbekend: niet in products.csv en niet in de database",
        ),
        (
            "budgets.csv",
            "GM0642,2024,400000.00,vastgesteld",
            "GM0642,2024,400000,begroot",
            "budgets.csv:3:source: onbekende code 'begroot'; toegestaan: verdeelmodel, vastgesteld",
        ),
    ],
)
def test_a_bad_row_is_named_and_nothing_lands(tmp_path: Path, name, old, new, problem) -> None:
    text = FILES[name]
    assert old in text
    result = import_directory(region_with_files(tmp_path, **{name: text.replace(old, new, 1)}))
    assert [str(p) for p in result.problems] == [problem]
    assert not Indication.objects.exists()
    assert not Budget.objects.exists()
    assert not DayTariff.objects.exists()
