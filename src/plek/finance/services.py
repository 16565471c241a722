"""Every change to tariffs, budgets and the allocation model: one transaction each, for the
functional admin (beheer). Aggregated money, no person data."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plek.access.exceptions import AccessDenied
from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.finance import allocation
from plek.finance.models import AllocationModel, Budget, DayTariff, MunicipalityShare, ProductTariff

FINANCE_ROLES = frozenset({Role.BEHEER})


def _require(actor: Actor | None) -> None:
    # None: the system itself (import, demo), which has no membership.
    if actor is not None and actor.role not in FINANCE_ROLES:
        raise AccessDenied()


def set_day_tariff(
    actor: Actor | None, facility_id: int, valid_from: datetime.date, amount: Decimal
) -> DayTariff:
    _require(actor)
    if amount < 0:
        raise ValidationError({"amount": _("Dagtarief: mag niet negatief zijn.")})
    with transaction.atomic():
        tariff, _created = DayTariff.objects.update_or_create(
            facility_id=facility_id, valid_from=valid_from, defaults={"amount": amount}
        )
    return tariff


def set_product_tariff(
    actor: Actor | None, product_id: int, valid_from: datetime.date, amount: Decimal
) -> ProductTariff:
    _require(actor)
    if amount < 0:
        raise ValidationError({"amount": _("Tarief: mag niet negatief zijn.")})
    with transaction.atomic():
        tariff, _created = ProductTariff.objects.update_or_create(
            product_id=product_id, valid_from=valid_from, defaults={"amount": amount}
        )
    return tariff


def check_shares(model: AllocationModel) -> None:
    """The historical shares add up to 1, and so do the objective shares."""
    shares = list(MunicipalityShare.objects.filter(model=model))
    for field, label in (("historical", _("historische")), ("objective", _("objectieve"))):
        total = sum((getattr(share, field) for share in shares), Decimal(0))
        if total != 1:
            raise ValidationError(
                _("Verdeelmodel %(model)s: de %(kind)s aandelen tellen op tot %(total)s.")
                % {"model": model.name, "kind": label, "total": total}
            )


def apply_allocation(actor: Actor | None, model_id: int, year: int) -> list[Budget]:
    """Compute every municipality's budget of `year` with the model and store it."""
    _require(actor)
    with transaction.atomic():
        model = AllocationModel.objects.select_for_update().get(pk=model_id)
        check_shares(model)
        total = model.totals.filter(year=year).values_list("amount", flat=True).first()
        if total is None:
            raise ValidationError(
                {
                    "year": _("Jaar: het verdeelmodel heeft geen regionaal budget voor %(year)s.")
                    % {"year": year}
                }
            )
        budgets = []
        for share in MunicipalityShare.objects.filter(model=model).order_by("municipality_id"):
            amount, historical = allocation.budget(
                total,
                share.historical,
                share.objective,
                model.first_year,
                model.phase_out_years,
                year,
            )
            budget, _created = Budget.objects.update_or_create(
                municipality_id=share.municipality_id,
                year=year,
                defaults={
                    "amount": amount,
                    "historical_part": historical,
                    "source": Budget.Source.VERDEELMODEL,
                },
            )
            budgets.append(budget)
    return budgets


def set_budget(actor: Actor | None, municipality_id: int, year: int, amount: Decimal) -> Budget:
    """A budget fixed by hand (or imported), replacing a computed one."""
    _require(actor)
    if amount < 0:
        raise ValidationError({"amount": _("Budget: mag niet negatief zijn.")})
    with transaction.atomic():
        budget, _created = Budget.objects.update_or_create(
            municipality_id=municipality_id,
            year=year,
            defaults={
                "amount": amount,
                "source": Budget.Source.VASTGESTELD,
                "historical_part": None,
            },
        )
    return budget
