"""Retention of postal-address applications and decisions (registered with
``plek.core.retention``)."""

from django.db.models import Case, F, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from plek.access.choices import Purpose
from plek.core.retention import DELETE, RetentionKind, register
from plek.postal.activities import POSTAL_DATA_KINDS
from plek.postal.models import Decision


def _application_end(prefix: str = "") -> Case:
    # A granted postal address ends when it is ended; a refusal or withdrawal is over when it
    # is decided. An application not yet decided, and an address still in use, never expire.
    return Case(
        When(**{f"{prefix}decision": Decision.TOEGEKEND}, then=F(f"{prefix}ended_on")),
        When(
            **{f"{prefix}decision__in": [Decision.AFGEWEZEN, Decision.INGETROKKEN]},
            then=Coalesce(f"{prefix}ended_on", f"{prefix}decided_on"),
        ),
        default=None,
    )


def _event_end() -> Case:
    # An event is part of its application's file and goes with it (before it: it protects it).
    return _application_end("application__")


BASIS = _(
    "VNG Selectielijst 2020 noemt het briefadresdossier van de opvang niet apart; naaste "
    "analogie: een besluit over ondersteuning zonder blijvend recht, zoals schuldhulpverlening, "
    "5 jaar na beëindiging (de BRP bewaart de adresgeschiedenis zelf)"
)

EVENT = register(
    RetentionKind(
        code="briefadresbericht",
        label=_("Briefadresberichten aan de sociale dienst (begin en einde)"),
        model="postal.PostalEvent",
        end_field="application",
        end=_event_end,
        start_field="occurred_on",
        counted_by_monitor=False,
        default_years=5,
        action=DELETE,
        basis=BASIS,
        purpose=Purpose.BRIEFADRES,
        data_kinds=("briefadres",),
        order=27,
    )
)

APPLICATION = register(
    RetentionKind(
        code="briefadres",
        label=_("Aanvraag en besluit briefadres, met beoordeling en herbeoordelingen"),
        model="postal.PostalApplication",
        end_field="ended_on",
        end=_application_end,
        start_field="applied_on",
        default_years=5,
        action=DELETE,
        basis=BASIS,
        purpose=Purpose.BRIEFADRES,
        data_kinds=POSTAL_DATA_KINDS,
        order=28,
    )
)
