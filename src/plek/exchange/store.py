"""Writing a checked plek-csv bundle to the database: upsert by the source's keys, in bulk.

Only `importer.import_directory` calls `write_bundle`, inside one transaction after every check
has passed, so a file either lands whole or not at all.

On PostgreSQL every file goes through `COPY` into a temporary staging table and one
`INSERT … SELECT … ON CONFLICT (key) DO UPDATE` into its table: no model objects, no SQL
compiled per batch, no existence queries. On SQLite (demo, tests) the ORM's `bulk_create` and
`bulk_update` do the same job.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from django.db import connection, models
from django.db.models import OuterRef, Subquery

from plek.accounts.models import Municipality, Organisation
from plek.aftercare.models import AftercareTrack, CheckIn
from plek.exchange.reader import Bundle, Row
from plek.housing.choices import CATEGORY_OF_TYPE
from plek.housing.models import CapacityPeriod, Facility, Stay, WaitingEntry
from plek.intake.models import Assessment, AssessmentScore
from plek.intake.zrm import DOMAINS
from plek.people.models import Person
from plek.plans.models import Plan
from plek.plans.selectors import case_lead_memberships
from plek.plans.services import set_imported_case_leads
from plek.postal.models import PostalApplication
from plek.signals.models import Signal

BATCH = 2000

# The model behind a file that others refer to, and the field holding the source's key.
KEYED: dict[str, tuple[type[models.Model], str]] = {
    "municipalities": (Municipality, "code"),
    "organisations": (Organisation, "external_id"),
    "facilities": (Facility, "external_id"),
    "persons": (Person, "external_id"),
    "aftercare": (AftercareTrack, "external_id"),
}


def existing_keys(name: str, keys: Iterable[Any]) -> dict[Any, int]:
    """The stored rows among `keys` of file `name`, as key → primary key."""
    model, field = KEYED[name]
    return _existing(model, field, list(keys))


def _upsert(model: type[models.Model], key_field: str, records: list[dict[str, Any]]) -> None:
    """Create the records whose key is new, update the others field by field."""
    if not records:
        return
    if connection.vendor == "postgresql":
        copy_upsert(model, (key_field,), records)
        return
    known = _existing(model, key_field, [record[key_field] for record in records])
    fields = [name for name in records[0] if name != key_field]
    new, changed = [], []
    for record in records:
        instance = model(**record)
        if record[key_field] in known:
            instance.pk = known[record[key_field]]
            changed.append(instance)
        else:
            new.append(instance)
    # Updates first: a row ended in this file makes room for its successor (one running plan).
    if changed and fields:
        model._default_manager.bulk_update(changed, fields, batch_size=BATCH)
    model._default_manager.bulk_create(new, batch_size=BATCH)


_staging_tables = itertools.count()


def copy_upsert(
    model: type[models.Model], key_fields: tuple[str, ...], records: list[dict[str, Any]]
) -> None:
    """PostgreSQL: COPY the records into a staging table, then one INSERT … ON CONFLICT.

    Every column gets the record's value or the field's default (as `bulk_create` would); on a
    conflict with the key only the record's own fields are updated (as `bulk_update` would).
    """
    meta = model._meta
    # Generated columns (a person's search name) are the database's to fill.
    fields = [
        field
        for field in meta.concrete_fields
        if not field.primary_key and not getattr(field, "generated", False)
    ]
    # The columns a re-import updates: the record's own, but not its key.
    given = {_column(model, name) for name in records[0] if name not in key_fields}
    columns = [field.column for field in fields]
    quoted = ", ".join(f'"{column}"' for column in columns)
    staging = f"plek_stage_{next(_staging_tables)}"
    with connection.cursor() as cursor:
        cursor.execute(
            # Table and column names come from the models, never from input.
            f'CREATE TEMP TABLE "{staging}" ON COMMIT DROP AS '  # noqa: S608
            f'SELECT {quoted} FROM "{meta.db_table}" WITH NO DATA'
        )
        # Per column: the record's key, or the value every row gets (the field's default).
        # A callable default (a public UUID) is drawn per row, as `bulk_create` would.
        defaults = model()
        sources: list[tuple[str | None, Any, models.Field[Any, Any] | None]] = []
        for field in fields:
            key = next((k for k in (field.attname, field.name) if k in records[0]), None)
            per_row = (
                field if key is None and field.has_default() and callable(field.default) else None
            )
            constant = (
                None
                if key is not None or per_row is not None
                else field.get_db_prep_save(field.pre_save(defaults, True), connection)
            )
            sources.append((key, constant, per_row))
        with cursor.cursor.copy(f'COPY "{staging}" ({quoted}) FROM STDIN') as copy:
            for record in records:
                copy.write_row(
                    [
                        record[key]
                        if key is not None
                        else field.get_db_prep_save(field.get_default(), connection)
                        if field is not None
                        else constant
                        for key, constant, field in sources
                    ]
                )
        conflict = ", ".join(f'"{_column(model, name)}"' for name in key_fields)
        updates = ", ".join(f'"{column}" = EXCLUDED."{column}"' for column in sorted(given))
        action = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
        cursor.execute(
            f'INSERT INTO "{meta.db_table}" ({quoted}) SELECT {quoted} FROM "{staging}" '  # noqa: S608
            f"ON CONFLICT ({conflict}) {action}"
        )
        cursor.execute(f'DROP TABLE "{staging}"')


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # a concrete field, not a reverse relation
    return str(field.column)


def _existing(model: type[models.Model], key_field: str, keys: list[Any]) -> dict[Any, int]:
    found: dict[Any, int] = {}
    if len(keys) > 50_000:
        # Many keys: one pass over the table beats hundreds of IN lists.
        wanted = set(keys)
        for key, pk in model._default_manager.values_list(key_field, "pk").iterator(
            chunk_size=20_000
        ):
            if key in wanted:
                found[key] = pk
        return found
    for start in range(0, len(keys), BATCH):
        chunk = keys[start : start + BATCH]
        found.update(
            model._default_manager.filter(**{f"{key_field}__in": chunk}).values_list(
                key_field, "pk"
            )
        )
    return found


class Resolver:
    """Turns the source's keys into primary keys, after the referred file has been written."""

    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle
        self.cache: dict[str, dict[Any, int]] = {}

    def ids(self, name: str, keys: Iterable[Any]) -> dict[Any, int]:
        wanted = {key for key in keys if key is not None}
        cached = self.cache.setdefault(name, {})
        missing = wanted - cached.keys()
        if missing:
            cached.update(existing_keys(name, missing))
        return cached

    def pk(self, name: str, rows: list[Row], column: str) -> dict[Any, int]:
        return self.ids(name, (row.values[column] for row in rows))


