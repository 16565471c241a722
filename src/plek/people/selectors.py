"""Every read of person data: through the access policy, and logged.

A selector asks ``plek.access.policy.decide``, raises ``AccessDenied`` when it says no (with the
break-the-glass offer for roles that may use it), and otherwise reads and writes exactly one
processing-log entry in the same transaction. A denied read writes no entry: nothing was
processed.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from plek.access.activities import PERSON_FILE_LOOKUP, PERSON_VIEW
from plek.access.choices import Action, LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.kinds import DataKind
from plek.access.models import BreakGlass, ProcessingLogEntry, Relation
from plek.access.policy import (
    BREAK_GLASS_BASIS,
    DENIED_NO_RELATION,
    Decision,
    decide,
    decide_many,
    is_privacy_officer,
    may_break_glass,
    may_read_person_files,
    visible_person_ids,
)
from plek.access.services import record_processing, record_reads
from plek.accounts.context import Actor
from plek.core import compiled
from plek.core.text import is_digits
from plek.people.activities import (
    DUPLICATE_CHECK,
    HOUSEHOLD_VIEW,
    INZAGE_EXPORT,
    INZAGE_LOOKUP,
    PERSON_LIST,
)
from plek.people.bsn import is_valid_bsn
from plek.people.dossier import (
    DossierAction,
    DossierSection,
    DossierStatus,
    Presence,
    StatusLine,
    TimelineEntry,
    data_kinds_of_dossier,
    dossier_actions,
    dossier_sections,
    dossier_statuses,
    presences,
    timeline,
)
from plek.people.models import Consent, Household, HouseholdMember, Person, PersonMerge

PERSON_DATA_KINDS = ("identificatie", "naam", "geboortedatum", "geslacht", "gemeente van herkomst")
DOSSIER_OWN_KINDS = ("contactgegevens", "adres", "huishouden", "toestemmingen")
DOSSIER_CONTACT_KINDS = ("contactgegevens", "adres")


def break_glass_url(actor: Actor, person_id: int) -> str | None:
    if not may_break_glass(actor):
        return None
    return reverse("access:break-glass", args=[person_id])


def _denied(actor: Actor, person_id: int) -> AccessDenied:
    return AccessDenied(break_glass_url=break_glass_url(actor, person_id))


def authorise(actor: Actor, action: str, person_id: int, *, kind: str | None = None) -> Decision:
    """The policy's answer for one person, or AccessDenied: the one gate every selector uses.

    ``kind`` is the kind of data to be shown (``plek.access.kinds.DataKind``; None: identity): a
    relation whose purpose does not need it does not open it. The decision's purpose (the one to
    log) is the relation's. Casework roles without a relation get the break-the-glass offer (and
    learn only that the file exists); other roles a plain 403. A person id not in use raises
    Person.DoesNotExist.
    """
    decision = decide(actor, action, person_id, kind=kind)
    if not decision.allowed:
        # Only casework roles learn that the file exists (docs/domain.md, "Who may see what");
        # others get a plain 403.
        if decision.basis != DENIED_NO_RELATION:
            raise AccessDenied()
        if not Person.objects.filter(pk=person_id).exists():
            raise Person.DoesNotExist(person_id)
        raise _denied(actor, person_id)
    return decision


@dataclass(frozen=True)
class OpenedPerson:
    """A person read under the policy, with the decision that allowed it (for the page banner)."""

    person: Person
    decision: Decision


def open_person(
    actor: Actor,
    person_id: int,
    data_kinds: tuple[str, ...] = PERSON_DATA_KINDS,
) -> OpenedPerson:
    """Read a person's basic data under the policy and log it once; see ``get_person``."""
    decision = authorise(actor, Action.VIEW, person_id)
    assert decision.purpose is not None
    with transaction.atomic():
        person = Person.objects.select_related("origin_municipality").get(pk=person_id)
        record_processing(
            actor,
            LogAction.READ,
            PERSON_VIEW,
            person.pk,
            data_kinds,
            decision.purpose,
            break_glass_id=decision.break_glass_id,
            break_glass=decision.basis == BREAK_GLASS_BASIS,
        )
    return OpenedPerson(person, decision)


