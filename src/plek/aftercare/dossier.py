"""The aftercare section of the person's dossier."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plek.accounts.context import Actor
from plek.aftercare.activities import AFTERCARE_DATA_KINDS
from plek.aftercare.selectors import person_tracks
from plek.people.dossier import DossierSection, TimelineEntry
from plek.people.models import Person


def entries(actor: Actor, person: Person) -> Iterable[TimelineEntry]:
    for track in person_tracks(person.pk):
        url = reverse("aftercare:track", args=[track.pk])
        yield TimelineEntry(track.started_on, _("Nazorgtraject (waakvlam) gestart"), "", url)
        for checkin in track.checkins.all():
            if checkin.done_on:
                yield TimelineEntry(
                    checkin.done_on,
                    _("Contactmoment nazorg: %(light)s") % {"light": checkin.get_light_display()},
                    checkin.note,
                    url,
                )
        if track.ended_on:
            yield TimelineEntry(track.ended_on, _("Nazorgtraject beëindigd"), "", url)


SECTION = DossierSection(
    key="aftercare",
    # Lazy, so the title follows the language of each request.
    title=cast(str, gettext_lazy("Nazorg (waakvlam)")),
    data_kinds=AFTERCARE_DATA_KINDS,
    entries=entries,
    order=70,
    kind="nazorg",
)
