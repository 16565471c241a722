"""The figures and the cost per municipality of origin agree with the plain-Python reference on
random regions and periods; so does the allocation model."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plek.finance import allocation
from plek.finance.costs import realised_cost
from plek.finance.models import DayTariff, ProductTariff
from plek.housing.models import Facility, Stay
from plek.protection import figures
from plek.protection.figures import Slice
from plek.protection.models import Arrangement, Indication, Product
from tests.factories import MunicipalityFactory, OrganisationFactory, PersonFactory
from tests.protection import reference as ref

BASE = datetime.date(2024, 1, 1)
ORIGINS = ["GM9811", "GM9812"]
TYPES = ["beschermd_wonen", "probeerplek", "nachtopvang"]
DESTS = ["beschermd_thuis", "eigen_woning", "beschermd_wonen", "straat"]
TARIFFS = [Decimal("0.00"), Decimal("99.99"), Decimal("150.00"), Decimal("33.33")]


def day(offset: int) -> datetime.date:
    return BASE + datetime.timedelta(days=offset)


@st.composite
def regions(draw: st.DrawFn) -> dict[str, Any]:
    facilities = [
        {
            "type": draw(st.sampled_from(TYPES)),
            "tariff": draw(st.sampled_from(TARIFFS)),
            "changes": sorted(
                {
                    day(draw(st.integers(-30, 120))): draw(st.sampled_from(TARIFFS))
                    for _ in range(draw(st.integers(0, 2)))
                }.items()
            ),
        }
        for _ in range(draw(st.integers(1, 3)))
    ]
    products = [
        {
            "unit": unit,
            "changes": sorted(
                {
                    day(draw(st.integers(-30, 120))): draw(st.sampled_from(TARIFFS))
                    for _ in range(draw(st.integers(0, 2)))
                }.items()
            ),
        }
        for unit in ("uur", "week")
    ]
    persons = []
    for _ in range(draw(st.integers(1, 5))):
        stays, arrangements, indications = [], [], []
        cursor = draw(st.integers(-20, 60))
        for _ in range(draw(st.integers(0, 3))):
            length = draw(st.integers(0, 60))
            is_open = draw(st.booleans()) and draw(st.booleans())
            stays.append(
                {
                    "facility": draw(st.integers(0, len(facilities) - 1)),
                    "start": cursor,
                    "end": None if is_open else cursor + length,
                    "dest": draw(st.sampled_from(DESTS)),
                    "origin": draw(st.sampled_from(ORIGINS)),
                }
            )
            if is_open:
                break
            cursor += length + draw(st.sampled_from([0, 0, 1, 7]))
        for _ in range(draw(st.integers(0, 2))):
            start = draw(st.integers(-20, 100))
            arrangements.append(
                {
                    "kind": draw(st.sampled_from(["beschermd_thuis", "ambulant"])),
                    "product": draw(st.integers(0, 1)),
                    "hours": draw(
                        st.sampled_from([Decimal("0.29"), Decimal("4"), Decimal("12.5")])
                    ),
                    "start": start,
                    "end": draw(st.sampled_from([None, start, start + draw(st.integers(0, 80))])),
                    "origin": draw(st.sampled_from(ORIGINS)),
                }
            )
        for _ in range(draw(st.integers(0, 2))):
            start = draw(st.integers(-60, 100))
            until = start + draw(st.integers(0, 120))
            indications.append(
                {
                    "kind": draw(st.sampled_from(["beschermd_wonen", "beschermd_thuis"])),
                    "start": start,
                    "until": until,
                    "ended": draw(st.sampled_from([None, start])),
                    "origin": draw(st.sampled_from(ORIGINS)),
                }
            )
        persons.append({"stays": stays, "arrangements": arrangements, "indications": indications})
    return {"facilities": facilities, "products": products, "persons": persons}


def store(data: dict[str, Any]) -> dict[str, Any]:
    """Write the region to the database; return the reference's view of it."""
    places = {code: MunicipalityFactory(code=code) for code in ORIGINS}
    provider = OrganisationFactory(kind="zorgaanbieder")
    facilities, day_tariffs = [], {}
    for n, f in enumerate(data["facilities"]):
        facility = Facility.objects.create(
            external_id=f"pf{n}",
            name=f"F{n}",
            type=f["type"],
            provider=provider,
            municipality=places[ORIGINS[0]],
            scope="regional",
            day_tariff=f["tariff"],
        )
        for valid_from, amount in f["changes"]:
            DayTariff.objects.create(facility=facility, valid_from=valid_from, amount=amount)
        facilities.append(facility)
        day_tariffs[facility.external_id] = (f["tariff"], list(f["changes"]))
    products, product_tariffs = [], {}
    for n, p in enumerate(data["products"]):
        product = Product.objects.create(code=f"P{n}", name=f"P{n}", unit=p["unit"])
        for valid_from, amount in p["changes"]:
            ProductTariff.objects.create(product=product, valid_from=valid_from, amount=amount)
        products.append(product)
        product_tariffs[product.code] = list(p["changes"])
    stays, arrangements, indications = [], [], []
    for n, p in enumerate(data["persons"]):
        person = PersonFactory(origin_municipality=places[ORIGINS[0]])
        for m, s in enumerate(p["stays"]):
            facility = facilities[s["facility"]]
            end = day(s["end"]) if s["end"] is not None else None
            Stay.objects.create(
                external_id=f"ps{n}-{m}",
                person=person,
                facility=facility,
                start_date=day(s["start"]),
                end_date=end,
                exit_destination=s["dest"] if end else "",
                origin_municipality=places[s["origin"]],
            )
            stays.append(
                ref.RStay(
                    person.pk,
                    facility.category,
                    facility.external_id,
                    day(s["start"]),
                    end,
                    s["dest"] if end else "",
                    s["origin"],
                )
            )
        for m, r in enumerate(p["arrangements"]):
            product = products[r["product"]]
            hours = r["hours"] if product.unit == "uur" else None
            end = day(r["end"]) if r["end"] is not None else None
            Arrangement.objects.create(
                external_id=f"pr{n}-{m}",
                person=person,
                kind=r["kind"],
                provider=provider,
                product=product,
                hours_per_week=hours,
                start_date=day(r["start"]),
                end_date=end,
                origin_municipality=places[r["origin"]],
            )
            arrangements.append(
                ref.RArrangement(
                    person.pk,
                    r["kind"],
                    product.code,
                    product.unit,
                    hours,
                    day(r["start"]),
                    end,
                    r["origin"],
                )
            )
        for m, i in enumerate(p["indications"]):
            ended = day(i["ended"]) if i["ended"] is not None else None
            Indication.objects.create(
                external_id=f"pi{n}-{m}",
                person=person,
                kind=i["kind"],
                decided_on=day(i["start"]),
                valid_from=day(i["start"]),
                valid_until=day(i["until"]),
                ended_on=ended,
                municipality=places[i["origin"]],
                origin_municipality=places[i["origin"]],
            )
            indications.append(
                ref.RIndication(person.pk, i["kind"], day(i["until"]), ended, i["origin"])
            )
    return {
        "stays": stays,
        "arrangements": arrangements,
        "indications": indications,
        "day_tariffs": day_tariffs,
        "product_tariffs": product_tariffs,
    }


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    data=regions(),
    start=st.integers(-10, 120),
    length=st.integers(0, 90),
    origin=st.sampled_from([None, *ORIGINS]),
)
def test_figures_and_cost_match_reference(data, start, length, origin) -> None:
    a = day(start)
    b = a + datetime.timedelta(days=length)
    cut = Slice(municipality=origin)
    with transaction.atomic():
        r = store(data)
        got = {
            "stock_a": figures.bw_stock(a, cut),
            "stock_b": figures.bw_stock(b, cut),
            "inflow": figures.bw_inflow(a, b, cut),
            "outflow": figures.bw_outflow(a, b, cut),
            "bt": figures.beschermd_thuis(b, cut),
            "expiring": figures.indications_expiring(a, b, cut)["total"],
            "cost": {code: c.total for code, c in realised_cost(a, b).items()},
        }
        transaction.set_rollback(True)
    out, home = ref.outflow(r["stays"], a, b, origin)
    expected_share = (
        None if out == 0 else (Decimal(home) / Decimal(out)).quantize(Decimal("0.0001"))
    )
    assert got == {
        "stock_a": ref.stock(r["stays"], a, origin),
        "stock_b": ref.stock(r["stays"], b, origin),
        "inflow": ref.inflow(r["stays"], a, b, origin),
        "outflow": {"persons": out, "to_protected_home": home, "share": expected_share},
        "bt": ref.protected_home(r["arrangements"], b, origin),
        "expiring": ref.expiring(r["indications"], a, b, origin),
        "cost": _sum_parts(r, a, b),
    }


