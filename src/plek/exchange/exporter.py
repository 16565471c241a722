"""`plek export DIR`: every stored row in plek-csv, so that import → export → import is lossless.

Rows are sorted by their key in string order and cells are written exactly as the importer reads
them, so that two exports of the same data are byte-identical.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from plek.access.choices import LogAction
from plek.access.services import record_bulk
from plek.accounts.context import Actor
from plek.accounts.models import Municipality, Organisation
from plek.aftercare.models import AftercareTrack, CheckIn
from plek.exchange import protection_files
from plek.exchange.activities import BULK_EXPORT, EXCHANGE_PURPOSE, EXPORTED_KINDS
from plek.exchange.formulas import escape
from plek.exchange.spec import FILES, FileSpec
from plek.housing.models import CapacityPeriod, Facility, Stay, WaitingEntry
from plek.intake.models import Assessment, AssessmentScore
from plek.intake.zrm import DOMAINS
from plek.people.models import Person
from plek.plans.models import Plan
from plek.plans.selectors import current_case_lead_usernames
from plek.postal.models import PostalApplication
from plek.signals.models import Signal


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    # A text that a spreadsheet would run as a formula gets an apostrophe the importer removes.
    return escape(str(value))


def _values(queryset: QuerySet[Any], **columns: Any) -> Iterator[dict[str, Any]]:
    """Rows of a queryset as {column: value}, where a column maps to a field path or F()."""
    names = list(columns)
    for values in queryset.values_list(*columns.values()).iterator(chunk_size=5000):
        yield dict(zip(names, values, strict=True))


SOURCES = {
    "municipalities": lambda: _values(Municipality.objects.all(), code="code", name="name"),
    "organisations": lambda: _values(
        Organisation.objects.all(),
        id="external_id",
        name="name",
        kind="kind",
        municipality="municipality__code",
    ),
    "facilities": lambda: _values(
        Facility.objects.all(),
        id="external_id",
        name="name",
        type="type",
        provider="provider__external_id",
        municipality="municipality__code",
        scope="scope",
        day_tariff="day_tariff",
    ),
    "capacity": lambda: _values(
        CapacityPeriod.objects.all(),
        facility="facility__external_id",
        valid_from="valid_from",
        units="units",
    ),
    "persons": lambda: _values(
        Person.objects.all(),
        id="external_id",
        bsn="bsn",
        initials="initials",
        family_name="family_name",
        birth_date="birth_date",
        sex="sex",
        origin_municipality="origin_municipality__code",
    ),
    "stays": lambda: _values(
        Stay.objects.all(),
        id="external_id",
        person="person__external_id",
        facility="facility__external_id",
        start_date="start_date",
        end_date="end_date",
        exit_destination="exit_destination",
    ),
    "waiting": lambda: _values(
        WaitingEntry.objects.all(),
        id="external_id",
        person="person__external_id",
        facility_type="facility_type",
        registered_on="registered_on",
        placed_on="placed_on",
        withdrawn_on="withdrawn_on",
        priority="priority",
    ),
    "signals": lambda: _values(
        Signal.objects.all(),
        id="external_id",
        person="person__external_id",
        source="source",
        urgency="urgency",
        received_on="received_on",
        first_contact_on="first_contact_on",
        outcome="outcome",
        outcome_on="outcome_on",
    ),
    "assessments": lambda: _assessments(),
    "plans": lambda: _values(
        current_case_lead_usernames(Plan.objects.all()),
        id="external_id",
        person="person__external_id",
        started_on="started_on",
        review_on="review_on",
        ended_on="ended_on",
        case_lead="case_lead_username",
    ),
    "postal": lambda: _values(
        PostalApplication.objects.all(),
        id="external_id",
        person="person__external_id",
        applied_on="applied_on",
        decided_on="decided_on",
        decision="decision",
        ended_on="ended_on",
    ),
    "aftercare": lambda: _values(
        AftercareTrack.objects.all(),
        id="external_id",
        person="person__external_id",
        started_on="started_on",
        ended_on="ended_on",
    ),
    "checkins": lambda: _values(
        CheckIn.objects.all(),
        id="external_id",
        aftercare="track__external_id",
        due_on="due_on",
        done_on="done_on",
        light="light",
    ),
}


SOURCES.update(protection_files.SOURCES)


def _assessments() -> Iterator[dict[str, Any]]:
    scores: dict[int, dict[str, int]] = {}
    for assessment_id, domain, score in AssessmentScore.objects.values_list(
        "assessment_id", "domain", "score"
    ).iterator(chunk_size=5000):
        scores.setdefault(assessment_id, {})[domain] = score
    for pk, key, person, assessed_on in Assessment.objects.values_list(
        "pk", "external_id", "person__external_id", "assessed_on"
    ).iterator(chunk_size=5000):
        own = scores.get(pk, {})
        yield {
            "id": key,
            "person": person,
            "assessed_on": assessed_on,
            **{domain: own.get(domain) for domain in DOMAINS},
        }


def _sorted_rows(spec: FileSpec) -> tuple[list[str], list[list[str]]]:
    """The file's header and rows, sorted by key. An extension column that is empty in every
    row is left out, so a file that never used it exports exactly as the contract's columns."""
    rows = [
        [cell(record[column.name]) for column in spec.columns] for record in SOURCES[spec.name]()
    ]
    header = [column.name for column in spec.columns]
    key_positions = [header.index(name) for name in spec.key]
    rows.sort(key=lambda row: [row[position] for position in key_positions])
    unused = {
        position
        for position, column in enumerate(spec.columns)
        if column.extension and not any(row[position] for row in rows)
    }
    if unused:
        header = [name for position, name in enumerate(header) if position not in unused]
        rows = [[v for position, v in enumerate(row) if position not in unused] for row in rows]
    return header, rows


def export_directory(directory: Path, actor: Actor | None = None) -> dict[str, int]:
    """Write every file; logs one processing-log row per person read (persons.csv holds all).

    ``actor`` is who the log names (``None``: the system operator, ``plek export`` without
    ``--als``). One transaction, so the log names exactly the persons written.
    """
    directory.mkdir(parents=True, exist_ok=True)
    counts = {}
    with transaction.atomic():
        for spec in FILES:
            header, rows = _sorted_rows(spec)
            with (directory / spec.filename).open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(header)
                writer.writerows(rows)
            counts[spec.name] = len(rows)
        record_bulk(
            actor,
            LogAction.READ,
            BULK_EXPORT,
            Person.objects.values_list("pk", flat=True).iterator(chunk_size=5000),
            EXPORTED_KINDS,
            EXCHANGE_PURPOSE,
        )
    return counts