def _rows(bundle: Bundle, name: str) -> list[Row]:
    return bundle.rows.get(name, [])


def write_bundle(bundle: Bundle) -> dict[str, int]:
    """Write every file of a checked bundle; returns the number of rows per file."""
    resolver = Resolver(bundle)
    for name, writer in WRITERS:
        rows = _rows(bundle, name)
        if rows:
            writer(rows, resolver)
            resolver.cache.pop(name, None)
    return {name: len(rows) for name, rows in bundle.rows.items()}


def _municipalities(rows: list[Row], resolver: Resolver) -> None:
    _upsert(
        Municipality, "code", [{"code": r.values["code"], "name": r.values["name"]} for r in rows]
    )


def _organisations(rows: list[Row], resolver: Resolver) -> None:
    places = resolver.pk("municipalities", rows, "municipality")
    _upsert(
        Organisation,
        "external_id",
        [
            {
                "external_id": r.values["id"],
                "name": r.values["name"],
                "kind": r.values["kind"],
                "municipality_id": places.get(r.values["municipality"]),
            }
            for r in rows
        ],
    )


def _facilities(rows: list[Row], resolver: Resolver) -> None:
    places = resolver.pk("municipalities", rows, "municipality")
    providers = resolver.pk("organisations", rows, "provider")
    _upsert(
        Facility,
        "external_id",
        [
            {
                "external_id": r.values["id"],
                "name": r.values["name"],
                "type": r.values["type"],
                "category": CATEGORY_OF_TYPE[r.values["type"]],
                "provider_id": providers[r.values["provider"]],
                "municipality_id": places[r.values["municipality"]],
                "scope": r.values["scope"],
                "day_tariff": r.values["day_tariff"],
            }
            for r in rows
        ],
    )


