"""The money part of the region's YAML file: products, product tariffs, day tariffs over time and
the allocation models (phase-out, shares per municipality, regional totals).

Checked with the rest of the file (``region_config.check``) and applied in the same transaction.
Tariffs are matched on (product or facility, date): a tariff that has started and differs from
the file is refused, as for capacity; into a new region past tariffs are created.
"""

from __future__ import annotations

import datetime
import decimal
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from plek.accounts import config_history
from plek.accounts.context import Actor
from plek.accounts.models import Municipality
from plek.core import dates
from plek.finance import services_admin
from plek.finance.models import AllocationModel, DayTariff, ProductTariff
from plek.housing.models import Facility
from plek.protection.models import Product

if TYPE_CHECKING:
    from plek.exchange.region_config import _Errors

KEYS = ("producten", "producttarieven", "dagtarieven", "verdeelmodellen")
CENT = Decimal("0.01")
SHARE = Decimal("0.000001")


@dataclass
class FinancePlan:
    products: list[Product] = field(default_factory=list)
    product_tariffs: list[tuple[str, datetime.date, Decimal]] = field(default_factory=list)
    day_tariffs: list[tuple[str, datetime.date, Decimal]] = field(default_factory=list)
    # (name, first year, phase-out years, {municipality id: (historical, objective)}, totals)
    models: list[tuple[str, int, int, dict[int, tuple[Decimal, Decimal]], dict[int, Decimal]]] = (
        field(default_factory=list)
    )


def export_finance() -> dict[str, Any]:
    return {
        "producten": [
            {"code": p.code, "naam": p.name, "eenheid": p.unit}
            for p in Product.objects.order_by("code")
        ],
        "producttarieven": [
            {"product": t.product.code, "vanaf": t.valid_from.isoformat(), "bedrag": _money(t)}
            for t in ProductTariff.objects.select_related("product").order_by(
                "product__code", "valid_from"
            )
        ],
        "dagtarieven": [
            {
                "voorziening": t.facility.external_id,
                "vanaf": t.valid_from.isoformat(),
                "bedrag": _money(t),
            }
            for t in DayTariff.objects.select_related("facility").order_by(
                "facility__external_id", "valid_from"
            )
        ],
        "verdeelmodellen": [
            {
                "naam": m.name,
                "eerste_jaar": m.first_year,
                "afbouwjaren": m.phase_out_years,
                "aandelen": [
                    {
                        "gemeente": s.municipality.code,
                        "historisch": format(s.historical.normalize(), "f"),
                        "objectief": format(s.objective.normalize(), "f"),
                    }
                    for s in sorted(m.shares.all(), key=lambda s: s.municipality.code)
                ],
                "totalen": [
                    {"jaar": t.year, "bedrag": format(t.amount, "f")}
                    for t in sorted(m.totals.all(), key=lambda t: t.year)
                ],
            }
            for m in AllocationModel.objects.prefetch_related(
                "shares__municipality", "totals"
            ).order_by("name")
        ],
    }


def _money(tariff: ProductTariff | DayTariff) -> str:
    return format(tariff.amount, "f")


def _line(value: Any, default: int) -> int:
    return getattr(value, "line", 0) or default


def _list(data: dict[str, Any], key: str, line: int, errors: _Errors) -> list[Any]:
    value = data.get(key) or []
    if not isinstance(value, list):
        errors.add(line, key, _("verwacht een lijst."))
        return []
    return value


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    return None


def _decimal(value: Any, places: Decimal, high: Decimal | None = None) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).strip())
    except decimal.InvalidOperation:
        return None
    if not number.is_finite() or number < 0 or number != number.quantize(places):
        return None
    if high is not None and number > high:
        return None
    return number


