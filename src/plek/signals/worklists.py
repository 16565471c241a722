"""The signal worklists on the start pages (registered from ``SignalsConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from plek.accounts.roles import Role
from plek.signals import selectors
from plek.web.worklists import WorklistSpec, register_worklist


def register() -> None:
    register_worklist(
        WorklistSpec(
            "signals.mine",
            _("Mijn signalen"),
            (Role.WIJKTEAM,),
            selectors.my_signals_worklist,
            _("Signalen die op contact wachten; te late bovenaan"),
            order=10,
        )
    )
    register_worklist(
        WorklistSpec(
            "signals.deliveries",
            _("Mijn aanleveringen"),
            (Role.SIGNAALBRON,),
            selectors.own_deliveries_worklist,
            order=10,
        )
    )
    register_worklist(
        WorklistSpec(
            "signals.feedback",
            _("Teruggemelde uitkomsten"),
            (Role.SIGNAALBRON,),
            selectors.feedback_worklist,
            order=20,
        )
    )
