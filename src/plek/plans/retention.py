"""Retention of household plans (registered with ``plek.core.retention``)."""

from django.utils.translation import gettext_lazy as _

from plek.access.choices import Purpose
from plek.core.retention import DELETE, RetentionKind, register

PLAN = register(
    RetentionKind(
        code="plan",
        label=_("Plan van aanpak (Wmo), met doelen, acties en evaluaties"),
        model="plans.Plan",
        end_field="ended_on",
        start_field="started_on",
        monitor_reach_days=14,
        default_years=15,
        action=DELETE,
        basis=_(
            "VNG Selectielijst gemeenten en intergemeentelijke organen 2020: een Wmo-voorziening "
            "en het plan, 15 jaar na beëindiging"
        ),
        purpose=Purpose.WMO_MO,
        data_kinds=("plan",),
        order=10,
    )
)
