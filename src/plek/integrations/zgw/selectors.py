"""What the postal team sees of a zaak registration: its state, no person data (none is stored)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plek.accounts.context import Actor
from plek.integrations.models_zgw import RegistrationState, ZaakRegistration
from plek.postal.hooks import Panel

PANEL_TITLE = gettext_lazy("Zaak in het zaaksysteem")


def registration_for(application_id: int) -> ZaakRegistration | None:
    return ZaakRegistration.objects.filter(application_id=application_id).first()


def state_counts() -> dict[str, int]:
    counts = dict.fromkeys(RegistrationState.values, 0)
    for state, number in _grouped():
        counts[state] = number
    return counts


def _grouped() -> list[tuple[str, int]]:
    from django.db.models import Count

    return list(
        ZaakRegistration.objects.values("state")
        .annotate(number=Count("pk"))
        .values_list("state", "number")
    )


def panel(actor: Actor, application_id: int) -> Panel | None:
    """The line on the application page (the page itself has checked access and logged it)."""
    registration = registration_for(application_id)
    if registration is None:
        return None
    retry_url = reverse("integrations:zgw-retry", args=[application_id])
    if registration.state == RegistrationState.DONE:
        detail = registration.zaak_identificatie or registration.zaak_url
        return Panel(PANEL_TITLE, _("Zaak aangemaakt"), detail, element_id="zaakstatus")
    if registration.state == RegistrationState.FAILED:
        return Panel(
            PANEL_TITLE,
            _("Mislukt"),
            registration.last_error,
            action_url=retry_url,
            action_label=_("Opnieuw proberen"),
            element_id="zaakstatus",
        )
    detail = ""
    if registration.next_attempt_at and registration.attempts:
        moment = timezone.localtime(registration.next_attempt_at)
        detail = _("volgende poging %(when)s (%(error)s)") % {
            "when": date_format(moment, "j F Y H:i"),
            "error": registration.last_error,
        }
    return Panel(
        PANEL_TITLE,
        _("Wachtend"),
        detail,
        action_url=retry_url if registration.attempts else "",
        action_label=_("Opnieuw proberen"),
        element_id="zaakstatus",
    )
