"""Retention of intakes and ZRM assessments (registered with ``plek.core.retention``)."""

from django.utils.translation import gettext_lazy as _

from plek.access.choices import Purpose
from plek.core.retention import DELETE, RetentionKind, register
from plek.intake.activities import INTAKE_DATA_KINDS, ZRM_DATA_KINDS

INTAKE = register(
    RetentionKind(
        code="intake",
        label=_("Intake (aanmelding en vraagverheldering), met verhaal en betrokkenen"),
        model="intake.Intake",
        end_field="completed_on",
        start_field="started_on",
        counted_by_monitor=False,
        default_years=15,
        action=DELETE,
        basis=_(
            "VNG Selectielijst 2020, naaste analogie: de intake is de toegang tot een "
            "Wmo-voorziening (maatschappelijke opvang, beschermd wonen), 15 jaar na afronding"
        ),
        purpose=Purpose.WMO_MO,
        data_kinds=INTAKE_DATA_KINDS,
        order=12,
    )
)

ZRM = register(
    RetentionKind(
        code="zrm",
        label=_("ZRM-metingen (zelfredzaamheid), met scores per leefgebied"),
        model="intake.Assessment",
        end_field="assessed_on",
        # A person's assessments are one series (the monitor's M10 pairs the first with the
        # latest): it counts from the last assessment and goes whole.
        series="person",
        start_field="assessed_on",
        default_years=15,
        action=DELETE,
        basis=_(
            "VNG Selectielijst 2020, naaste analogie: de metingen horen bij het dossier van de "
            "Wmo-voorziening, 15 jaar na de laatste meting van de persoon"
        ),
        purpose=Purpose.WMO_MO,
        data_kinds=ZRM_DATA_KINDS,
        order=13,
    )
)
