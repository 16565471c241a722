"""Retention of protected-living indications, arrangements and try-outs (registered with
``plek.core.retention``)."""

from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from plek.access.choices import Purpose
from plek.core.retention import DELETE, RetentionKind, register
from plek.protection.activities import ARRANGEMENT_DATA_KINDS, INDICATION_DATA_KINDS

BASIS = _(
    "VNG Selectielijst gemeenten en intergemeentelijke organen 2020: een Wmo-voorziening "
    "(beschermd wonen), 15 jaar na beëindiging"
)


def _indication_end() -> Coalesce:
    # An indication ends when it is ended early, else when its validity runs out: until then it
    # is in use (a valid indication is never past its end).
    return Coalesce("ended_on", "valid_until")


TRY_OUT = register(
    RetentionKind(
        code="proefplaatsing",
        label=_("Proefplaatsing van beschermd wonen naar beschermd thuis"),
        model="protection.TryOut",
        end_field="concluded_on",
        start_field="start_date",
        counted_by_monitor=False,
        default_years=15,
        action=DELETE,
        basis=BASIS,
        purpose=Purpose.BESCHERMD_WONEN,
        data_kinds=ARRANGEMENT_DATA_KINDS,
        # Before stays and arrangements: a try-out protects both.
        order=16,
    )
)

ARRANGEMENT = register(
    RetentionKind(
        code="arrangement",
        label=_("Ambulant arrangement (beschermd thuis)"),
        model="protection.Arrangement",
        end_field="end_date",
        start_field="start_date",
        counted_by_monitor=False,
        default_years=15,
        action=DELETE,
        basis=BASIS,
        purpose=Purpose.BESCHERMD_WONEN,
        data_kinds=ARRANGEMENT_DATA_KINDS,
        order=22,
    )
)

INDICATION = register(
    RetentionKind(
        code="indicatie",
        label=_("Indicatie (toegangsbesluit beschermd wonen of opvang), met wijzigingen"),
        model="protection.Indication",
        end_field="valid_until",
        end=_indication_end,
        start_field="valid_from",
        counted_by_monitor=False,
        default_years=15,
        action=DELETE,
        basis=BASIS,
        purpose=Purpose.BESCHERMD_WONEN,
        data_kinds=INDICATION_DATA_KINDS,
        # After the arrangements, which point at it.
        order=23,
    )
)
