"""Retention of stays, waiting entries, proposals and respite bookings (registered with
``plek.core.retention``)."""

from django.db.models.functions import Coalesce
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


def _entry_end() -> Coalesce:
    # A waiting entry ends when the person is placed or the entry is withdrawn; a parked or
    # waiting entry has neither and never expires.
    return Coalesce("placed_on", "withdrawn_on")


def _proposal_end() -> Coalesce:
    # A proposal is part of its waiting entry's file and goes with it (before it: the proposal
    # protects the entry, and an accepted one its stay).
    return Coalesce("waiting_entry__placed_on", "waiting_entry__withdrawn_on")


WAITING_BASIS = _(
    "VNG Selectielijst 2020, naaste analogie: de wachtlijstinschrijving en het toegangsbesluit "
    "horen bij de Wmo-voorziening (opvang, beschermd wonen), 15 jaar na plaatsing of intrekking"
)

PROPOSAL = register(
    RetentionKind(
        code="voorstel",
        label=_("Voorstel van een plek aan iemand op de wachtlijst"),
        model="housing.Proposal",
        end_field="waiting_entry",
        end=_proposal_end,
        start_field="available_on",
        counted_by_monitor=False,
        default_years=15,
        action=DELETE,
        basis=WAITING_BASIS,
        purpose=Purpose.WMO_MO,
        data_kinds=("wachtlijst", "voorstel"),
        order=17,
    )
)

WAITING_ENTRY = register(
    RetentionKind(
        code="wachtlijst",
        label=_("Inschrijving op de wachtlijst, met toegangsbesluit"),
        model="housing.WaitingEntry",
        end_field="placed_on",
        end=_entry_end,
        start_field="registered_on",
        default_years=15,
        action=DELETE,
        basis=WAITING_BASIS,
        purpose=Purpose.WMO_MO,
        data_kinds=("wachtlijst",),
        order=18,
    )
)

RESPITE = register(
    RetentionKind(
        code="respijt",
        label=_("Respijtopvang (logeerbed voor een mantelzorgsituatie)"),
        model="housing.RespiteBooking",
        end_field="end_date",
        start_field="start_date",
        counted_by_monitor=False,
        default_years=15,
        action=DELETE,
        basis=_(
            "VNG Selectielijst 2020, naaste analogie: een kort verblijf in de opvang is een "
            "Wmo-voorziening, 15 jaar na vertrek"
        ),
        purpose=Purpose.WMO_MO,
        data_kinds=("verblijf",),
        order=21,
    )
)
