"""The bulk import on PostgreSQL: stage every file with COPY, check in SQL, move in one go.

Every file is streamed into a staging table (`staging.py`) and its cells judged in SQL. When no
cell is bad, the staged text becomes typed tables and the checks across rows run as set-based
SQL on them, with the same `file:row:column` lines as the Python checks of `checks.py`:
references as anti-joins against the typed table and the stored one, a person's overlapping
stays with a running maximum over the union of staged and stored stays, capacity as a running
sum of starts and ends against the capacity periods. Then one `INSERT … SELECT … ON CONFLICT`
per file moves the rows in. It all runs in the caller's transaction: all or nothing.

The large files of a national load (municipalities, organisations, facilities, capacity, persons
and stays) never enter Python. The others — a person's waiting entries, signals, assessments,
plans, postal addresses, aftercare and the protected-living files — are typed in SQL too, then
loaded as rows for the Python checks and writers they share with the SQLite path.
"""

# Table and column names in the SQL below come from the file specs and models, never from
# input; cell values travel only through COPY.
# ruff: noqa: S608

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connection, models

from plek.exchange import checks, protection_files, staging, store
from plek.exchange.reader import Bundle, Row
from plek.exchange.spec import FILES, FILES_BY_NAME, FileSpec
from plek.housing.choices import CATEGORY_OF_TYPE, Category
from plek.housing.models import CapacityPeriod, Facility, RespiteBooking, Stay
from plek.people.models import Person

# The files checked and moved in SQL alone.
SQL_FILES = ("municipalities", "organisations", "facilities", "capacity", "persons", "stays")
FAR_FUTURE = "DATE '9999-12-31'"

# Seconds per statement, when a profile asks for them (benchmarks).
TIMINGS: list[tuple[float, str]] | None = None

ProgressCallback = Callable[[str, int, int], None]


def stage(directory: Path, bundle: Bundle, progress: ProgressCallback) -> dict[str, int]:
    """Stream every file present into staging and judge its cells; returns rows per file."""
    counts: dict[str, int] = {}
    started = time.perf_counter()
    done = 0

    def told(filename: str, rows: int, read: int, total: int) -> None:
        seconds = max(time.perf_counter() - started, 1e-6)
        rate = (done + rows) / seconds
        progress(f"lezen {filename}: {rows:,} rijen, {rate:,.0f} rijen/s", read, total)

    for spec in FILES:
        path = directory / spec.filename
        if path.is_file():
            counts[spec.name] = staging.stage_file(spec, path, bundle, told)
            done += counts[spec.name]
    for name in counts:
        spec = FILES_BY_NAME[name]
        staging.add_rows(bundle, spec, staging.check_cells(spec))
        staging.add_rows(bundle, spec, staging.check_keys(spec))
    return counts


def check(bundle: Bundle, staged: dict[str, int]) -> None:
    """Type the staged files and run every check across rows; problems go to `bundle`."""
    for name in staged:
        staging.make_typed(FILES_BY_NAME[name])
    _check_references(bundle, staged)
    if "persons" in staged:
        _check_bsn(bundle)
    if "stays" in staged or "capacity" in staged:
        _ensure_typed(("stays", "capacity"), staged)
        _merge_stays()
        _check_stay_rows(bundle)
        _check_overlaps(bundle)
        _check_capacity(bundle)
    if "stays" in staged:
        _ensure_typed(("facilities",), staged)
        _check_respite(bundle)
    for name in staged:
        if name not in SQL_FILES:
            bundle.rows[name] = _load_rows(FILES_BY_NAME[name])
    checks._check_date_order(bundle)
    checks._check_active_postal_addresses(bundle)
    checks._check_running_plans(bundle)
    checks._check_case_leads(bundle)
    protection_files.check(bundle)


def _ensure_typed(names: tuple[str, ...], staged: dict[str, int]) -> None:
    """An empty typed table for a file not in the directory, so that one query fits all."""
    for name in names:
        if name in staged:
            continue
        spec = FILES_BY_NAME[name]
        columns = ", ".join(f'"{column.name}" {_sql_type(column.kind)}' for column in spec.columns)
        _execute(
            f'CREATE TEMP TABLE "{staging.typed_table(spec)}" (row_no integer, {columns}) '
            "ON COMMIT DROP"
        )


