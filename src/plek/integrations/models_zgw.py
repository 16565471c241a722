"""The ZGW case system (Zaken, Documenten, Catalogi APIs): its configuration and the outbox.

``ZgwConfiguration`` is one row, edited by the functional admin (every change in the change
history), in the manner of zgw-consumers: per API a root URL, one client id and secret for the
JWT the ZGW APIs expect. ``ZaakRegistration`` is the outbox: one row per decided postal-address
application, written after the decision committed, holding what the case system already has (the
URL of each object made) so a retry continues where the last attempt stopped.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

RSIN = RegexValidator(r"^[0-9]{9}$", _("Een RSIN bestaat uit negen cijfers."))


class ZgwConfiguration(models.Model):
    enabled = models.BooleanField(_("zaken registreren in het zaaksysteem"), default=False)
    zaken_api_root = models.URLField(_("Zaken API (basis-URL)"), blank=True)
    documenten_api_root = models.URLField(_("Documenten API (basis-URL)"), blank=True)
    catalogi_api_root = models.URLField(_("Catalogi API (basis-URL)"), blank=True)
    client_id = models.CharField(_("client-id"), max_length=200, blank=True)
    secret = models.CharField(_("geheim"), max_length=200, blank=True)
    zaaktype = models.URLField(_("zaaktype (URL in de Catalogi API)"), max_length=500, blank=True)
    informatieobjecttype = models.URLField(
        _("informatieobjecttype van de besluitbrief (URL)"), max_length=500, blank=True
    )
    bronorganisatie = models.CharField(
        _("bronorganisatie (RSIN)"), max_length=9, blank=True, validators=[RSIN]
    )
    verantwoordelijke_organisatie = models.CharField(
        _("verantwoordelijke organisatie (RSIN)"), max_length=9, blank=True, validators=[RSIN]
    )
    result_granted = models.CharField(
        _("resultaattype bij toekennen (omschrijving)"), max_length=80, default="Toegekend"
    )
    result_refused = models.CharField(
        _("resultaattype bij afwijzen (omschrijving)"), max_length=80, default="Afgewezen"
    )
    result_withdrawn = models.CharField(
        _("resultaattype bij intrekken (omschrijving)"), max_length=80, default="Ingetrokken"
    )
    timeout_seconds = models.PositiveSmallIntegerField(
        _("wachttijd per aanroep (seconden)"), default=10
    )

    class Meta:
        verbose_name = _("configuratie zaaksysteem")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class RegistrationState(models.TextChoices):
    WAITING = "wachtend", _("wachtend")
    DONE = "aangemaakt", _("zaak aangemaakt")
    FAILED = "mislukt", _("mislukt")


class ZaakRegistration(models.Model):
    application = models.OneToOneField(
        "postal.PostalApplication",
        on_delete=models.PROTECT,
        related_name="zaak_registration",
        verbose_name=_("aanvraag"),
    )
    state = models.CharField(
        _("stand"),
        max_length=16,
        choices=RegistrationState.choices,
        default=RegistrationState.WAITING,
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    # Technical only (status code, which call): never a person's data.
    last_error = models.CharField(_("laatste fout"), max_length=300, blank=True)
    zaak_url = models.URLField(_("zaak"), max_length=500, blank=True)
    zaak_identificatie = models.CharField(_("zaakidentificatie"), max_length=40, blank=True)
    document_url = models.URLField(_("document"), max_length=500, blank=True)
    zaakinformatieobject_url = models.URLField(
        _("koppeling zaak-document"), max_length=500, blank=True
    )
    resultaat_url = models.URLField(_("resultaat"), max_length=500, blank=True)
    status_url = models.URLField(_("status"), max_length=500, blank=True)
    # Who decided, in which membership: the processing log names them when the data leaves.
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("besloten door")
    )
    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    completed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)

    class Meta:
        verbose_name = _("zaakregistratie")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="zaakreg_state_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.state}"
