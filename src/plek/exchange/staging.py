"""PostgreSQL: stream a plek-csv file into a staging table, and judge its cells in SQL.

The file is read in chunks of a megabyte, decoded, split into records by Python's C `csv`
module and written straight into `COPY` as text, with the record's row number in the file as
the first column (the header is row 1). No row is kept in memory: the cost is the COPY buffer.
Every cell is then judged by one statement per file with the same Dutch messages as
`reader.parse_cell` gives, and a duplicate key by a window over the staged keys.

A NUL character cannot travel in PostgreSQL text; the reader turns it into U+FFFF (a
non-character no text holds) so that SQL can still name the cell that held it.
"""

# Table and column names in the SQL below come from the file specs and models, never from
# input; cell values travel only through COPY.
# ruff: noqa: S608

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Callable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from plek.core.csvfile import CsvFileError
from plek.exchange.formulas import TRIGGERS
from plek.exchange.reader import MAX_COUNT, MAX_EURO_DIGITS, Bundle
from plek.exchange.spec import Column, FileSpec

CHUNK_BYTES = 1 << 20
# A line longer than this (in characters) is refused: memory stays bounded on a file without
# line breaks. Ten times csv's own cell limit leaves room for every honest row.
MAX_LINE_CHARS = 10 * csv.field_size_limit()
FLUSH_ROWS = 5000
NUL_STAND_IN = "\uffff"

# Told how far the reading of one file is: (file name, rows, bytes read, bytes in all).
ReadProgress = Callable[[str, int, int, int], None]


def stage_table(spec: FileSpec) -> str:
    return f"plek_stage_{spec.name}"


def typed_table(spec: FileSpec) -> str:
    return f"plek_typed_{spec.name}"


# -- reading ---------------------------------------------------------------------------------