def _sql_type(kind: str) -> str:
    return {"date": "date", "decimal2": "numeric", "count": "integer", "score": "integer"}.get(
        kind, "text"
    )


def _execute(sql: str, params: list[Any] | None = None) -> None:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    if TIMINGS is not None:
        TIMINGS.append((time.perf_counter() - started, sql[:90]))


def _typed(name: str) -> str:
    return f'"{staging.typed_table(FILES_BY_NAME[name])}"'


def _table(model: type[models.Model]) -> str:
    return f'"{model._meta.db_table}"'


def _load_rows(spec: FileSpec) -> list[Row]:
    names = [column.name for column in spec.columns]
    quoted = ", ".join(f'"{name}"' for name in names)
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT row_no, {quoted} FROM "{staging.typed_table(spec)}" ORDER BY row_no'
        )
        return [Row(row[0], dict(zip(names, row[1:], strict=True))) for row in cursor.fetchall()]


# -- checks ----------------------------------------------------------------------------------


def _check_references(bundle: Bundle, staged: dict[str, int]) -> None:
    for name in staged:
        spec = FILES_BY_NAME[name]
        for column in (c for c in spec.columns if c.kind == "ref"):
            target = FILES_BY_NAME[column.ref]
            model, field = store.KEYED[column.ref]
            stored = store._column(model, field)
            # Two NOT EXISTS joined by AND, not one NOT over an OR: PostgreSQL turns each into a
            # hashed anti-join, where under an OR they stay per-row subplans that scan the
            # unindexed typed table once per row (hours for 5M stays against 1M persons).
            in_file = (
                f"AND NOT EXISTS (SELECT 1 FROM {_typed(target.name)} r "
                f'WHERE r."{target.key[0]}" = t."{column.name}")'
                if target.name in staged
                else ""
            )
            staging.add_rows(
                bundle,
                spec,
                f"SELECT row_no, '{column.name}' AS col, '''' || t.\"{column.name}\" || "
                f"''' is onbekend: niet in {target.filename} en niet in de database' AS msg "
                f'FROM {_typed(name)} t WHERE t."{column.name}" IS NOT NULL AND '
                f"NOT EXISTS (SELECT 1 FROM {_table(model)} s "
                f'WHERE s."{stored}" = t."{column.name}") {in_file}',
            )


def _check_bsn(bundle: Bundle) -> None:
    staging.add_rows(
        bundle,
        FILES_BY_NAME["persons"],
        "SELECT * FROM (SELECT row_no, 'bsn' AS col, CASE WHEN row_no > first_row "
        "THEN 'dit BSN staat ook in rij ' || first_row WHEN EXISTS (SELECT 1 FROM "
        f"{_table(Person)} s WHERE s.bsn = p.bsn AND s.external_id <> p.id) "
        "THEN 'dit BSN hoort in de database bij een andere persoon' END AS msg "
        "FROM (SELECT row_no, id, bsn, min(row_no) OVER (PARTITION BY bsn) AS first_row "
        f"FROM {_typed('persons')} WHERE bsn IS NOT NULL) p) found WHERE msg IS NOT NULL",
    )


def _merge_stays() -> None:
    """The stays as they would be after the import, for the persons and facilities it touches."""
    _execute(
        "CREATE TEMP TABLE plek_touched ON COMMIT DROP AS "
        f"SELECT facility FROM {_typed('stays')} UNION SELECT facility FROM {_typed('capacity')}"
    )
    _execute(
        "CREATE TEMP TABLE plek_merged_stays ON COMMIT DROP AS "
        "SELECT t.id, t.person, t.facility, t.start_date, t.end_date, t.row_no "
        f"FROM {_typed('stays')} t WHERE t.end_date IS NULL OR t.end_date >= t.start_date "
        "UNION ALL "
        "SELECT s.external_id, coalesce(p.external_id, ''), f.external_id, s.start_date, "
        f"s.end_date, NULL FROM {_table(Stay)} s JOIN {_table(Facility)} f "
        f"ON f.id = s.facility_id LEFT JOIN {_table(Person)} p ON p.id = s.person_id "
        f"WHERE (p.external_id IN (SELECT person FROM {_typed('stays')}) "
        "OR f.external_id IN (SELECT facility FROM plek_touched)) "
        f"AND NOT EXISTS (SELECT 1 FROM {_typed('stays')} t WHERE t.id = s.external_id)"
    )
    _execute("ANALYZE plek_merged_stays")


