"""The plan worklists on the start pages (registered from ``PlansConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from plek.accounts.roles import Role
from plek.plans import selectors
from plek.web.worklists import WorklistSpec, register_worklist


def register() -> None:
    register_worklist(
        WorklistSpec(
            "plans.i-lead",
            _("Plannen waarvan ik regisseur ben"),
            (Role.REGISSEUR,),
            selectors.plans_i_lead,
            _("Eerstvolgende evaluatie eerst; te late bovenaan"),
            order=20,
        )
    )
    # The same list, named for what each role does with it.
    register_worklist(
        WorklistSpec(
            "plans.reviews-due.wijkteam",
            _("Plannen met een evaluatie binnenkort"),
            (Role.WIJKTEAM,),
            selectors.reviews_due,
            _("Te late evaluaties eerst"),
            order=30,
        )
    )
    register_worklist(
        WorklistSpec(
            "plans.reviews-due",
            _("Evaluaties die eraan komen"),
            (Role.REGISSEUR,),
            selectors.reviews_due,
            _("Te late evaluaties eerst"),
            order=30,
        )
    )
    register_worklist(
        WorklistSpec(
            "plans.hand-overs",
            _("Overdrachten die op mij wachten"),
            (Role.WIJKTEAM, Role.REGISSEUR),
            selectors.hand_overs_for_me,
            order=40,
        )
    )
