"""Every change of signals: validate, check permission, change, log, in one transaction."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.access.choices import Action, LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.policy import decide, may_read_person_files
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.accounts.models import Membership, Organisation, OrganisationKind, Team, User
from plek.accounts.roles import Role
from plek.core import dates
from plek.housing.choices import Priority
from plek.people.models import Person
from plek.signals.activities import (
    CONTACT_ATTEMPT,
    DELIVERY_CANCEL,
    DELIVERY_DATA_KINDS,
    DELIVERY_STORE,
    DELIVERY_UPLOAD,
    SIGNAL_ASSIGN,
    SIGNAL_CREATE,
    SIGNAL_DATA_KINDS,
    SIGNAL_FEEDBACK,
    SIGNAL_OUTCOME,
)
from plek.signals.delivery import parse_delivery
from plek.signals.models import (
    ContactAttempt,
    Delivery,
    DeliveryRow,
    DeliveryStatus,
    Feedback,
    Outcome,
    Signal,
    SignalCase,
    Source,
)
from plek.signals.selectors import log_signal, signal_decision

LINK_WINDOW_DAYS = 90
# Organisation kinds that may deliver a BSN (they hold it lawfully for their own task).
BSN_ALLOWED_KINDS = frozenset(
    {OrganisationKind.ZORGVERZEKERAAR, OrganisationKind.GEMEENTE, OrganisationKind.SOCIALE_DIENST}
)
CHUNK = 500
BATCH = 1000


def _new_external_id() -> str:
    return f"sig-{uuid.uuid4().hex}"


# --- case linking -------------------------------------------------------------------------------

AddressKey = tuple[str, int | None, str]


def _address_key(signal: Signal) -> AddressKey | None:
    if not signal.postcode or signal.house_number is None:
        return None
    return (signal.postcode, signal.house_number, signal.house_number_addition.lower())


def link_cases(signals: Sequence[Signal]) -> int:
    """Put each given (saved) signal in the case of a signal about the same person or address
    received within ``LINK_WINDOW_DAYS`` days of it; returns how many were linked.

    Candidates are read in bulk (no query per signal); signals among the given ones link to
    each other too. A candidate without a case gets a new one, shared with the new signal.
    """
    if not signals:
        return 0
    given = {signal.pk for signal in signals}
    person_ids = sorted({s.person_id for s in signals if s.person_id is not None})
    postcodes = sorted({s.postcode for s in signals if _address_key(s) is not None})
    earliest = min(s.received_on for s in signals) - datetime.timedelta(days=LINK_WINDOW_DAYS)
    latest = max(s.received_on for s in signals) + datetime.timedelta(days=LINK_WINDOW_DAYS)
    candidates: dict[int, Signal] = {}
    window = Signal.objects.filter(received_on__range=(earliest, latest)).exclude(pk__in=given)
    fields = ("id", "person_id", "postcode", "house_number", "house_number_addition")
    for chunk in _chunks(person_ids):
        for signal in window.filter(person_id__in=chunk).only(*fields, "received_on", "case_id"):
            candidates[signal.pk] = signal
    for chunk in _chunks(postcodes):
        for signal in window.filter(postcode__in=chunk).only(*fields, "received_on", "case_id"):
            candidates[signal.pk] = signal
    by_person: dict[int, list[Signal]] = {}
    by_address: dict[AddressKey, list[Signal]] = {}

    def index(signal: Signal) -> None:
        if signal.person_id is not None:
            by_person.setdefault(signal.person_id, []).append(signal)
        key = _address_key(signal)
        if key is not None:
            by_address.setdefault(key, []).append(signal)

    for signal in candidates.values():
        index(signal)
    new_cases: list[tuple[SignalCase, list[Signal]]] = []
    changed: dict[int, Signal] = {}
    linked = 0
    for signal in sorted(signals, key=lambda s: (s.received_on, s.pk)):
        pool = list(by_person.get(signal.person_id, [])) if signal.person_id else []
        key = _address_key(signal)
        if key is not None:
            pool += by_address.get(key, [])
        near = [
            other
            for other in pool
            if abs((other.received_on - signal.received_on).days) <= LINK_WINDOW_DAYS
        ]
        if near:
            other = min(near, key=lambda s: (s.case_id is None, s.received_on, s.pk))
            if other.case_id is None and not hasattr(other, "_pending_case"):
                case = SignalCase(opened_on=min(other.received_on, signal.received_on))
                members = [other]
                new_cases.append((case, members))
                other._pending_case = (case, members)  # type: ignore[attr-defined]
                changed[other.pk] = other
            if hasattr(other, "_pending_case"):
                other._pending_case[1].append(signal)
                signal._pending_case = other._pending_case  # type: ignore[attr-defined]
            else:
                signal.case_id = other.case_id
            changed[signal.pk] = signal
            linked += 1
        index(signal)
    if new_cases:
        SignalCase.objects.bulk_create([case for case, _ in new_cases], batch_size=BATCH)
        for case, members in new_cases:
            for member in members:
                member.case_id = case.pk
    if changed:
        Signal.objects.bulk_update(list(changed.values()), ["case"], batch_size=BATCH)
    return linked


def link_unlinked_signals(batch: int = 5000) -> int:
    """Link signals that arrived without linking (plek-csv imports), oldest first."""
    total = 0
    ids = list(
        Signal.objects.filter(case__isnull=True)
        .order_by("received_on", "id")
        .values_list("id", flat=True)
    )
    for start in range(0, len(ids), batch):
        chunk = list(Signal.objects.filter(pk__in=ids[start : start + batch], case__isnull=True))
        with transaction.atomic():
            total += link_cases(chunk)
    return total


def _chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# --- signals by hand ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignalInput:
    source: str
    urgency: str
    received_on: datetime.date
    person_id: int | None = None
    postcode: str = ""
    house_number: int | None = None
    house_number_addition: str = ""
    arrear_amount: Decimal | None = None
    arrear_since: datetime.date | None = None
    eviction_date: datetime.date | None = None
    crisis: bool = False
    source_organisation_id: int | None = None


def _clean_signal(data: SignalInput) -> None:
    errors: dict[str, str] = {}
    today = dates.today()
    if data.source not in Source.values:
        errors["source"] = _("Bron: kies een van de bronnen.")
    if data.urgency not in Priority.values:
        errors["urgency"] = _("Urgentie: kies spoed, hoog of normaal.")
    if data.received_on > today:
        errors["received_on"] = _("Ontvangen op: mag niet in de toekomst liggen.")
    if data.person_id is None and (not data.postcode or data.house_number is None):
        errors["postcode"] = _(
            "Postcode: vul een adres in als het signaal niet over een bekende persoon gaat."
        )
    if data.arrear_amount is not None and data.arrear_amount < 0:
        errors["arrear_amount"] = _("Bedrag achterstand: mag niet negatief zijn.")
    if data.arrear_since and data.arrear_since > today:
        errors["arrear_since"] = _("Achterstand sinds: mag niet in de toekomst liggen.")
    if data.source == Source.ONTRUIMING and data.eviction_date is None:
        errors["eviction_date"] = _("Ontruimingsdatum: verplicht bij een aangekondigde ontruiming.")
    if errors:
        raise ValidationError(errors)


def _casework_membership(actor: Actor) -> Membership:
    if actor.membership is None or not may_read_person_files(actor):
        raise AccessDenied()
    return actor.membership


def register_signal(actor: Actor, data: SignalInput) -> Signal:
    """A professional records a signal by hand; it is assigned to their team and to them."""
    membership = _casework_membership(actor)
    _clean_signal(data)
    purpose = Purpose.VROEGSIGNALERING
    if data.person_id is not None:
        decision = decide(actor, Action.CREATE, data.person_id)
        if not decision.allowed:
            raise AccessDenied()
    with transaction.atomic():
        signal = Signal.objects.create(
            external_id=_new_external_id(),
            person_id=data.person_id,
            source=data.source,
            urgency=Priority.SPOED if data.crisis else data.urgency,
            received_on=data.received_on,
            postcode=data.postcode,
            house_number=data.house_number,
            house_number_addition=data.house_number_addition,
            arrear_amount=data.arrear_amount,
            arrear_since=data.arrear_since,
            eviction_date=data.eviction_date,
            crisis=data.crisis,
            source_organisation_id=data.source_organisation_id,
            team_id=membership.team_id,
            worker=actor.user,
        )
        link_cases([signal])
        record_processing(
            actor, LogAction.CREATE, SIGNAL_CREATE, signal.person_id, SIGNAL_DATA_KINDS, purpose
        )
    return signal


def _locked(actor: Actor, signal_id: int, action: str) -> tuple[Signal, Any]:
    signal = Signal.objects.select_for_update().get(pk=signal_id)
    decision = signal_decision(actor, signal, action)
    return signal, decision


def assign_signal(
    actor: Actor, signal_id: int, team_id: int, worker_id: int | None = None
) -> Signal:
    """Hand the signal to a team and, optionally, one of its members."""
    _casework_membership(actor)
    with transaction.atomic():
        signal, decision = _locked(actor, signal_id, Action.CHANGE)
        team = Team.objects.filter(pk=team_id).first()
        if team is None:
            raise ValidationError({"team": _("Team: kies een bestaand team.")})
        worker = None
        if worker_id is not None:
            worker = User.objects.filter(
                pk=worker_id,
                memberships__in=Membership.objects.active().filter(team=team),
            ).first()
            if worker is None:
                raise ValidationError(
                    {"worker": _("Medewerker: kies iemand die nu lid is van dit team.")}
                )
        signal.team = team
        signal.worker = worker
        signal.save(update_fields=["team", "worker"])
        log_signal(actor, LogAction.CHANGE, SIGNAL_ASSIGN, signal, decision)
    return signal


@dataclass(frozen=True)
class AttemptInput:
    attempted_on: datetime.date
    kind: str
    part_of_day: str
    reached: bool
    note: str = ""


def record_contact_attempt(actor: Actor, signal_id: int, data: AttemptInput) -> ContactAttempt:
    """A contact attempt; the first one that reached the person sets ``first_contact_on``."""
    from plek.signals.models import ContactKind, PartOfDay

    with transaction.atomic():
        signal, decision = _locked(actor, signal_id, Action.CHANGE)
        errors: dict[str, str] = {}
        if data.attempted_on > dates.today():
            errors["attempted_on"] = _("Datum: mag niet in de toekomst liggen.")
        elif data.attempted_on < signal.received_on:
            errors["attempted_on"] = _("Datum: ligt voor de ontvangst van het signaal.")
        if data.kind not in ContactKind.values:
            errors["kind"] = _("Soort contact: kies een van de soorten.")
        if data.part_of_day not in PartOfDay.values:
            errors["part_of_day"] = _("Dagdeel: kies ochtend, middag of avond.")
        if errors:
            raise ValidationError(errors)
        attempt = ContactAttempt.objects.create(
            signal=signal,
            attempted_on=data.attempted_on,
            kind=data.kind,
            part_of_day=data.part_of_day,
            reached=data.reached,
            note=data.note.strip(),
            recorded_by=actor.user,
        )
        if data.reached and (
            signal.first_contact_on is None or data.attempted_on < signal.first_contact_on
        ):
            signal.first_contact_on = data.attempted_on
            signal.save(update_fields=["first_contact_on"])
        log_signal(actor, LogAction.CREATE, CONTACT_ATTEMPT, signal, decision)
    return attempt


def record_outcome(
    actor: Actor,
    signal_id: int,
    outcome: str,
    outcome_on: datetime.date,
    report_back: bool = True,
) -> Signal:
    """Close the signal with its outcome; report the end result back to the source at once."""
    with transaction.atomic():
        signal, decision = _locked(actor, signal_id, Action.CHANGE)
        errors: dict[str, str] = {}
        if outcome not in Outcome.values:
            errors["outcome"] = _("Uitkomst: kies een van de uitkomsten.")
        if signal.outcome:
            errors["outcome"] = _("Uitkomst: dit signaal heeft al een uitkomst.")
        if outcome_on > dates.today():
            errors["outcome_on"] = _("Datum uitkomst: mag niet in de toekomst liggen.")
        elif outcome_on < signal.received_on:
            errors["outcome_on"] = _("Datum uitkomst: ligt voor de ontvangst van het signaal.")
        if errors:
            raise ValidationError(errors)
        signal.outcome = outcome
        signal.outcome_on = outcome_on
        signal.save(update_fields=["outcome", "outcome_on"])
        log_signal(actor, LogAction.CHANGE, SIGNAL_OUTCOME, signal, decision)
        if report_back and signal.source_organisation_id is not None:
            _report_back(actor, signal, decision)
    return signal


def _report_back(actor: Actor, signal: Signal, decision: Any) -> Feedback:
    assert signal.source_organisation is not None  # checked by the callers
    feedback, _created = Feedback.objects.get_or_create(
        signal=signal,
        defaults={
            "organisation": signal.source_organisation,
            "outcome": signal.outcome,
            "reported_on": dates.today(),
            "reported_by": actor.user,
        },
    )
    log_signal(actor, LogAction.CREATE, SIGNAL_FEEDBACK, signal, decision)
    return feedback


def report_back(actor: Actor, signal_id: int) -> Feedback:
    """Report the end result to the organisation that sent the signal (once)."""
    with transaction.atomic():
        signal, decision = _locked(actor, signal_id, Action.CHANGE)
        if not signal.outcome:
            raise ValidationError({"outcome": _("Uitkomst: leg eerst de uitkomst vast.")})
        if signal.source_organisation_id is None:
            raise ValidationError(
                {
                    "source_organisation": _(
                        "Bronorganisatie: dit signaal heeft geen bronorganisatie."
                    )
                }
            )
        if Feedback.objects.filter(signal=signal).exists():
            raise ValidationError({"outcome": _("Uitkomst: is al teruggemeld aan de bron.")})
        return _report_back(actor, signal, decision)


# --- bulk delivery by signal sources --------------------------------------------------------------


def _source_membership(actor: Actor) -> Membership:
    membership = actor.membership
    if membership is None or membership.role != Role.SIGNAALBRON:
        raise AccessDenied()
    if not actor.user.active_memberships().filter(pk=membership.pk).exists():
        raise AccessDenied()
    return membership


def _stored_references(organisation_id: int, references: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(list(references)):
        found.update(
            Signal.objects.filter(
                source_organisation_id=organisation_id, source_reference__in=chunk
            ).values_list("source_reference", flat=True)
        )
    return found


def upload_delivery(actor: Actor, filename: str, content: bytes) -> Delivery:
    """Check a delivered file and keep it, pending, with its report. Stores no signal."""
    membership = _source_membership(actor)
    organisation = membership.organisation
    parsed = parse_delivery(content, dates.today(), organisation.kind in BSN_ALLOWED_KINDS)
    with transaction.atomic():
        delivery = Delivery.objects.create(
            organisation=organisation,
            uploaded_by=actor.user,
            filename=(filename or "aanlevering.csv")[:200],
            file_hash=parsed.file_hash,
            file_error=parsed.file_error,
            status=DeliveryStatus.PENDING if not parsed.file_error else DeliveryStatus.CANCELLED,
        )
        valid_refs = [row.reference for row in parsed.rows if not row.errors and row.reference]
        known = _stored_references(organisation.pk, valid_refs)
        rows = [
            DeliveryRow(
                delivery=delivery,
                row_number=row.row_number,
                reference=row.reference,
                data=row.data if not row.errors else {},
                errors=row.errors,
                duplicate=not row.errors and row.reference in known,
            )
            for row in parsed.rows
        ]
        DeliveryRow.objects.bulk_create(rows, batch_size=BATCH)
        delivery.row_count = len(rows)
        delivery.error_count = sum(1 for row in rows if row.errors)
        delivery.duplicate_count = sum(1 for row in rows if row.duplicate)
        delivery.save(update_fields=["row_count", "error_count", "duplicate_count"])
        record_processing(
            actor,
            LogAction.CREATE,
            DELIVERY_UPLOAD,
            None,
            DELIVERY_DATA_KINDS,
            Purpose.VROEGSIGNALERING,
        )
    return delivery


def _lock_pending(actor: Actor, delivery_id: int) -> Delivery:
    membership = _source_membership(actor)
    delivery = (
        Delivery.objects.select_for_update()
        .filter(pk=delivery_id, organisation_id=membership.organisation_id)
        .first()
    )
    if delivery is None:
        raise Delivery.DoesNotExist(delivery_id)
    if delivery.status != DeliveryStatus.PENDING:
        raise ValidationError(
            {
                "status": _("Status: over deze aanlevering is al besloten (%(status)s).")
                % {"status": delivery.get_status_display()}
            }
        )
    return delivery


def cancel_delivery(actor: Actor, delivery_id: int) -> Delivery:
    """Store nothing of the file; its delivered values are removed, the report stays."""
    with transaction.atomic():
        delivery = _lock_pending(actor, delivery_id)
        _close(actor, delivery, DeliveryStatus.CANCELLED)
        record_processing(
            actor,
            LogAction.DELETE,
            DELIVERY_CANCEL,
            None,
            DELIVERY_DATA_KINDS,
            Purpose.VROEGSIGNALERING,
        )
    return delivery


def _close(actor: Actor, delivery: Delivery, status: str) -> None:
    # Only the report (row numbers, columns, messages) outlives the decision.
    delivery.rows.filter(errors=[]).delete()
    delivery.rows.update(data={})
    delivery.status = status
    delivery.decided_at = timezone.now()
    delivery.decided_by = actor.user
    delivery.save(update_fields=["status", "decided_at", "decided_by", "stored_count"])


def _urgency(data: dict[str, str]) -> str:
    if data.get("crisis") == "ja":
        return Priority.SPOED
    if data.get("kind") == Source.ONTRUIMING or data.get("eviction_date"):
        return Priority.HOOG
    return Priority.NORMAAL


def wijkteam_by_municipality() -> dict[int, int]:
    teams: dict[int, int] = {}
    rows = (
        Team.objects.filter(organisation__kind=OrganisationKind.WIJKTEAM)
        .values_list("municipalities", "id")
        .order_by("id")
    )
    for municipality_id, team_id in rows:
        if municipality_id is not None:
            teams.setdefault(municipality_id, team_id)
    return teams


def team_for(
    teams: dict[int, int], person_municipality_id: int | None, organisation: Organisation
) -> int | None:
    """The neighbourhood team of the person's municipality, else of the source's seat."""
    for municipality_id in (person_municipality_id, organisation.municipality_id):
        if municipality_id is not None and municipality_id in teams:
            return teams[municipality_id]
    return None


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _split_house_number(text: str) -> tuple[int | None, str]:
    """``"12 a"``, ``"12-A"`` and ``"12a"`` all give ``(12, "a")``."""
    compact = "".join(ch for ch in text if ch.isalnum()).lower()
    digits = ""
    for ch in compact:
        if not ch.isdigit():
            break
        digits += ch
    if not digits:
        return None, ""
    return int(digits), compact[len(digits) :]


def _match_persons(
    rows: Sequence[DeliveryRow],
) -> tuple[
    dict[str, tuple[int, int | None]],
    dict[tuple[str, int | None, str, str], tuple[int, int | None]],
]:
    """Known persons by BSN, and by address + birth date (from the people register where it
    has addresses, and from earlier signals about the same address)."""
    bsns = sorted({row.data["bsn"] for row in rows if row.data.get("bsn")})
    by_bsn: dict[str, tuple[int, int | None]] = {}
    for chunk in _chunks(bsns):
        for pk, bsn, origin in Person.objects.filter(bsn__in=chunk).values_list(
            "pk", "bsn", "origin_municipality_id"
        ):
            by_bsn[str(bsn)] = (pk, origin)
    postcodes = sorted({row.data["postcode"] for row in rows if row.data.get("birth_date")})
    by_address: dict[tuple[str, int | None, str, str], tuple[int, int | None]] = {}
    for chunk in _chunks(postcodes):
        # The people register's current addresses first: the most reliable source.
        people = Person.objects.filter(
            postcode__in=chunk, birth_date__isnull=False, merged_into__isnull=True
        ).values_list("postcode", "house_number", "birth_date", "pk", "origin_municipality_id")
        for postcode, number_text, birth, person_id, origin in people.order_by("pk"):
            number, addition = _split_house_number(number_text)
            if number is not None:
                by_address.setdefault((postcode, number, addition, str(birth)), (person_id, origin))
        earlier = (
            Signal.objects.filter(
                postcode__in=chunk, person__isnull=False, person__birth_date__isnull=False
            )
            .values_list(
                "postcode",
                "house_number",
                "house_number_addition",
                "person__birth_date",
                "person_id",
                "person__origin_municipality_id",
            )
            .order_by("-received_on", "-id")
        )
        for postcode, number, addition, birth, person_id, origin in earlier:
            key: tuple[str, int | None, str, str] = (
                postcode,
                number,
                "".join(c for c in addition if c.isalnum()).lower(),
                str(birth),
            )
            by_address.setdefault(key, (person_id, origin))
    return by_bsn, by_address


def store_delivery(actor: Actor, delivery_id: int) -> Delivery:
    """Store the valid rows of a pending delivery as signals, once, after the user chose to.

    Rows whose reference this organisation already delivered are skipped (idempotent); the
    database's unique (organisation, reference) backs that up against a parallel delivery.
    """
    today = dates.today()
    with transaction.atomic():
        delivery = _lock_pending(actor, delivery_id)
        organisation = delivery.organisation
        rows = list(delivery.rows.filter(errors=[], duplicate=False).order_by("row_number"))
        known = _stored_references(organisation.pk, [row.reference for row in rows])
        rows = [row for row in rows if row.reference not in known]
        by_bsn, by_address = _match_persons(rows)
        teams = wijkteam_by_municipality()

        new_persons: dict[str, Person] = {}
        for row in rows:
            bsn = row.data.get("bsn")
            if bsn and bsn not in by_bsn and bsn not in new_persons:
                new_persons[bsn] = Person(
                    external_id=uuid.uuid4().hex,
                    bsn=bsn,
                    initials=row.data.get("initials", ""),
                    family_name=row.data["family_name"],
                    birth_date=_day(row.data.get("birth_date")),
                )
        Person.objects.bulk_create(list(new_persons.values()), batch_size=BATCH)
        for bsn, person in new_persons.items():
            by_bsn[bsn] = (person.pk, None)

        signals = []
        for row in rows:
            data = row.data
            match = by_bsn.get(data.get("bsn", "")) if data.get("bsn") else None
            if match is None and data.get("birth_date"):
                key = (
                    data["postcode"],
                    int(data["house_number"]),
                    "".join(
                        c for c in data.get("house_number_addition", "") if c.isalnum()
                    ).lower(),
                    data["birth_date"],
                )
                match = by_address.get(key)
            person_id, origin = match if match else (None, None)
            signals.append(
                Signal(
                    external_id=_new_external_id(),
                    person_id=person_id,
                    source=data["kind"],
                    urgency=_urgency(data),
                    received_on=today,
                    source_organisation=organisation,
                    source_reference=row.reference,
                    postcode=data["postcode"],
                    house_number=int(data["house_number"]),
                    house_number_addition=data.get("house_number_addition", ""),
                    reported_initials="" if person_id else data.get("initials", ""),
                    reported_family_name="" if person_id else data["family_name"],
                    reported_birth_date=None if person_id else _day(data.get("birth_date")),
                    arrear_amount=Decimal(data["amount"]) if data.get("amount") else None,
                    arrear_since=_day(data.get("arrear_since")),
                    eviction_date=_day(data.get("eviction_date")),
                    crisis=data.get("crisis") == "ja",
                    team_id=team_for(teams, origin, organisation),
                    delivery=delivery,
                )
            )
        Signal.objects.bulk_create(signals, batch_size=BATCH, ignore_conflicts=True)
        stored = list(Signal.objects.filter(delivery=delivery))
        link_cases(stored)
        delivery.stored_count = len(stored)
        _close(actor, delivery, DeliveryStatus.STORED)
        record_processing(
            actor,
            LogAction.CREATE,
            DELIVERY_STORE,
            None,
            DELIVERY_DATA_KINDS,
            Purpose.VROEGSIGNALERING,
        )
    return delivery
