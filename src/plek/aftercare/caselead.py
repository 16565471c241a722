"""Who is the case lead of a person: the plans app decides; this is the one place we ask."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from plek.accounts.models import User
from plek.plans.selectors import current_case_lead
from plek.plans.selectors import persons_led_by as _persons_led_by


def case_lead(person_id: int) -> User | None:
    return current_case_lead(person_id)


def persons_led_by(user_id: int) -> QuerySet[Any]:
    """Ids of the persons whose running plan the user leads: a subquery, not a query per row."""
    return _persons_led_by(user_id)
