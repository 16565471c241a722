"""Retention of carers, help requests with their matches, and volunteers (registered with
``plek.core.retention``).

The figures page "Cijfers informele zorg" counts these live (not sealed) for up to ten calendar
years back; every default here is longer than that, so retention never changes a year it shows.
"""

from django.utils.translation import gettext_lazy as _

from plek.access.choices import Purpose
from plek.core.retention import DELETE, NO_PERSON, RetentionKind, register
from plek.informal.activities import CARER_DATA_KINDS, SUMMARY_DATA_KINDS

WMO_ANALOGUE = _(
    "VNG Selectielijst 2020 noemt mantelzorgondersteuning niet apart; naaste analogie: een "
    "Wmo-voorziening (ondersteuning van mantelzorgers is een Wmo-taak), 15 jaar na beëindiging"
)

HELP_REQUEST = register(
    RetentionKind(
        code="hulpvraag",
        label=_("Hulpvraag aan vrijwilligers, met matches"),
        model="informal.HelpRequest",
        end_field="closed_on",
        start_field="received_on",
        counted_by_monitor=False,
        default_years=15,
        action=DELETE,
        basis=WMO_ANALOGUE,
        purpose=Purpose.WMO_MO,
        data_kinds=SUMMARY_DATA_KINDS,
        # Before aftercare tracks and volunteers: a request protects both.
        order=14,
    )
)

CARER = register(
    RetentionKind(
        code="mantelzorger",
        label=_("Mantelzorger, met zorgrelaties, belastingchecks, ondersteuning en waardering"),
        model="informal.Carer",
        end_field="ended_on",
        start_field="registered_on",
        counted_by_monitor=False,
        default_years=15,
        action=DELETE,
        basis=WMO_ANALOGUE,
        purpose=Purpose.WMO_MO,
        data_kinds=CARER_DATA_KINDS,
        order=24,
    )
)

VOLUNTEER = register(
    RetentionKind(
        code="vrijwilliger",
        label=_("Vrijwilliger (naam, contact, vaardigheden, VOG)"),
        model="informal.Volunteer",
        end_field="ended_on",
        start_field="registered_on",
        person_field=NO_PERSON,
        counted_by_monitor=False,
        default_years=11,
        action=DELETE,
        basis=_(
            "VNG Selectielijst 2020 heeft geen categorie voor vrijwilligers van een "
            "vrijwilligerscentrale; gekozen: de kortste termijn die de gepubliceerde jaren van "
            "de cijfers informele zorg (tien jaar terug) niet verandert, 11 jaar na uitschrijving"
        ),
        purpose=Purpose.WMO_MO,
        data_kinds=("vrijwilliger",),
        # After the help requests: a match protects its volunteer.
        order=25,
    )
)
