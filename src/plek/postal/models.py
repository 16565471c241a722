"""Postal-address (briefadres) applications, their assessment, decisions, reviews and events.

The first five fields of ``PostalApplication`` are the plek-csv columns (``postal.csv``) and keep
their meaning for the monitor (M9); everything after them is filled by the work done in plek and
may be empty for imported rows.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Decision(models.TextChoices):
    TOEGEKEND = "toegekend", _("Toegekend")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


class Ground(models.TextChoices):
    GEEN_WOONADRES = "geen_woonadres", _("Geen woonadres")
    INSTELLING = "instelling", _("Verblijf in een aangewezen instelling")
    VEILIGHEID = "veiligheid", _("Veiligheid")


class EndReason(models.TextChoices):
    WOONADRES = "woonadres", _("Woonadres gevonden")
    VERHUISD = "verhuisd", _("Vertrokken naar een andere gemeente")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


class CriterionStatus(models.TextChoices):
    VOLDAAN = "voldaan", _("Voldaan")
    NIET_VOLDAAN = "niet_voldaan", _("Niet voldaan")
    ONBEKEND = "onbekend", _("Onbekend")


class Opinion(models.TextChoices):
    TOEKENNEN = "toekennen", _("Toekennen")
    AFWIJZEN = "afwijzen", _("Afwijzen")


class PostalGiver(models.Model):
    """An organisation that gives postal addresses, with the most it accepts at once."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    address = models.CharField(_("adres"), max_length=300)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postal_givers",
    )
    max_active = models.PositiveIntegerField(_("maximaal aantal actieve briefadressen"))
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("briefadresgever")
        verbose_name_plural = _("briefadresgevers")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.address}"


class AccessCriterion(models.Model):
    """One of the uniform access criteria every application is checked against."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    text = models.CharField(_("criterium"), max_length=300)
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("toegangscriterium")
        verbose_name_plural = _("toegangscriteria")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.text


class PostalApplication(models.Model):
    # Public identifier in API v2 (API Design Rules): random, so it reveals no count or order.
    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    external_id = models.CharField(_("kenmerk"), max_length=64, unique=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        related_name="postal_applications",
    )
    applied_on = models.DateField(_("aangevraagd op"))
    decided_on = models.DateField(_("besloten op"), null=True, blank=True)
    decision = models.CharField(_("besluit"), max_length=16, choices=Decision.choices, blank=True)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)

    # --- the work done in plek (empty for imported history) ----------------------------------
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("behandelend team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postal_applications",
    )
    ground = models.CharField(_("grond"), max_length=32, choices=Ground.choices, blank=True)
    giver = models.ForeignKey(
        PostalGiver,
        verbose_name=_("briefadresgever (organisatie)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    giver_person_name = models.CharField(_("briefadresgever (persoon)"), max_length=200, blank=True)
    giver_person_address = models.CharField(
        _("adres van de briefadresgever"), max_length=300, blank=True
    )
    giver_consent = models.BooleanField(_("toestemming van de briefadresgever"), default=False)
    home_address_registered = models.BooleanField(
        _("woonadres ingeschreven in de BRP"), default=False
    )
    temporary_from = models.DateField(_("tijdelijk ingeschreven vanaf"), null=True, blank=True)
    refusal_reasons = models.TextField(_("redenen van afwijzing"), blank=True)
    end_reason = models.CharField(
        _("reden van beëindiging"), max_length=16, choices=EndReason.choices, blank=True
    )
    end_note = models.TextField(_("toelichting bij beëindiging"), blank=True)
    # True while this application gives the person a postal address (temporary or granted);
    # maintained by the services, and the database allows one per person.
    holds_address = models.BooleanField(_("geeft een actief briefadres"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("briefadresaanvraag")
        verbose_name_plural = _("briefadresaanvragen")
        ordering = ["applied_on", "external_id"]
        indexes = [
            models.Index(fields=["applied_on"]),
            models.Index(fields=["decided_on"]),
            models.Index(fields=["team", "decision"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(holds_address=True),
                name="postal_one_active_address_per_person",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("applied_on")),
                name="postal_decided_on_or_after_applied",
            ),
        ]

    def __str__(self) -> str:
        return self.external_id

    @property
    def giver_label(self) -> str:
        if self.giver_id:
            return str(self.giver)
        if self.giver_person_name:
            return f"{self.giver_person_name}, {self.giver_person_address}"
        return ""


class CriterionCheck(models.Model):
    application = models.ForeignKey(
        PostalApplication, on_delete=models.CASCADE, related_name="criterion_checks"
    )
    criterion = models.ForeignKey(AccessCriterion, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("uitkomst"), max_length=16, choices=CriterionStatus.choices)
    note = models.TextField(_("toelichting"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    checked_at = models.DateTimeField(_("beoordeeld op"), auto_now=True)

    class Meta:
        verbose_name = _("toetsing criterium")
        verbose_name_plural = _("toetsingen criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="postal_one_check_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.criterion_id} {self.status}"


class Assessment(models.Model):
    """One assessor's opinion in the multidisciplinary assessment."""

    application = models.ForeignKey(
        PostalApplication, on_delete=models.CASCADE, related_name="assessments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordelaar"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opinion = models.CharField(_("advies"), max_length=16, choices=Opinion.choices)
    note = models.TextField(_("toelichting"))
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")
        ordering = ["recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "assessor"], name="postal_one_opinion_per_assessor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.opinion}"


class Review(models.Model):
    application = models.ForeignKey(
        PostalApplication, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewed_on = models.DateField(_("herbeoordeeld op"))
    note = models.TextField(_("bevindingen"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("herbeoordeling")
        verbose_name_plural = _("herbeoordelingen")
        ordering = ["reviewed_on", "id"]
        indexes = [models.Index(fields=["application", "reviewed_on"])]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.reviewed_on}"


class EventKind(models.TextChoices):
    TIJDELIJK = "tijdelijk_ingeschreven", _("Tijdelijk ingeschreven (snelle route)")
    TOEGEKEND = "toegekend", _("Briefadres toegekend")
    BEEINDIGD = "beeindigd", _("Briefadres beëindigd")


class PostalEvent(models.Model):
    """What the social service (benefits) must learn: a postal address begins or ends."""

    application = models.ForeignKey(
        PostalApplication, on_delete=models.PROTECT, related_name="events"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("soort"), max_length=32, choices=EventKind.choices)
    occurred_on = models.DateField(_("datum"))
    address = models.CharField(_("briefadres"), max_length=500, blank=True)
    reason = models.CharField(_("reden"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("briefadresgebeurtenis")
        verbose_name_plural = _("briefadresgebeurtenissen")
        ordering = ["id"]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_on}"


class PostalTerms(models.Model):
    """The terms of the postal-address process, set by the functional admin: one row at most.

    Without a row the terms are the settings (``plek.postal.rules``).
    """

    decision_days = models.PositiveSmallIntegerField(
        _("beslistermijn (dagen)"), help_text=_("Dagen tussen aanvraag en besluit.")
    )
    plan_days = models.PositiveSmallIntegerField(
        _("termijn voor het plan (dagen)"), help_text=_("Dagen na het besluit.")
    )
    review_months = models.PositiveSmallIntegerField(
        _("herbeoordeling elke (maanden)"), help_text=_("Maanden na het besluit of de vorige.")
    )

    class Meta:
        verbose_name = _("termijnen briefadres")
        verbose_name_plural = _("termijnen briefadres")

    def __str__(self) -> str:
        return str(_("Termijnen briefadres"))