def open_for_change(
    actor: Actor, person_id: int, kind: str, data_kinds: tuple[str, ...]
) -> tuple[Person, list[Consent]]:
    """A person's data for a change form (contact details, consents): the relation must allow
    changing ``kind``; logged once as read with the kinds the form shows. The consents come
    along only when ``kind`` is the household-and-consents kind."""
    decision = authorise(actor, Action.CHANGE, person_id, kind=kind)
    assert decision.purpose is not None
    with transaction.atomic():
        person = Person.objects.select_related("address_municipality").get(pk=person_id)
        record_reads(actor, {person.pk: decision}, PERSON_VIEW, PERSON_DATA_KINDS + data_kinds)
    consents: list[Consent] = []
    if kind == DataKind.HOUSEHOLD:
        consents = list(Consent.objects.filter(person=person).select_related("organisation"))
    return person, consents


@dataclass(frozen=True)
class Dossier:
    opened: OpenedPerson
    timeline: list[TimelineEntry]
    memberships: list[HouseholdMember] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    merged_persons: list[PersonMerge] = field(default_factory=list)
    # Where the person stands, per registered status, and what the viewer may do here.
    status: list[tuple[DossierStatus, list[StatusLine]]] = field(default_factory=list)
    actions: list[DossierAction] = field(default_factory=list)

    @property
    def next_deadline(self) -> StatusLine | None:
        dated = [line for _status, lines in self.status for line in lines if line.due]
        return min(dated, key=lambda line: line.due or datetime.date.max, default=None)

    @property
    def alerts(self) -> list[StatusLine]:
        return [line for _status, lines in self.status for line in lines if line.alert]


# The person's own rows the dossier shows beside the sections, asked as flags with the person.
_OWN_PRESENCE = {
    "plek_has_memberships": lambda: HouseholdMember.objects.filter(person_id=OuterRef("pk")),
    "plek_has_consents": lambda: Consent.objects.filter(person_id=OuterRef("pk")),
    "plek_has_merges": lambda: PersonMerge.objects.filter(
        target_id=OuterRef("pk"), undone_at__isnull=True
    ),
}


def _action_candidates(actor: Actor, decision: Decision) -> list[DossierAction]:
    """The registered actions this relation and role allow, before asking about the person."""
    grant = decision.grant
    if grant is None or decision.is_break_glass:
        return []
    return [
        action
        for action in dossier_actions()
        if action.action in grant.actions
        and action.kind in grant.kinds
        and action.allowed_for(actor)
    ]


def _offered(
    actor: Actor, person: Person, action: DossierAction, present: dict[Presence, bool]
) -> bool:
    if action.present is not None and not present[action.present]:
        return action.if_absent
    return action.available(actor, person)


def _read_with_flags(
    person_id: int, queries: list[Presence]
) -> tuple[Person, dict[Presence, bool], dict[str, bool]]:
    """The person, with one EXISTS flag per presence query and per own kind of rows.

    The flags are one statement however many sections the dossier has, compiled once per set of
    sections (``plek.core.compiled``): building and compiling its some twenty subqueries took
    longer than reading the person and running them."""
    person = Person.objects.select_related("origin_municipality").get(pk=person_id)
    statement = compiled.statement(("dossier-presence", tuple(queries)), lambda: _flags(queries))
    found = statement.rows(compiled.Asked([person_id]))
    # The columns as the statement selects them: "plek_present_<query>_<part>", then the own.
    flags = dict(
        zip(statement.compiler.query.annotation_select, found[0] if found else (), strict=False)
    )
    present = {
        query: any(value for name, value in flags.items() if name.startswith(f"plek_present_{n}_"))
        for n, query in enumerate(queries)
    }
    return person, present, {name: bool(flags.get(name)) for name in _OWN_PRESENCE}


def _flags(queries: list[Presence]) -> QuerySet[Person, tuple[Any, ...]]:
    """The EXISTS flags of ``_read_with_flags`` for the persons asked, in its order."""
    flags: dict[str, Exists] = {}
    for n, query in enumerate(queries):
        asked = query()
        parts = asked if isinstance(asked, tuple) else (asked,)
        flags.update({f"plek_present_{n}_{m}": Exists(part) for m, part in enumerate(parts)})
    own = {name: Exists(query()) for name, query in _OWN_PRESENCE.items()}
    return (
        Person.objects.filter(compiled.AmongAsked("id"))
        .annotate(**flags, **own)
        .values_list(*flags, *own)
    )


