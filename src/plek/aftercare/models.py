"""Aftercare (waakvlam) tracks and their check-ins."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Light(models.TextChoices):
    GROEN = "groen", _("Groen")
    ORANJE = "oranje", _("Oranje")
    ROOD = "rood", _("Rood")


class AftercareTrack(models.Model):
    external_id = models.CharField(_("kenmerk"), max_length=64, unique=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        related_name="aftercare_tracks",
    )
    started_on = models.DateField(_("gestart op"))
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("waakvlamtraject")
        verbose_name_plural = _("waakvlamtrajecten")
        ordering = ["started_on", "external_id"]
        indexes = [models.Index(fields=["person", "started_on"])]

    def __str__(self) -> str:
        return self.external_id


class CheckIn(models.Model):
    external_id = models.CharField(_("kenmerk"), max_length=64, unique=True)
    track = models.ForeignKey(
        AftercareTrack,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="checkins",
    )
    due_on = models.DateField(_("gepland op"))
    done_on = models.DateField(_("gedaan op"), null=True, blank=True)
    light = models.CharField(_("stoplicht"), max_length=8, choices=Light.choices, blank=True)

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["due_on", "external_id"]
        indexes = [models.Index(fields=["due_on"])]

    def __str__(self) -> str:
        return self.external_id
