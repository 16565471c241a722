"""Retention of aftercare tracks (registered with ``plek.core.retention``)."""

from django.utils.translation import gettext_lazy as _

from plek.access.choices import Purpose
from plek.core.retention import DELETE, RetentionKind, register

TRACK = register(
    RetentionKind(
        code="nazorgtraject",
        label=_("Nazorgtraject (waakvlam), met contactmomenten"),
        model="aftercare.AftercareTrack",
        end_field="ended_on",
        start_field="started_on",
        default_years=15,
        action=DELETE,
        basis=_(
            "Instelbare standaard, gelijk aan de Wmo-voorziening waar de nazorg bij hoort "
            "(15 jaar na beëindiging)"
        ),
        purpose=Purpose.NAZORG,
        data_kinds=("nazorg",),
        order=15,
    )
)
