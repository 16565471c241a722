"""The privacy officer's worklist of residents' access requests (from ``InzageConfig.ready``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from plek.accounts.roles import Role
from plek.inzage import selectors
from plek.web.worklists import WorklistSpec, register_worklist


def register() -> None:
    register_worklist(
        WorklistSpec(
            "inzage.requests",
            _("Inzageverzoeken van bewoners"),
            (Role.PRIVACY,),
            selectors.request_worklist,
            _("Binnen een maand beantwoorden; te late bovenaan"),
            order=5,
        )
    )
