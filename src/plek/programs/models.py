"""Execution programmes: themes, numbered actions, milestones, status per reporting moment, and
indicators with a target, bound to a live monitor figure or kept by hand.

Nothing here is about a person: a programme is policy, its figures are aggregates.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plek.core.leases import expired, queue_deadline

if TYPE_CHECKING:
    from plek.core.tasks import Handover


class Part(models.TextChoices):
    """When a milestone is planned: a quarter, a half-year or the whole year."""

    Q1 = "Q1", _("1e kwartaal")
    Q2 = "Q2", _("2e kwartaal")
    Q3 = "Q3", _("3e kwartaal")
    Q4 = "Q4", _("4e kwartaal")
    H1 = "H1", _("1e helft")
    H2 = "H2", _("2e helft")
    JAAR = "jaar", _("heel het jaar")


# Last month of each part; the part ends on the last day of that month.
PART_LAST_MONTH = {"Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12, "H1": 6, "H2": 12, "jaar": 12}
PART_FIRST_MONTH = {"Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10, "H1": 1, "H2": 7, "jaar": 1}


def part_end(year: int, part: str) -> datetime.date:
    month = PART_LAST_MONTH[part]
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def part_start(year: int, part: str) -> datetime.date:
    return datetime.date(year, PART_FIRST_MONTH[part], 1)


class Status(models.TextChoices):
    PLANNING = "planning", _("Planning, voorbereiding of onderzoek")
    REALISATIE = "realisatie", _("Realisatie")
    LOPEND = "lopend", _("Loopt")
    VERTRAAGD = "vertraagd", _("Vertraagd")
    GEREED = "gereed", _("Gereed of regulier werk")
    GESTOPT = "gestopt", _("Geannuleerd")


# Traffic light per status, for the planning view: green on course, amber attention, red late.
STATUS_LIGHT = {
    Status.PLANNING: "groen",
    Status.REALISATIE: "groen",
    Status.LOPEND: "groen",
    Status.VERTRAAGD: "rood",
    Status.GEREED: "blauw",
    Status.GESTOPT: "grijs",
}


class Origin(models.TextChoices):
    PLAN = "plan", _("Uit het oorspronkelijke programma")
    TUSSENTIJDS = "tussentijds", _("Tussentijds toegevoegd")
    MOTIE = "motie", _("Na een motie van de raad")


class Programme(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("eigenaar"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    start_date = models.DateField(_("begindatum"))
    end_date = models.DateField(_("einddatum"))
    municipalities = models.ManyToManyField(
        "accounts.Municipality", verbose_name=_("gemeenten"), blank=True, related_name="+"
    )
    version = models.CharField(_("versie"), max_length=40, blank=True, default="")
    description = models.TextField(_("toelichting"), blank=True, default="")
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("uitvoeringsprogramma")
        verbose_name_plural = _("uitvoeringsprogramma's")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="programme_period_order"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programma"), on_delete=models.CASCADE, related_name="themes"
    )
    position = models.PositiveIntegerField(_("volgorde"))
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True, default="")

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "title"], name="theme_title_once")
        ]

    def __str__(self) -> str:
        return self.title


class Action(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programma"), on_delete=models.CASCADE, related_name="actions"
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("thema"), on_delete=models.PROTECT, related_name="actions"
    )
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    number = models.CharField(_("nummer"), max_length=20)
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("omschrijving"), blank=True, default="")
    # The lead (trekker): a department or organisation, and a function (never a resident).
    lead_organisation = models.CharField(_("trekker (organisatie)"), max_length=200)
    lead_person = models.CharField(_("trekker (contact)"), max_length=200, blank=True, default="")
    stakeholders = models.JSONField(_("betrokkenen"), default=list, blank=True)
    origin = models.CharField(
        _("herkomst"), max_length=16, choices=Origin.choices, default=Origin.PLAN
    )
    motion_reference = models.CharField(_("kenmerk motie"), max_length=100, blank=True, default="")
    added_on = models.DateField(_("toegevoegd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["programme", "theme__position", "position", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="action_number_once"),
            models.CheckConstraint(
                condition=~Q(origin="motie") | ~Q(motion_reference=""),
                name="action_motion_has_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Milestone(models.Model):
    action = models.ForeignKey(
        Action, verbose_name=_("actie"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("mijlpaal"), max_length=300)
    planned_year = models.PositiveIntegerField(_("gepland jaar"))
    planned_part = models.CharField(_("gepland deel"), max_length=4, choices=Part.choices)
    reached_on = models.DateField(_("bereikt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")
        ordering = ["action", "planned_year", "planned_part", "id"]
        indexes = [models.Index(fields=["planned_year", "planned_part"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.planned_label})"

    @property
    def planned_label(self) -> str:
        return f"{self.planned_part} {self.planned_year}"

    @property
    def due(self) -> datetime.date:
        return part_end(self.planned_year, self.planned_part)

    def late_on(self, day: datetime.date) -> bool:
        """Late: not reached by the end of its planned part, or reached after it."""
        if self.reached_on is not None:
            return self.reached_on > self.due
        return day > self.due


class MomentState(models.TextChoices):
    VOORBEREIDING = "voorbereiding", _("In voorbereiding")
    VASTGESTELD = "vastgesteld", _("Vastgesteld")


class ReportingMoment(models.Model):
    """A moment at which every action gets its status: the 'stand van zaken' of that date."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programma"), on_delete=models.CASCADE, related_name="moments"
    )
    title = models.CharField(_("titel"), max_length=200)
    reference_date = models.DateField(_("peildatum"))
    state = models.CharField(
        _("stand"),
        max_length=16,
        choices=MomentState.choices,
        default=MomentState.VOORBEREIDING,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("rapportagemoment")
        verbose_name_plural = _("rapportagemomenten")
        ordering = ["programme", "reference_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "reference_date"], name="moment_one_per_date"
            )
        ]
        indexes = [models.Index(fields=["state", "reference_date"])]

    def __str__(self) -> str:
        return self.title


