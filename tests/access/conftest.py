from __future__ import annotations

from collections.abc import Callable

import pytest

from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.people.models import Person
from tests.access.helpers import actor_of
from tests.factories import PersonFactory


@pytest.fixture
def person(db: None) -> Person:
    return PersonFactory()


@pytest.fixture
def actor(member: Callable[..., Membership]) -> Callable[..., Actor]:
    """An Actor for a new member in the given role: actor("regisseur")."""

    def make(role: str = "wijkteam", **kwargs: object) -> Actor:
        return actor_of(member(role, **kwargs))

    return make
