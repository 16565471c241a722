"""Registering persons (duplicates), contact, consent, households over time, merge and undo."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from plek.access.exceptions import AccessDenied
from plek.access.models import BreakGlass, ProcessingLogEntry, Relation
from plek.access.policy import decide
from plek.aftercare.models import AftercareTrack
from plek.core.dates import today as plek_today
from plek.housing.models import Stay, WaitingEntry
from plek.people import services
from plek.people.bsn import synthetic_bsn
from plek.people.models import (
    Consent,
    DuplicateOverrule,
    Household,
    HouseholdMember,
    Person,
    PersonMerge,
)
from plek.people.services import DuplicatePerson, PersonData
from plek.signals.models import Signal
from tests.factories import OrganisationFactory, PersonFactory, RelationFactory

BIRTH = datetime.date(1975, 3, 4)


def _data(**kwargs: object) -> PersonData:
    values: dict[str, object] = {"family_name": "Jansen", "initials": "P.", "birth_date": BIRTH}
    values.update(kwargs)
    return PersonData(**values)  # type: ignore[arg-type]


# --- registering and duplicates -----------------------------------------------------------------


def test_creator_gets_a_relation_and_the_creation_is_logged(actor) -> None:
    me = actor("wijkteam")
    person = services.create_person(me, _data(bsn=synthetic_bsn(101)))
    relation = Relation.objects.get(person=person)
    assert relation.user_id == me.user.pk and relation.kind == "overig"
    assert relation.valid_until == relation.valid_from + datetime.timedelta(
        days=services.CREATOR_RELATION_DAYS
    )
    assert decide(me, "view", person.pk).allowed
    assert ProcessingLogEntry.objects.filter(person_id=person.pk, action="create").count() == 1


def test_the_creators_team_gets_the_relation(actor) -> None:
    from tests.factories import TeamFactory

    me = actor("wijkteam")
    me.membership.team = TeamFactory(organisation=me.membership.organisation)
    me.membership.save()
    person = services.create_person(me, _data())
    assert Relation.objects.get(person=person).team_id == me.membership.team_id


def test_roles_that_do_not_work_on_files_cannot_register(actor) -> None:
    for role in ("beleid", "beheer", "privacy", "signaalbron"):
        with pytest.raises(AccessDenied):
            services.create_person(actor(role), _data())


def test_same_bsn_is_refused_with_a_link_when_visible(actor) -> None:
    me = actor("wijkteam")
    existing = PersonFactory(bsn=synthetic_bsn(7))
    RelationFactory(person=existing, user=me.user)
    with pytest.raises(DuplicatePerson) as caught:
        services.create_person(me, _data(bsn=synthetic_bsn(7), family_name="Anders"))
    match = caught.value.report.bsn_match
    assert caught.value.refused
    assert match is not None and match.visible and match.url == f"/personen/{existing.pk}/"
    assert match.label == str(existing)
    assert Person.objects.count() == 1


def test_same_bsn_without_access_only_says_it_exists(actor) -> None:
    me = actor("wijkteam")
    existing = PersonFactory(bsn=synthetic_bsn(8))
    with pytest.raises(DuplicatePerson) as caught:
        services.create_person(me, _data(bsn=synthetic_bsn(8)))
    match = caught.value.report.bsn_match
    assert match is not None and not match.visible
    assert match.label == "" and match.url == ""
    assert match.break_glass_url == f"/toegang/doorbreken/{existing.pk}/"
    # The lookup is logged, and nothing was created.
    assert ProcessingLogEntry.objects.filter(person_id=existing.pk, action="read").count() == 1
    assert Person.objects.count() == 1


def test_close_match_ignores_case_accents_and_spaces(actor) -> None:
    me = actor("wijkteam")
    existing = PersonFactory(family_name="Van den Bérg", birth_date=BIRTH)
    PersonFactory(family_name="Van den Berg", birth_date=datetime.date(1975, 3, 5))
    with pytest.raises(DuplicatePerson) as caught:
        services.create_person(me, _data(family_name="van den berg"))
    assert not caught.value.refused
    assert caught.value.report.close_ids == [existing.pk]


def test_overruling_a_close_match_creates_and_records_it(actor) -> None:
    me = actor("wijkteam")
    existing = PersonFactory(family_name="Jansen", birth_date=BIRTH)
    person = services.create_person(me, _data(family_name="JANSEN"), overrule=True)
    overrule = DuplicateOverrule.objects.get(person=person)
    assert overrule.candidate_ids == [existing.pk]
    assert overrule.user_id == me.user.pk


def test_overrule_does_not_pass_a_bsn_duplicate(actor) -> None:
    PersonFactory(bsn=synthetic_bsn(9))
    with pytest.raises(DuplicatePerson):
        services.create_person(actor("wijkteam"), _data(bsn=synthetic_bsn(9)), overrule=True)


def test_bad_input_names_the_field(actor) -> None:
    me = actor("wijkteam")
    with pytest.raises(ValidationError) as caught:
        services.create_person(me, _data(bsn="123456789"))
    assert "bsn" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.create_person(me, _data(street="Markt", no_fixed_address=True))
    assert "no_fixed_address" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.create_person(me, _data(postcode="12"))
    assert "postcode" in caught.value.message_dict
    assert Person.objects.count() == 0


def test_contact_and_address_need_a_relation(actor) -> None:
    me = actor("regisseur")
    person = PersonFactory()
    with pytest.raises(AccessDenied):
        services.update_contact(me, person.pk, phone="0612345678")
    RelationFactory(person=person, user=me.user)
    services.update_contact(me, person.pk, phone="0612345678", no_fixed_address=True)
    person.refresh_from_db()
    assert person.phone == "0612345678" and person.no_fixed_address
    assert person.address_line == "zonder vaste woon- of verblijfplaats"


# --- consent ------------------------------------------------------------------------------------


def test_consent_validity_over_time(actor) -> None:
    me = actor("regisseur")
    person = PersonFactory()
    RelationFactory(person=person, user=me.user)
    organisation = OrganisationFactory()
    consent = services.give_consent(
        me,
        person.pk,
        organisation.pk,
        ["plan", "signalen"],
        "wmo_mo",
        datetime.date(2025, 1, 1),
        valid_until=datetime.date(2026, 1, 1),
    )
    assert consent.data_kinds == ["plan", "signalen"]
    assert not consent.is_valid_on(datetime.date(2024, 12, 31))
    assert consent.is_valid_on(datetime.date(2025, 1, 1))
    assert not consent.is_valid_on(datetime.date(2026, 1, 1))
    services.revoke_consent(me, consent.pk, datetime.date(2025, 6, 1))
    consent.refresh_from_db()
    assert consent.is_valid_on(datetime.date(2025, 5, 31))
    assert not consent.is_valid_on(datetime.date(2025, 6, 1))
    valid = Consent.objects.valid_on
    assert list(valid(datetime.date(2025, 5, 31))) == [consent]
    assert not valid(datetime.date(2025, 6, 1)).exists()
    with pytest.raises(ValidationError):
        services.revoke_consent(me, consent.pk, datetime.date(2025, 7, 1))


def test_consent_bad_input(actor) -> None:
    me = actor("regisseur")
    person = PersonFactory()
    RelationFactory(person=person, user=me.user)
    with pytest.raises(ValidationError) as caught:
        services.give_consent(
            me, person.pk, 0, [], "inzage", datetime.date(2025, 1, 1), datetime.date(2024, 1, 1)
        )
    assert set(caught.value.message_dict) == {
        "data_kinds",
        "purpose",
        "valid_until",
        "organisation",
    }


# --- households ---------------------------------------------------------------------------------


def test_household_members_over_time(actor) -> None:
    me = actor("wijkteam")
    mother, child, partner = PersonFactory(), PersonFactory(), PersonFactory()
    for person in (mother, child, partner):
        RelationFactory(person=person, user=me.user)
    household = services.create_household(
        me, mother.pk, "Huishouden Jansen", "aanvrager", datetime.date(2020, 1, 1)
    )
    services.add_household_member(me, household.pk, child.pk, "kind", datetime.date(2020, 1, 1))
    joined = services.add_household_member(
        me, household.pk, partner.pk, "partner", datetime.date(2022, 5, 1)
    )
    services.end_household_member(me, joined.pk, datetime.date(2024, 2, 1))
    rows = list(household.members.order_by("start_date", "id").values_list("role", "end_date"))
    assert rows == [("aanvrager", None), ("kind", None), ("partner", datetime.date(2024, 2, 1))]
    # One household at a time.
    with pytest.raises(ValidationError) as caught:
        services.create_household(me, child.pk, "Ander", "aanvrager", datetime.date(2023, 1, 1))
    assert "person" in caught.value.message_dict
    # After leaving, the partner may join another household.
    services.create_household(me, partner.pk, "Nieuw", "aanvrager", datetime.date(2024, 2, 1))
    with pytest.raises(ValidationError):
        services.end_household_member(me, joined.pk, datetime.date(2025, 1, 1))


def test_one_household_at_a_time_also_before_an_earlier_membership(actor) -> None:
    me = actor("wijkteam")
    person = PersonFactory()
    RelationFactory(person=person, user=me.user)
    first = services.create_household(
        me, person.pk, "Eerst", "aanvrager", datetime.date(2021, 1, 1)
    )
    services.end_household_member(
        me, HouseholdMember.objects.get(household=first).pk, datetime.date(2022, 1, 1)
    )
    # An open membership from 2020 would cover 2021: refused on both databases.
    with pytest.raises(ValidationError, match="al bij een huishouden"):
        services.create_household(me, person.pk, "Eerder", "aanvrager", datetime.date(2020, 1, 1))
    services.create_household(me, person.pk, "Daarna", "aanvrager", datetime.date(2022, 1, 1))
    assert HouseholdMember.objects.filter(person=person).count() == 2


def test_the_database_refuses_overlapping_memberships_on_postgresql(actor) -> None:
    from django.db import IntegrityError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint is PostgreSQL's; SQLite relies on the services")
    person = PersonFactory()
    first = Household.objects.create(name="Een")
    second = Household.objects.create(name="Twee")
    HouseholdMember.objects.create(
        household=first,
        person=person,
        role="aanvrager",
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2021, 1, 1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdMember.objects.create(
            household=second, person=person, role="aanvrager", start_date=datetime.date(2020, 6, 1)
        )
    # The day the first ends, the next may begin: the ranges are half-open.
    HouseholdMember.objects.create(
        household=second, person=person, role="aanvrager", start_date=datetime.date(2021, 1, 1)
    )


def test_adding_needs_a_relation_with_the_household(actor) -> None:
    me, other = actor("wijkteam"), actor("wijkteam")
    stranger, mine = PersonFactory(), PersonFactory()
    RelationFactory(person=stranger, user=other.user)
    RelationFactory(person=mine, user=me.user)
    household = services.create_household(other, stranger.pk, "Vreemd")
    with pytest.raises(AccessDenied):
        services.add_household_member(me, household.pk, mine.pk, "partner", plek_today())


# --- merge --------------------------------------------------------------------------------------


@pytest.fixture
def merger(actor):
    return actor("toegang")


def _row_for(model: Any, person: Person, n: int, **values: object) -> Any:
    """A row of another app's model for this person, with every required column filled in
    (the chain apps grow; this keeps the merge test independent of their other columns)."""
    data: dict[str, object] = {"person": person, **values}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in data or field.null or field.has_default():
            continue
        kind = field.get_internal_type()
        if field.name == "external_id":
            data[field.name] = f"{model.__name__}-{person.pk}-{n}"
        elif kind == "DateField":
            data[field.name] = datetime.date(2025, 1, n + 1)
        elif field.choices:
            data[field.name] = field.choices[0][0]
        elif field.is_relation:
            data[field.name] = field.related_model.objects.first()
        elif kind in ("IntegerField", "PositiveIntegerField", "DecimalField", "BigIntegerField"):
            data[field.name] = 1
        elif kind == "BooleanField":
            data[field.name] = False
        else:
            data[field.name] = "x"
    return model._default_manager.create(**data)


def test_merge_moves_every_row_and_undo_moves_exactly_those_back(merger, actor) -> None:
    target, source, bystander = PersonFactory(), PersonFactory(), PersonFactory()
    merger_relations = [RelationFactory(person=p, user=merger.user) for p in (target, source)]
    other = actor("wijkteam")
    other_relation = RelationFactory(person=source, user=other.user)
    signals = [_row_for(Signal, source, n) for n in range(2)]
    kept_signal = _row_for(Signal, target, 5)
    household = services.create_household(merger, source.pk, "Huishouden B", "aanvrager", BIRTH)
    membership = HouseholdMember.objects.get(household=household)
    consent = services.give_consent(
        merger, source.pk, OrganisationFactory().pk, ["plan"], "wmo_mo", datetime.date(2025, 1, 1)
    )
    waiting = _row_for(WaitingEntry, source, 0)
    track = _row_for(AftercareTrack, source, 0)
    glass = BreakGlass.objects.create(
        user=other.user,
        organisation=other.membership.organisation,
        role="wijkteam",
        person=source,
        reason="x" * 30,
        purpose="wmo_mo",
        expires_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    )
    bystander_relation = RelationFactory(person=bystander, user=other.user)

    merge = services.merge_persons(merger, target.pk, source.pk)

    source.refresh_from_db()
    assert source.merged_into_id == target.pk
    moved = {(row["model"], row["pk"]) for row in merge.moved}
    assert moved == {
        *(("signals.signal", s.pk) for s in signals),
        ("people.householdmember", membership.pk),
        ("people.consent", consent.pk),
        ("housing.waitingentry", waiting.pk),
        ("aftercare.aftercaretrack", track.pk),
        ("access.relation", merger_relations[1].pk),
        ("access.relation", other_relation.pk),
    }
    assert Signal.objects.filter(person=target).count() == 3
    assert not Signal.objects.filter(person=source).exists()
    assert BreakGlass.objects.get(pk=glass.pk).person_id == source.pk  # evidence stays
    assert Relation.objects.get(pk=bystander_relation.pk).person_id == bystander.pk
    # The wijkteam member who worked with B now works with A.
    assert decide(other, "view", target.pk).allowed
    assert ProcessingLogEntry.objects.filter(activity_code="persoon.samenvoegen").count() == 2

    services.undo_merge(merger, merge.pk)

    source.refresh_from_db()
    assert source.merged_into_id is None
    for row in merge.moved:
        model = apps.get_model(row["model"])
        assert model._base_manager.filter(pk=row["pk"], **{row["field"]: source.pk}).exists()
    assert Signal.objects.get(pk=kept_signal.pk).person_id == target.pk
    assert Relation.objects.get(pk=merger_relations[0].pk).person_id == target.pk
    assert not Stay.objects.exists()
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by_id == merger.user.pk
    with pytest.raises(ValidationError):
        services.undo_merge(merger, merge.pk)
    # After an undo the two may be merged again.
    services.merge_persons(merger, target.pk, source.pk)
    assert PersonMerge.objects.filter(source=source).count() == 2


def test_merge_is_role_restricted_and_needs_relations(actor) -> None:
    target, source = PersonFactory(), PersonFactory()
    for role in ("wijkteam", "regisseur", "beheer", "privacy"):
        someone = actor(role)
        RelationFactory(person=target, user=someone.user)
        RelationFactory(person=source, user=someone.user)
        with pytest.raises(AccessDenied):
            services.merge_persons(someone, target.pk, source.pk)
    consultant = actor("toegang")
    RelationFactory(person=target, user=consultant.user)
    with pytest.raises(AccessDenied):
        services.merge_persons(consultant, target.pk, source.pk)
    assert not PersonMerge.objects.exists()


def test_merge_refuses_two_households_at_once(merger) -> None:
    # After a merge the person would be in two households in 2025: refused on both databases
    # (PostgreSQL's exclusion constraint would also refuse, with a vaguer message).
    target, source = PersonFactory(), PersonFactory()
    for person in (target, source):
        RelationFactory(person=person, user=merger.user)
    services.create_household(merger, target.pk, "A", "aanvrager", datetime.date(2024, 1, 1))
    services.create_household(merger, source.pk, "B", "aanvrager", datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="in dezelfde periode bij een huishouden"):
        services.merge_persons(merger, target.pk, source.pk)
    assert not PersonMerge.objects.exists()
    assert HouseholdMember.objects.filter(person=source).count() == 1


def test_merged_person_cannot_be_merged_twice(merger) -> None:
    a, b, c = PersonFactory(), PersonFactory(), PersonFactory()
    for person in (a, b, c):
        RelationFactory(person=person, user=merger.user)
    services.merge_persons(merger, a.pk, b.pk)
    RelationFactory(person=b, user=merger.user)  # its relations moved to a
    with pytest.raises(ValidationError):
        services.merge_persons(merger, c.pk, b.pk)
    with pytest.raises(ValidationError):
        services.merge_persons(merger, b.pk, c.pk)
    with pytest.raises(ValidationError):
        services.merge_persons(merger, a.pk, a.pk)
