"""Street outreach (veldwerk): contacts on the street, and referrals to a wijkteam.

A street contact is often with someone whose name nobody knows yet: it holds a description,
the place and time, and what was offered. Once the person is known the contact is linked to
their file and is person data under the access policy (``plek.outreach.relations``). A
referral hands the contact to a wijkteam with a date by which the team should respond; the
team accepts (a signal is opened for it) or declines with a reason. Read through
``plek.outreach.selectors``; change through ``plek.outreach.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plek.core.choices import Priority


class Offer(models.TextChoices):
    GESPREK = "gesprek", _("Een gesprek")
    NACHTOPVANG = "nachtopvang", _("Een plek in de nachtopvang")
    ETEN = "eten", _("Eten of drinken")
    KLEDING = "kleding", _("Kleding of een slaapzak")
    MEDISCH = "medisch", _("Medische hulp")
    BRIEFADRES = "briefadres", _("Hulp bij een briefadres")
    INLOOP = "inloop", _("Inloop of dagbesteding")
    NIETS = "niets", _("Niets (wilde geen hulp)")


class StreetContact(models.Model):
    met_at = models.DateTimeField(_("moment van contact"))
    location = models.CharField(_("plek"), max_length=200)
    # What helps to recognise someone whose name is not known: appearance, a first name.
    description = models.TextField(_("beschrijving van de persoon"))
    offered = models.CharField(_("aangeboden"), max_length=20, choices=Offer.choices)
    note = models.TextField(_("notitie"), blank=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        related_name="street_contacts",
        null=True,
        blank=True,
    )
    linked_on = models.DateField(_("gekoppeld op"), null=True, blank=True)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("veldwerker"),
        on_delete=models.PROTECT,
        related_name="street_contacts",
    )
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="street_contacts",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("straatcontact")
        verbose_name_plural = _("straatcontacten")
        ordering = ["-met_at", "-id"]
        indexes = [
            models.Index(fields=["worker", "met_at"], name="outreach_worker_idx"),
            models.Index(fields=["team", "met_at"], name="outreach_team_idx"),
            models.Index(fields=["person", "met_at"], name="outreach_person_idx"),
        ]

    def __str__(self) -> str:
        return f"straatcontact {self.pk}"


class ReferralStatus(models.TextChoices):
    OPEN = "open", _("Wacht op reactie")
    ACCEPTED = "aangenomen", _("Aangenomen")
    DECLINED = "afgewezen", _("Niet aangenomen")


class Referral(models.Model):
    contact = models.ForeignKey(
        StreetContact,
        verbose_name=_("straatcontact"),
        on_delete=models.CASCADE,
        related_name="referrals",
    )
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("wijkteam"),
        on_delete=models.PROTECT,
        related_name="outreach_referrals",
    )
    reason = models.TextField(_("reden"))
    urgency = models.CharField(
        _("urgentie"), max_length=16, choices=Priority.choices, default=Priority.NORMAAL
    )
    referred_on = models.DateField(_("doorverwezen op"))
    respond_by = models.DateField(_("reactie uiterlijk"))
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("doorverwezen door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.OPEN
    )
    responded_on = models.DateField(_("gereageerd op"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gereageerd door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    response_note = models.TextField(_("toelichting"), blank=True)
    signal = models.ForeignKey(
        "signals.Signal",
        verbose_name=_("signaal"),
        on_delete=models.SET_NULL,
        related_name="outreach_referrals",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")
        ordering = ["respond_by", "id"]
        indexes = [
            models.Index(fields=["team", "status", "respond_by"], name="outreach_ref_team_idx"),
            models.Index(
                fields=["referred_by", "status", "respond_by"], name="outreach_ref_worker_idx"
            ),
        ]
        constraints = [
            # One open referral per contact: a second one waits for the answer to the first.
            models.UniqueConstraint(
                fields=["contact"],
                condition=Q(status="open"),
                name="outreach_one_open_referral",
            ),
        ]

    def __str__(self) -> str:
        return f"doorverwijzing {self.pk}"
