from typing import cast

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "plek.intake"
    label = "intake"

    def ready(self) -> None:
        from plek.access.relations import register_relation_source
        from plek.intake import dossier as intake_dossier
        from plek.intake import worklists as intake_worklists
        from plek.intake.activities import INTAKE_DATA_KINDS, ZRM_DATA_KINDS
        from plek.intake.relations import IntakeRelationSource
        from plek.intake.selectors import (
            assessment_entries,
            assessment_presence,
            intake_entries,
            intake_presence,
        )
        from plek.people.dossier import DossierSection, register_dossier_section

        register_relation_source(IntakeRelationSource())
        # Lazy titles, so the timeline shows them in the viewer's language.
        register_dossier_section(
            DossierSection(
                "intake",
                cast(str, _("Intake")),
                INTAKE_DATA_KINDS,
                intake_entries,
                order=20,
                kind="intake_zrm",
                present=intake_presence,
            )
        )
        register_dossier_section(
            DossierSection(
                "zelfredzaamheid",
                cast(str, _("Zelfredzaamheid")),
                ZRM_DATA_KINDS,
                assessment_entries,
                order=30,
                kind="intake_zrm",
                present=assessment_presence,
            )
        )
        intake_dossier.register()
        intake_worklists.register()
