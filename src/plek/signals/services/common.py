"""What the signal services share: limits and small helpers."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from plek.accounts.models import OrganisationKind

LINK_WINDOW_DAYS = 90
# Organisation kinds that may deliver a BSN (they hold it lawfully for their own task).
BSN_ALLOWED_KINDS = frozenset(
    {OrganisationKind.ZORGVERZEKERAAR, OrganisationKind.GEMEENTE, OrganisationKind.SOCIALE_DIENST}
)
CHUNK = 500
BATCH = 1000


def _new_external_id() -> str:
    return f"sig-{uuid.uuid4().hex}"


def _chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
