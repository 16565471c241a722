from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from plek.people.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_factory_makes_a_valid_person_in_the_test_range() -> None:
    person = PersonFactory()
    person.full_clean()
    assert person.bsn is not None and person.bsn.startswith("9999")


def test_invalid_bsn_is_refused_with_a_dutch_message_naming_the_field() -> None:
    person = PersonFactory.build(bsn="999900019")
    with pytest.raises(ValidationError) as excinfo:
        person.full_clean(exclude=["origin_municipality"])
    assert "bsn" in excinfo.value.message_dict
    assert "BSN" in excinfo.value.message_dict["bsn"][0]


def test_many_persons_without_bsn_but_never_two_with_the_same() -> None:
    PersonFactory(bsn=None)
    PersonFactory(bsn="")
    assert Person.objects.filter(bsn__isnull=True).count() == 2
    first = PersonFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(bsn=first.bsn)


def test_the_database_refuses_all_zeros() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(bsn="000000000")


def test_external_id_is_unique_and_given_when_missing() -> None:
    first, second = PersonFactory(external_id=None), PersonFactory(external_id="")
    assert first.external_id and second.external_id
    assert first.external_id != second.external_id
    PersonFactory(external_id="bron-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(external_id="bron-1")


def test_str_shows_initials_and_family_name() -> None:
    assert str(PersonFactory.build(initials="J.", family_name="Jansen")) == "J. Jansen"
