"""Retention of stays in shelter and protected living (registered with ``plek.core.retention``)."""

from django.utils.translation import gettext_lazy as _

from plek.access.choices import Purpose
from plek.core.retention import DELETE, RetentionKind, register

STAY = register(
    RetentionKind(
        code="verblijf",
        label=_("Verblijf in opvang of beschermd wonen"),
        model="housing.Stay",
        end_field="end_date",
        start_field="start_date",
        monitor_reach_days=730,
        default_years=15,
        action=DELETE,
        basis=_(
            "VNG Selectielijst gemeenten en intergemeentelijke organen 2020: een Wmo-voorziening "
            "(maatschappelijke opvang, beschermd wonen), 15 jaar na beëindiging"
        ),
        purpose=Purpose.WMO_MO,
        data_kinds=("verblijf",),
        order=20,
    )
)
