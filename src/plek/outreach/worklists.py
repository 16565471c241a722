"""The outreach worklists on the start pages (registered from ``OutreachConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from plek.accounts.roles import Role
from plek.outreach import selectors
from plek.web.worklists import WorklistSpec, register_worklist


def register() -> None:
    register_worklist(
        WorklistSpec(
            "outreach.week",
            _("Mijn contacten van deze week"),
            (Role.VELDWERK,),
            selectors.week_contacts_worklist,
            _("Straatcontacten sinds maandag, nieuwste bovenaan"),
            order=10,
        )
    )
    register_worklist(
        WorklistSpec(
            "outreach.unanswered",
            _("Doorverwijzingen zonder reactie"),
            (Role.VELDWERK,),
            selectors.unanswered_referrals_worklist,
            _("Wachten op het wijkteam; te late bovenaan"),
            order=20,
        )
    )
    register_worklist(
        WorklistSpec(
            "outreach.team-referrals",
            _("Doorverwijzingen van veldwerk"),
            (Role.WIJKTEAM,),
            selectors.team_referrals_worklist,
            _("Wachten op de reactie van uw team; te late bovenaan"),
            order=15,
        )
    )
