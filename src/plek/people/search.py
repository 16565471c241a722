"""Person search: by name, birth date, BSN, postcode and house number, or the source's key.

What a professional types in the header's search field is parsed into criteria (``parse``);
``search_persons`` finds one page of matching persons with indexed SQL only:

- names through ``Person.search_name``, the folded family name and initials (lower case, no
  accents, no punctuation; a generated column, see ``plek.people.folding``): every word typed
  must occur in it, so "van der berg", "Berg" and "berg van der" all find Van der Berg and a
  part of a name ("jans") finds Jansen. On PostgreSQL a trigram index answers these;
- a birth date in Dutch (3-4-1985, 03/04/1985, 3 april 1985) or ISO form (1985-04-03);
- a BSN (9 digits passing the eleven test), a postcode with or without house number
  ("1234 AB 5"), and the exact source key (``Person.external_id``).

The policy decides per person shown, once for the whole page (``decide_many``): a person the
actor has a relation with shows name and birth date and opens; any other match shows only that
a file exists, with the break-the-glass offer for roles that may use it. Each person shown is
logged: a related one as read (the relation's purpose), an unrelated one as a file lookup (like
``plek.people.selectors.find_file``). A fixed number of queries, however many results.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse

from plek.access.activities import PERSON_FILE_LOOKUP
from plek.access.choices import Action, LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.policy import decide_many, may_read_person_files, visible_person_ids
from plek.access.services import record_bulk, record_reads
from plek.accounts.context import Actor
from plek.core.plans import planned_for_the_values
from plek.people.activities import PERSON_SEARCH
from plek.people.bsn import is_valid_bsn
from plek.people.folding import fold
from plek.people.models import Person
from plek.people.selectors import break_glass_url

PAGE_SIZE = 20
# The search shows at most this many pages: refine the search rather than page on.
MAX_PAGES = 10
MAX_QUERY = 100
SHOWN_KINDS = ("naam", "geboortedatum")
EXISTENCE_KINDS = ("bestaan dossier",)

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "jan"),
            ("februari", "feb"),
            ("maart", "mrt", "mar"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augustus", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_DUTCH_DATE = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_WORDED_DATE = re.compile(r"(?<!\d)(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})(?!\d)", re.IGNORECASE)
# A postcode, optionally followed by a house number (with addition: 12a, 12-2).
_POSTCODE = re.compile(
    r"(?<![\w])([1-9][0-9]{3})\s?([a-z]{2})(?![a-z])(?:\s*(\d+(?:[\s-]?[a-z0-9]{1,4})?))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SearchQuery:
    """What was typed, taken apart into criteria; ``words`` are folded name parts."""

    text: str
    words: tuple[str, ...] = ()
    birth_date: datetime.date | None = None
    bsn: str | None = None
    postcode: str | None = None
    house_number: str | None = None
    # The whole text as typed, when it is one term: it may be a source key.
    key: str | None = None
    invalid_date: bool = False

    @property
    def empty(self) -> bool:
        return not (self.words or self.birth_date or self.bsn or self.postcode or self.key)


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _take_date(text: str) -> tuple[str, datetime.date | None, bool]:
    """The first date in the text (and the text without it); the flag: a date that is none."""
    for pattern, order in ((_ISO_DATE, "ymd"), (_DUTCH_DATE, "dmy")):
        match = pattern.search(text)
        if match:
            a, b, c = (int(part) for part in match.groups())
            day = _date(a, b, c) if order == "ymd" else _date(c, b, a)
            rest = text[: match.start()] + " " + text[match.end() :]
            return rest, day, day is None
    match = _WORDED_DATE.search(text)
    if match and match.group(2).lower() in _MONTHS:
        day = _date(int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1)))
        rest = text[: match.start()] + " " + text[match.end() :]
        return rest, day, day is None
    return text, None, False


def parse(text: str) -> SearchQuery:
    """Take a search text apart: a date, a postcode with house number, a BSN, name words."""
    text = " ".join(text.split())[:MAX_QUERY]
    key = text if text and " " not in text else None
    rest, birth_date, invalid_date = _take_date(text)
    postcode = house_number = None
    match = _POSTCODE.search(rest)
    if match:
        postcode = (match.group(1) + match.group(2)).upper()
        if match.group(3):
            house_number = "".join(match.group(3).split()).upper()
        rest = rest[: match.start()] + " " + rest[match.end() :]
    bsn = None
    words = []
    for word in fold(rest).split():
        if bsn is None and is_valid_bsn(word):
            bsn = word
        else:
            words.append(word)
    return SearchQuery(
        text=text,
        words=tuple(words),
        birth_date=birth_date,
        bsn=bsn,
        postcode=postcode,
        house_number=house_number,
        key=key,
        invalid_date=invalid_date,
    )


def matching(query: SearchQuery) -> QuerySet[Person]:
    """The persons matching every criterion (or the source key), merged-away ones left out.

    Every criterion has an index: the folded name (trigram on PostgreSQL), birth date, BSN,
    postcode with house number, and the source key.
    """
    criteria = Q()
    for word in query.words:
        criteria &= Q(search_name__contains=word)
    if query.birth_date:
        criteria &= Q(birth_date=query.birth_date)
    if query.bsn:
        criteria &= Q(bsn=query.bsn)
    if query.postcode:
        criteria &= Q(postcode=query.postcode)
        if query.house_number:
            criteria &= Q(house_number__iexact=query.house_number)
    if query.key:
        criteria |= Q(external_id=query.key)
    return Person.objects.filter(criteria, merged_into__isnull=True)


@dataclass(frozen=True)
class SearchHit:
    """One person found, as far as the actor may know them."""

    person_id: int
    visible: bool
    # Only when visible: what the actor may see to recognise them.
    label: str = ""
    birth_date: datetime.date | None = None
    url: str = ""
    break_glass_url: str | None = None


@dataclass(frozen=True)
class SearchResult:
    query: SearchQuery
    hits: list[SearchHit] = field(default_factory=list)
    page: int = 1
    has_next: bool = False
    # True when the last allowed page is full: there are more matches than the search shows.
    capped: bool = False

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def visible_hits(self) -> list[SearchHit]:
        return [hit for hit in self.hits if hit.visible]


class MatchPage(NamedTuple):
    # One page of matches and one more (to know there is a next page), related first.
    ids: list[int]
    # Those of them in the actor's visible set: the only ones the policy can allow.
    related: set[int]


def page_ids(
    actor: Actor, query: SearchQuery, page: int, per_page: int, *, related_only: bool = False
) -> MatchPage:
    """The ids of one page of matches (and one more, to know there is a next page): persons
    the actor has a relation with first, then by name; no policy decision yet.

    Two queries, each bounded by the pages the search shows: the related matches (the visible
    set as a semi-join in WHERE), then the others. Ordering by "is related" inside one query
    made PostgreSQL run the visible set as a subplan per matching row: minutes on a region.
    The others are asked for only when the related matches did not fill the pages, so then
    every visible match is among the related ones and the others are outside the visible set.
    """
    limit = page * per_page + 1
    by_name = ("family_name", "initials", "pk")
    # The best plan depends on the words (plek.core.plans): never one plan for any word.
    # The visible set is read as persons first, so PostgreSQL starts from it (a few thousand
    # key lookups at most, whatever the words); given the bare set it could start from the
    # name index instead, and for common words ("van Leeuwen") that read 94 ms against 7.
    visible = Person.objects.filter(pk__in=visible_person_ids(actor)).values("pk")
    with planned_for_the_values():
        related = list(
            matching(query)
            .filter(pk__in=visible)
            .order_by(*by_name)
            .values_list("pk", flat=True)[:limit]
        )
        ids = related
        if not related_only and len(related) < limit:
            others = (
                matching(query)
                .exclude(pk__in=related)
                .order_by(*by_name)
                .values_list("pk", flat=True)[: limit - len(related)]
            )
            ids = related + list(others)
    start = (page - 1) * per_page
    return MatchPage(ids[start : start + per_page + 1], set(related))


def search_persons(
    actor: Actor,
    text: str,
    page: int = 1,
    *,
    per_page: int = PAGE_SIZE,
    log_existence: bool = True,
) -> SearchResult:
    """One page of the persons matching ``text``, under the policy, each person shown logged.

    Persons the actor has a relation with come first. Casework roles only (others:
    AccessDenied). ``log_existence=False`` leaves unrelated matches out altogether (a picker
    that can only use persons the actor may see, such as adding a household member).
    """
    if not may_read_person_files(actor):
        raise AccessDenied()
    query = parse(text)
    page = min(max(1, page), MAX_PAGES)
    if query.empty:
        return SearchResult(query, page=page)
    matches = page_ids(actor, query, page, per_page, related_only=not log_existence)
    has_next = len(matches.ids) > per_page
    ids = matches.ids[:per_page]
    # Only persons in the visible set can be allowed (every relation source's grants are among
    # its person_id_sets), so the policy is asked about those alone: asking about the others
    # would run every source to its end for persons none of them ties to the actor.
    decisions = decide_many(actor, Action.VIEW, [pid for pid in ids if pid in matches.related])
    if not log_existence:
        ids = [pid for pid in ids if pid in decisions]
    shown = {
        person.pk: person
        for person in Person.objects.filter(pk__in=list(decisions)).only(
            "pk", "initials", "family_name", "birth_date"
        )
    }
    hits = []
    for pid in ids:
        person = shown.get(pid)
        if person is not None:
            url = reverse("people:detail", args=[pid])
            hits.append(SearchHit(pid, True, str(person), person.birth_date, url))
        else:
            hits.append(SearchHit(pid, False, break_glass_url=break_glass_url(actor, pid)))
    unrelated = [hit.person_id for hit in hits if not hit.visible]
    with transaction.atomic():
        record_reads(actor, {pid: decisions[pid] for pid in shown}, PERSON_SEARCH, SHOWN_KINDS)
        if unrelated:
            record_bulk(
                actor,
                LogAction.READ,
                PERSON_FILE_LOOKUP,
                unrelated,
                EXISTENCE_KINDS,
                Purpose.WMO_MO,
            )
    return SearchResult(
        query,
        hits,
        page,
        has_next=has_next and page < MAX_PAGES,
        capped=has_next and page >= MAX_PAGES,
    )