def _capacity(rows: list[Row], resolver: Resolver) -> None:
    facilities = resolver.pk("facilities", rows, "facility")
    if connection.vendor == "postgresql":
        latest = {(r.values["facility"], r.values["valid_from"]): r for r in rows}
        copy_upsert(
            CapacityPeriod,
            ("facility", "valid_from"),
            [
                {
                    "facility_id": facilities[facility],
                    "valid_from": valid_from,
                    "units": r.values["units"],
                }
                for (facility, valid_from), r in latest.items()
            ],
        )
        return
    wanted = {(facilities[r.values["facility"]], r.values["valid_from"]): r for r in rows}
    stored = {
        (facility_id, valid_from): pk
        for pk, facility_id, valid_from in CapacityPeriod.objects.filter(
            facility_id__in={facility for facility, _ in wanted}
        ).values_list("pk", "facility_id", "valid_from")
    }
    new: list[CapacityPeriod] = []
    changed: list[CapacityPeriod] = []
    for (facility_id, valid_from), row in wanted.items():
        period = CapacityPeriod(
            pk=stored.get((facility_id, valid_from)),
            facility_id=facility_id,
            valid_from=valid_from,
            units=row.values["units"],
        )
        (changed if period.pk else new).append(period)
    CapacityPeriod.objects.bulk_create(new, batch_size=BATCH)
    CapacityPeriod.objects.bulk_update(changed, ["units"], batch_size=BATCH)


def _persons(rows: list[Row], resolver: Resolver) -> None:
    places = resolver.pk("municipalities", rows, "origin_municipality")
    _upsert(
        Person,
        "external_id",
        [
            {
                "external_id": r.values["id"],
                "bsn": r.values["bsn"],
                "initials": r.values["initials"] or "",
                "family_name": r.values["family_name"],
                "birth_date": r.values["birth_date"],
                "sex": r.values["sex"] or "X",
                "origin_municipality_id": places.get(r.values["origin_municipality"]),
            }
            for r in rows
        ],
    )


def _person_rows(
    model: type[models.Model], fields: tuple[str, ...], blank_codes: tuple[str, ...] = ()
) -> Any:
    """A writer for the files that are a person's dated facts: id, person, and plain columns."""

    def write(rows: list[Row], resolver: Resolver) -> None:
        persons = resolver.pk("persons", rows, "person")
        records = []
        for r in rows:
            record = {"external_id": r.values["id"], "person_id": persons.get(r.values["person"])}
            for name in fields:
                value = r.values[name]
                record[name] = "" if value is None and name in blank_codes else value
            records.append(record)
        _upsert(model, "external_id", records)

    return write


_plan_rows = _person_rows(Plan, ("started_on", "review_on", "ended_on"))


def _plans(rows: list[Row], resolver: Resolver) -> None:
    """The plans, then the case leads the file names (`case_lead`, an extension): a plan led by
    someone else is handed over to the named lead, its history kept."""
    _plan_rows(rows, resolver)
    named = {r.values["id"]: r.values["case_lead"] for r in rows if r.values.get("case_lead")}
    if not named:
        return
    memberships = case_lead_memberships(set(named.values()))
    plans = _existing(Plan, "external_id", list(named))
    set_imported_case_leads({plans[key]: memberships[name] for key, name in named.items()})


def _stays(rows: list[Row], resolver: Resolver) -> None:
    facilities = resolver.pk("facilities", rows, "facility")
    persons = resolver.pk("persons", rows, "person")
    _upsert(
        Stay,
        "external_id",
        [
            {
                "external_id": r.values["id"],
                "person_id": persons[r.values["person"]],
                "facility_id": facilities[r.values["facility"]],
                "start_date": r.values["start_date"],
                "end_date": r.values["end_date"],
                "exit_destination": r.values["exit_destination"] or "",
            }
            for r in rows
        ],
    )
    # plek-csv carries no origin per stay: a stay new to plek takes its person's origin now, and
    # keeps it when that origin is corrected later (the monitor's M13 attributes by it).
    origin = Subquery(
        Person.objects.filter(pk=OuterRef("person_id")).values("origin_municipality_id")[:1]
    )
    ids = [r.values["id"] for r in rows]
    for start in range(0, len(ids), BATCH):
        Stay.objects.filter(
            external_id__in=ids[start : start + BATCH], origin_municipality__isnull=True
        ).update(origin_municipality_id=origin)


