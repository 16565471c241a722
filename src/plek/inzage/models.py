"""The privacy officer's register of residents' access requests (inzageverzoeken, AVG art. 15).

A request is answered within one month of receipt; the term may be extended by two further
months once, with a reason, while the first month runs (AVG art. 12(3)). The officer finds the
person, makes the letter (``plek.people.inzage_letter``) and closes the request. Read through
``plek.inzage.selectors``; change through ``plek.inzage.services``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    POST = "post", _("Per post")
    EMAIL = "email", _("Per e-mail")
    BALIE = "balie", _("Aan de balie")
    WEB = "web", _("Via het webformulier")
    TELEFOON = "telefoon", _("Telefonisch")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("In behandeling")
    CLOSED = "afgehandeld", _("Afgehandeld")


class AccessRequest(models.Model):
    received_on = models.DateField(_("ontvangen op"))
    requester_name = models.CharField(_("naam aanvrager"), max_length=200)
    # Where the answer goes, as the requester gave it (postal address or e-mail).
    requester_address = models.TextField(_("adres voor het antwoord"), blank=True)
    channel = models.CharField(_("kanaal"), max_length=16, choices=Channel.choices)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        related_name="access_requests",
        null=True,
        blank=True,
    )
    due_on = models.DateField(_("uiterlijk beantwoorden op"))
    extended_until = models.DateField(_("verlengd tot"), null=True, blank=True)
    extension_reason = models.TextField(_("reden verlenging"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    letter_made_on = models.DateField(_("brief gemaakt op"), null=True, blank=True)
    closed_on = models.DateField(_("afgehandeld op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgehandeld door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    closing_note = models.TextField(_("toelichting afhandeling"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geregistreerd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("inzageverzoek")
        verbose_name_plural = _("inzageverzoeken")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="inzage_request_open_idx"),
            models.Index(fields=["received_on"], name="inzage_request_received_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"INZ-{self.received_on.year}-{self.pk or 0:04d}"

    @property
    def deadline(self) -> datetime.date:
        return self.extended_until or self.due_on