def _check_stay_rows(bundle: Bundle) -> None:
    stays = _typed("stays")
    staging.add_rows(
        bundle,
        FILES_BY_NAME["stays"],
        "SELECT row_no, 'end_date' AS col, 'het verblijf eindigt voor het begint' AS msg "
        f"FROM {stays} WHERE end_date < start_date UNION ALL "
        "SELECT row_no, 'exit_destination', 'verplicht als het verblijf een einddatum heeft' "
        f"FROM {stays} WHERE end_date IS NOT NULL AND exit_destination IS NULL UNION ALL "
        "SELECT row_no, 'exit_destination', 'moet leeg zijn zolang het verblijf open is' "
        f"FROM {stays} WHERE exit_destination IS NOT NULL AND end_date IS NULL",
    )


def _check_overlaps(bundle: Bundle) -> None:
    """A stay starting before the latest end of the person's earlier stays overlaps it.

    `latest` is the earlier stay reaching furthest (the first of equals), carried as an array
    [end, order, key, row] so that one running maximum yields the whole stay.
    """
    night_end = f"coalesce(end_date, {FAR_FUTURE})"
    ordered = (
        f"SELECT *, {night_end} AS night_end, row_number() OVER (PARTITION BY person "
        'ORDER BY start_date, id COLLATE "C") AS n FROM plek_merged_stays '
        f"WHERE {night_end} > start_date AND person IN (SELECT person FROM {_typed('stays')})"
    )
    latest = (
        "max(ARRAY[to_char(night_end, 'YYYY-MM-DD'), lpad((2147483647 - n)::text, 10, '0'), "
        "id, coalesce(row_no, 0)::text]) OVER (PARTITION BY person ORDER BY n "
        "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)"
    )
    staging.add_rows(
        bundle,
        FILES_BY_NAME["stays"],
        "SELECT CASE WHEN row_no IS NOT NULL THEN row_no ELSE latest[4]::int END AS row_no, "
        "'start_date' AS col, 'overlapt met verblijf ''' || "
        "CASE WHEN row_no IS NOT NULL THEN latest[3] ELSE id END || ''' (' || "
        "CASE WHEN row_no IS NULL OR latest[4] = '0' THEN 'de database' "
        "ELSE 'rij ' || latest[4] END || ') van dezelfde persoon' AS msg "
        f"FROM (SELECT o.*, {latest} AS latest FROM ({ordered}) o) s "
        "WHERE latest IS NOT NULL AND start_date < latest[1]::date "
        "AND (row_no IS NOT NULL OR latest[4] <> '0')",
    )


def _check_respite(bundle: Bundle) -> None:
    """A stay beside a stored respite booking of its person, unless in a Housing First home."""
    facilities = _typed("facilities")
    home_types = ", ".join(f"'{kind}'" for kind in checks.HOME_TYPES)
    homes = (
        f"SELECT id FROM {facilities} WHERE type IN ({home_types}) UNION ALL "
        f"SELECT external_id FROM {_table(Facility)} f WHERE category = '{Category.HF}' "
        f"AND NOT EXISTS (SELECT 1 FROM {facilities} t WHERE t.id = f.external_id)"
    )
    night_end = f"coalesce(t.end_date, {FAR_FUTURE})"
    staging.add_rows(
        bundle,
        FILES_BY_NAME["stays"],
        # One problem per stay, for its first booking, as the Python check gives.
        f"SELECT DISTINCT ON (t.row_no) t.row_no, 'start_date' AS col, "
        f"'{checks.RESPITE_OVERLAP} (' || to_char(r.start_date, 'YYYY-MM-DD') || ' tot ' || "
        "to_char(r.end_date, 'YYYY-MM-DD') || ')' AS msg "
        f"FROM {_table(RespiteBooking)} r JOIN {_table(Person)} p ON p.id = r.person_id "
        f"JOIN {_typed('stays')} t ON t.person = p.external_id "
        f"WHERE t.start_date < {night_end} AND t.start_date < r.end_date "
        f"AND r.start_date < {night_end} AND t.facility NOT IN ({homes}) "
        "ORDER BY t.row_no, r.start_date",
    )


