"""What the access app records when apps below it report a change (Django signals)."""

from __future__ import annotations

from typing import Any

from plek.access.activities import MEMBERSHIP_CHANGE
from plek.access.choices import LogAction, Purpose
from plek.access.services import record_processing


def log_membership_change(sender: Any, actor: Any, created: bool = False, **kwargs: Any) -> None:
    """Every membership change in the processing log, in the change's own transaction."""
    record_processing(
        actor,
        LogAction.CREATE if created else LogAction.CHANGE,
        MEMBERSHIP_CHANGE,
        None,
        ["lidmaatschap", "rol"],
        Purpose.TOEGANGSBEHEER,
    )
