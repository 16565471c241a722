"""The BRP (Haal Centraal BRP Personen 2.x): where plek asks, and what it copied from the answer.

The configuration is one row edited by functional admins on /beheer/brp/ (history in
``accounts.ConfigChange``, area ``brp``); secrets may come from the environment instead.
``BrpCopy`` keeps every value a professional copied from the BRP into plek, old and new.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BrpConfig(models.Model):
    """The BRP API plek consults; there is at most one row (pk 1)."""

    enabled = models.BooleanField(_("aan"), default=False)
    endpoint = models.URLField(
        _("adres van de API"),
        blank=True,
        help_text=_("Basisadres, bijvoorbeeld https://brp.example.nl/haalcentraal/api/brp"),
    )
    # PLEK_BRP_API_KEY in the environment takes precedence (keep it out of the database).
    api_key = models.CharField(_("API-sleutel"), max_length=500, blank=True)
    client_certificate = models.CharField(
        _("clientcertificaat (pad, PEM)"), max_length=500, blank=True
    )
    client_key = models.CharField(
        _("sleutel clientcertificaat (pad, PEM)"), max_length=500, blank=True
    )
    ca_bundle = models.CharField(
        _("vertrouwde CA's (pad, PEM)"),
        max_length=500,
        blank=True,
        help_text=_("Leeg: de CA's van het systeem. TLS-controle staat altijd aan."),
    )
    origin_oin = models.CharField(
        _("OIN van de gemeente (x-origin-oin)"), max_length=20, blank=True
    )
    doelbinding = models.CharField(
        _("doelbinding (x-doelbinding)"),
        max_length=200,
        blank=True,
        help_text=_("De doelbinding uit het autorisatiebesluit, bijvoorbeeld BRPACT-Wmo."),
    )
    timeout_seconds = models.PositiveSmallIntegerField(_("wachttijd (seconden)"), default=10)

    class Meta:
        verbose_name = _("BRP-koppeling")
        verbose_name_plural = _("BRP-koppeling")

    def __str__(self) -> str:
        return "BRP"

    @property
    def ready(self) -> bool:
        return bool(self.enabled and self.endpoint)


class BrpCopy(models.Model):
    """One value copied from the BRP into plek by a professional: old and new, who and when."""

    person = models.ForeignKey(
        "people.Person", verbose_name=_("persoon"), on_delete=models.CASCADE, related_name="+"
    )
    field = models.CharField(_("veld"), max_length=40)
    old_value = models.CharField(_("oude waarde"), max_length=200, blank=True)
    new_value = models.CharField(_("nieuwe waarde"), max_length=200, blank=True)
    copied_at = models.DateTimeField(_("op"), default=timezone.now)
    copied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("overname uit de BRP")
        verbose_name_plural = _("overnames uit de BRP")
        ordering = ["-copied_at", "-id"]
        indexes = [models.Index(fields=["person", "copied_at"], name="brp_copy_person_idx")]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.field}"
