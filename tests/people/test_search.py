"""The person search: what it finds, what it shows under the policy, and what it logs."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plek.access.exceptions import AccessDenied
from plek.access.models import ProcessingLogEntry
from plek.access.policy import Decision, decide_many
from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.accounts.roles import ROLE_PROFILES
from plek.people import search
from plek.people.folding import fold
from plek.people.models import Person
from plek.people.search import PAGE_SIZE, parse, search_persons
from tests.access.helpers import actor_of
from tests.factories import PersonFactory, RelationFactory

pytestmark = pytest.mark.django_db

NOT_CASEWORK = [role for role, p in ROLE_PROFILES.items() if not p.reads_person_files]


@pytest.fixture
def wijkteam(member: Callable[..., Membership]) -> Membership:
    return member("wijkteam")


def related(membership: Membership, **fields: object) -> Person:
    person = PersonFactory(**fields)
    RelationFactory(person=person, user=membership.user, purpose="wmo_mo")
    return person


def found(actor: Actor, text: str) -> list[int]:
    return [hit.person_id for hit in search_persons(actor, text).hits]


def test_fold_drops_case_accents_and_punctuation() -> None:
    assert fold("  Çelik-Özdemİr ") == "celik ozdemir"
    assert fold("D'Hondt") == "d hondt"
    assert fold("Noël") == "noel"


def test_the_database_folds_the_name_as_python_does(wijkteam: Membership) -> None:
    person = PersonFactory(family_name="van der Müller-Çelik", initials="É.J.")
    stored = Person.objects.values_list("search_name", flat=True).get(pk=person.pk)
    assert stored.split() == fold("van der Müller-Çelik É.J.").split()


@pytest.mark.parametrize(
    "text", ["muller", "MÜLLER", "Müll", "van der müller", "muller van der", "VAN DER MULLER"]
)
def test_names_ignore_case_diacritics_tussenvoegsels_and_take_parts(
    wijkteam: Membership, text: str
) -> None:
    person = related(wijkteam, family_name="van der Müller", initials="J.")
    related(wijkteam, family_name="Jansen")
    assert found(actor_of(wijkteam), text) == [person.pk]


def test_every_word_must_match(wijkteam: Membership) -> None:
    jansen = related(wijkteam, family_name="de Jong", initials="P.")
    related(wijkteam, family_name="Jongeneel", initials="K.")
    assert found(actor_of(wijkteam), "de jong") == [jansen.pk]


@pytest.mark.parametrize(
    "text", ["3-4-1985", "03-04-1985", "3/4/1985", "1985-04-03", "3 april 1985"]
)
def test_birth_date_in_dutch_and_iso_forms(wijkteam: Membership, text: str) -> None:
    person = related(wijkteam, birth_date=datetime.date(1985, 4, 3))
    related(wijkteam, birth_date=datetime.date(1985, 3, 4))
    assert found(actor_of(wijkteam), text) == [person.pk]


def test_name_and_birth_date_together(wijkteam: Membership) -> None:
    person = related(wijkteam, family_name="Bakker", birth_date=datetime.date(1985, 4, 3))
    related(wijkteam, family_name="Bakker", birth_date=datetime.date(1990, 1, 1))
    related(wijkteam, family_name="Visser", birth_date=datetime.date(1985, 4, 3))
    assert found(actor_of(wijkteam), "bakker 3-4-1985") == [person.pk]


def test_bsn(wijkteam: Membership) -> None:
    person = related(wijkteam)
    related(wijkteam)
    assert person.bsn
    assert found(actor_of(wijkteam), person.bsn) == [person.pk]


@pytest.mark.parametrize("text", ["1234 AB 5", "1234ab5", "1234 ab", "1234AB 5"])
def test_postcode_and_house_number(wijkteam: Membership, text: str) -> None:
    person = related(wijkteam, street="Laan", postcode="1234AB", house_number="5")
    other = related(wijkteam, street="Laan", postcode="1234AB", house_number="7")
    related(wijkteam, street="Laan", postcode="1235AB", house_number="5")
    expected = [person.pk] if "5" in text.split("ab")[-1].split("AB")[-1] else None
    result = found(actor_of(wijkteam), text)
    if expected:
        assert result == expected
    else:
        assert sorted(result) == sorted([person.pk, other.pk])


def test_source_key(wijkteam: Membership) -> None:
    person = related(wijkteam, external_id="GGZ-000123")
    assert found(actor_of(wijkteam), "GGZ-000123") == [person.pk]


def test_parse_keeps_an_impossible_date_apart() -> None:
    query = parse("Jansen 31-2-1985")
    assert query.invalid_date and query.birth_date is None
    assert query.words == ("jansen",)


def test_merged_away_persons_are_not_found(wijkteam: Membership) -> None:
    target = related(wijkteam, family_name="Pauwels")
    related(wijkteam, family_name="Pauwels", merged_into=target)
    assert found(actor_of(wijkteam), "pauwels") == [target.pk]


def test_an_unrelated_match_shows_only_that_a_file_exists(wijkteam: Membership) -> None:
    mine = related(wijkteam, family_name="Smit", initials="A.")
    other = PersonFactory(family_name="Smit", initials="B.")
    result = search_persons(actor_of(wijkteam), "smit")
    by_id = {hit.person_id: hit for hit in result.hits}
    # Related first.
    assert [hit.person_id for hit in result.hits] == [mine.pk, other.pk]
    assert by_id[mine.pk].visible and by_id[mine.pk].label == "A. Smit"
    assert by_id[mine.pk].url.endswith(f"/personen/{mine.pk}/")
    hidden = by_id[other.pk]
    assert not hidden.visible and hidden.label == "" and hidden.birth_date is None
    assert hidden.url == "" and hidden.break_glass_url.endswith(f"/doorbreken/{other.pk}/")


def test_the_policy_is_asked_only_about_matches_in_the_visible_set(
    wijkteam: Membership, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A match outside the visible set has no relation any source could find: asking about it
    # would run every relation source for nothing.
    mine = related(wijkteam, family_name="Smit")
    other = PersonFactory(family_name="Smit")
    asked: list[int] = []

    def deciding(actor: Actor, action: str, ids: list[int]) -> dict[int, Decision]:
        asked.extend(ids)
        return decide_many(actor, action, ids)

    monkeypatch.setattr(search, "decide_many", deciding)
    result = search.search_persons(actor_of(wijkteam), "smit")
    assert asked == [mine.pk]
    assert [(hit.person_id, hit.visible) for hit in result.hits] == [
        (mine.pk, True),
        (other.pk, False),
    ]


@pytest.mark.postgres
def test_the_search_is_planned_for_its_words_every_time(wijkteam: Membership) -> None:
    # psycopg prepares a statement run five times on a connection, and PostgreSQL may then keep
    # one generic plan for any words: on the national set that plan read every person (12 s).
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: prepared statements and their plans")
    related(wijkteam, family_name="Smit")
    PersonFactory(family_name="Smit")
    actor = actor_of(wijkteam)
    for _ in range(12):
        search_persons(actor, "smit")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            ["%search_name%"],
        )
        plans = cursor.fetchall()
    assert plans, "the search's statements were not prepared: nothing to check"
    assert [generic for generic, _ in plans] == [0] * len(plans)


def test_every_person_shown_is_logged_once_with_what_was_shown(wijkteam: Membership) -> None:
    mine = related(wijkteam, family_name="Smit")
    other = PersonFactory(family_name="Smit")
    search_persons(actor_of(wijkteam), "smit")
    rows = {row.person_id: row for row in ProcessingLogEntry.objects.all()}
    assert set(rows) == {mine.pk, other.pk}
    assert rows[mine.pk].activity_code == "persoon.zoeken"
    assert rows[mine.pk].purpose == "wmo_mo"
    assert rows[mine.pk].data_kinds == ["geboortedatum", "naam"]
    assert rows[other.pk].activity_code == "persoon.bestaan_controleren"
    assert rows[other.pk].data_kinds == ["bestaan dossier"]


def test_a_search_without_hits_logs_nothing(wijkteam: Membership) -> None:
    related(wijkteam, family_name="Smit")
    assert found(actor_of(wijkteam), "zzzz") == []
    assert not ProcessingLogEntry.objects.exists()


@pytest.mark.parametrize("role", NOT_CASEWORK)
def test_roles_without_person_files_cannot_search(
    member: Callable[..., Membership], role: str
) -> None:
    with pytest.raises(AccessDenied):
        search_persons(actor_of(member(role)), "smit")


def test_pages_and_the_cap(wijkteam: Membership) -> None:
    for n in range(PAGE_SIZE + 3):
        PersonFactory(family_name=f"Visser{n:02d}")
    actor = actor_of(wijkteam)
    first = search_persons(actor, "visser")
    assert len(first.hits) == PAGE_SIZE and first.has_next and not first.capped
    second = search_persons(actor, "visser", page=2)
    assert len(second.hits) == 3 and not second.has_next
    assert not {h.person_id for h in first.hits} & {h.person_id for h in second.hits}
    capped = search_persons(actor, "visser", page=1, per_page=2)
    assert capped.has_next
    last = search_persons(actor, "visser", page=99, per_page=2)
    assert last.page == 10 and last.capped and not last.has_next


def test_query_count_does_not_grow_with_the_results(wijkteam: Membership) -> None:
    actor = actor_of(wijkteam)

    def queries(text: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            search_persons(actor, text)
        return len(captured)

    for n in range(2):
        related(wijkteam, family_name=f"Kok{n}")
        PersonFactory(family_name=f"Kok{n}")
    few = queries("kok")
    for n in range(2, 15):
        related(wijkteam, family_name=f"Kok{n}")
        PersonFactory(family_name=f"Kok{n}")
    assert queries("kok") == few


def test_a_picker_leaves_unrelated_persons_out(wijkteam: Membership) -> None:
    mine = related(wijkteam, family_name="Smit")
    PersonFactory(family_name="Smit")
    result = search_persons(actor_of(wijkteam), "smit", log_existence=False)
    assert [hit.person_id for hit in result.hits] == [mine.pk]
    assert list(ProcessingLogEntry.objects.values_list("person_id", flat=True)) == [mine.pk]