def _sum_parts(r: dict[str, Any], a: datetime.date, b: datetime.date) -> dict[str, Decimal]:
    """The engine rounds stays and ambulatory cost each to cents, then adds them."""
    stays = ref.cost(r["stays"], [], r["day_tariffs"], r["product_tariffs"], a, b)
    ambulatory = ref.cost([], r["arrangements"], r["day_tariffs"], r["product_tariffs"], a, b)
    zero = Decimal("0.00")
    return {
        code: stays.get(code, zero) + ambulatory.get(code, zero)
        for code in sorted(set(stays) | set(ambulatory))
    }


@given(
    total=st.decimals(min_value=0, max_value=10**9, places=2),
    historical=st.decimals(min_value=0, max_value=1, places=6),
    objective=st.decimals(min_value=0, max_value=1, places=6),
    first=st.integers(2015, 2030),
    years=st.integers(1, 10),
    year=st.integers(2010, 2045),
)
def test_allocation_matches_reference(total, historical, objective, first, years, year) -> None:
    amount, historical_part = allocation.budget(total, historical, objective, first, years, year)
    assert amount == ref.budget(total, historical, objective, first, years, year)
    assert historical_part == ref.budget(total, historical, Decimal(0), first, years, year)
    assert Decimal(0) <= historical_part <= amount + Decimal("0.01")
