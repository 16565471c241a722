"""State changes of persons and households: each one transaction, checked and logged.

Registering a person (with duplicate detection), contact details and address, consent, household
membership over time, and merging two registrations of one person (and undoing that).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.access.choices import CASEWORK_PURPOSES, Action, LogAction, Purpose, RelationKind
from plek.access.exceptions import AccessDenied
from plek.access.models import BreakGlass, Relation
from plek.access.policy import decide, may_read_person_files
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.accounts.models import Organisation
from plek.accounts.roles import Role
from plek.people.activities import (
    CONSENT_CHANGE,
    HOUSEHOLD_CHANGE,
    PERSON_CHANGE,
    PERSON_CREATE,
    PERSON_MERGE,
    PERSON_MERGE_UNDO,
)
from plek.people.bsn import is_valid_bsn
from plek.people.models import (
    CONSENT_DATA_KINDS,
    Consent,
    DuplicateOverrule,
    Household,
    HouseholdMember,
    HouseholdRole,
    Person,
    PersonMerge,
    Sex,
)
from plek.people.selectors import DuplicateReport, break_glass_url, find_duplicates

# Who may merge two registrations: the Wmo consultants of the municipal access point
# (toegang), who register residents and keep their identity right. They also need a relation
# to both persons that allows changes (break-the-glass, which only allows looking, is not
# enough). Functional admins and privacy officers never open files, so they cannot merge.
MERGE_ROLES = frozenset({Role.TOEGANG})

# The relation the creator's team gets with a person it registers: long enough to do the
# intake and start a plan, after which the plan's own relations take over.
CREATOR_RELATION_DAYS = 180


class DuplicatePerson(Exception):
    """Registering was refused (same BSN) or needs a choice (close matches)."""

    def __init__(self, report: DuplicateReport) -> None:
        super().__init__("mogelijk dubbele persoon")
        self.report = report

    @property
    def refused(self) -> bool:
        return self.report.bsn_match is not None


@dataclass(frozen=True)
class PersonData:
    family_name: str
    initials: str = ""
    bsn: str = ""
    birth_date: datetime.date | None = None
    sex: str = Sex.ANDERS
    origin_municipality_id: int | None = None
    phone: str = ""
    email: str = ""
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    address_municipality_id: int | None = None
    no_fixed_address: bool = False


def _require(actor: Actor, action: str, person_id: int) -> Any:
    decision = decide(actor, action, person_id)
    if not decision.allowed:
        raise AccessDenied(break_glass_url=break_glass_url(actor, person_id))
    return decision


def _check_address(data: Any) -> None:
    has_address = any((data.street, data.house_number, data.postcode))
    if data.no_fixed_address and has_address:
        raise ValidationError(
            {
                "no_fixed_address": _(
                    "Zonder vaste woon- of verblijfplaats: laat het adres dan leeg, of zet dit "
                    "vinkje uit."
                )
            }
        )


def _validated_person(data: PersonData) -> Person:
    _check_address(data)
    person = Person(
        bsn=data.bsn.strip() or None,
        initials=data.initials.strip(),
        family_name=data.family_name.strip(),
        birth_date=data.birth_date,
        sex=data.sex,
        origin_municipality_id=data.origin_municipality_id,
        phone=data.phone.strip(),
        email=data.email.strip(),
        street=data.street.strip(),
        house_number=data.house_number.strip(),
        postcode=data.postcode.replace(" ", "").upper(),
        address_municipality_id=data.address_municipality_id,
        no_fixed_address=data.no_fixed_address,
    )
    # external_id is filled in on save; uniqueness of the BSN is the duplicate check's job.
    person.full_clean(exclude=["external_id", "bsn"])
    return person


def create_person(
    actor: Actor,
    data: PersonData,
    *,
    overrule: bool = False,
    purpose: str = Purpose.WMO_MO,
) -> Person:
    """Register a new person, after duplicate detection.

    - Same BSN as a stored person: refused (``DuplicatePerson`` with ``refused``).
    - Same birth date and family name (case, accents ignored): ``DuplicatePerson`` unless
      ``overrule``; an overrule is recorded (``DuplicateOverrule``) with the candidates' ids.

    The creator's team (or the creator, without a team) gets a relation of kind "overig" with
    the person for ``CREATOR_RELATION_DAYS``, so they can continue working on the file.
    """
    if not may_read_person_files(actor):
        raise AccessDenied()
    if purpose not in CASEWORK_PURPOSES:
        raise ValidationError({"purpose": _("Doel: kies het doel waarvoor u de persoon vastlegt.")})
    if data.bsn.strip() and not is_valid_bsn(data.bsn.strip()):
        raise ValidationError(
            {"bsn": _("BSN: het moet uit 9 cijfers bestaan en voldoen aan de elfproef.")}
        )
    person = _validated_person(data)
    # Its own transaction: the lookups are logged even when registering is then refused.
    report = find_duplicates(actor, person.bsn, person.family_name, person.birth_date, purpose)
    if report.bsn_match is not None or (report.close_matches and not overrule):
        raise DuplicatePerson(report)
    assert actor.membership is not None
    membership = actor.membership
    today = timezone.localdate()
    try:
        with transaction.atomic():
            person.save()
            if report.close_matches:
                DuplicateOverrule.objects.create(
                    person=person,
                    candidate_ids=report.close_ids,
                    user=actor.user,
                    organisation_id=membership.organisation_id,
                )
            holder: dict[str, Any] = (
                {"team_id": membership.team_id} if membership.team_id else {"user": actor.user}
            )
            Relation.objects.create(
                person=person,
                kind=RelationKind.OVERIG,
                purpose=purpose,
                valid_from=today,
                valid_until=today + datetime.timedelta(days=CREATOR_RELATION_DAYS),
                created_by=actor.user,
                **holder,
            )
            kinds = ["identificatie", "naam", "geboortedatum", "geslacht", "contactgegevens"]
            record_processing(actor, LogAction.CREATE, PERSON_CREATE, person.pk, kinds, purpose)
    except IntegrityError:
        # Someone registered the same BSN at the same moment: the database refused the second.
        if person.bsn and Person.objects.filter(bsn=person.bsn).exists():
            raise DuplicatePerson(
                find_duplicates(actor, person.bsn, person.family_name, None, purpose)
            ) from None
        raise
    return person


def update_contact(
    actor: Actor,
    person_id: int,
    *,
    phone: str = "",
    email: str = "",
    street: str = "",
    house_number: str = "",
    postcode: str = "",
    address_municipality_id: int | None = None,
    no_fixed_address: bool = False,
) -> Person:
    """Change contact details and the current address (or "no fixed address")."""
    decision = _require(actor, Action.CHANGE, person_id)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person_id)
        person.phone = phone.strip()
        person.email = email.strip()
        person.street = street.strip()
        person.house_number = house_number.strip()
        person.postcode = postcode.replace(" ", "").upper()
        person.address_municipality_id = address_municipality_id
        person.no_fixed_address = no_fixed_address
        _check_address(person)
        person.full_clean(exclude=["external_id", "bsn"])
        person.save()
        record_processing(
            actor,
            LogAction.CHANGE,
            PERSON_CHANGE,
            person.pk,
            ["contactgegevens", "adres"],
            decision.purpose,
        )
    return person


# --- consent ------------------------------------------------------------------------------------


def give_consent(
    actor: Actor,
    person_id: int,
    organisation_id: int,
    data_kinds: Iterable[str],
    purpose: str,
    given_on: datetime.date,
    valid_until: datetime.date | None = None,
) -> Consent:
    """Record that the person lets an organisation receive these data for this purpose."""
    decision = _require(actor, Action.CHANGE, person_id)
    kinds = sorted(set(data_kinds))
    errors: dict[str, str] = {}
    known = {code for code, _label in CONSENT_DATA_KINDS}
    if not kinds or not set(kinds) <= known:
        errors["data_kinds"] = _("Soorten gegevens: kies minstens één soort uit de lijst.")
    if purpose not in CASEWORK_PURPOSES:
        errors["purpose"] = _("Doel: kies een van de doelen uit de lijst.")
    if valid_until is not None and valid_until <= given_on:
        errors["valid_until"] = _("Geldig tot: deze datum moet na 'gegeven op' liggen.")
    if not Organisation.objects.filter(pk=organisation_id).exists():
        errors["organisation"] = _("Organisatie: kies een organisatie uit de lijst.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consent = Consent.objects.create(
            person_id=person_id,
            organisation_id=organisation_id,
            data_kinds=kinds,
            purpose=purpose,
            given_on=given_on,
            valid_until=valid_until,
            recorded_by=actor.user,
        )
        record_processing(
            actor, LogAction.CREATE, CONSENT_CHANGE, person_id, ["toestemmingen"], decision.purpose
        )
    return consent


def revoke_consent(actor: Actor, consent_id: int, revoked_on: datetime.date) -> Consent:
    """The person withdraws a consent from ``revoked_on``; the record stays as history."""
    person_id = Consent.objects.values_list("person_id", flat=True).get(pk=consent_id)
    decision = _require(actor, Action.CHANGE, person_id)
    with transaction.atomic():
        consent = Consent.objects.select_for_update().get(pk=consent_id)
        if consent.revoked_on is not None:
            raise ValidationError(
                {"revoked_on": _("Ingetrokken op: deze toestemming is al ingetrokken.")}
            )
        if revoked_on < consent.given_on:
            raise ValidationError(
                {"revoked_on": _("Ingetrokken op: deze datum ligt voor 'gegeven op'.")}
            )
        consent.revoked_on = revoked_on
        consent.save(update_fields=["revoked_on"])
        record_processing(
            actor, LogAction.CHANGE, CONSENT_CHANGE, person_id, ["toestemmingen"], decision.purpose
        )
    return consent


# --- households ---------------------------------------------------------------------------------


def _check_role(role: str) -> None:
    if role not in HouseholdRole.values:
        raise ValidationError({"role": _("Rol: kies een rol uit de lijst.")})


def _add_member(
    household: Household, person_id: int, role: str, start_date: datetime.date
) -> HouseholdMember:
    # The person's row lock serialises concurrent changes to their memberships.
    Person.objects.select_for_update().get(pk=person_id)
    open_elsewhere = HouseholdMember.objects.filter(person_id=person_id).exclude(
        end_date__isnull=False, end_date__lte=start_date
    )
    if open_elsewhere.exists():
        raise ValidationError(
            {
                "person": _(
                    "Persoon: hoort op deze datum al bij een huishouden; beëindig dat "
                    "lidmaatschap eerst."
                )
            }
        )
    return HouseholdMember.objects.create(
        household=household, person_id=person_id, role=role, start_date=start_date
    )


def create_household(
    actor: Actor,
    person_id: int,
    name: str,
    role: str = HouseholdRole.AANVRAGER,
    start_date: datetime.date | None = None,
) -> Household:
    """A new household with this person as its first member."""
    decision = _require(actor, Action.CREATE, person_id)
    _check_role(role)
    if not name.strip():
        raise ValidationError({"name": _("Naam: geef het huishouden een naam.")})
    start = start_date or timezone.localdate()
    with transaction.atomic():
        household = Household.objects.create(name=name.strip())
        _add_member(household, person_id, role, start)
        record_processing(
            actor, LogAction.CREATE, HOUSEHOLD_CHANGE, person_id, ["huishouden"], decision.purpose
        )
    return household


def _visible_in(actor: Actor, household: Household) -> bool:
    return any(
        decide(actor, Action.VIEW, person_id).allowed
        for person_id in household.members.values_list("person_id", flat=True).distinct()
    )


def add_household_member(
    actor: Actor,
    household_id: int,
    person_id: int,
    role: str,
    start_date: datetime.date,
) -> HouseholdMember:
    """Add a person from ``start_date``: the actor must work with the person and see the
    household (through another member)."""
    decision = _require(actor, Action.CREATE, person_id)
    _check_role(role)
    with transaction.atomic():
        household = Household.objects.select_for_update().get(pk=household_id)
        if not _visible_in(actor, household):
            raise AccessDenied()
        member = _add_member(household, person_id, role, start_date)
        record_processing(
            actor, LogAction.CREATE, HOUSEHOLD_CHANGE, person_id, ["huishouden"], decision.purpose
        )
    return member


def end_household_member(actor: Actor, member_id: int, end_date: datetime.date) -> HouseholdMember:
    """The person leaves the household on ``end_date`` (exclusive); the row stays as history."""
    person_id = HouseholdMember.objects.values_list("person_id", flat=True).get(pk=member_id)
    decision = _require(actor, Action.CHANGE, person_id)
    with transaction.atomic():
        member = HouseholdMember.objects.select_for_update().get(pk=member_id)
        if member.end_date is not None:
            raise ValidationError({"end_date": _("Tot: dit lidmaatschap is al beëindigd.")})
        if end_date <= member.start_date:
            raise ValidationError({"end_date": _("Tot: deze datum moet na 'vanaf' liggen.")})
        member.end_date = end_date
        member.save(update_fields=["end_date"])
        record_processing(
            actor, LogAction.CHANGE, HOUSEHOLD_CHANGE, person_id, ["huishouden"], decision.purpose
        )
    return member


# --- merge --------------------------------------------------------------------------------------

# Rows that stay with the person they were made for: the merge's own records, the record of an
# overruled duplicate warning and break-the-glass events (evidence for the privacy officer).
_NOT_MOVED = frozenset({"people.person", "people.personmerge", "people.duplicateoverrule"})


def _person_foreign_keys() -> list[tuple[Any, str]]:
    """Every (model, field) in the project that points at a person with a plain foreign key."""
    keys = []
    for model in apps.get_models():
        if model._meta.label_lower in _NOT_MOVED or model is BreakGlass:
            continue
        for field in model._meta.concrete_fields:
            if field.many_to_one and field.related_model is Person and not field.one_to_one:
                keys.append((model, field.attname))
    return keys


def may_merge(actor: Actor) -> bool:
    return actor.role in MERGE_ROLES and may_read_person_files(actor)


def merge_persons(actor: Actor, target_id: int, source_id: int) -> PersonMerge:
    """Merge person ``source`` into ``target``: move every row of ``source`` in the chain
    (signals, stays, waiting entries, assessments, plans, postal applications, aftercare,
    household memberships, consents, relations, ...) to ``target`` and mark ``source`` as
    merged. The merge record lists exactly the rows moved, so ``undo_merge`` can move them back.
    """
    if not may_merge(actor):
        raise AccessDenied()
    if target_id == source_id:
        raise ValidationError({"source": _("Samenvoegen met: kies een andere persoon.")})
    decisions = {pid: _require(actor, Action.CHANGE, pid) for pid in (target_id, source_id)}
    try:
        return _merge(actor, target_id, source_id, decisions)
    except IntegrityError:
        # A rule of another table (one open stay, one active plan, ...) forbids the result.
        raise ValidationError(
            {
                "source": _(
                    "Samenvoegen met: dat kan niet, want de gegevens van beide personen botsen "
                    "(bijvoorbeeld twee lopende verblijven of plannen). Sluit er eerst één af."
                )
            }
        ) from None


def _merge(actor: Actor, target_id: int, source_id: int, decisions: dict[int, Any]) -> PersonMerge:
    with transaction.atomic():
        locked = {
            p.pk: p
            for p in Person.objects.select_for_update()
            .filter(pk__in=[target_id, source_id])
            .order_by("pk")
        }
        target, source = locked[target_id], locked[source_id]
        if source.merged_into_id is not None or target.merged_into_id is not None:
            raise ValidationError(
                {"source": _("Samenvoegen met: een van beide is al samengevoegd.")}
            )
        _check_memberships_apart(target_id, source_id)
        moved: list[dict[str, Any]] = []
        for model, attname in _person_foreign_keys():
            rows = model._base_manager.filter(**{attname: source.pk})
            pks = list(rows.values_list("pk", flat=True))
            if not pks:
                continue
            model._base_manager.filter(pk__in=pks).update(**{attname: target.pk})
            moved.extend(
                {"model": model._meta.label_lower, "field": attname, "pk": pk} for pk in pks
            )
        source.merged_into = target
        source.save(update_fields=["merged_into", "updated_at"])
        merge = PersonMerge.objects.create(
            target=target, source=source, moved=moved, merged_by=actor.user
        )
        for pid in (target_id, source_id):
            record_processing(
                actor,
                LogAction.CHANGE,
                PERSON_MERGE,
                pid,
                ["identificatie", "alle gegevens in de keten"],
                decisions[pid].purpose,
            )
    return merge


def _check_memberships_apart(target_id: int, source_id: int) -> None:
    """One household at a time, after the merge too: the two persons' household memberships
    must not overlap (PostgreSQL's exclusion constraint would refuse; SQLite has none)."""
    periods = sorted(
        (start, end or datetime.date.max)
        for start, end in HouseholdMember.objects.filter(
            person_id__in=[target_id, source_id]
        ).values_list("start_date", "end_date")
    )
    if any(later[0] < earlier[1] for earlier, later in pairwise(periods)):
        raise ValidationError(
            {
                "source": _(
                    "Samenvoegen met: dat kan niet, want beide personen horen in dezelfde periode "
                    "bij een huishouden. Beëindig eerst één van die lidmaatschappen."
                )
            }
        )


def undo_merge(actor: Actor, merge_id: int) -> PersonMerge:
    """Move exactly the rows the merge moved back to the merged person and restore it."""
    if not may_merge(actor):
        raise AccessDenied()
    merge = PersonMerge.objects.get(pk=merge_id)
    decision = _require(actor, Action.CHANGE, merge.target_id)
    with transaction.atomic():
        merge = PersonMerge.objects.select_for_update().get(pk=merge_id)
        if merge.undone_at is not None:
            raise ValidationError(_("Deze samenvoeging is al ongedaan gemaakt."))
        persons = {
            p.pk: p
            for p in Person.objects.select_for_update()
            .filter(pk__in=[merge.target_id, merge.source_id])
            .order_by("pk")
        }
        target, source = persons[merge.target_id], persons[merge.source_id]
        if target.merged_into_id is not None:
            raise ValidationError(
                _("Maak eerst de latere samenvoeging van %(person)s ongedaan.") % {"person": target}
            )
        by_field: dict[tuple[str, str], list[int]] = defaultdict(list)
        for row in merge.moved:
            by_field[(row["model"], row["field"])].append(row["pk"])
        for (label, attname), pks in by_field.items():
            model = apps.get_model(label)
            model._base_manager.filter(pk__in=pks, **{attname: target.pk}).update(
                **{attname: source.pk}
            )
        source.merged_into = None
        source.save(update_fields=["merged_into", "updated_at"])
        merge.undone_at = timezone.now()
        merge.undone_by = actor.user
        merge.save(update_fields=["undone_at", "undone_by"])
        for pid in (merge.target_id, merge.source_id):
            record_processing(
                actor,
                LogAction.CHANGE,
                PERSON_MERGE_UNDO,
                pid,
                ["identificatie", "alle gegevens in de keten"],
                decision.purpose,
            )
    return merge