def _check_capacity(bundle: Bundle) -> None:
    """The first night per facility with more stays than units (capacity.csv over stored)."""
    night_end = f"coalesce(end_date, {FAR_FUTURE})"
    _execute(
        "CREATE TEMP TABLE plek_excess ON COMMIT DROP AS "
        f"WITH ms AS (SELECT *, {night_end} AS night_end FROM plek_merged_stays "
        f"WHERE {night_end} > start_date AND facility IN (SELECT facility FROM plek_touched)), "
        f"mc AS (SELECT facility, valid_from, units FROM {_typed('capacity')} UNION ALL "
        f"SELECT f.external_id, c.valid_from, c.units FROM {_table(CapacityPeriod)} c "
        f"JOIN {_table(Facility)} f ON f.id = c.facility_id "
        "WHERE f.external_id IN (SELECT facility FROM plek_touched) AND NOT EXISTS "
        f"(SELECT 1 FROM {_typed('capacity')} t WHERE t.facility = f.external_id "
        "AND t.valid_from = c.valid_from)), "
        "ev AS (SELECT facility, start_date AS day, 1 AS delta, NULL::integer AS units FROM ms "
        "UNION ALL SELECT facility, end_date, -1, NULL FROM ms WHERE end_date IS NOT NULL "
        "UNION ALL SELECT facility, valid_from, 0, units FROM mc), "
        "days AS (SELECT facility, day, sum(delta) AS d, max(units) AS u FROM ev "
        "GROUP BY facility, day), "
        "run AS (SELECT facility, day, u, sum(d) OVER w AS occupied, count(u) OVER w AS grp "
        "FROM days WINDOW w AS (PARTITION BY facility ORDER BY day)), "
        "lvl AS (SELECT facility, day, occupied, coalesce(max(u) OVER "
        "(PARTITION BY facility, grp), 0) AS units FROM run), "
        "excess AS (SELECT DISTINCT ON (facility) facility, day, occupied, units FROM lvl "
        "WHERE occupied > units ORDER BY facility, day) "
        "SELECT e.*, c.row_no FROM excess e CROSS JOIN LATERAL (SELECT row_no FROM ms "
        "WHERE ms.facility = e.facility AND ms.start_date <= e.day AND e.day < ms.night_end "
        'ORDER BY (ms.row_no IS NOT NULL) DESC, ms.start_date DESC, ms.id COLLATE "C" DESC '
        "LIMIT 1) c"
    )
    message = (
        "'op ' || to_char(day, 'YYYY-MM-DD') || ' zijn er ' || occupied || ' verblijven in "
        "voorziening ''' || facility || ''' en maar ' || units || ' plaatsen'"
    )
    staging.add_rows(
        bundle,
        FILES_BY_NAME["stays"],
        f"SELECT row_no, 'facility' AS col, {message} AS msg FROM plek_excess "
        "WHERE row_no IS NOT NULL",
    )
    staging.add_rows(
        bundle,
        FILES_BY_NAME["capacity"],
        f"SELECT 1 AS row_no, 'units' AS col, {message} AS msg FROM plek_excess "
        "WHERE row_no IS NULL",
    )


# -- the move --------------------------------------------------------------------------------


def move(bundle: Bundle, staged: dict[str, int]) -> None:
    """Write every staged file: SQL files by INSERT … SELECT, the others by the shared writers."""
    for name, mover in MOVERS:
        if name in staged:
            mover()
    resolver = store.Resolver(bundle)
    for name, writer in store.WRITERS:
        rows = bundle.rows.get(name, [])
        if rows:
            writer(rows, resolver)
            resolver.cache.pop(name, None)


