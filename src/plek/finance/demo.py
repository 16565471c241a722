"""Demo enrichment: the allocation model with a phase-out in progress and the twelve
municipalities' budgets, sized from the demo's own realised cost.

The historical shares follow last year's realised cost per municipality of origin (where the
money went), the objective shares the number of inhabitants. Uses no random numbers at all.
"""

from __future__ import annotations

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from plek.accounts.models import Municipality
from plek.finance import services
from plek.finance.costs import realised_cost
from plek.finance.models import AllocationModel, MunicipalityShare, ProductTariff, RegionalTotal
from plek.protection.models import Product

PHASE_OUT_YEARS = 5
SIX = Decimal("0.000001")
TARIFFS = {"BT-UUR": Decimal("68.50"), "AMB-UUR": Decimal("61.20"), "BT-24": Decimal("910.00")}


def _shares(weights: dict[int, Decimal]) -> dict[int, Decimal]:
    """Fractions with six decimals that add up to exactly 1 (the rest to the largest)."""
    total = sum(weights.values(), Decimal(0))
    shares = {k: (v / total).quantize(SIX, rounding=ROUND_HALF_UP) for k, v in weights.items()}
    largest = max(shares, key=lambda k: (shares[k], -k))
    shares[largest] += Decimal(1) - sum(shares.values(), Decimal(0))
    return shares


def enrich(rng: random.Random) -> None:
    from plek.demo.flows import MUNICIPALITIES

    if AllocationModel.objects.exists():
        return
    today = timezone.localdate()
    start_of_data = datetime.date(today.year - 1, 1, 1)
    for code, amount in TARIFFS.items():
        product = Product.objects.filter(code=code).first()
        if product is not None:
            ProductTariff.objects.get_or_create(
                product=product, valid_from=start_of_data, defaults={"amount": amount}
            )
    places = {m.code: m for m in Municipality.objects.all()}
    inhabitants = {places[c].pk: Decimal(n) for c, _name, n in MUNICIPALITIES if c in places}
    if not inhabitants:
        return
    last_year = today.year - 1
    cost = realised_cost(datetime.date(last_year, 1, 1), datetime.date(last_year, 12, 31))
    # One euro more for everyone, so a municipality without cost still has a (tiny) share.
    spent = {
        m.pk: (cost[code].total if code in cost else Decimal(0)) + 1
        for code, m in places.items()
        if m.pk in inhabitants
    }
    historical, objective = _shares(spent), _shares(inhabitants)
    model = AllocationModel.objects.create(
        name="Verdeelmodel beschermd wonen",
        first_year=today.year - 2,
        phase_out_years=PHASE_OUT_YEARS,
    )
    MunicipalityShare.objects.bulk_create(
        MunicipalityShare(
            model=model, municipality_id=pk, historical=historical[pk], objective=objective[pk]
        )
        for pk in inhabitants
    )
    region_total = sum((c.total for c in cost.values()), Decimal(0))
    for year, growth in ((last_year, Decimal("1.00")), (today.year, Decimal("1.02"))):
        amount = (region_total * growth / 1000).quantize(Decimal(1), ROUND_HALF_UP) * 1000
        RegionalTotal.objects.create(model=model, year=year, amount=amount)
        services.apply_allocation(None, model.pk, year)