def open_dossier(actor: Actor, person_id: int) -> Dossier:
    """The person, own data and the timeline of the dossier sections the relation opens.

    One decision, one log row naming the kinds of data shown: a relation for one purpose (the
    postal process, a placement) shows only the sections of the kinds that purpose needs. The
    log names every section the relation opens, also the empty ones (what was looked at); one
    statement tells which sections, statuses and actions have rows, and only those are asked
    (see ``plek.people.dossier``).
    """
    decision = authorise(actor, Action.VIEW, person_id)
    sections = [s for s in dossier_sections() if s.kind in decision.kinds]
    statuses = [s for s in dossier_statuses() if decision.opens(s.kind)]
    candidates = _action_candidates(actor, decision)
    household = DataKind.HOUSEHOLD in decision.kinds
    own = DOSSIER_OWN_KINDS if household else DOSSIER_CONTACT_KINDS
    kinds = PERSON_DATA_KINDS + own + data_kinds_of_dossier(sections)
    with transaction.atomic():
        person, present, has = _read_with_flags(
            person_id, presences([*sections, *statuses, *candidates])
        )
        record_reads(actor, {person.pk: decision}, PERSON_VIEW, kinds)
    opened = OpenedPerson(person, decision)

    def there(item: DossierSection | DossierStatus) -> bool:
        return item.present is None or present[item.present]

    memberships: list[HouseholdMember] = []
    consents: list[Consent] = []
    if household and has["plek_has_memberships"]:
        memberships = list(
            HouseholdMember.objects.filter(person=person)
            .select_related("household")
            .order_by("-start_date", "-id")
        )
    if household and has["plek_has_consents"]:
        consents = list(Consent.objects.filter(person=person).select_related("organisation"))
    merges: list[PersonMerge] = []
    if has["plek_has_merges"]:
        merges = list(
            PersonMerge.objects.filter(target=person, undone_at__isnull=True).select_related(
                "source"
            )
        )
    status = [(item, list(item.lines(actor, person)) if there(item) else []) for item in statuses]
    # Never an action on a merged-away registration.
    actions = (
        []
        if person.merged_into_id
        else [a for a in candidates if _offered(actor, person, a, present)]
    )
    return Dossier(
        opened,
        timeline(actor, person, [s for s in sections if there(s)]),
        memberships,
        consents,
        merges,
        status,
        actions,
    )


def get_person(actor: Actor, person_id: int) -> Person:
    """The person's basic data, when the policy allows the actor to view them.

    Logged under the purpose of the relation (or break-the-glass) that gives access; the caller
    does not choose it. Raises AccessDenied (with the break-the-glass offer for casework roles)
    or, for casework roles only, ``Person.DoesNotExist``.
    """
    return open_person(actor, person_id).person


def person_exists(actor: Actor, person_id: int) -> bool:
    """Whether this person id is in use: the one fact casework may learn without a relation."""
    if not may_read_person_files(actor):
        raise AccessDenied()
    return Person.objects.filter(pk=person_id).exists()


def find_file(actor: Actor, bsn: str, purpose: str = Purpose.WMO_MO) -> int | None:
    """The id of the person with this BSN, or None: existence and nothing more.

    For casework roles, so they can ask for access or break the glass. Each lookup is logged,
    also a miss (without a person).
    """
    if not may_read_person_files(actor):
        raise AccessDenied()
    if not is_valid_bsn(bsn):
        raise ValueError("Geen geldig BSN")
    with transaction.atomic():
        person_id = Person.objects.filter(bsn=bsn).values_list("pk", flat=True).first()
        record_processing(
            actor, LogAction.READ, PERSON_FILE_LOOKUP, person_id, ["bestaan dossier"], purpose
        )
    return person_id


def person_id_for_bsn(bsn: str) -> int | None:
    """For the privacy officer's log search only: which id the log uses for this BSN.

    The search that uses it is logged by ``plek.access.selectors.search_log``.
    """
    return Person.objects.filter(bsn=bsn).values_list("pk", flat=True).first()


# --- duplicate detection ------------------------------------------------------------------------


def normalised_name(name: str) -> str:
    """Family name for comparison: no case, no accents, no spaces or punctuation."""
    decomposed = unicodedata.normalize("NFKD", name)
    kept = (ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))
    return "".join(kept).casefold()


@dataclass(frozen=True)
class DuplicateMatch:
    """A person that may be the one being registered, as far as the actor may know them."""

    person_id: int
    visible: bool
    # Only when visible: what the actor may see to recognise them.
    label: str = ""
    birth_date: datetime.date | None = None
    url: str = ""
    break_glass_url: str | None = None


@dataclass(frozen=True)
class DuplicateReport:
    bsn_match: DuplicateMatch | None
    close_matches: list[DuplicateMatch]

    @property
    def close_ids(self) -> list[int]:
        return [match.person_id for match in self.close_matches]


def _final(person: Person) -> Person:
    # A merged person stands for the one it was merged into.
    seen = {person.pk}
    while person.merged_into_id is not None and person.merged_into_id not in seen:
        seen.add(person.merged_into_id)
        person = Person.objects.get(pk=person.merged_into_id)
    return person


