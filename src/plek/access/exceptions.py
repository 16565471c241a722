from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class AccessDenied(PermissionDenied):
    """The access policy said no.

    ``break_glass_url`` is where the actor may open the file anyway with a stated reason; it is
    None when the actor's role may not break the glass. The 403 page offers it when present.
    """

    def __init__(self, message: str | None = None, *, break_glass_url: str | None = None) -> None:
        super().__init__(message or _("U hebt geen toegang tot deze gegevens."))
        self.break_glass_url = break_glass_url
