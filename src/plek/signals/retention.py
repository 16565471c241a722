"""Retention of early signals about debts (registered with ``plek.core.retention``)."""

from django.utils.translation import gettext_lazy as _

from plek.access.choices import Purpose
from plek.core.retention import DELETE, RetentionKind, register

SIGNAL = register(
    RetentionKind(
        code="signaal",
        label=_("Signaal (vroegsignalering schulden), met contactpogingen en terugkoppeling"),
        model="signals.Signal",
        end_field="outcome_on",
        start_field="received_on",
        default_years=5,
        action=DELETE,
        basis=_(
            "VNG Selectielijst gemeenten en intergemeentelijke organen 2020: schuldhulpverlening, "
            "5 jaar na beëindiging"
        ),
        purpose=Purpose.VROEGSIGNALERING,
        data_kinds=("signalen",),
        order=30,
    )
)