def _match(actor: Actor, person: Person) -> DuplicateMatch:
    person = _final(person)
    if decide(actor, Action.VIEW, person.pk).allowed:
        return DuplicateMatch(
            person.pk,
            True,
            str(person),
            person.birth_date,
            reverse("people:detail", args=[person.pk]),
        )
    return DuplicateMatch(person.pk, False, break_glass_url=break_glass_url(actor, person.pk))


def find_duplicates(
    actor: Actor,
    bsn: str | None,
    family_name: str,
    birth_date: datetime.date | None,
    purpose: str = Purpose.WMO_MO,
) -> DuplicateReport:
    """Persons that may already be the one being registered: same BSN, or same birth date and
    family name (case, accents and spaces ignored). Casework only.

    The actor learns a match's name only when the policy lets them see that person; otherwise
    only that it exists. Every match is logged as a lookup of that person.
    """
    if not may_read_person_files(actor):
        raise AccessDenied()
    with transaction.atomic():
        bsn_match = None
        if bsn:
            existing = Person.objects.filter(bsn=bsn).first()
            if existing is not None:
                bsn_match = _match(actor, existing)
        close: list[DuplicateMatch] = []
        if birth_date is not None and family_name.strip():
            wanted = normalised_name(family_name)
            candidates = Person.objects.filter(birth_date=birth_date, merged_into__isnull=True)
            for candidate in candidates.order_by("pk"):
                if normalised_name(candidate.family_name) != wanted:
                    continue
                if bsn_match is not None and candidate.pk == bsn_match.person_id:
                    continue
                close.append(_match(actor, candidate))
        matches = ([bsn_match] if bsn_match else []) + close
        for match in matches:
            kinds = ["bestaan dossier"] + (["naam", "geboortedatum"] if match.visible else [])
            record_processing(
                actor, LogAction.READ, DUPLICATE_CHECK, match.person_id, kinds, purpose
            )
    return DuplicateReport(bsn_match, close)


# --- households ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HouseholdView:
    household: Household
    # Only the memberships of persons the actor may see; the others are counted, not shown.
    members: list[HouseholdMember]
    hidden_members: int


def open_household(actor: Actor, household_id: int) -> HouseholdView:
    """A household with its members over time, when the actor may see at least one member.

    Shows only the members the actor may see (a stricter choice than showing all: belonging to
    a household is personal data of each member) and logs one row per person shown.
    """
    if not may_read_person_files(actor):
        raise AccessDenied()
    household = Household.objects.filter(pk=household_id).first()
    if household is None:
        raise Household.DoesNotExist(household_id)
    memberships = list(
        HouseholdMember.objects.filter(household=household)
        .select_related("person")
        .order_by("start_date", "id")
    )
    decisions = decide_many(
        actor, Action.VIEW, {m.person_id for m in memberships}, kind=DataKind.HOUSEHOLD
    )
    shown = [m for m in memberships if m.person_id in decisions]
    if not shown:
        raise AccessDenied()
    with transaction.atomic():
        record_reads(actor, decisions, HOUSEHOLD_VIEW, ["huishouden", "naam"])
    hidden = len({m.person_id for m in memberships} - {m.person_id for m in shown})
    return HouseholdView(household, shown, hidden)


# --- lists --------------------------------------------------------------------------------------


def visible_persons_page(actor: Actor, page_number: int = 1, per_page: int = 50) -> Page[Person]:
    """One page of the persons the actor may see (merged-away persons left out), logged once
    per person on the page."""
    if not may_read_person_files(actor):
        raise AccessDenied()
    persons = (
        Person.objects.filter(pk__in=visible_person_ids(actor), merged_into__isnull=True)
        .select_related("origin_municipality")
        .order_by("family_name", "initials", "id")
    )
    page = Paginator(persons, per_page).get_page(page_number)
    decisions = decide_many(actor, Action.VIEW, [person.pk for person in page.object_list])
    # A relation that ended between the two queries: that person is not shown.
    page.object_list = [person for person in page.object_list if person.pk in decisions]
    with transaction.atomic():
        record_reads(actor, decisions, PERSON_LIST, PERSON_DATA_KINDS)
    return page


# --- inzage (AVG access request) ----------------------------------------------------------------


