"""Who is the case lead of a person: the plans app decides; this is the one place we ask."""

from __future__ import annotations

from plek.accounts.models import User
from plek.plans.selectors import current_case_lead


def case_lead(person_id: int) -> User | None:
    return current_case_lead(person_id)
