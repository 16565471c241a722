"""Reads of the functional admin's pages: facilities with their capacity now, units, periods.

No person data: these are the region's provisions.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from plek.housing.models import CapacityPeriod, Facility, Unit


def facilities(query: str, order: tuple[str, ...], today: datetime.date) -> QuerySet[Facility]:
    """Facilities matching the search, with places today and the number of units: one query
    per page whatever the number of rows."""
    capacity_now = (
        CapacityPeriod.objects.filter(facility=OuterRef("pk"), valid_from__lte=today)
        .order_by("-valid_from")
        .values("units")[:1]
    )
    units = (
        Unit.objects.filter(facility=OuterRef("pk"))
        .order_by()
        .values("facility")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = Facility.objects.select_related("provider", "municipality").annotate(
        places_now=Subquery(capacity_now, output_field=IntegerField()),
        unit_count=Coalesce(Subquery(units, output_field=IntegerField()), 0),
    )
    if query:
        rows = rows.filter(
            Q(name__icontains=query)
            | Q(external_id__icontains=query)
            | Q(provider__name__icontains=query)
            | Q(municipality__name__icontains=query)
        )
    return rows.order_by(*order)


def units_of(facility: Facility) -> QuerySet[Unit]:
    return Unit.objects.filter(facility=facility).order_by("code")


def periods_of(facility: Facility) -> QuerySet[CapacityPeriod]:
    return CapacityPeriod.objects.filter(facility=facility).order_by("-valid_from")
