"""Demo enrichment: indications for the protected-living population, the beschermd-thuis pilot
(about 40 clients at home with ambulatory support), a few try-out places, indications near their
end for the access consultant's worklist, and support at home by the shelter provider for those
who left its tussenvoorziening for a home (reviewed every quarter).

Uses its own random generator, so adding this app shifts no other demo figure.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from plek.accounts.models import Organisation
from plek.housing.choices import Category
from plek.housing.models import Stay
from plek.protection.models import (
    Arrangement,
    ArrangementKind,
    Indication,
    IndicationKind,
    Product,
    TryOut,
)

SEED = 1515
PILOT_SIZE = 40
PRODUCTS = (
    ("BT-UUR", "Begeleiding beschermd thuis", Product.Unit.UUR),
    ("AMB-UUR", "Ambulante begeleiding thuis", Product.Unit.UUR),
    ("BT-24", "Beschermd thuis met 24-uursbereikbaarheid", Product.Unit.WEEK),
)
DAY = datetime.timedelta(days=1)


def enrich(rng: random.Random) -> None:
    own = random.Random(SEED)  # noqa: S311 - demo data; the shared generator stays untouched
    if Indication.objects.exists():
        return
    for code, name, unit in PRODUCTS:
        Product.objects.get_or_create(code=code, defaults={"name": name, "unit": unit})
    access = Organisation.objects.filter(external_id="demo-sociale-dienst").first()
    today = timezone.localdate()
    stays = list(
        Stay.objects.filter(facility__category=Category.BW)
        .select_related("person", "facility")
        .order_by("start_date", "external_id")
    )
    indications = []
    for stay in stays:
        origin = stay.origin_municipality_id or stay.person.origin_municipality_id
        start = stay.start_date - own.randint(0, 30) * DAY
        last = stay.end_date or today
        until = max(start + 365 * DAY, last + own.randint(-20, 300) * DAY)
        indications.append(
            Indication(
                external_id=f"demo-ind-{stay.external_id}",
                person_id=stay.person_id,
                kind=IndicationKind.BESCHERMD_WONEN,
                decided_on=start,
                organisation=access,
                valid_from=start,
                valid_until=until,
                review_on=start + 182 * DAY,
                # Of unknown origin: the municipality where the facility stands is responsible.
                municipality_id=origin or stay.facility.municipality_id,
                origin_municipality_id=origin,
            )
        )
    Indication.objects.bulk_create(indications)
    _pilot(own, today, access)
    _tryouts(own, today)
    _ambulatory(own, today)


def _pilot(own: random.Random, today: datetime.date, access: Organisation | None) -> None:
    """The beschermd-thuis pilot: the latest leavers of protected living to a protected home."""
    hourly = Product.objects.get(code="BT-UUR")
    weekly = Product.objects.get(code="BT-24")
    leavers = list(
        Stay.objects.filter(facility__category=Category.BW, exit_destination="beschermd_thuis")
        .select_related("person", "facility")
        .order_by("-end_date", "external_id")[:PILOT_SIZE]
    )
    for n, stay in enumerate(leavers):
        assert stay.end_date is not None
        origin = stay.origin_municipality_id or stay.person.origin_municipality_id
        if origin is None:
            continue
        indication = Indication.objects.create(
            external_id=f"demo-bt-{stay.external_id}",
            person_id=stay.person_id,
            kind=IndicationKind.BESCHERMD_THUIS,
            decided_on=stay.end_date - 14 * DAY,
            organisation=access,
            valid_from=stay.end_date,
            valid_until=stay.end_date + own.choice([183, 274, 365]) * DAY,
            review_on=stay.end_date + 91 * DAY,
            municipality_id=origin,
            origin_municipality_id=origin,
            provider=stay.facility.provider,
        )
        per_week = n % 5 == 0
        Arrangement.objects.create(
            external_id=f"demo-arr-{stay.external_id}",
            person_id=stay.person_id,
            kind=ArrangementKind.BESCHERMD_THUIS,
            provider=stay.facility.provider,
            product=weekly if per_week else hourly,
            hours_per_week=None if per_week else Decimal(own.choice([4, 6, 8, 10, 12])),
            start_date=stay.end_date,
            review_on=stay.end_date + 182 * DAY,
            indication=indication,
            origin_municipality_id=origin,
        )
    # Three new pilot clients wait for the demo provider to register their support.
    waiting = Organisation.objects.filter(external_id="demo-onderdak-zuid").first()
    open_stays = list(
        Stay.objects.filter(facility__category=Category.BW, end_date__isnull=True)
        .select_related("person")
        .order_by("start_date", "external_id")[:3]
    )
    for stay in open_stays:
        origin = stay.origin_municipality_id or stay.person.origin_municipality_id
        if origin is None or waiting is None:
            continue
        Indication.objects.create(
            external_id=f"demo-bt-nieuw-{stay.external_id}",
            person_id=stay.person_id,
            kind=IndicationKind.BESCHERMD_THUIS,
            decided_on=today - 7 * DAY,
            organisation=access,
            valid_from=today,
            valid_until=today + 365 * DAY,
            municipality_id=origin,
            origin_municipality_id=origin,
            provider=waiting,
        )


def _tryouts(own: random.Random, today: datetime.date) -> None:
    hourly = Product.objects.get(code="BT-UUR")
    stays = list(
        Stay.objects.filter(
            facility__category=Category.BW,
            end_date__isnull=True,
            start_date__lte=today - 120 * DAY,
        )
        .select_related("person", "facility")
        .order_by("-start_date", "external_id")[3:6]
    )
    for stay in stays:
        start = today - own.randint(10, 60) * DAY
        arrangement = Arrangement.objects.create(
            external_id=f"demo-probeer-{stay.external_id}",
            person_id=stay.person_id,
            kind=ArrangementKind.BESCHERMD_THUIS,
            provider=stay.facility.provider,
            product=hourly,
            hours_per_week=Decimal(12),
            start_date=start,
            review_on=start + 150 * DAY,
            origin_municipality_id=stay.origin_municipality_id
            or stay.person.origin_municipality_id,
        )
        TryOut.objects.create(
            person_id=stay.person_id,
            stay=stay,
            arrangement=arrangement,
            start_date=start,
            ends_by=start + 150 * DAY,
        )


def _ambulatory(own: random.Random, today: datetime.date) -> None:
    """Support at home by the shelter provider for those who left its tussenvoorziening for a
    home of their own this past year, reviewed every quarter: the provider's review list."""
    product = Product.objects.get(code="AMB-UUR")
    leavers = list(
        Stay.objects.filter(
            facility__category=Category.TUSSEN,
            facility__provider__external_id="demo-onderdak-zuid",
            exit_destination__in=("eigen_woning", "beschermd_thuis"),
            end_date__gte=today - 365 * DAY,
            end_date__lte=today,
        )
        .select_related("person", "facility")
        .order_by("end_date", "external_id")
    )
    for stay in leavers:
        assert stay.end_date is not None
        review = stay.end_date + 91 * DAY
        while review < today - 14 * DAY:
            review += 91 * DAY
        Arrangement.objects.create(
            external_id=f"demo-amb-{stay.external_id}",
            person_id=stay.person_id,
            kind=ArrangementKind.AMBULANT,
            provider=stay.facility.provider,
            product=product,
            hours_per_week=Decimal(own.choice([2, 3, 4, 6])),
            start_date=stay.end_date,
            review_on=review,
            origin_municipality_id=stay.origin_municipality_id
            or stay.person.origin_municipality_id,
        )