class StatusUpdate(models.Model):
    """One status given to an action at a reporting moment; later rows win, none is overwritten."""

    action = models.ForeignKey(
        Action, verbose_name=_("actie"), on_delete=models.CASCADE, related_name="updates"
    )
    moment = models.ForeignKey(
        ReportingMoment,
        verbose_name=_("rapportagemoment"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    note = models.TextField(_("toelichting"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("statusupdate")
        verbose_name_plural = _("statusupdates")
        ordering = ["action", "moment__reference_date", "recorded_at", "id"]
        indexes = [models.Index(fields=["moment", "action", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.action_id} @ {self.moment_id}: {self.status}"


class Scope(models.TextChoices):
    REGIO = "regio", _("Hele regio")
    GEMEENTE = "gemeente", _("Eén gemeente")


class PeriodRule(models.TextChoices):
    KALENDERJAAR = "kalenderjaar", _("Lopend kalenderjaar")
    VORIG_JAAR = "vorig_jaar", _("Vorig kalenderjaar")
    LAATSTE_KWARTAAL = "laatste_kwartaal", _("Laatste volledige kwartaal")
    SINDS_START = "sinds_start", _("Sinds de start van het programma")
    PEILDATUM = "peildatum", _("Op de peildatum")


class Direction(models.TextChoices):
    HOGER = "hoger", _("Minstens de streefwaarde")
    LAGER = "lager", _("Hoogstens de streefwaarde")


class Indicator(models.Model):
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("thema"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
    )
    action = models.ForeignKey(
        Action,
        verbose_name=_("actie"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
    )
    name = models.CharField(_("naam"), max_length=200)
    # "handmatig", a monitor key ("M9.median_days") or a programme figure ("hf_nieuw").
    source = models.CharField(_("bron"), max_length=60, default="handmatig")
    facility_type = models.CharField(_("soort voorziening"), max_length=32, blank=True, default="")
    scope = models.CharField(_("bereik"), max_length=16, choices=Scope.choices, default=Scope.REGIO)
    municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    period_rule = models.CharField(
        _("periode"), max_length=20, choices=PeriodRule.choices, default=PeriodRule.KALENDERJAAR
    )
    baseline = models.DecimalField(
        _("beginwaarde"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("streefwaarde"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    direction = models.CharField(
        _("richting"), max_length=8, choices=Direction.choices, default=Direction.HOGER
    )
    unit = models.CharField(_("eenheid"), max_length=40, blank=True, default="")

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["programme", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="regio", municipality__isnull=True)
                | Q(scope="gemeente", municipality__isnull=False),
                name="indicator_scope_has_municipality",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def manual(self) -> bool:
        return self.source == "handmatig"


class IndicatorValue(models.Model):
    """A value kept by hand for a manual indicator, on a date."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    on_date = models.DateField(_("datum"))
    value = models.DecimalField(_("waarde"), max_digits=12, decimal_places=2)
    note = models.CharField(_("toelichting"), max_length=300, blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("indicatorwaarde")
        verbose_name_plural = _("indicatorwaarden")
        ordering = ["indicator", "on_date", "id"]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.on_date}: {self.value}"


class ReportKind(models.TextChoices):
    EVALUATIE = "evaluatie", _("Jaarevaluatie voor de raden")
    STAND = "stand", _("Stand van zaken")
    RAAD = "raad", _("Raadsrapportage monitor")


class ReportJob(models.Model):
    """A report generated in the background: what was asked, how far it is, and the file."""

    kind = models.CharField(_("soort"), max_length=16, choices=ReportKind.choices)
    file_format = models.CharField(_("formaat"), max_length=8)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
    )
    parameters = models.JSONField(_("parameters"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    failed = models.BooleanField(_("mislukt"), default=False)
    # Until when the job counts as alive: the queue deadline while it waits, then a short lease
    # the worker renews (plek.core.leases); past it the job is aborted and may be rerun.
    lease_expires_at = models.DateTimeField(
        _("levend tot"), null=True, blank=True, default=queue_deadline
    )
    file_name = models.CharField(_("bestandsnaam"), max_length=200, blank=True, default="")
    content = models.BinaryField(_("inhoud"), null=True, blank=True, editable=False)

    # Set on a job just started (not stored): whether it reached the broker (plek.core.tasks).
    handover: Handover | None = None

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporten")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.file_format})"

    @property
    def aborted(self) -> bool:
        """Not finished and its lease ran out: the process making it died."""
        return self.finished_at is None and expired(self.lease_expires_at)

    @property
    def finished(self) -> bool:
        return self.finished_at is not None or self.aborted