def _text_lines(path: Path) -> Iterator[str]:
    """The lines of a UTF-8 file (byte-order mark dropped), decoded a chunk at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    carry = ""
    offset = 0
    first = True
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(CHUNK_BYTES)
            pending = len(decoder.getstate()[0])
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                raise CsvFileError(
                    _("het bestand is geen UTF-8-tekst (byte %(byte)d); sla het op als CSV UTF-8")
                    % {"byte": offset - pending + error.start}
                ) from None
            offset += len(chunk)
            if first and text:
                text = text.removeprefix("\ufeff")
                first = False
            text = carry + text.replace("\x00", NUL_STAND_IN)
            lines = text.splitlines(keepends=True)
            if not chunk:
                yield from lines
                return
            # The last piece may be cut in the middle (even between \r and \n): keep it.
            carry = lines.pop() if lines else ""
            if len(carry) > MAX_LINE_CHARS:
                raise CsvFileError(
                    _("een regel is langer dan %(limit)d tekens") % {"limit": MAX_LINE_CHARS}
                )
            yield from lines


def stage_file(spec: FileSpec, path: Path, bundle: Bundle, progress: ReadProgress) -> int:
    """COPY the file's rows into its staging table; header and row-shape problems to `bundle`.

    Returns the number of rows staged.
    """
    names = [column.name for column in spec.columns]
    with connection.cursor() as cursor:
        columns = ", ".join(f'"{name}" text' for name in names)
        cursor.execute(
            f'CREATE TEMP TABLE "{stage_table(spec)}" (row_no integer, {columns}) ON COMMIT DROP'
        )
    total = path.stat().st_size
    lines = _text_lines(path)
    try:
        first = next(lines, None)
    except CsvFileError as error:
        bundle.problem(spec, 1, "", str(error))
        return 0
    if first is None or not first.strip():
        bundle.problem(spec, 1, "", _("het bestand is leeg: de kopregel ontbreekt"))
        return 0
    reader = csv.reader(itertools.chain([first], lines))
    try:
        header = next(reader)
    except csv.Error as error:
        bundle.problem(spec, 1, "", f"onleesbare CSV-regel: {error}")
        return 0
    if not _header_ok(spec, header, bundle):
        return 0
    present = [name for name in names if name in header]
    positions = [header.index(name) for name in present]
    return _copy_rows(
        spec, path.name, reader, len(header), present, positions, bundle, total, progress, lines
    )


def _copy_rows(
    spec: FileSpec,
    filename: str,
    reader: Any,
    width: int,
    present: list[str],
    positions: list[int],
    bundle: Bundle,
    total: int,
    progress: ReadProgress,
    lines: Iterator[str],
) -> int:
    pick = itemgetter(*positions)
    single = len(positions) == 1
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    quoted = ", ".join(f'"{name}"' for name in ["row_no", *present])
    staged = 0
    number = 1
    with connection.cursor() as cursor:
        copy_sql = f'COPY "{stage_table(spec)}" ({quoted}) FROM STDIN WITH (FORMAT csv)'
        with cursor.cursor.copy(copy_sql) as copy:
            try:
                for number, cells in enumerate(reader, start=2):
                    if not any(cells):
                        continue  # a blank line or ",,,": no row, but it keeps its number
                    if len(cells) != width:
                        bundle.problem(
                            spec,
                            number,
                            "",
                            f"de rij heeft {len(cells)} cellen, de kopregel {width}",
                        )
                        continue
                    picked = pick(cells)
                    writer.writerow((number, picked) if single else (number, *picked))
                    staged += 1
                    if staged % FLUSH_ROWS == 0:
                        copy.write(buffer.getvalue())
                        buffer.seek(0)
                        buffer.truncate()
                        progress(filename, staged, _bytes_read(lines), total)
            except csv.Error as error:
                # Such as a cell over csv.field_size_limit() (131,072 characters): the rest of
                # the file cannot be read reliably, so this is its last line.
                bundle.problem(spec, number + 1, "", f"onleesbare CSV-regel: {error}")
            except CsvFileError as error:
                bundle.problem(spec, number + 1, "", str(error))
            copy.write(buffer.getvalue())
    progress(filename, staged, total, total)
    return staged


def _bytes_read(lines: Iterator[str]) -> int:
    frame = getattr(lines, "gi_frame", None)
    if frame is None:
        return 0
    return int(frame.f_locals.get("offset", 0))


def _header_ok(spec: FileSpec, header: list[str], bundle: Bundle) -> bool:
    ok = True
    for name in {name for name in header if header.count(name) > 1}:
        bundle.problem(spec, 1, name, "deze kolom staat meer dan eens in de kopregel")
        ok = False
    for column in spec.columns:
        if column.required and column.name not in header:
            bundle.problem(spec, 1, column.name, "verplichte kolom ontbreekt in de kopregel")
            ok = False
    return ok


# -- the cells, in SQL -----------------------------------------------------------------------


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_TRIGGER_LIST = ", ".join(
    {"\t": "E'\\t'", "\r": "E'\\r'"}.get(trigger, _literal(trigger)) for trigger in TRIGGERS
)


def unescaped(cell: str) -> str:
    """SQL for `formulas.unescape` of a cell."""
    return (
        f"CASE WHEN left({cell}, 1) = '''' AND left(ltrim(substr({cell}, 2), ''''), 1) "
        f"IN ({_TRIGGER_LIST}) THEN substr({cell}, 2) ELSE {cell} END"
    )


def _valid_date(cell: str) -> str:
    """SQL: the cell is a real date written JJJJ-MM-DD (year 1 to 9999)."""
    year, month, day = (
        f"substr({cell}, {start}, {length})::int" for start, length in ((1, 4), (6, 2), (9, 2))
    )
    # CASE, not AND: SQL does not promise to test the pattern before casting the parts.
    return (
        f"(CASE WHEN {cell} ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$' THEN {year} >= 1 "
        f"AND {month} BETWEEN 1 AND 12 AND {day} >= 1 AND {day} <= extract(day FROM "
        f"make_date(greatest({year}, 1), least(greatest({month}, 1), 12), 1) "
        "+ interval '1 month' - interval '1 day') ELSE false END)"
    )


def _valid_bsn(cell: str) -> str:
    digits = " + ".join(
        f"{weight} * substr({cell}, {position}, 1)::int"
        for position, weight in enumerate((9, 8, 7, 6, 5, 4, 3, 2, -1), start=1)
    )
    return (
        f"(CASE WHEN {cell} ~ '^[0-9]{{9}}$' THEN {cell} <> '000000000' "
        f"AND ({digits}) % 11 = 0 ELSE false END)"
    )


def cell_message(column: Column) -> str:
    """SQL giving the Dutch message for a bad cell of `column` (as reader.parse_cell), else NULL."""
    cell = f'"{column.name}"'
    quoted = f"'''' || {cell} || ''''"
    branches = [
        f"WHEN strpos({cell}, '{NUL_STAND_IN}') > 0 THEN 'de cel bevat een NUL-teken (\\0)'"
    ]
    kind = column.kind
    if kind in ("text", "ref"):
        text = unescaped(cell)
        branches.append(
            f"WHEN char_length({text}) > {column.max_length} THEN char_length({text}) || "
            f"' tekens; hoogstens {column.max_length} toegestaan'"
        )
        if kind == "text" and column.name == "code":
            branches.append(
                f"WHEN {text} !~ '^GM[0-9]{{4}}$' THEN '''' || {text} || ''' is geen "
                "CBS-gemeentecode (GM gevolgd door vier cijfers)'"
            )
    elif kind == "date":
        branches.append(
            f"WHEN NOT {_valid_date(cell)} THEN {quoted} || ' is geen geldige datum "
            "(verwacht JJJJ-MM-DD)'"
        )
    elif kind == "code":
        codes = ", ".join(_literal(code) for code in column.codes)
        branches.append(
            f"WHEN {cell} NOT IN ({codes}) THEN 'onbekende code ''' || {cell} || "
            f"'''; toegestaan: ' || {_literal(', '.join(column.codes))}"
        )
    elif kind == "decimal2":
        branches.append(
            f"WHEN {cell} !~ '^[0-9]+(\\.[0-9]{{1,2}})?$' THEN {quoted} || ' is geen bedrag in "
            "euro''s (≥ 0, met een punt en hoogstens 2 decimalen)'"
        )
        branches.append(
            f"WHEN length(split_part({cell}, '.', 1)) > {MAX_EURO_DIGITS} THEN {quoted} || "
            f"' is te groot (hoogstens {MAX_EURO_DIGITS} cijfers voor de punt)'"
        )
    elif kind == "count":
        branches.append(f"WHEN {cell} !~ '^[0-9]+$' THEN {quoted} || ' is geen geheel getal ≥ 0'")
        branches.append(
            f"WHEN length({cell}) > 10 OR {cell}::numeric > {MAX_COUNT} THEN '''' || "
            f"left({cell}, 20) || ''' is te groot (hoogstens {MAX_COUNT})'"
        )
    elif kind == "bsn":
        branches.append(
            f"WHEN NOT {_valid_bsn(cell)} THEN {quoted} || ' is geen geldig BSN (9 cijfers "
            "die de elfproef doorstaan)'"
        )
    elif kind == "score":
        branches.append(
            f"WHEN {cell} NOT IN ('1', '2', '3', '4', '5') THEN {quoted} || ' is geen "
            "ZRM-score (1 tot en met 5, of leeg)'"
        )
    empty = "'verplicht veld is leeg'" if column.required else "NULL"
    return f"CASE WHEN {cell} IS NULL THEN {empty} {' '.join(branches)} END"


def typed_value(column: Column) -> str:
    """SQL for the cell's value as the database column holds it (cells already judged)."""
    cell = f'"{column.name}"'
    kind = column.kind
    if kind in ("text", "ref"):
        return unescaped(cell)
    if kind == "date":
        return f"{cell}::date"
    if kind == "decimal2":
        return f"{cell}::numeric"
    if kind in ("count", "score"):
        return f"{cell}::integer"
    return cell


