"""The municipality of origin on a day, from the person's history of changes."""

from __future__ import annotations

import datetime

from plek.people.models import Person
from plek.protection.models import OriginChange


def origin_on(person_id: int, day: datetime.date) -> int | None:
    """The municipality of origin (id) that held for the person on `day`.

    The last change from on or before `day` holds; before the first change, the origin it
    replaced; without any change, the person's current origin.
    """
    changes = list(
        OriginChange.objects.filter(person_id=person_id)
        .order_by("valid_from", "id")
        .values_list("valid_from", "municipality_id", "previous_municipality_id")
    )
    held: int | None = None
    for valid_from, municipality_id, previous_id in changes:
        if valid_from <= day:
            held = municipality_id
        elif held is None:
            return previous_id
        else:
            break
    if held is not None:
        return held
    return Person.objects.values_list("origin_municipality_id", flat=True).get(pk=person_id)
