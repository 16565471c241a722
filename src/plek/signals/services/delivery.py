"""Bulk delivery by signal sources: upload and check a file, then store its valid rows or cancel.

Reading and checking the file is ``plek.signals.delivery``; this module owns the delivery's
state changes."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.access.choices import LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.services import record_bulk, record_processing
from plek.accounts.context import Actor
from plek.accounts.models import Membership, Organisation, OrganisationKind, Team
from plek.accounts.roles import Role
from plek.core import dates
from plek.core.choices import Priority
from plek.core.events import emit
from plek.core.text import is_digits
from plek.people.models import Person
from plek.signals.activities import (
    DELIVERY_CANCEL,
    DELIVERY_DATA_KINDS,
    DELIVERY_STORE,
    DELIVERY_UPLOAD,
)
from plek.signals.delivery import parse_delivery
from plek.signals.models import (
    Delivery,
    DeliveryRow,
    DeliveryStatus,
    Signal,
    Source,
)
from plek.signals.services.cases import link_cases
from plek.signals.services.common import (
    BATCH,
    BSN_ALLOWED_KINDS,
    _chunks,
    _new_external_id,
)


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
    emit(
        "delivery.uploaded",
        delivery_id=delivery.pk,
        row_count=delivery.row_count,
        error_count=delivery.error_count,
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
    emit("delivery.cancelled", delivery_id=delivery_id)
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
        if not is_digits(ch):
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
        # One log row per known person the stored signals concern (bulk path, batched); the
        # reports that match nobody yet share one row without a person.
        record_bulk(
            actor,
            LogAction.CREATE,
            DELIVERY_STORE,
            (signal.person_id for signal in stored if signal.person_id is not None),
            DELIVERY_DATA_KINDS,
            Purpose.VROEGSIGNALERING,
        )
        if any(signal.person_id is None for signal in stored):
            record_processing(
                actor,
                LogAction.CREATE,
                DELIVERY_STORE,
                None,
                DELIVERY_DATA_KINDS,
                Purpose.VROEGSIGNALERING,
            )
    emit("delivery.stored", delivery_id=delivery_id, stored_count=delivery.stored_count)
    return delivery