def add_rows(bundle: Bundle, spec: FileSpec, sql: str, params: tuple[Any, ...] = ()) -> None:
    """Add the (row, column, message) rows of a query to the problems, bounded."""
    from plek.exchange.reader import MAX_PROBLEMS

    room = MAX_PROBLEMS - len(bundle.problems)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT row_no, col, msg, count(*) OVER () FROM ({sql}) found "
            f"ORDER BY row_no, col LIMIT {max(room, 1)}",
            params or None,
        )
        found = cursor.fetchall()
    if not found:
        return
    for row_no, column, message, _total in found:
        bundle.problem(spec, row_no, column, message)  # beyond the bound: only counted
    bundle.more_problems += found[0][3] - len(found)


def check_cells(spec: FileSpec) -> str:
    """SQL listing (row_no, col, msg) of every bad cell of a staged file."""
    names = ", ".join(_literal(column.name) for column in spec.columns)
    messages = ", ".join(cell_message(column) for column in spec.columns)
    # Only a row with a bad cell becomes one row per cell: unnesting every row first made six
    # rows of each of 5.5 million stays to throw nearly all away (20 s; 14.5 s this way).
    return (
        f"SELECT row_no, col, msg FROM (SELECT row_no, ARRAY[{messages}] AS msgs "
        f'FROM "{stage_table(spec)}" WHERE num_nonnulls({messages}) > 0) bad, '
        f"unnest(ARRAY[{names}], msgs) AS cell(col, msg) WHERE msg IS NOT NULL"
    )


def check_keys(spec: FileSpec) -> str:
    """SQL listing a repeated key (row_no, col, msg); keys with a bad or empty part are skipped."""
    parts = []
    for name in spec.key:
        column = spec.column(name)
        value = typed_value(column)
        parts.append(f"({value})::text")
    good = " AND ".join(f"({cell_message(spec.column(name))}) IS NULL" for name in spec.key)
    present = " AND ".join(f'"{name}" IS NOT NULL' for name in spec.key)
    shown = " || ', ' || ".join(parts)
    keys = ", ".join(parts)
    return (
        "SELECT row_no, col, msg FROM (SELECT row_no, "
        f"{_literal(spec.key[-1])} AS col, 'sleutel ''' || {shown} || ''' staat al in rij ' || "
        f"first_value(row_no) OVER (PARTITION BY {keys} ORDER BY row_no) AS msg, "
        f"row_number() OVER (PARTITION BY {keys} ORDER BY row_no) AS nth "
        f'FROM "{stage_table(spec)}" WHERE {present} AND {good}) keyed WHERE nth > 1'
    )


def make_typed(spec: FileSpec) -> None:
    values = ", ".join(f'{typed_value(column)} AS "{column.name}"' for column in spec.columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f'CREATE TEMP TABLE "{typed_table(spec)}" ON COMMIT DROP AS '
            f'SELECT row_no, {values} FROM "{stage_table(spec)}"'
        )
        cursor.execute(f'DROP TABLE "{stage_table(spec)}"')
        cursor.execute(f'ANALYZE "{typed_table(spec)}"')