def _insert(
    model: type[models.Model],
    conflict: tuple[str, ...],
    values: dict[str, str],
    source: str,
    on_conflict: dict[str, str] | None = None,
) -> None:
    """INSERT … SELECT `values` (field name → SQL) FROM `source` ON CONFLICT update them.

    Fields not in `values` get their default, as `bulk_create` gives them.
    """
    meta = model._meta
    fields = [
        field
        for field in meta.concrete_fields
        if not field.primary_key and not getattr(field, "generated", False)
    ]
    defaults = model()
    columns, selected, params = [], [], []
    for field in fields:
        columns.append(f'"{field.column}"')
        if field.name in values:
            selected.append(values[field.name])
        elif isinstance(field, models.UUIDField) and callable(field.default):
            # A public identifier: one of its own per row, drawn by the database.
            selected.append("gen_random_uuid()")
        else:
            selected.append("%s")
            params.append(field.get_db_prep_save(field.pre_save(defaults, True), connection))
    column_of = {field.name: field.column for field in fields}
    updates = {
        column_of[name]: f'EXCLUDED."{column_of[name]}"' for name in values if name not in conflict
    }
    updates.update({column_of[name]: sql for name, sql in (on_conflict or {}).items()})
    targets = ", ".join(f'"{column_of[name]}"' for name in conflict)
    action = ", ".join(f'"{column}" = {sql}' for column, sql in updates.items())
    _execute(
        f"INSERT INTO {_table(model)} ({', '.join(columns)}) "
        f"SELECT {', '.join(selected)} FROM {source} "
        f"ON CONFLICT ({targets}) DO UPDATE SET {action}",
        params,
    )


def _municipalities() -> None:
    from plek.accounts.models import Municipality

    _insert(
        Municipality,
        ("code",),
        {"code": "t.code", "name": "t.name"},
        f"{_typed('municipalities')} t",
    )


def _organisations() -> None:
    from plek.accounts.models import Municipality, Organisation

    _insert(
        Organisation,
        ("external_id",),
        {"external_id": "t.id", "name": "t.name", "kind": "t.kind", "municipality": "m.id"},
        f"{_typed('organisations')} t LEFT JOIN {_table(Municipality)} m "
        "ON m.code = t.municipality",
    )


def _facilities() -> None:
    from plek.accounts.models import Municipality, Organisation

    category = " ".join(
        f"WHEN '{kind}' THEN '{category}'" for kind, category in CATEGORY_OF_TYPE.items()
    )
    _insert(
        Facility,
        ("external_id",),
        {
            "external_id": "t.id",
            "name": "t.name",
            "type": "t.type",
            "category": f"CASE t.type {category} END",
            "provider": "o.id",
            "municipality": "m.id",
            "scope": "t.scope",
            "day_tariff": "t.day_tariff",
        },
        f"{_typed('facilities')} t JOIN {_table(Organisation)} o ON o.external_id = t.provider "
        f"JOIN {_table(Municipality)} m ON m.code = t.municipality",
    )


def _capacity() -> None:
    _insert(
        CapacityPeriod,
        ("facility", "valid_from"),
        {"facility": "f.id", "valid_from": "t.valid_from", "units": "t.units"},
        f"{_typed('capacity')} t JOIN {_table(Facility)} f ON f.external_id = t.facility",
    )


def _persons() -> None:
    from plek.accounts.models import Municipality

    _insert(
        Person,
        ("external_id",),
        {
            "external_id": "t.id",
            "bsn": "t.bsn",
            "initials": "coalesce(t.initials, '')",
            "family_name": "t.family_name",
            "birth_date": "t.birth_date",
            "sex": "coalesce(t.sex, 'X')",
            "origin_municipality": "m.id",
        },
        f"{_typed('persons')} t LEFT JOIN {_table(Municipality)} m "
        "ON m.code = t.origin_municipality",
    )


# The housing app keeps each stay's nights in housing_occupancy with a trigger per row; the
# import fills it for all its stays in one statement instead (the same rows the trigger writes).
OCCUPANCY_TRIGGER = "housing_stay_occupancy"
OCCUPANCY_TABLE = "housing_occupancy"


