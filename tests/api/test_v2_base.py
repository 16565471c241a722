"""The shared steps of the v2 views (``plek.api.v2.base``), without a database."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from plek.api.v2.base import key_in_body, numbered_envelope, v2_field_names
from plek.people.models import Person


def test_a_services_fields_get_the_v2_names_and_the_others_keep_theirs() -> None:
    with pytest.raises(DjangoValidationError) as raised, v2_field_names({"start_date": "begin"}):
        raise DjangoValidationError({"start_date": ["te vroeg"], "note": ["te lang"]})
    assert raised.value.message_dict == {"begin": ["te vroeg"], "note": ["te lang"]}


def test_an_error_without_fields_passes_unchanged() -> None:
    error = DjangoValidationError("niet toegestaan")
    with pytest.raises(DjangoValidationError) as raised, v2_field_names({"x": "y"}):
        raise error
    assert raised.value is error


def test_an_unknown_row_in_a_body_is_a_400_on_that_field() -> None:
    def lookup(public_id: uuid.UUID) -> int:
        raise Person.DoesNotExist(public_id)

    with pytest.raises(ValidationError) as raised:
        key_in_body(lookup, uuid.uuid4(), "persoon", "Onbekend.")
    assert raised.value.detail == {"persoon": ["Onbekend."]}
    assert key_in_body(lambda public_id: 7, uuid.uuid4(), "persoon", "Onbekend.") == 7


@pytest.mark.parametrize(
    ("number", "has_next", "previous", "following"),
    [
        (1, True, None, "page=2"),
        (2, False, "http://testserver/api/v2/lijst?soort=a", None),
        (3, True, "page=2", "page=4"),
    ],
)
def test_numbered_pages_link_like_pagination(
    number: int, has_next: bool, previous: str | None, following: str | None
) -> None:
    request = Request(APIRequestFactory().get("/api/v2/lijst", {"soort": "a", "page": number}))
    body = numbered_envelope(request, number, has_next, 120, ["rij"])
    assert list(body) == ["count", "next", "previous", "results"]
    assert body["count"] == 120 and body["results"] == ["rij"]
    assert (body["next"] is None) == (following is None)
    assert following is None or following in body["next"]
    assert (body["previous"] is None) == (previous is None)
    assert previous is None or previous in body["previous"]