def _assessments(rows: list[Row], resolver: Resolver) -> None:
    _person_rows(Assessment, ("assessed_on",))(rows, resolver)
    ids = _existing(Assessment, "external_id", [r.values["id"] for r in rows])
    wanted = {
        (ids[r.values["id"]], domain): r.values[domain]
        for r in rows
        for domain in DOMAINS
        if r.values[domain] is not None
    }
    stored = {
        (assessment_id, domain): (pk, score)
        for pk, assessment_id, domain, score in AssessmentScore.objects.filter(
            assessment_id__in=ids.values()
        ).values_list("pk", "assessment_id", "domain", "score")
    }
    gone = [pk for key, (pk, _) in stored.items() if key not in wanted]
    AssessmentScore.objects.filter(pk__in=gone).delete()
    if connection.vendor == "postgresql":
        changed_or_new = [
            {"assessment_id": assessment_id, "domain": domain, "score": score}
            for (assessment_id, domain), score in wanted.items()
            if stored.get((assessment_id, domain), (None, None))[1] != score
        ]
        if changed_or_new:
            copy_upsert(AssessmentScore, ("assessment", "domain"), changed_or_new)
        return
    new, changed = [], []
    for (assessment_id, domain), score in wanted.items():
        if (assessment_id, domain) not in stored:
            new.append(AssessmentScore(assessment_id=assessment_id, domain=domain, score=score))
        elif stored[(assessment_id, domain)][1] != score:
            pk = stored[(assessment_id, domain)][0]
            changed.append(AssessmentScore(pk=pk, score=score))
    AssessmentScore.objects.bulk_create(new, batch_size=BATCH)
    AssessmentScore.objects.bulk_update(changed, ["score"], batch_size=BATCH)


def _postal(rows: list[Row], resolver: Resolver) -> None:
    persons = resolver.pk("persons", rows, "person")
    # A granted application that has not ended gives the person their one postal address: the
    # flag the database's one-per-person index is on.
    _upsert(
        PostalApplication,
        "external_id",
        [
            {
                "external_id": r.values["id"],
                "person_id": persons.get(r.values["person"]),
                "applied_on": r.values["applied_on"],
                "decided_on": r.values["decided_on"],
                "decision": r.values["decision"] or "",
                "ended_on": r.values["ended_on"],
                "holds_address": r.values["decision"] == "toegekend"
                and r.values["ended_on"] is None,
            }
            for r in rows
        ],
    )


def _checkins(rows: list[Row], resolver: Resolver) -> None:
    tracks = resolver.pk("aftercare", rows, "aftercare")
    _upsert(
        CheckIn,
        "external_id",
        [
            {
                "external_id": r.values["id"],
                "track_id": tracks[r.values["aftercare"]],
                "due_on": r.values["due_on"],
                "done_on": r.values["done_on"],
                "light": r.values["light"] or "",
            }
            for r in rows
        ],
    )


WRITERS = (
    ("municipalities", _municipalities),
    ("organisations", _organisations),
    ("facilities", _facilities),
    ("capacity", _capacity),
    ("persons", _persons),
    ("stays", _stays),
    (
        "waiting",
        _person_rows(
            WaitingEntry,
            ("facility_type", "registered_on", "placed_on", "withdrawn_on", "priority"),
        ),
    ),
    (
        "signals",
        _person_rows(
            Signal,
            ("source", "urgency", "received_on", "first_contact_on", "outcome", "outcome_on"),
            blank_codes=("outcome",),
        ),
    ),
    ("assessments", _assessments),
    ("plans", _plans),
    ("postal", _postal),
    ("aftercare", _person_rows(AftercareTrack, ("started_on", "ended_on"))),
    ("checkins", _checkins),
)

# The extension files of protected living and its money (plek.exchange.protection_files).
from plek.exchange import protection_files  # noqa: E402 - it builds on the helpers above

KEYED.update(protection_files.KEYED)
WRITERS = (*WRITERS, *protection_files.WRITERS)  # type: ignore[assignment]
