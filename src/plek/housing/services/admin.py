"""Facilities, units and capacity: the functional admin's changes, each kept as history.

Every change validates first (Dutch messages naming the field), then writes the row and one
history row per changed field (``plek.accounts.config_history``) in one transaction. Nothing is
cached: the next request reads what was stored.

Capacity periods that have started (``valid_from`` before today) are read-only: a new capacity
is a new period from today or later.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from plek.accounts import config_history
from plek.accounts.context import Actor
from plek.accounts.models import Municipality
from plek.core import dates
from plek.housing.models import CapacityPeriod, Facility, Unit
from plek.housing.services.common import _invalid, _require_admin

FACILITY_AREA = "voorziening"
UNIT_AREA = "eenheid"
CAPACITY_AREA = "capaciteit"

FACILITY_FIELDS = (
    "external_id",
    "name",
    "type",
    "provider",
    "municipality",
    "scope",
    "day_tariff",
    "min_age",
    "max_age",
    "sex",
    "children_rule",
    "indication_required",
    "origin_region",
)
RULE_FIELDS = (
    "min_age",
    "max_age",
    "sex",
    "children_rule",
    "indication_required",
    "origin_region",
)
UNIT_FIELDS = ("code", "kind", "family_suitable", "accessible", "women_only", "active")


def _allowed(actor: Actor | None) -> None:
    # actor None: the command line (region configuration import), which has no membership.
    if actor is not None:
        _require_admin(actor)


def _before(model: type[models.Model], pk: int | None, fields: Iterable[str]) -> dict[str, str]:
    if pk is None:
        return {}
    stored = model._default_manager.filter(pk=pk).first()
    return config_history.snapshot(stored, fields) if stored is not None else {}


def _check_ages(facility: Facility) -> None:
    if (
        facility.min_age is not None
        and facility.max_age is not None
        and facility.min_age > facility.max_age
    ):
        raise _invalid("max_age", _("Maximumleeftijd: moet minstens de minimumleeftijd zijn."))


def _clean(instance: Facility | Unit | CapacityPeriod, exclude: Iterable[str] = ()) -> None:
    """Model validation, each message prefixed with the field's label."""
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        named: dict[str, list[str]] = {}
        for name, messages in exc.message_dict.items():
            if name == "__all__":
                named[name] = messages
                continue
            label = str(instance._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
            named[name] = [f"{label[:1].upper()}{label[1:]}: {message}" for message in messages]
        raise ValidationError(named) from exc


def save_facility(
    actor: Actor | None,
    facility: Facility,
    origin_municipalities: Iterable[Municipality] | None = None,
    source: str = config_history.SCREEN,
) -> Facility:
    """Create or change a facility with its eligibility rules; None keeps the origin list."""
    _allowed(actor)
    _clean(facility, exclude=["category"])
    _check_ages(facility)
    fields = (*FACILITY_FIELDS, "origin_municipalities")
    with transaction.atomic():
        before = _before(Facility, facility.pk, fields)
        facility.save()
        if origin_municipalities is not None:
            facility.origin_municipalities.set(list(origin_municipalities))
        after = config_history.snapshot(facility, fields)
        config_history.record(
            actor,
            FACILITY_AREA,
            facility,
            before,
            after,
            config_history.field_labels(Facility, fields),
            key=facility.external_id,
            source=source,
        )
    return facility


def save_facility_rules(actor: Actor, facility: Facility) -> Facility:
    """The eligibility rules only (the board's rules page); the origin list is set by the form."""
    _allowed(actor)
    _check_ages(facility)
    with transaction.atomic():
        before = _before(Facility, facility.pk, RULE_FIELDS)
        facility.save()
        config_history.record(
            actor,
            FACILITY_AREA,
            facility,
            before,
            config_history.snapshot(facility, RULE_FIELDS),
            config_history.field_labels(Facility, RULE_FIELDS),
            key=facility.external_id,
        )
    return facility


def save_unit(actor: Actor | None, unit: Unit, source: str = config_history.SCREEN) -> Unit:
    _allowed(actor)
    _clean(unit)
    with transaction.atomic():
        before = _before(Unit, unit.pk, UNIT_FIELDS)
        unit.save()
        config_history.record(
            actor,
            UNIT_AREA,
            unit,
            before,
            config_history.snapshot(unit, UNIT_FIELDS),
            config_history.field_labels(Unit, UNIT_FIELDS),
            key=unit.facility.external_id,
            source=source,
        )
    return unit


def is_read_only(period: CapacityPeriod, today: datetime.date | None = None) -> bool:
    """A period that has started is history: it stays as it was."""
    return period.valid_from < (today or dates.today())


def _capacity_subject(facility: Facility, valid_from: datetime.date) -> str:
    return _("%(facility)s vanaf %(day)s") % {
        "facility": facility,
        "day": valid_from.isoformat(),
    }


def add_capacity_period(
    actor: Actor | None,
    facility: Facility,
    valid_from: datetime.date | None,
    units: int | None,
    source: str = config_history.SCREEN,
    allow_past: bool = False,
) -> CapacityPeriod:
    """A new capacity from ``valid_from`` on (today or later; ``allow_past`` only for a new
    region's import, where there is no history to protect yet)."""
    _allowed(actor)
    errors: dict[str, str] = {}
    if valid_from is None:
        errors["valid_from"] = _("Geldig vanaf: vul een datum in.")
    elif not allow_past and valid_from < dates.today():
        errors["valid_from"] = _(
            "Geldig vanaf: een periode kan niet in het verleden beginnen; "
            "kies vandaag of een latere datum."
        )
    if units is None or units < 0:
        errors["units"] = _("Aantal plaatsen: vul een aantal van 0 of meer in.")
    if errors:
        raise ValidationError(errors)
    assert valid_from is not None and units is not None
    label = str(CapacityPeriod._meta.get_field("units").verbose_name)
    try:
        with transaction.atomic():
            period = CapacityPeriod.objects.create(
                facility=facility, valid_from=valid_from, units=units
            )
            config_history.record(
                actor,
                CAPACITY_AREA,
                _capacity_subject(facility, valid_from),
                {},
                {"units": str(units)},
                {"units": label},
                key=facility.external_id,
                source=source,
            )
    except IntegrityError as exc:
        raise _invalid(
            "valid_from", _("Geldig vanaf: op deze datum begint al een periode.")
        ) from exc
    return period


def change_capacity_period(
    actor: Actor | None,
    period: CapacityPeriod,
    units: int | None,
    source: str = config_history.SCREEN,
) -> CapacityPeriod:
    """A period that has not started may change its number of places."""
    _allowed(actor)
    if is_read_only(period):
        raise _invalid(
            "units",
            _("Aantal plaatsen: deze periode is al begonnen en kan niet meer worden gewijzigd."),
        )
    if units is None or units < 0:
        raise _invalid("units", _("Aantal plaatsen: vul een aantal van 0 of meer in."))
    with transaction.atomic():
        locked = CapacityPeriod.objects.select_for_update().get(pk=period.pk)
        old = locked.units
        locked.units = units
        locked.save(update_fields=["units"])
        config_history.record(
            actor,
            CAPACITY_AREA,
            _capacity_subject(period.facility, locked.valid_from),
            {"units": str(old)},
            {"units": str(units)},
            {"units": str(CapacityPeriod._meta.get_field("units").verbose_name)},
            key=period.facility.external_id,
            source=source,
        )
    return locked


def delete_capacity_period(actor: Actor, period: CapacityPeriod) -> None:
    """Withdraw a period that has not started."""
    _allowed(actor)
    if is_read_only(period):
        raise _invalid(
            "units", _("Periode: deze periode is al begonnen en kan niet worden verwijderd.")
        )
    with transaction.atomic():
        config_history.record(
            actor,
            CAPACITY_AREA,
            _capacity_subject(period.facility, period.valid_from),
            {"units": str(period.units)},
            {"units": _("(verwijderd)")},
            {"units": str(CapacityPeriod._meta.get_field("units").verbose_name)},
            key=period.facility.external_id,
        )
        period.delete()
