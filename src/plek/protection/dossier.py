"""The section of the person's dossier with indications and ambulatory arrangements."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plek.access.kinds import DataKind
from plek.accounts.context import Actor
from plek.people.dossier import DossierSection, TimelineEntry
from plek.people.models import Person
from plek.protection.activities import ARRANGEMENT_DATA_KINDS, INDICATION_DATA_KINDS
from plek.protection.models import Arrangement, Indication


def entries(actor: Actor, person: Person) -> Iterable[TimelineEntry]:
    for indication in Indication.objects.filter(person=person):
        url = reverse("protection:indication", args=[indication.pk])
        yield TimelineEntry(
            indication.valid_from,
            _("Indicatie %(kind)s") % {"kind": indication.get_kind_display().lower()},
            _("geldig tot en met %(day)s") % {"day": indication.valid_until.strftime("%d-%m-%Y")},
            url,
        )
        if indication.ended_on:
            yield TimelineEntry(
                indication.ended_on, _("Indicatie beëindigd"), indication.end_reason, url
            )
    for arrangement in Arrangement.objects.filter(person=person).select_related("provider"):
        url = reverse("protection:arrangement", args=[arrangement.pk])
        yield TimelineEntry(
            arrangement.start_date,
            _("Ambulant arrangement: %(kind)s") % {"kind": arrangement.get_kind_display()},
            arrangement.provider.name,
            url,
        )
        if arrangement.end_date:
            yield TimelineEntry(
                arrangement.end_date,
                _("Ambulant arrangement beëindigd"),
                arrangement.end_reason,
                url,
            )


SECTION = DossierSection(
    key="protection",
    title=cast(str, gettext_lazy("Indicaties en ondersteuning thuis")),
    data_kinds=INDICATION_DATA_KINDS + ARRANGEMENT_DATA_KINDS,
    entries=entries,
    order=75,
    kind=DataKind.PLACEMENT,
)
