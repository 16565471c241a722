"""Postal-address (briefadres) applications and their decisions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Decision(models.TextChoices):
    TOEGEKEND = "toegekend", _("Toegekend")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


class PostalApplication(models.Model):
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

    class Meta:
        verbose_name = _("briefadresaanvraag")
        verbose_name_plural = _("briefadresaanvragen")
        ordering = ["applied_on", "external_id"]
        indexes = [models.Index(fields=["applied_on"]), models.Index(fields=["decided_on"])]

    def __str__(self) -> str:
        return self.external_id
