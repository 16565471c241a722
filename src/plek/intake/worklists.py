"""The intake worklists on the start pages (registered from ``IntakeConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from plek.accounts.roles import Role
from plek.intake import selectors
from plek.web.worklists import WorklistSpec, register_worklist


def register() -> None:
    register_worklist(
        WorklistSpec(
            "intake.running",
            _("Intakes in behandeling"),
            (Role.WIJKTEAM,),
            selectors.running_intakes_worklist,
            _("Lopende intakes van u en uw organisatie; te late bovenaan"),
            order=15,
            more="intake:running",
        )
    )