def _stays() -> None:
    _execute(f"ALTER TABLE {_table(Stay)} DISABLE TRIGGER {OCCUPANCY_TRIGGER}")
    _insert_stays()
    moved = f"SELECT s.id FROM {_table(Stay)} s JOIN {_typed('stays')} t ON t.id = s.external_id"
    _execute(f"DELETE FROM housing_occupancy WHERE stay_id IN ({moved})")
    _execute(
        "INSERT INTO housing_occupancy (stay_id, unit_id, person_id, facility_id, nights, home) "
        "SELECT s.id, s.unit_id, s.person_id, s.facility_id, "
        "daterange(s.start_date, s.end_date, '[)'), f.category = 'hf' "
        f"FROM {_table(Stay)} s JOIN {_typed('stays')} t ON t.id = s.external_id "
        f"JOIN {_table(Facility)} f ON f.id = s.facility_id ORDER BY s.person_id, s.start_date"
    )
    # A table with pending deferred checks cannot be altered: judge them now, then go on.
    _execute("SET CONSTRAINTS ALL IMMEDIATE")
    _execute(f"ALTER TABLE {_table(Stay)} ENABLE TRIGGER {OCCUPANCY_TRIGGER}")
    _execute("SET CONSTRAINTS ALL DEFERRED")


def _insert_stays() -> None:
    # plek-csv carries no origin per stay: a stay new to plek takes its person's origin now and
    # keeps it when that origin is corrected later (the monitor's M13 attributes by it).
    origin = store._column(Stay, "origin_municipality")
    _insert(
        Stay,
        ("external_id",),
        {
            "external_id": "t.id",
            "person": "p.id",
            "facility": "f.id",
            "start_date": "t.start_date",
            "end_date": "t.end_date",
            "exit_destination": "coalesce(t.exit_destination, '')",
            "origin_municipality": "p.origin_municipality_id",
        },
        # In the order of the indexes (a person's stays by date): the GiST and B-tree pages
        # an insert touches are then mostly the ones the previous insert touched.
        f"{_typed('stays')} t JOIN {_table(Person)} p ON p.external_id = t.person "
        f"JOIN {_table(Facility)} f ON f.external_id = t.facility "
        "ORDER BY p.id, t.start_date",
        on_conflict={
            "origin_municipality": f'coalesce({_table(Stay)}."{origin}", EXCLUDED."{origin}")'
        },
    )


MOVERS: tuple[tuple[str, Callable[[], None]], ...] = (
    ("municipalities", _municipalities),
    ("organisations", _organisations),
    ("facilities", _facilities),
    ("capacity", _capacity),
    ("persons", _persons),
    ("stays", _stays),
)


def written_tables(staged: dict[str, int]) -> list[str] | None:
    """The tables a bulk import of only SQL files wrote; None (all) when the writers ran too."""
    if any(name not in SQL_FILES for name in staged):
        return None
    from plek.accounts.models import Municipality, Organisation

    models_of = {
        "municipalities": Municipality,
        "organisations": Organisation,
        "facilities": Facility,
        "capacity": CapacityPeriod,
        "persons": Person,
        "stays": Stay,
    }
    tables = [models_of[name]._meta.db_table for name in staged]
    return [*tables, "housing_occupancy"] if "stays" in staged else tables


def drop_tables() -> None:
    """Drop the import's temporary tables."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relpersistence = 't' AND relkind = 'r' "
            "AND pg_table_is_visible(oid) AND relname LIKE 'plek\\_%%'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP TABLE IF EXISTS "{name}"')


def person_ids(bundle: Bundle, staged: dict[str, int]) -> list[int]:
    """The persons the import wrote: persons.csv's rows and every file's person references."""
    sources = [f"SELECT id FROM {_typed('persons')}"] if "persons" in staged else []
    if "stays" in staged:
        sources.append(f"SELECT person FROM {_typed('stays')}")
    ids: set[int] = set()
    if sources:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {_table(Person)} WHERE external_id IN ({' UNION '.join(sources)})"
            )
            ids.update(row[0] for row in cursor.fetchall())
    from plek.exchange.importer import imported_person_ids

    ids.update(imported_person_ids(bundle))
    return sorted(ids)