def check_finance(
    data: dict[str, Any], line: int, errors: _Errors, facility_keys: set[str]
) -> FinancePlan:
    plan = FinancePlan()
    today = dates.today()
    product_codes = set(Product.objects.values_list("code", flat=True))
    for index, item in enumerate(_list(data, "producten", line, errors), start=1):
        key, at = f"producten[{index}]", _line(item, line)
        if not isinstance(item, dict):
            errors.add(at, key, _("verwacht code, naam en eenheid."))
            continue
        code, name = str(item.get("code") or "").strip(), str(item.get("naam") or "").strip()
        unit = str(item.get("eenheid") or "")
        if not code:
            errors.add(at, f"{key}.code", _("vul een productcode in."))
            continue
        if not name:
            errors.add(at, f"{key}.naam", _("vul een naam in."))
        if unit not in Product.Unit.values:
            errors.add(at, f"{key}.eenheid", _("uur of week."))
        product = Product.objects.filter(code=code).first() or Product(code=code)
        product.name, product.unit = name, unit
        plan.products.append(product)
        product_codes.add(code)

    stored_product = {
        (t.product.code, t.valid_from): t.amount
        for t in ProductTariff.objects.select_related("product")
    }
    stored_day = {
        (t.facility.external_id, t.valid_from): t.amount
        for t in DayTariff.objects.select_related("facility")
    }
    facility_keys = facility_keys | set(Facility.objects.values_list("external_id", flat=True))
    for list_key, owner_key, known, stored, target in (
        ("producttarieven", "product", product_codes, stored_product, plan.product_tariffs),
        ("dagtarieven", "voorziening", facility_keys, stored_day, plan.day_tariffs),
    ):
        for index, item in enumerate(_list(data, list_key, line, errors), start=1):
            key, at = f"{list_key}[{index}]", _line(item, line)
            if not isinstance(item, dict):
                errors.add(
                    at, key, _("verwacht %(owner)s, vanaf en bedrag.") % {"owner": owner_key}
                )
                continue
            owner = str(item.get(owner_key) or "").strip()
            start, amount = _date(item.get("vanaf")), _decimal(item.get("bedrag"), CENT)
            if owner not in known:
                errors.add(at, f"{key}.{owner_key}", _("onbekend in de regio en in dit bestand."))
            if start is None:
                errors.add(at, f"{key}.vanaf", _("een datum als 2026-01-31."))
            if amount is None:
                errors.add(at, f"{key}.bedrag", _("een bedrag van 0 of meer, zoals 85.50."))
            if start is None or amount is None:
                continue
            old = stored.get((owner, start))
            if old is not None and old != amount and start < today:
                errors.add(
                    at,
                    f"{key}.bedrag",
                    _("dit tarief is al ingegaan (%(old)s) en kan niet meer worden gewijzigd.")
                    % {"old": old},
                )
                continue
            if old != amount:
                target.append((owner, start, amount))

    codes = dict(Municipality.objects.values_list("code", "pk"))
    for index, item in enumerate(_list(data, "verdeelmodellen", line, errors), start=1):
        key, at = f"verdeelmodellen[{index}]", _line(item, line)
        if not isinstance(item, dict) or not str(item.get("naam") or "").strip():
            errors.add(at, f"{key}.naam", _("vul een naam in."))
            continue
        first, years = item.get("eerste_jaar"), item.get("afbouwjaren")
        if not isinstance(first, int) or isinstance(first, bool) or not 2000 <= first <= 2100:
            errors.add(at, f"{key}.eerste_jaar", _("een jaar van 2000 tot en met 2100."))
            first = 0
        if not isinstance(years, int) or isinstance(years, bool) or not 1 <= years <= 50:
            errors.add(at, f"{key}.afbouwjaren", _("een getal van 1 tot en met 50."))
            years = 0
        shares: dict[int, tuple[Decimal, Decimal]] = {}
        for number, share in enumerate(_list(item, "aandelen", at, errors), start=1):
            share_key, share_at = f"{key}.aandelen[{number}]", _line(share, at)
            if not isinstance(share, dict):
                errors.add(share_at, share_key, _("verwacht gemeente, historisch en objectief."))
                continue
            municipality = codes.get(str(share.get("gemeente") or ""))
            historical = _decimal(share.get("historisch"), SHARE, Decimal(1))
            objective = _decimal(share.get("objectief"), SHARE, Decimal(1))
            if municipality is None:
                errors.add(share_at, f"{share_key}.gemeente", _("geen gemeente met deze CBS-code."))
            if historical is None:
                errors.add(share_at, f"{share_key}.historisch", _("een aandeel van 0 tot 1."))
            if objective is None:
                errors.add(share_at, f"{share_key}.objectief", _("een aandeel van 0 tot 1."))
            if municipality is not None and historical is not None and objective is not None:
                shares[municipality] = (historical, objective)
        for column, label in ((0, "historisch"), (1, "objectief")):
            total = sum((pair[column] for pair in shares.values()), Decimal(0))
            if shares and total != 1:
                errors.add(
                    at,
                    f"{key}.aandelen",
                    _("de aandelen %(kind)s tellen op tot %(total)s in plaats van 1.")
                    % {"kind": label, "total": total},
                )
        totals: dict[int, Decimal] = {}
        for number, total_item in enumerate(_list(item, "totalen", at, errors), start=1):
            total_key, total_at = f"{key}.totalen[{number}]", _line(total_item, at)
            year = total_item.get("jaar") if isinstance(total_item, dict) else None
            amount = (
                _decimal(total_item.get("bedrag"), CENT) if isinstance(total_item, dict) else None
            )
            if not isinstance(year, int) or isinstance(year, bool) or amount is None:
                errors.add(total_at, total_key, _("verwacht jaar en bedrag (0 of meer)."))
                continue
            totals[year] = amount
        plan.models.append((str(item["naam"]).strip(), first, years, shares, totals))
    return plan


def apply_finance(plan: FinancePlan, actor: Actor | None) -> None:
    source = config_history.YAML
    for product in plan.products:
        services_admin.save_product(actor, product, source=source)
    products = {p.code: p for p in Product.objects.all()}
    for code, start, amount in plan.product_tariffs:
        services_admin.save_product_tariff(
            actor, products[code], start, amount, source=source, allow_past=True
        )
    facilities = {f.external_id: f for f in Facility.objects.all()}
    for external_id, start, amount in plan.day_tariffs:
        services_admin.save_day_tariff(
            actor, facilities[external_id], start, amount, source=source, allow_past=True
        )
    for name, first, years, shares, totals in plan.models:
        model, _created = AllocationModel.objects.get_or_create(
            name=name, defaults={"first_year": first, "phase_out_years": years}
        )
        services_admin.save_allocation(
            actor, model, first, years, shares, source=source, totals=totals
        )
