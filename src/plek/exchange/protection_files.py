"""plek-csv extension files of protected living and its money: products, tariffs, indications,
arrangements and budgets (docs/exchange.md). Their checks, writers and export sources live here
so the core importer and exporter only list them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from django.db import models

from plek.exchange.reader import Bundle, Row
from plek.exchange.spec import FILES_BY_NAME
from plek.finance.models import Budget, DayTariff, ProductTariff
from plek.protection.models import Arrangement, Indication, Product

if TYPE_CHECKING:
    from plek.exchange.store import Resolver

# The store imports this module (for its writers), so its helpers are imported when used.


def _upsert(model: type[models.Model], key_field: str, records: list[dict[str, Any]]) -> None:
    from plek.exchange import store

    store._upsert(model, key_field, records)


def _batch() -> int:
    from plek.exchange import store

    return store.BATCH


# The keyed files others refer to: file → (model, key field); merged into the store's KEYED.
KEYED: dict[str, tuple[type[models.Model], str]] = {
    "products": (Product, "code"),
    "indications": (Indication, "external_id"),
}


# --- checks ---------------------------------------------------------------------------------


def check(bundle: Bundle) -> None:
    _check_tariffs(bundle)
    _check_periods(bundle, "indications", "valid_from", "valid_until", "de indicatie")
    _check_ended(bundle)
    _check_periods(bundle, "arrangements", "start_date", "end_date", "het arrangement")
    _check_hours(bundle)


def _check_tariffs(bundle: Bundle) -> None:
    spec = FILES_BY_NAME["tariffs"]
    seen: dict[tuple[Any, ...], int] = {}
    for row in bundle.rows.get("tariffs", []):
        facility, product = row.values["facility"], row.values["product"]
        if (facility is None) == (product is None) and not {"facility", "product"} & row.bad:
            bundle.problem(
                spec, row.number, "facility", "vul óf een voorziening óf een product in, niet beide"
            )
            continue
        key = (facility, product, row.values["valid_from"])
        if key in seen and row.values["valid_from"] is not None:
            bundle.problem(
                spec,
                row.number,
                "valid_from",
                f"voor {facility or product} staat al een tarief vanaf deze datum "
                f"in rij {seen[key]}",
            )
        seen.setdefault(key, row.number)


def _check_periods(bundle: Bundle, name: str, first: str, last: str, what: str) -> None:
    spec = FILES_BY_NAME[name]
    for row in bundle.rows.get(name, []):
        start, end = row.values[first], row.values[last]
        if start and end and end < start:
            bundle.problem(spec, row.number, last, f"{what} eindigt voor het begint")


def _check_ended(bundle: Bundle) -> None:
    spec = FILES_BY_NAME["indications"]
    for row in bundle.rows.get("indications", []):
        start, ended = row.values["valid_from"], row.values["ended_on"]
        if start and ended and ended < start:
            bundle.problem(spec, row.number, "ended_on", "de indicatie eindigt voor ze begint")


def _product_units(bundle: Bundle) -> dict[str, str]:
    units = dict(Product.objects.values_list("code", "unit"))
    units.update({r.values["id"]: r.values["unit"] for r in bundle.rows.get("products", [])})
    return units


def _check_hours(bundle: Bundle) -> None:
    spec = FILES_BY_NAME["arrangements"]
    rows = bundle.rows.get("arrangements", [])
    units = _product_units(bundle) if rows else {}
    for row in rows:
        hours = row.values["hours_per_week"]
        if hours is not None and hours == 0:
            bundle.problem(spec, row.number, "hours_per_week", "uren per week moet meer dan 0 zijn")
        hourly = units.get(row.values["product"]) == Product.Unit.UUR
        if hours is None and hourly and "hours_per_week" not in row.bad:
            bundle.problem(spec, row.number, "hours_per_week", "verplicht voor een product per uur")


# --- writers --------------------------------------------------------------------------------


def _upsert_composite(
    model: type[models.Model], keys: tuple[str, ...], records: list[dict[str, Any]]
) -> None:
    """Create or update records identified by several fields (e.g. facility and valid_from)."""
    if not records:
        return
    known = {
        tuple(values[:-1]): values[-1]
        for values in model._default_manager.values_list(*keys, "pk").iterator()
    }
    fields = [name for name in records[0] if name not in keys]
    new, changed = [], []
    for record in records:
        instance = model(**record)
        found = known.get(tuple(record[key] for key in keys))
        if found is not None:
            instance.pk = found
            changed.append(instance)
        else:
            new.append(instance)
    model._default_manager.bulk_create(new, batch_size=_batch())
    if changed and fields:
        model._default_manager.bulk_update(changed, fields, batch_size=_batch())


def _products(rows: list[Row], resolver: Resolver) -> None:
    _upsert(
        Product,
        "code",
        [
            {"code": r.values["id"], "name": r.values["name"], "unit": r.values["unit"]}
            for r in rows
        ],
    )


def _tariffs(rows: list[Row], resolver: Resolver) -> None:
    facilities = resolver.pk("facilities", rows, "facility")
    products = resolver.pk("products", rows, "product")
    day = [r for r in rows if r.values["facility"] is not None]
    product = [r for r in rows if r.values["product"] is not None]
    _upsert_composite(
        DayTariff,
        ("facility_id", "valid_from"),
        [
            {
                "facility_id": facilities[r.values["facility"]],
                "valid_from": r.values["valid_from"],
                "amount": r.values["amount"],
            }
            for r in day
        ],
    )
    _upsert_composite(
        ProductTariff,
        ("product_id", "valid_from"),
        [
            {
                "product_id": products[r.values["product"]],
                "valid_from": r.values["valid_from"],
                "amount": r.values["amount"],
            }
            for r in product
        ],
    )


def _indications(rows: list[Row], resolver: Resolver) -> None:
    persons = resolver.pk("persons", rows, "person")
    organisations = resolver.ids(
        "organisations",
        [r.values["organisation"] for r in rows] + [r.values["provider"] for r in rows],
    )
    places = resolver.ids(
        "municipalities",
        [r.values["municipality"] for r in rows] + [r.values["origin_municipality"] for r in rows],
    )
    _upsert(
        Indication,
        "external_id",
        [
            {
                "external_id": r.values["id"],
                "person_id": persons[r.values["person"]],
                "kind": r.values["kind"],
                "decided_on": r.values["decided_on"],
                "organisation_id": organisations.get(r.values["organisation"]),
                "valid_from": r.values["valid_from"],
                "valid_until": r.values["valid_until"],
                "review_on": r.values["review_on"],
                "municipality_id": places[r.values["municipality"]],
                "origin_municipality_id": places.get(r.values["origin_municipality"]),
                "provider_id": organisations.get(r.values["provider"]),
                "ended_on": r.values["ended_on"],
                "end_reason": r.values["end_reason"] or "",
            }
            for r in rows
        ],
    )


def _arrangements(rows: list[Row], resolver: Resolver) -> None:
    persons = resolver.pk("persons", rows, "person")
    providers = resolver.pk("organisations", rows, "provider")
    products = resolver.pk("products", rows, "product")
    indications = resolver.pk("indications", rows, "indication")
    places = resolver.pk("municipalities", rows, "origin_municipality")
    _upsert(
        Arrangement,
        "external_id",
        [
            {
                "external_id": r.values["id"],
                "person_id": persons[r.values["person"]],
                "kind": r.values["kind"],
                "provider_id": providers[r.values["provider"]],
                "product_id": products[r.values["product"]],
                "hours_per_week": r.values["hours_per_week"],
                "start_date": r.values["start_date"],
                "review_on": r.values["review_on"],
                "end_date": r.values["end_date"],
                "end_reason": r.values["end_reason"] or "",
                "indication_id": indications.get(r.values["indication"]),
                "origin_municipality_id": places.get(r.values["origin_municipality"]),
            }
            for r in rows
        ],
    )


def _budgets(rows: list[Row], resolver: Resolver) -> None:
    places = resolver.pk("municipalities", rows, "municipality")
    _upsert_composite(
        Budget,
        ("municipality_id", "year"),
        [
            {
                "municipality_id": places[r.values["municipality"]],
                "year": r.values["year"],
                "amount": r.values["amount"],
                "source": r.values["source"],
                "historical_part": r.values["historical_part"],
            }
            for r in rows
        ],
    )


WRITERS: tuple[tuple[str, Callable[[list[Row], Resolver], None]], ...] = (
    ("products", _products),
    ("tariffs", _tariffs),
    ("indications", _indications),
    ("arrangements", _arrangements),
    ("budgets", _budgets),
)


# --- export ---------------------------------------------------------------------------------


def _values(queryset: models.QuerySet[Any], **columns: str) -> Iterator[dict[str, Any]]:
    names = list(columns)
    for values in queryset.values_list(*columns.values()).iterator(chunk_size=5000):
        yield dict(zip(names, values, strict=True))


def _tariff_rows() -> Iterator[dict[str, Any]]:
    for row in _values(
        DayTariff.objects.all(),
        facility="facility__external_id",
        valid_from="valid_from",
        amount="amount",
    ):
        yield {**row, "product": None}
    for row in _values(
        ProductTariff.objects.all(),
        product="product__code",
        valid_from="valid_from",
        amount="amount",
    ):
        yield {**row, "facility": None}


SOURCES: dict[str, Callable[[], Iterator[dict[str, Any]]]] = {
    "products": lambda: _values(Product.objects.all(), id="code", name="name", unit="unit"),
    "tariffs": _tariff_rows,
    "indications": lambda: _values(
        Indication.objects.all(),
        id="external_id",
        person="person__external_id",
        kind="kind",
        decided_on="decided_on",
        organisation="organisation__external_id",
        valid_from="valid_from",
        valid_until="valid_until",
        review_on="review_on",
        municipality="municipality__code",
        origin_municipality="origin_municipality__code",
        provider="provider__external_id",
        ended_on="ended_on",
        end_reason="end_reason",
    ),
    "arrangements": lambda: _values(
        Arrangement.objects.all(),
        id="external_id",
        person="person__external_id",
        kind="kind",
        provider="provider__external_id",
        product="product__code",
        hours_per_week="hours_per_week",
        start_date="start_date",
        review_on="review_on",
        end_date="end_date",
        end_reason="end_reason",
        indication="indication__external_id",
        origin_municipality="origin_municipality__code",
    ),
    "budgets": lambda: _values(
        Budget.objects.all(),
        municipality="municipality__code",
        year="year",
        amount="amount",
        source="source",
        historical_part="historical_part",
    ),
}

__all__ = ["KEYED", "SOURCES", "WRITERS", "check"]
