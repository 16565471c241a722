"""Early signals (vroegsignalering): what a source reported, when contact was made, the outcome.

The plek-csv columns (``external_id``, ``person``, ``source``, ``urgency``, ``received_on``,
``first_contact_on``, ``outcome``, ``outcome_on``) are the exchange contract; every other field
is optional, so an import and an export stay lossless. Read signals only through
``plek.signals.selectors``; change them only through ``plek.signals.services``.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plek.core.choices import Priority


class Source(models.TextChoices):
    HUURACHTERSTAND = "huurachterstand", _("Huurachterstand")
    ENERGIE = "energie", _("Energieachterstand")
    WATER = "water", _("Waterachterstand")
    ZORGVERZEKERING = "zorgverzekering", _("Achterstand zorgverzekering")
    ONTRUIMING = "ontruiming", _("Aangekondigde ontruiming")
    MELDPUNT = "meldpunt", _("Meldpunt Zorg & Overlast")
    VELDWERK = "veldwerk", _("Veldwerk / bemoeizorg")
    HUISARTS = "huisarts", _("Huisarts / POH")
    POLITIE = "politie", _("Politie")
    BURGER = "burger", _("Burger")
    ZELFMELDING = "zelfmelding", _("Zelfmelding")
    # Raised by plek.informal when a carer's burden check-in passes the norm.
    MANTELZORG = "mantelzorg", _("Overbelaste mantelzorger")


# The kinds a partner may deliver in bulk: payment arrears and announced evictions (Wgs).
DELIVERABLE_SOURCES = (
    Source.HUURACHTERSTAND,
    Source.ENERGIE,
    Source.WATER,
    Source.ZORGVERZEKERING,
    Source.ONTRUIMING,
)


class Outcome(models.TextChoices):
    OPGELOST = "opgelost", _("Opgelost")
    PLAN_GESTART = "plan_gestart", _("Plan gestart")
    DOORVERWEZEN = "doorverwezen", _("Doorverwezen")
    GEEN_CONTACT = "geen_contact", _("Geen contact mogelijk")
    ONTRUIMING_VOORKOMEN = "ontruiming_voorkomen", _("Ontruiming voorkomen")
    ONTRUIMING = "ontruiming", _("Ontruiming")


class SignalCase(models.Model):
    """Signals about the same person or address within 90 days: one case, not duplicates."""

    opened_on = models.DateField(_("geopend op"))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")

    def __str__(self) -> str:
        return f"casus {self.pk}"


class Signal(models.Model):
    # Public identifier in API v2 (API Design Rules): random, so it reveals no count or order.
    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    external_id = models.CharField(_("kenmerk"), max_length=64, unique=True)
    # A signal may concern an address before anyone knows who lives there.
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        related_name="signals",
        null=True,
        blank=True,
    )
    source = models.CharField(_("bron"), max_length=32, choices=Source.choices)
    urgency = models.CharField(_("urgentie"), max_length=16, choices=Priority.choices)
    received_on = models.DateField(_("ontvangen op"))
    first_contact_on = models.DateField(_("eerste contact op"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=32, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(_("uitkomst op"), null=True, blank=True)

    # --- beyond the exchange contract: all optional --------------------------------------------
    source_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("bronorganisatie"),
        on_delete=models.PROTECT,
        related_name="delivered_signals",
        null=True,
        blank=True,
    )
    # The source's own reference; with the organisation the natural key of a delivered signal.
    source_reference = models.CharField(_("referentie bron"), max_length=64, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    house_number = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    house_number_addition = models.CharField(_("toevoeging"), max_length=10, blank=True)
    # As delivered, for a signal about an address whose resident is not (yet) a known person.
    reported_initials = models.CharField(_("voorletters (gemeld)"), max_length=20, blank=True)
    reported_family_name = models.CharField(_("achternaam (gemeld)"), max_length=200, blank=True)
    reported_birth_date = models.DateField(_("geboortedatum (gemeld)"), null=True, blank=True)
    arrear_amount = models.DecimalField(
        _("bedrag achterstand"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    arrear_since = models.DateField(_("achterstand sinds"), null=True, blank=True)
    eviction_date = models.DateField(_("ontruimingsdatum"), null=True, blank=True)
    crisis = models.BooleanField(_("crisis"), default=False)
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="signals",
        null=True,
        blank=True,
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        on_delete=models.PROTECT,
        related_name="assigned_signals",
        null=True,
        blank=True,
    )
    case = models.ForeignKey(
        SignalCase,
        verbose_name=_("casus"),
        on_delete=models.SET_NULL,
        related_name="signals",
        null=True,
        blank=True,
    )
    # The plan the signal led to (outcome "plan gestart"); the plans app owns the model.
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.SET_NULL,
        related_name="signals",
        null=True,
        blank=True,
    )
    delivery = models.ForeignKey(
        "signals.Delivery",
        verbose_name=_("aanlevering"),
        on_delete=models.SET_NULL,
        related_name="signals",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["received_on", "external_id"]
        indexes = [
            models.Index(fields=["received_on"]),
            models.Index(fields=["person"]),
            models.Index(fields=["team", "outcome", "received_on"], name="signal_team_open_idx"),
            models.Index(fields=["worker", "outcome"], name="signal_worker_open_idx"),
            models.Index(fields=["postcode", "house_number"], name="signal_address_idx"),
            models.Index(fields=["source_organisation", "received_on"], name="signal_source_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_organisation", "source_reference"],
                condition=~Q(source_reference=""),
                name="signal_unique_source_reference",
            ),
        ]

    def __str__(self) -> str:
        return self.external_id

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.external_id = self.external_id or f"sig-{uuid.uuid4().hex}"
        super().save(*args, **kwargs)

    @property
    def address(self) -> str:
        if not self.postcode:
            return ""
        number = f"{self.house_number or ''}{self.house_number_addition}"
        return f"{self.postcode[:4]} {self.postcode[4:]} {number}".strip()


class ContactKind(models.TextChoices):
    TELEFOON = "telefoon", _("Telefoon")
    HUISBEZOEK = "huisbezoek", _("Huisbezoek")
    BRIEF = "brief", _("Brief")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Sms of app")
    SPREEKUUR = "spreekuur", _("Spreekuur / inloop")
    WARME_OVERDRACHT = "warme_overdracht", _("Warme overdracht")


class PartOfDay(models.TextChoices):
    OCHTEND = "ochtend", _("Ochtend")
    MIDDAG = "middag", _("Middag")
    AVOND = "avond", _("Avond")


class ContactAttempt(models.Model):
    signal = models.ForeignKey(
        Signal, verbose_name=_("signaal"), on_delete=models.CASCADE, related_name="attempts"
    )
    attempted_on = models.DateField(_("datum"))
    kind = models.CharField(_("soort contact"), max_length=20, choices=ContactKind.choices)
    part_of_day = models.CharField(_("dagdeel"), max_length=10, choices=PartOfDay.choices)
    reached = models.BooleanField(_("bereikt"))
    note = models.TextField(_("notitie"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("contactpoging")
        verbose_name_plural = _("contactpogingen")
        ordering = ["signal", "attempted_on", "id"]

    def __str__(self) -> str:
        return f"{self.signal_id} · {self.attempted_on} · {self.kind}"


class Feedback(models.Model):
    """The end result reported back to the organisation that sent the signal (terugmelding)."""

    signal = models.OneToOneField(
        Signal, verbose_name=_("signaal"), on_delete=models.CASCADE, related_name="feedback"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("bronorganisatie"),
        on_delete=models.PROTECT,
        related_name="signal_feedback",
    )
    outcome = models.CharField(_("eindresultaat"), max_length=32, choices=Outcome.choices)
    reported_on = models.DateField(_("teruggemeld op"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teruggemeld door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("terugmelding")
        verbose_name_plural = _("terugmeldingen")
        ordering = ["-reported_on", "-id"]
        indexes = [models.Index(fields=["organisation", "reported_on"])]

    def __str__(self) -> str:
        return f"{self.signal_id} · {self.outcome}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op uw keuze")
    STORED = "stored", _("Opgeslagen")
    CANCELLED = "cancelled", _("Geannuleerd")


class Delivery(models.Model):
    """One uploaded file of a signal source: checked, kept here until the user decides."""

    # The public identifier in API v2; the integer key stays internal.
    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("bronorganisatie"),
        on_delete=models.PROTECT,
        related_name="signal_deliveries",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangeleverd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("aangeleverd op"), auto_now_add=True)
    filename = models.CharField(_("bestandsnaam"), max_length=200)
    file_hash = models.CharField(_("controlegetal"), max_length=64)
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    row_count = models.PositiveIntegerField(_("rijen"), default=0)
    error_count = models.PositiveIntegerField(_("rijen met fouten"), default=0)
    duplicate_count = models.PositiveIntegerField(_("al eerder aangeleverd"), default=0)
    stored_count = models.PositiveIntegerField(_("opgeslagen"), default=0)
    # A problem with the file as a whole (encoding, header): then there are no rows.
    file_error = models.TextField(_("fout in het bestand"), blank=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("aanlevering")
        verbose_name_plural = _("aanleveringen")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["organisation", "uploaded_at"])]

    def __str__(self) -> str:
        return self.filename

    @property
    def valid_count(self) -> int:
        return self.row_count - self.error_count - self.duplicate_count


class DeliveryRow(models.Model):
    """A parsed row of a pending delivery; its data is removed once the user has decided."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("aanlevering"), on_delete=models.CASCADE, related_name="rows"
    )
    row_number = models.PositiveIntegerField(_("rij"))
    reference = models.CharField(_("referentie"), max_length=64, blank=True)
    # Clean values as text (dates ISO, amounts with a point); empty once decided.
    data = models.JSONField(_("gegevens"), default=dict, blank=True)
    # [{"column": ..., "message": ...}]: any error makes the row invalid.
    errors = models.JSONField(_("fouten"), default=list, blank=True)
    duplicate = models.BooleanField(_("al eerder aangeleverd"), default=False)

    class Meta:
        verbose_name = _("rij van een aanlevering")
        verbose_name_plural = _("rijen van aanleveringen")
        ordering = ["delivery", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "row_number"], name="delivery_row_unique")
        ]

    def __str__(self) -> str:
        return f"{self.delivery_id}:{self.row_number}"

    @property
    def valid(self) -> bool:
        return not self.errors and not self.duplicate


class ResponseNorm(models.Model):
    """The response norm of one urgency in calendar days, set by the functional admin.

    Without a row the norm is ``settings.MONITOR_RESPONSE_NORMS`` (``plek.signals.norms``).
    """

    urgency = models.CharField(_("urgentie"), max_length=16, choices=Priority.choices, unique=True)
    days = models.PositiveSmallIntegerField(_("reactienorm (kalenderdagen)"))

    class Meta:
        verbose_name = _("reactienorm")
        verbose_name_plural = _("reactienormen")
        ordering = ["urgency"]

    def __str__(self) -> str:
        return str(self.get_urgency_display())
