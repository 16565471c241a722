"""The functional admin's changes to tariffs and the allocation model, from the pages: validated
(Dutch messages naming the field), kept as history (who, when, old and new), one transaction.

A tariff from a day that has passed is history (past costs are computed with it): the pages
add or change tariffs from today on only. The import and the demo use ``plek.finance.services``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plek.accounts import config_history
from plek.accounts.context import Actor
from plek.accounts.models import Municipality
from plek.core import dates
from plek.finance import services
from plek.finance.models import (
    AllocationModel,
    DayTariff,
    MunicipalityShare,
    ProductTariff,
    RegionalTotal,
)
from plek.housing.models import Facility
from plek.protection.models import Product

TARIFF_AREA = "tarief"
ALLOCATION_AREA = "verdeelmodel"


def _check_tariff(
    valid_from: datetime.date | None, amount: Decimal | None, allow_past: bool = False
) -> None:
    errors: dict[str, str] = {}
    if valid_from is None:
        errors["valid_from"] = _("Geldig vanaf: vul een datum in.")
    elif valid_from < dates.today() and not allow_past:
        errors["valid_from"] = _(
            "Geldig vanaf: een tarief in het verleden verandert berekende kosten; "
            "kies vandaag of een latere datum."
        )
    if amount is None or amount < 0:
        errors["amount"] = _("Tarief (euro): vul een bedrag van 0 of meer in.")
    if errors:
        raise ValidationError(errors)


def save_product_tariff(
    actor: Actor | None,
    product: Product,
    valid_from: datetime.date | None,
    amount: Decimal | None,
    source: str = config_history.SCREEN,
    allow_past: bool = False,
) -> ProductTariff:
    services._require(actor)
    _check_tariff(valid_from, amount, allow_past)
    assert valid_from is not None and amount is not None
    with transaction.atomic():
        old = (
            ProductTariff.objects.filter(product=product, valid_from=valid_from)
            .values_list("amount", flat=True)
            .first()
        )
        tariff = services.set_product_tariff(actor, product.pk, valid_from, amount)
        config_history.record(
            actor,
            TARIFF_AREA,
            _("%(product)s vanaf %(day)s") % {"product": product.code, "day": valid_from},
            {"amount": config_history.as_text(old)},
            {"amount": config_history.as_text(amount)},
            {"amount": _("tarief per eenheid (euro)")},
            key=product.code,
            source=source,
        )
    return tariff


PRODUCT_FIELDS = ("code", "name", "unit")


def save_product(
    actor: Actor | None, product: Product, source: str = config_history.SCREEN
) -> Product:
    """A new ambulatory product (or a changed name or unit), with its history."""
    services._require(actor)
    try:
        product.full_clean()
    except ValidationError as exc:
        raise ValidationError(
            {
                name: [
                    f"{config_history.field_labels(Product, [name])[name].capitalize()}: {message}"
                    if name != "__all__"
                    else message
                    for message in messages
                ]
                for name, messages in exc.message_dict.items()
            }
        ) from exc
    with transaction.atomic():
        stored = Product.objects.filter(pk=product.pk).first() if product.pk else None
        before = config_history.snapshot(stored, PRODUCT_FIELDS) if stored else {}
        product.save()
        config_history.record(
            actor,
            TARIFF_AREA,
            product,
            before,
            config_history.snapshot(product, PRODUCT_FIELDS),
            config_history.field_labels(Product, PRODUCT_FIELDS),
            key=product.code,
            source=source,
        )
    return product


def save_day_tariff(
    actor: Actor | None,
    facility: Facility,
    valid_from: datetime.date | None,
    amount: Decimal | None,
    source: str = config_history.SCREEN,
    allow_past: bool = False,
) -> DayTariff:
    services._require(actor)
    _check_tariff(valid_from, amount, allow_past)
    assert valid_from is not None and amount is not None
    with transaction.atomic():
        old = (
            DayTariff.objects.filter(facility=facility, valid_from=valid_from)
            .values_list("amount", flat=True)
            .first()
        )
        tariff = services.set_day_tariff(actor, facility.pk, valid_from, amount)
        config_history.record(
            actor,
            TARIFF_AREA,
            _("%(facility)s vanaf %(day)s") % {"facility": facility, "day": valid_from},
            {"amount": config_history.as_text(old)},
            {"amount": config_history.as_text(amount)},
            {"amount": _("dagtarief (euro)")},
            key=facility.external_id,
            source=source,
        )
    return tariff


def save_allocation(
    actor: Actor | None,
    model: AllocationModel,
    first_year: int,
    phase_out_years: int,
    shares: Mapping[int, tuple[Decimal, Decimal]],
    source: str = config_history.SCREEN,
    totals: Mapping[int, Decimal] | None = None,
) -> AllocationModel:
    """The phase-out and every municipality's (historical, objective) share at once: each
    column must add up to exactly 1, else nothing is stored."""
    services._require(actor)
    errors: dict[str, str] = {}
    if phase_out_years < 1 or phase_out_years > 50:
        errors["phase_out_years"] = _("Afbouwperiode (jaren): een getal van 1 tot en met 50.")
    if first_year < 2000 or first_year > 2100:
        errors["first_year"] = _("Eerste jaar van de afbouw: een jaar van 2000 tot en met 2100.")
    for column, label in ((0, _("historische")), (1, _("objectieve"))):
        total = sum((pair[column] for pair in shares.values()), Decimal(0))
        if total != 1:
            errors["__all__"] = (
                errors.get("__all__", "")
                + _("Aandelen: de %(kind)s aandelen tellen op tot %(total)s in plaats van 1. ")
                % {"kind": label, "total": total}
            ).strip()
        if any(not 0 <= pair[column] <= 1 for pair in shares.values()):
            errors["__all__"] = _("Aandelen: elk aandeel ligt tussen 0 en 1.")
    if errors:
        raise ValidationError(errors)
    names = dict(Municipality.objects.filter(pk__in=shares).values_list("pk", "name"))
    with transaction.atomic():
        locked = AllocationModel.objects.select_for_update().get(pk=model.pk)
        before = {
            "first_year": str(locked.first_year),
            "phase_out_years": str(locked.phase_out_years),
        }
        labels = {
            "first_year": _("eerste jaar van de afbouw"),
            "phase_out_years": _("afbouwperiode (jaren)"),
        }
        locked.first_year, locked.phase_out_years = first_year, phase_out_years
        locked.save(update_fields=["first_year", "phase_out_years"])
        after = {"first_year": str(first_year), "phase_out_years": str(phase_out_years)}
        stored = {s.municipality_id: s for s in MunicipalityShare.objects.filter(model=locked)}
        for municipality_id, (historical, objective) in shares.items():
            share = stored.get(municipality_id) or MunicipalityShare(
                model=locked, municipality_id=municipality_id, historical=0, objective=0
            )
            name = names.get(municipality_id, str(municipality_id))
            for field, value in (("historical", historical), ("objective", objective)):
                key = f"{field}:{municipality_id}"
                before[key] = format(getattr(share, field), "f") if share.pk else ""
                after[key] = format(value, "f")
                labels[key] = (
                    _("historisch aandeel %(name)s")
                    if field == "historical"
                    else _("objectief aandeel %(name)s")
                ) % {"name": name}
            share.historical, share.objective = historical, objective
            share.save()
        for year, amount in (totals or {}).items():
            stored_total = RegionalTotal.objects.filter(model=locked, year=year).first()
            key = f"total:{year}"
            before[key] = format(stored_total.amount, "f") if stored_total else ""
            after[key] = format(amount, "f")
            labels[key] = _("regionaal budget %(year)d") % {"year": year}
            RegionalTotal.objects.update_or_create(
                model=locked, year=year, defaults={"amount": amount}
            )
        # The stored shares, not only the ones sent, must add up (a municipality left out).
        services.check_shares(locked)
        config_history.record(actor, ALLOCATION_AREA, locked, before, after, labels, source=source)
    return locked
