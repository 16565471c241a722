"""Facilities and units: the functional admin's changes."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from plek.accounts.context import Actor
from plek.housing.models import (
    Facility,
    Unit,
)
from plek.housing.services.common import (
    _invalid,
    _require_admin,
)


def save_unit(actor: Actor, unit: Unit) -> Unit:
    _require_admin(actor)
    unit.full_clean()
    with transaction.atomic():
        unit.save()
    return unit


def save_facility_rules(actor: Actor, facility: Facility) -> Facility:
    _require_admin(actor)
    if (
        facility.min_age is not None
        and facility.max_age is not None
        and (facility.min_age > facility.max_age)
    ):
        raise _invalid("max_age", _("Maximumleeftijd: moet minstens de minimumleeftijd zijn."))
    with transaction.atomic():
        facility.save()
    return facility
