"""The postal-address section of the person's dossier."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plek.accounts.context import Actor
from plek.people.dossier import DossierSection, TimelineEntry
from plek.people.models import Person
from plek.postal.activities import POSTAL_DATA_KINDS
from plek.postal.selectors import person_applications


def entries(actor: Actor, person: Person) -> Iterable[TimelineEntry]:
    for application in person_applications(person.pk):
        url = reverse("postal:detail", args=[application.pk])
        yield TimelineEntry(
            application.applied_on,
            _("Briefadres aangevraagd (%(kenmerk)s)") % {"kenmerk": application.external_id},
            application.get_ground_display() if application.ground else "",
            url,
        )
        if application.temporary_from:
            yield TimelineEntry(
                application.temporary_from, _("Tijdelijk ingeschreven op briefadres"), "", url
            )
        if application.decided_on:
            yield TimelineEntry(
                application.decided_on,
                _("Besluit briefadres: %(decision)s")
                % {"decision": application.get_decision_display()},
                application.refusal_reasons,
                url,
            )
        if application.ended_on:
            yield TimelineEntry(
                application.ended_on,
                _("Briefadres beëindigd"),
                application.get_end_reason_display() if application.end_reason else "",
                url,
            )


SECTION = DossierSection(
    key="postal",
    # Lazy, so the title follows the language of each request.
    title=cast(str, gettext_lazy("Briefadres")),
    data_kinds=POSTAL_DATA_KINDS,
    entries=entries,
    order=60,
    kind="briefadres",
)
