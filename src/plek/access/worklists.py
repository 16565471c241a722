"""The privacy officer's break-the-glass worklists (registered from ``AccessConfig.ready``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from plek.access import selectors
from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.web.components import WorklistItem
from plek.web.worklists import WorklistSpec, register_worklist


def break_glass_alerts(actor: Actor) -> list[WorklistItem]:
    """Every break-the-glass shows here at once, until the privacy officer has reviewed it."""
    href = reverse("access:break-glass-reviews")
    return [
        WorklistItem(
            label=f"{event.user.username} · {event.organisation.name}",
            href=href,
            detail=_("doorbrak %(when)s: %(ground)s")
            % {
                "when": date_format(timezone.localtime(event.granted_at), "DATETIME_FORMAT"),
                "ground": event.get_ground_display(),
            },
        )
        for event in selectors.new_break_glass_alerts(actor)
    ]


def break_glass_blocked(actor: Actor) -> list[WorklistItem]:
    href = reverse("access:break-glass-limits")
    return [
        WorklistItem(
            label=blocked.username,
            href=href,
            detail=_("%(count)d doorbraken vandaag: wacht op vrijgave") % {"count": blocked.used},
        )
        for blocked in selectors.users_at_break_glass_limit(actor)
    ]


def register() -> None:
    register_worklist(
        WorklistSpec(
            "access.break-glass-alerts",
            _("Meldingen: nieuwe doorbraken van toegang"),
            (Role.PRIVACY,),
            break_glass_alerts,
            _("Elke doorbraak staat hier direct, tot u hem beoordeelt"),
            order=10,
        )
    )
    register_worklist(
        WorklistSpec(
            "access.break-glass-blocked",
            _("Daglimiet doorbreken bereikt"),
            (Role.PRIVACY,),
            break_glass_blocked,
            _("Medewerkers die op uw vrijgave wachten"),
            order=20,
        )
    )
