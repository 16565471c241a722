"""The plan worklists on the start pages (registered from ``PlansConfig.ready``).

The regisseur's start page shows each plan once: "Plannen waarvan ik regisseur ben" is ordered
by review date (overdue reviews first and marked), so a separate list of reviews due would only
repeat its top rows. The wijkteam, whose start page is about signals and intakes, gets the
reviews coming up of the plans it leads.
"""

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
    register_worklist(
        WorklistSpec(
            "plans.overdue-actions",
            _("Acties over hun streefdatum"),
            (Role.REGISSEUR,),
            selectors.overdue_actions_worklist,
            _("Open acties in uw plannen; de langst verlopen bovenaan"),
            order=25,
            more="plans:overdue-actions",
        )
    )
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
            "plans.hand-overs",
            _("Overdrachten die op mij wachten"),
            (Role.WIJKTEAM, Role.REGISSEUR),
            selectors.hand_overs_for_me,
            order=40,
        )
    )
