"""The access consultant's worklists on the start page (registered in ``HousingConfig.ready``).

"Indicaties die binnenkort aflopen" is the protection app's (``plek.protection.worklists``);
placement adds the applications to assess and the urgent part of the central waiting list.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.core import dates
from plek.housing import waiting_list
from plek.web.components import WorklistItem
from plek.web.worklists import WorklistSpec, register_worklist


def requests_to_assess(actor: Actor) -> list[WorklistItem]:
    today = dates.today()
    items = []
    for shown in waiting_list.requests_to_assess(actor):
        entry = shown.entry
        due = entry.registered_on + datetime.timedelta(days=waiting_list.DECISION_TERM_DAYS)
        expired = entry.access_decision_until is not None
        items.append(
            WorklistItem(
                label=str(shown.person)
                if shown.person
                else _("Inschrijving %(id)s") % {"id": entry.pk},
                href=reverse("housing:access-decision", args=[entry.pk]),
                detail=(
                    _("%(type)s: besluit verlopen op %(day)s")
                    if expired
                    else _("%(type)s: aangevraagd op %(day)s")
                )
                % {
                    "type": entry.get_facility_type_display(),
                    "day": date_format(entry.access_decision_until or entry.registered_on, "j F Y"),
                },
                due=due,
                overdue=due < today,
            )
        )
    items.sort(key=lambda item: (not item.overdue, item.due or today))
    return items


def central_list(actor: Actor) -> list[WorklistItem]:
    today = dates.today()
    items = []
    for shown in waiting_list.urgent_waiting(actor):
        entry = shown.entry
        items.append(
            WorklistItem(
                label=str(shown.person)
                if shown.person
                else _("Inschrijving %(id)s") % {"id": entry.pk},
                href=reverse("housing:waiting-detail", args=[entry.pk]),
                detail=_("%(priority)s · %(type)s · %(days)s dagen wachtend, nog geen voorstel")
                % {
                    "priority": entry.get_priority_display(),
                    "type": entry.get_facility_type_display(),
                    "days": (today - entry.registered_on).days,
                },
            )
        )
    return items


def register() -> None:
    register_worklist(
        WorklistSpec(
            "housing.requests-to-assess",
            gettext_lazy("Aanvragen om te beoordelen"),
            (Role.TOEGANG,),
            requests_to_assess,
            gettext_lazy("Beschermd wonen zonder geldig toegangsbesluit; de oudste eerst"),
            order=10,
        )
    )
    register_worklist(
        WorklistSpec(
            "housing.central-list",
            gettext_lazy("Centrale wachtlijst"),
            (Role.TOEGANG,),
            central_list,
            gettext_lazy("Spoed en hoog zonder voorstel; de hele lijst onder Wachtlijsten"),
            order=30,
        )
    )
