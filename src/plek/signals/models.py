"""Early signals (vroegsignalering): what a source reported, when contact was made, the outcome."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from plek.housing.choices import Priority


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


class Outcome(models.TextChoices):
    OPGELOST = "opgelost", _("Opgelost")
    PLAN_GESTART = "plan_gestart", _("Plan gestart")
    DOORVERWEZEN = "doorverwezen", _("Doorverwezen")
    GEEN_CONTACT = "geen_contact", _("Geen contact mogelijk")
    ONTRUIMING_VOORKOMEN = "ontruiming_voorkomen", _("Ontruiming voorkomen")
    ONTRUIMING = "ontruiming", _("Ontruiming")


class Signal(models.Model):
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

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["received_on", "external_id"]
        indexes = [models.Index(fields=["received_on"]), models.Index(fields=["person"])]

    def __str__(self) -> str:
        return self.external_id
