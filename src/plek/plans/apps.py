from typing import cast

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plek.plans"
    label = "plans"

    def ready(self) -> None:
        from plek.access.relations import register_relation_source
        from plek.people.dossier import DossierSection, register_dossier_section
        from plek.plans import dossier as plans_dossier
        from plek.plans import worklists
        from plek.plans.activities import PLAN_DATA_KINDS
        from plek.plans.relations import PlanRelationSource
        from plek.plans.selectors import plan_entries, plan_presence

        register_relation_source(PlanRelationSource())
        # A lazy title, so the timeline shows it in the viewer's language.
        register_dossier_section(
            DossierSection(
                "plan",
                cast(str, _("Plan en doelen")),
                PLAN_DATA_KINDS,
                plan_entries,
                order=40,
                kind="plan",
                present=plan_presence,
            )
        )
        worklists.register()
        plans_dossier.register()