def find_person_for_inzage(actor: Actor, bsn_or_id: str) -> int | None:
    """The privacy officer looks up the person of an access request by BSN or plek id."""
    if not is_privacy_officer(actor):
        raise AccessDenied()
    value = bsn_or_id.strip()
    with transaction.atomic():
        if len(value) == 9 and is_valid_bsn(value):
            person_id = Person.objects.filter(bsn=value).values_list("pk", flat=True).first()
        elif is_digits(value):
            person_id = Person.objects.filter(pk=int(value)).values_list("pk", flat=True).first()
        else:
            raise ValueError("Geef een geldig BSN of het nummer van de persoon in plek.")
        record_processing(
            actor, LogAction.READ, INZAGE_LOOKUP, person_id, ["bestaan dossier"], Purpose.INZAGE
        )
    return person_id


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _row(instance: Any, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every concrete field of a row, foreign keys as ids."""
    return {
        f.attname: _jsonable(getattr(instance, f.attname))
        for f in instance._meta.concrete_fields
        if f.attname not in exclude
    }


def inzage_export(actor: Actor, person_id: int) -> dict[str, Any]:
    """Everything stored about one person, for the privacy officer answering an access request.

    The person's own data, contact details, households, consents, merges, access relations and
    break-the-glass events, every dossier section's data, and the processing-log rows about the
    person. Privacy officers only, under the purpose "inzage"; logged as one export.
    """
    if not is_privacy_officer(actor):
        raise AccessDenied()
    with transaction.atomic():
        person = Person.objects.select_related("origin_municipality", "address_municipality").get(
            pk=person_id
        )
        sections: dict[str, Any] = {}
        for section in dossier_sections():
            if section.export is not None:
                rows = [_jsonable(dict(row)) for row in section.export(person)]
            else:
                rows = [
                    {"datum": e.day.isoformat(), "titel": str(e.title), "toelichting": e.detail}
                    for e in section.entries(actor, person)
                ]
            sections[section.key] = {"titel": str(section.title), "gegevens": rows}
        log_rows = [
            _row(entry, exclude=("previous_hash", "hash", "chain", "sequence"))
            for entry in ProcessingLogEntry.objects.filter(person_id=person.pk).order_by(
                "timestamp", "id"
            )
        ]
        export: dict[str, Any] = {
            "gemaakt_op": timezone.now().isoformat(),
            "persoon": _row(person),
            "gemeente_van_herkomst": (
                person.origin_municipality.name if person.origin_municipality else None
            ),
            "gemeente_van_adres": (
                person.address_municipality.name if person.address_municipality else None
            ),
            "huishoudens": [
                {
                    **_row(m),
                    "huishouden": m.household.name,
                    "rol_omschrijving": m.get_role_display(),
                }
                for m in HouseholdMember.objects.filter(person=person).select_related("household")
            ],
            "toestemmingen": [
                {**_row(c), "organisatie": c.organisation.name}
                for c in Consent.objects.filter(person=person).select_related("organisation")
            ],
            "samenvoegingen": [
                _row(m) for m in PersonMerge.objects.filter(Q(target=person) | Q(source=person))
            ],
            "relaties": [_row(r) for r in Relation.objects.filter(person=person)],
            "doorbraken_van_toegang": [_row(b) for b in BreakGlass.objects.filter(person=person)],
            "onderdelen": sections,
        }
        record_processing(
            actor,
            LogAction.EXPORT,
            INZAGE_EXPORT,
            person.pk,
            ("alle gegevens", "verwerkingenlog"),
            Purpose.INZAGE,
        )
        # The export's own log row is part of what is stored about the person from now on.
        export["verwerkingen"] = log_rows
    return export


def household_of_member(member_id: int) -> int | None:
    """The household of a membership row: an id to route by, no personal data."""
    return (
        HouseholdMember.objects.filter(pk=member_id).values_list("household_id", flat=True).first()
    )


def merge_target(merge_id: int) -> int:
    """The person a merge went into: an id to route by, no personal data."""
    return PersonMerge.objects.values_list("target_id", flat=True).get(pk=merge_id)


def inzage_timeline(actor: Actor, person_id: int) -> list[tuple[str, list[TimelineEntry]]]:
    """Every dossier section's entries about one person, for the resident's inzage letter.

    Privacy officers only; the letter is logged once as the export it is made from
    (``inzage_export``), so this read writes no row of its own.
    """
    if not is_privacy_officer(actor):
        raise AccessDenied()
    person = Person.objects.get(pk=person_id)
    return [
        (str(section.title), list(section.entries(actor, person))) for section in dossier_sections()
    ]


def person_of_consent(consent_id: int) -> int | None:
    """The person a consent is about: an id to route by, no personal data."""
    return Consent.objects.filter(pk=consent_id).values_list("person_id", flat=True).first()
