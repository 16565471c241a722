"""Indications (access decisions), ambulatory arrangements, try-out places and the history of a
person's municipality of origin: the move from protected living to a protected home."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class IndicationKind(models.TextChoices):
    BESCHERMD_WONEN = "beschermd_wonen", _("Beschermd wonen")
    BESCHERMD_THUIS = "beschermd_thuis", _("Beschermd thuis")
    OPVANGTRAJECT = "opvangtraject", _("Opvangtraject")


class Indication(models.Model):
    """An access decision: a kind of provision for a person, valid from … until (inclusive)."""

    external_id = models.CharField(_("kenmerk"), max_length=64, unique=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        related_name="indications",
    )
    kind = models.CharField(_("soort indicatie"), max_length=32, choices=IndicationKind.choices)
    decided_on = models.DateField(_("besloten op"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The organisation of the access consultant: it keeps a relation while the indication runs.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie toegang"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"))
    review_on = models.DateField(_("herbeoordeling op"), null=True, blank=True)
    municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name=_("verantwoordelijke gemeente"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The person's municipality of origin when the indication started.
    origin_municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name=_("gemeente van herkomst bij aanvang"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The provider that is to deliver (beschermd thuis): its staff may register the arrangement.
    provider = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("aanbieder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    end_reason = models.TextField(_("reden beëindiging"), blank=True, default="")

    class Meta:
        verbose_name = _("indicatie")
        verbose_name_plural = _("indicaties")
        ordering = ["valid_until", "external_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")), name="indication_until_after_from"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("valid_from")),
                name="indication_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["valid_until"]),
            models.Index(fields=["person", "valid_from"]),
            models.Index(fields=["kind", "valid_from"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.valid_from:%d-%m-%Y} – {self.valid_until:%d-%m-%Y}"


class IndicationEvent(models.Model):
    """An extension or early end of an indication, with its reason (the history of decisions)."""

    class Kind(models.TextChoices):
        VERLENGD = "verlengd", _("Verlengd")
        BEEINDIGD = "beeindigd", _("Beëindigd")

    indication = models.ForeignKey(
        Indication, on_delete=models.CASCADE, related_name="events", verbose_name=_("indicatie")
    )
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    day = models.DateField(_("datum"))
    previous_until = models.DateField(_("gold tot en met"))
    new_until = models.DateField(_("geldt tot en met"), null=True, blank=True)
    reason = models.TextField(_("reden"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("besluit over een indicatie")
        verbose_name_plural = _("besluiten over indicaties")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.day:%d-%m-%Y}"


class Product(models.Model):
    """A kind of ambulatory support with its unit (hours or weeks), e.g. beschermd thuis."""

    class Unit(models.TextChoices):
        UUR = "uur", _("per uur")
        WEEK = "week", _("per week")

    code = models.CharField(_("productcode"), max_length=32, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    unit = models.CharField(_("eenheid"), max_length=8, choices=Unit.choices)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("producten")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"


class ArrangementKind(models.TextChoices):
    BESCHERMD_THUIS = "beschermd_thuis", _("Beschermd thuis")
    AMBULANT = "ambulant", _("Andere ondersteuning thuis")


class Arrangement(models.Model):
    """Ambulatory support at home: a provider, an intensity, start, review and end (inclusive)."""

    external_id = models.CharField(_("kenmerk"), max_length=64, unique=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        related_name="arrangements",
    )
    kind = models.CharField(_("soort"), max_length=32, choices=ArrangementKind.choices)
    provider = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("aanbieder"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="arrangements"
    )
    # Required for products paid per hour.
    hours_per_week = models.DecimalField(
        _("uren per week"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    start_date = models.DateField(_("begindatum"))
    review_on = models.DateField(_("evaluatie op"), null=True, blank=True)
    end_date = models.DateField(_("einddatum (laatste dag)"), null=True, blank=True)
    end_reason = models.TextField(_("reden beëindiging"), blank=True, default="")
    indication = models.ForeignKey(
        Indication,
        verbose_name=_("indicatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="arrangements",
    )
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    aftercare_track = models.ForeignKey(
        "aftercare.AftercareTrack",
        verbose_name=_("nazorgtraject"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    origin_municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name=_("gemeente van herkomst bij aanvang"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ambulant arrangement")
        verbose_name_plural = _("ambulante arrangementen")
        ordering = ["start_date", "external_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="arrangement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True) | Q(hours_per_week__gt=0),
                name="arrangement_hours_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "start_date"]),
            models.Index(fields=["provider", "start_date"]),
            models.Index(fields=["kind", "start_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start_date:%d-%m-%Y}"


class TryOut(models.Model):
    """A try-out place (probeerplek): living at home for a limited time while the protected-living
    place is kept as the way back. It ends with the person staying home or going back."""

    class Outcome(models.TextChoices):
        BLIJFT = "blijft", _("Blijft thuis wonen")
        TERUG = "terug", _("Terug naar beschermd wonen")

    person = models.ForeignKey(
        "people.Person", verbose_name=_("persoon"), on_delete=models.PROTECT, related_name="+"
    )
    # The protected-living stay that stays open while the try-out runs: the way back.
    stay = models.ForeignKey(
        "housing.Stay",
        verbose_name=_("verblijf beschermd wonen (weg terug)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    arrangement = models.OneToOneField(
        Arrangement,
        verbose_name=_("ondersteuning thuis"),
        on_delete=models.PROTECT,
        related_name="tryout",
    )
    start_date = models.DateField(_("begindatum"))
    ends_by = models.DateField(_("uiterlijk tot en met"))
    concluded_on = models.DateField(_("afgerond op"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=16, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("probeerplek")
        verbose_name_plural = _("probeerplekken")
        ordering = ["ends_by", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_by__gte=F("start_date")), name="tryout_limit_after_start"
            ),
            models.CheckConstraint(
                condition=(Q(concluded_on__isnull=True) & Q(outcome=""))
                | (Q(concluded_on__isnull=False) & ~Q(outcome="")),
                name="tryout_outcome_iff_concluded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_date:%d-%m-%Y} – {self.ends_by:%d-%m-%Y}"


class OriginChange(models.Model):
    """From `valid_from` on, the person's municipality of origin is `municipality`."""

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        related_name="origin_changes",
    )
    municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name=_("gemeente van herkomst"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The origin it replaced (what held before `valid_from`).
    previous_municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name=_("vorige gemeente van herkomst"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    valid_from = models.DateField(_("geldt vanaf"))
    reason = models.TextField(_("reden"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("wijziging gemeente van herkomst")
        verbose_name_plural = _("wijzigingen gemeente van herkomst")
        ordering = ["person", "valid_from", "id"]
        indexes = [models.Index(fields=["person", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.municipality} vanaf {self.valid_from:%d-%m-%Y}"
