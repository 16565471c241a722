"""Every page and API endpoint that shows one person's data, for the access test.

A feature that adds such an endpoint appends it to ENDPOINTS: its URL name and a function that,
given a person, creates whatever the endpoint shows and returns the URL's keyword arguments.
`tests/test_person_data_access.py` then checks it for every role, with and without a relation
to the person: allowed exactly as GUIDE §5 says, and one processing-log row per allowed read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from plek.people.models import Person


@dataclass(frozen=True)
class Endpoint:
    url_name: str
    arrange: Callable[[Person], dict[str, Any]]
    api: bool = False

    def __str__(self) -> str:
        return self.url_name


def _person(person: Person) -> dict[str, Any]:
    return {"person_id": person.pk}


ENDPOINTS: list[Endpoint] = [
    Endpoint("people:detail", _person),
    Endpoint("api-person-detail", _person, api=True),
]
