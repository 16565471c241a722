"""Money for protected living: tariffs over time, budgets per municipality and year, and the
allocation model (verdeelmodel) that phases the historical budget out against an objective one."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DayTariff(models.Model):
    """A facility's day tariff from `valid_from` on (until the next one).

    Before its first row a facility costs its own `day_tariff` (the plek-csv field)."""

    facility = models.ForeignKey(
        "housing.Facility",
        verbose_name=_("voorziening"),
        on_delete=models.CASCADE,
        related_name="day_tariffs",
    )
    valid_from = models.DateField(_("geldig vanaf"))
    amount = models.DecimalField(_("dagtarief (euro)"), max_digits=9, decimal_places=2)

    class Meta:
        verbose_name = _("dagtarief")
        verbose_name_plural = _("dagtarieven")
        ordering = ["facility", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "valid_from"], name="day_tariff_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="day_tariff_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.facility} {self.valid_from:%d-%m-%Y}: € {self.amount}"


class ProductTariff(models.Model):
    """The price of one unit (hour or week) of an ambulatory product from `valid_from` on."""

    product = models.ForeignKey(
        "protection.Product",
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="tariffs",
    )
    valid_from = models.DateField(_("geldig vanaf"))
    amount = models.DecimalField(_("tarief per eenheid (euro)"), max_digits=9, decimal_places=2)

    class Meta:
        verbose_name = _("producttarief")
        verbose_name_plural = _("producttarieven")
        ordering = ["product", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["product", "valid_from"], name="product_tariff_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="product_tariff_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.product.code} {self.valid_from:%d-%m-%Y}: € {self.amount}"


class AllocationModel(models.Model):
    """The verdeelmodel: from `first_year` on the historical share of a municipality's budget
    falls in equal steps from 100% to 0% over `phase_out_years`; the objective share rises."""

    name = models.CharField(_("naam"), max_length=120, unique=True)
    first_year = models.PositiveSmallIntegerField(_("eerste jaar van de afbouw"))
    phase_out_years = models.PositiveSmallIntegerField(_("afbouwperiode (jaren)"))

    class Meta:
        verbose_name = _("verdeelmodel")
        verbose_name_plural = _("verdeelmodellen")
        constraints = [
            models.CheckConstraint(
                condition=Q(phase_out_years__gte=1), name="allocation_phase_out_positive"
            )
        ]

    def __str__(self) -> str:
        return self.name


class RegionalTotal(models.Model):
    """The money the region has for protected living in a year (to be divided)."""

    model = models.ForeignKey(
        AllocationModel, on_delete=models.CASCADE, related_name="totals", verbose_name=_("model")
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    amount = models.DecimalField(_("bedrag (euro)"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("regionaal budget")
        verbose_name_plural = _("regionale budgetten")
        ordering = ["model", "year"]
        constraints = [
            models.UniqueConstraint(fields=["model", "year"], name="regional_total_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="regional_total_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.year}: € {self.amount}"


class MunicipalityShare(models.Model):
    """One municipality's historical and objective share (fractions; each sums to 1)."""

    model = models.ForeignKey(
        AllocationModel, on_delete=models.CASCADE, related_name="shares", verbose_name=_("model")
    )
    municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    historical = models.DecimalField(_("historisch aandeel"), max_digits=7, decimal_places=6)
    objective = models.DecimalField(_("objectief aandeel"), max_digits=7, decimal_places=6)

    class Meta:
        verbose_name = _("aandeel van een gemeente")
        verbose_name_plural = _("aandelen van gemeenten")
        ordering = ["model", "municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["model", "municipality"], name="share_once"),
            models.CheckConstraint(
                condition=Q(
                    historical__gte=0, historical__lte=1, objective__gte=0, objective__lte=1
                ),
                name="share_between_0_and_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.historical} / {self.objective}"


class Budget(models.Model):
    """The budget of a municipality for protected living in a year."""

    class Source(models.TextChoices):
        VERDEELMODEL = "verdeelmodel", _("Berekend met het verdeelmodel")
        VASTGESTELD = "vastgesteld", _("Vastgesteld bedrag")

    municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    amount = models.DecimalField(_("bedrag (euro)"), max_digits=14, decimal_places=2)
    source = models.CharField(_("bron"), max_length=16, choices=Source.choices)
    # The part that still follows the historical budget (verdeelmodel only).
    historical_part = models.DecimalField(
        _("deel historisch budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgetten")
        ordering = ["year", "municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="budget_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: € {self.amount}"
