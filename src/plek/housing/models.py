"""Facilities with their capacity over time, stays and waiting-list entries.

These are the facts the chain records and the monitor counts. Rows imported from another system
keep that system's key in ``external_id`` so that a second import updates instead of duplicating.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from plek.housing.choices import (
    CATEGORY_OF_TYPE,
    Category,
    ExitDestination,
    FacilityType,
    Priority,
    Scope,
)


class Facility(models.Model):
    external_id = models.CharField(_("kenmerk"), max_length=64, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    type = models.CharField(_("soort voorziening"), max_length=32, choices=FacilityType.choices)
    # Follows from `type`; stored because every monitor query filters on it.
    category = models.CharField(_("categorie"), max_length=16, choices=Category.choices)
    provider = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("aanbieder"),
        on_delete=models.PROTECT,
        related_name="facilities",
    )
    municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="facilities",
    )
    scope = models.CharField(_("bereik"), max_length=16, choices=Scope.choices)
    day_tariff = models.DecimalField(
        _("dagtarief (euro)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("voorziening")
        verbose_name_plural = _("voorzieningen")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(day_tariff__gte=0), name="facility_tariff_not_negative"
            )
        ]
        indexes = [models.Index(fields=["category", "type"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.category = CATEGORY_OF_TYPE[self.type]
        super().save(*args, **kwargs)


class CapacityPeriod(models.Model):
    """From `valid_from` until the facility's next period, it has `units` places."""

    facility = models.ForeignKey(
        Facility, verbose_name=_("voorziening"), on_delete=models.CASCADE, related_name="capacity"
    )
    valid_from = models.DateField(_("geldig vanaf"))
    units = models.PositiveIntegerField(_("aantal plaatsen"))

    class Meta:
        verbose_name = _("capaciteit")
        verbose_name_plural = _("capaciteit")
        ordering = ["facility", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "valid_from"], name="capacity_one_row_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.facility_id} vanaf {self.valid_from}: {self.units}"


class Stay(models.Model):
    """A person in a facility; occupies the nights start_date … end_date − 1."""

    external_id = models.CharField(_("kenmerk"), max_length=64, unique=True)
    person = models.ForeignKey(
        "people.Person", verbose_name=_("persoon"), on_delete=models.PROTECT, related_name="stays"
    )
    facility = models.ForeignKey(
        Facility, verbose_name=_("voorziening"), on_delete=models.PROTECT, related_name="stays"
    )
    start_date = models.DateField(_("begindatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    exit_destination = models.CharField(
        _("uitstroombestemming"), max_length=32, choices=ExitDestination.choices, blank=True
    )

    class Meta:
        verbose_name = _("verblijf")
        verbose_name_plural = _("verblijven")
        ordering = ["start_date", "external_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="stay_ends_on_or_after_start",
            ),
            # An ended stay has a destination; an open one has none yet.
            models.CheckConstraint(
                condition=(Q(end_date__isnull=True) & Q(exit_destination=""))
                | (Q(end_date__isnull=False) & ~Q(exit_destination="")),
                name="stay_exit_destination_iff_ended",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "start_date"]),
            models.Index(fields=["facility", "start_date"]),
            models.Index(fields=["end_date"]),
        ]

    def __str__(self) -> str:
        return self.external_id


class WaitingEntry(models.Model):
    external_id = models.CharField(_("kenmerk"), max_length=64, unique=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        related_name="waiting_entries",
    )
    facility_type = models.CharField(
        _("soort voorziening"), max_length=32, choices=FacilityType.choices
    )
    registered_on = models.DateField(_("ingeschreven op"))
    placed_on = models.DateField(_("geplaatst op"), null=True, blank=True)
    withdrawn_on = models.DateField(_("ingetrokken op"), null=True, blank=True)
    priority = models.CharField(_("prioriteit"), max_length=16, choices=Priority.choices)

    class Meta:
        verbose_name = _("wachtlijstinschrijving")
        verbose_name_plural = _("wachtlijstinschrijvingen")
        ordering = ["registered_on", "external_id"]
        indexes = [
            models.Index(fields=["facility_type", "registered_on"]),
            models.Index(fields=["placed_on"]),
        ]

    def __str__(self) -> str:
        return self.external_id
