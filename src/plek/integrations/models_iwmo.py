"""iWmo messages (WMO301/302, 305/306, 307/308) and the allocations they carry.

``IwmoMessage`` is the folder the municipality's message broker works with: outgoing messages
wait until they are exported or downloaded, incoming ones are kept with what plek did with them
(and the return codes). ``IwmoAllocation`` is one allocation (toewijzing) of a protected-living
or beschermd-thuis indication to its provider, with the provider's answer and the start and stop
of the support as the provider reported them.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

AGB = RegexValidator(r"^[0-9]{8}$", _("Een AGB-code bestaat uit acht cijfers."))


class IwmoProvider(models.Model):
    """The AGB code under which a provider receives iWmo messages."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="iwmo_provider",
        verbose_name=_("aanbieder"),
    )
    agb_code = models.CharField(_("AGB-code"), max_length=8, unique=True, validators=[AGB])

    class Meta:
        verbose_name = _("iWmo-aanbieder")

    def __str__(self) -> str:
        return self.agb_code


class MessageKind(models.TextChoices):
    WMO301 = "wmo301", _("WMO301 toewijzing")
    WMO302 = "wmo302", _("WMO302 retour toewijzing")
    WMO305 = "wmo305", _("WMO305 start zorg")
    WMO306 = "wmo306", _("WMO306 retour start zorg")
    WMO307 = "wmo307", _("WMO307 stop zorg")
    WMO308 = "wmo308", _("WMO308 retour stop zorg")


class MessageState(models.TextChoices):
    READY = "klaar", _("klaar om te versturen")
    EXPORTED = "opgehaald", _("opgehaald")
    PROCESSED = "verwerkt", _("verwerkt")
    REJECTED = "afgekeurd", _("afgekeurd")


class IwmoMessage(models.Model):
    kind = models.CharField(_("bericht"), max_length=8, choices=MessageKind.choices)
    outgoing = models.BooleanField(_("uitgaand"))
    identification = models.CharField(_("identificatie"), max_length=12)
    sender = models.CharField(_("afzender"), max_length=8)
    receiver = models.CharField(_("ontvanger"), max_length=8)
    dated = models.DateField(_("dagtekening"))
    state = models.CharField(_("stand"), max_length=16, choices=MessageState.choices)
    xml = models.TextField(_("inhoud (XML)"))
    file_name = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    # The return codes of a return message (or of plek's answer), per line: "code" or "nr:code".
    return_codes = models.JSONField(_("retourcodes"), default=list, blank=True)
    answers = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answered_by",
        verbose_name=_("antwoord op"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    exported_at = models.DateTimeField(_("opgehaald op"), null=True, blank=True)

    class Meta:
        verbose_name = _("iWmo-bericht")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "identification", "kind"], name="iwmo_message_unique_ident"
            )
        ]
        indexes = [models.Index(fields=["outgoing", "state"], name="iwmo_message_state_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.identification}"


class IwmoAllocation(models.Model):
    indication = models.OneToOneField(
        "protection.Indication",
        on_delete=models.PROTECT,
        related_name="iwmo_allocation",
        verbose_name=_("indicatie"),
    )
    provider = models.ForeignKey(
        IwmoProvider, on_delete=models.PROTECT, related_name="+", verbose_name=_("aanbieder")
    )
    message = models.ForeignKey(
        IwmoMessage, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("WMO301")
    )
    category = models.CharField(_("productcategorie"), max_length=2)
    product_code = models.CharField(_("productcode"), max_length=5)
    valid_from = models.DateField(_("toewijzing vanaf"))
    valid_until = models.DateField(_("toewijzing tot en met"))
    # The provider's answer (WMO302): None while none came.
    accepted = models.BooleanField(_("geaccepteerd"), null=True, blank=True)
    return_codes = models.JSONField(_("retourcodes"), default=list, blank=True)
    started_on = models.DateField(_("zorg gestart op"), null=True, blank=True)
    stopped_on = models.DateField(_("zorg gestopt op"), null=True, blank=True)
    stop_reason = models.CharField(_("reden beëindiging"), max_length=2, blank=True)

    class Meta:
        verbose_name = _("iWmo-toewijzing")

    def __str__(self) -> str:
        return str(self.pk)

    @property
    def number(self) -> str:
        """The allocation number (ToewijzingNummer) the messages carry."""
        return str(self.pk)
