"""`plek import DIR`: check everything, then write everything in one transaction, or nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import (
    DatabaseError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    connection,
    transaction,
)

from plek.access.choices import LogAction
from plek.access.services import record_bulk
from plek.accounts.context import Actor
from plek.exchange.activities import BULK_IMPORT, EXCHANGE_PURPOSE, IMPORTED_KINDS
from plek.exchange.checks import check_bundle
from plek.exchange.events import import_finished
from plek.exchange.reader import Bundle, Problem, read_directory
from plek.exchange.spec import FILES
from plek.exchange.store import write_bundle
from plek.people.models import Person


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    more_problems: int = 0  # beyond the first MAX_PROBLEMS, only counted

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        """The problems as `file:row:column: message` lines, with the count of the rest."""
        lines = [str(problem) for problem in self.problems]
        if self.more_problems:
            lines.append(f"… en nog {self.more_problems} problemen (niet getoond)")
        return lines

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


# Told how far the import is: (stage, steps done, steps in all).
ProgressCallback = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


# One import at a time per database (PostgreSQL advisory lock; SQLite serialises writers).
IMPORT_LOCK = 0x706C656B  # "plek"
# What a database refusal at write or commit time means, in the words of the import.
CONSTRAINT_MESSAGES = {
    "occupancy_person_no_overlap": (
        "stays.csv",
        "een verblijf overlapt met een ander verblijf of een terugvalboeking van dezelfde persoon",
    ),
    "occupancy_unit_no_overlap": (
        "stays.csv",
        "een verblijf overlapt met een ander verblijf of een terugvalboeking in dezelfde eenheid",
    ),
    "postal_one_active_address_per_person": (
        "postal.csv",
        "een persoon krijgt twee actieve briefadressen",
    ),
}


def _refused(directory: Path, message: str, file: str | None = None) -> ImportResult:
    return ImportResult([Problem(file or str(directory), 0, "", message)])


def import_directory(
    directory: Path, progress: ProgressCallback = _no_progress, actor: Actor | None = None
) -> ImportResult:
    """Import a plek-csv directory; logs one processing-log row per person it wrote.

    ``actor`` is who the log names (``None``: the system operator, ``plek import`` without
    ``--als``).
    """
    if not directory.is_dir():
        return _refused(directory, "deze map bestaat niet")
    if not any((directory / spec.filename).is_file() for spec in FILES):
        return _refused(directory, "deze map bevat geen plek-csv-bestanden (zoals persons.csv)")
    try:
        return _import(directory, progress, actor)
    except IntegrityError as error:
        return _refused(directory, *_constraint_problem(error))
    except (OperationalError, InterfaceError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return _refused(
            directory, f"de database is niet bereikbaar of brak de verbinding af ({first})"
        )
    except DatabaseError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return _refused(
            directory, f"de database weigerde de import ({first}); er is niets opgeslagen"
        )


def _constraint_problem(error: IntegrityError) -> tuple[str, str | None]:
    text = str(error)
    for constraint, (file, message) in CONSTRAINT_MESSAGES.items():
        if constraint in text:
            return f"{message} (databaseregel {constraint}); er is niets opgeslagen", file
    first = text.strip().splitlines()[0] if text.strip() else "IntegrityError"
    return f"de database weigerde de import ({first}); er is niets opgeslagen", None


def _import(directory: Path, progress: ProgressCallback, actor: Actor | None) -> ImportResult:
    if connection.vendor == "postgresql":
        return _import_bulk(directory, progress, actor)
    progress("lezen", 0, 3)
    bundle = read_directory(directory)
    with transaction.atomic():
        if not _lock():
            return _refused(directory, "er loopt al een import; probeer het straks opnieuw")
        # Checked and written under one transaction, so nothing changes in between.
        progress("controleren", 1, 3)
        if not bundle.problems:
            check_bundle(bundle)
        if bundle.problems:
            return ImportResult(sorted(set(bundle.problems)), more_problems=bundle.more_problems)
        progress("schrijven", 2, 3)
        counts = write_bundle(bundle)
        _check_deferred_constraints()
        record_bulk(
            actor,
            LogAction.CREATE,
            BULK_IMPORT,
            imported_person_ids(bundle),
            IMPORTED_KINDS,
            EXCHANGE_PURPOSE,
        )
        refresh_statistics()
        rows = sum(counts.values())
        transaction.on_commit(lambda: import_finished.send(sender=ImportResult, rows=rows))
    progress("klaar", 3, 3)
    return ImportResult(counts=counts)


def _import_bulk(directory: Path, progress: ProgressCallback, actor: Actor | None) -> ImportResult:
    """PostgreSQL: stream into staging tables, check in SQL, move in one transaction."""
    from plek.exchange import bulk

    with transaction.atomic():
        if not _lock():
            return _refused(directory, "er loopt al een import; probeer het straks opnieuw")
        with _working_memory():
            result = _bulk_steps(directory, progress, actor)
        # ON COMMIT DROP does not fire when the caller's transaction goes on (tests, jobs).
        bulk.drop_tables()
    if result.ok:
        progress("klaar", 3, 3)
    return result


@contextmanager
def _working_memory() -> Iterator[None]:
    """The import's sorts and hashes of millions of rows stay in memory: at the server's default
    (4MB) the stays were sorted on disk for every check and insert. Given back afterwards, also
    inside a caller's transaction (a job), where a local setting would outlive the import; after
    an error the import's rollback undoes it (a statement then would fail on the aborted
    transaction and hide the error)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('work_mem'), set_config('work_mem', %s, true)",
            [settings.IMPORT_WORK_MEM],
        )
        before = cursor.fetchone()[0]
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('work_mem', %s, true)", [before])


def _bulk_steps(directory: Path, progress: ProgressCallback, actor: Actor | None) -> ImportResult:
    from plek.exchange import bulk

    bundle = Bundle()
    counts = bulk.stage(directory, bundle, progress)
    if bundle.problems or bundle.more_problems:
        return ImportResult(sorted(set(bundle.problems)), more_problems=bundle.more_problems)
    progress("controleren", 1, 3)
    bulk.check(bundle, counts)
    if bundle.problems or bundle.more_problems:
        return ImportResult(sorted(set(bundle.problems)), more_problems=bundle.more_problems)
    progress("schrijven", 2, 3)
    bulk.move(bundle, counts)
    _check_deferred_constraints()
    record_bulk(
        actor,
        LogAction.CREATE,
        BULK_IMPORT,
        bulk.person_ids(bundle, counts),
        IMPORTED_KINDS,
        EXCHANGE_PURPOSE,
    )
    refresh_statistics(bulk.written_tables(counts))
    rows = sum(counts.values())
    transaction.on_commit(lambda: import_finished.send(sender=ImportResult, rows=rows))
    return ImportResult(counts=counts)


# External ids resolved per query when the log's person ids are looked up.
PERSON_LOOKUP_BATCH = 5000


def imported_person_ids(bundle: Bundle) -> list[int]:
    """The persons a bundle wrote: persons.csv's rows and every file's person references."""
    external = {str(row.values["id"]) for row in bundle.rows.get("persons", [])}
    for spec in FILES:
        refs = [column.name for column in spec.columns if column.ref == "persons"]
        for row in bundle.rows.get(spec.name, []) if refs else []:
            external.update(str(row.values[name]) for name in refs if row.values.get(name))
    wanted = sorted(external)
    ids: list[int] = []
    for start in range(0, len(wanted), PERSON_LOOKUP_BATCH):
        chunk = wanted[start : start + PERSON_LOOKUP_BATCH]
        ids.extend(Person.objects.filter(external_id__in=chunk).values_list("pk", flat=True))
    return ids


def _lock() -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [IMPORT_LOCK])
        return bool(cursor.fetchone()[0])


def _check_deferred_constraints() -> None:
    """Judge the deferred constraints now, inside the transaction, not at COMMIT."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def refresh_statistics(tables: list[str] | None = None) -> None:
    """After a bulk load the planner's statistics are stale; the monitor's plans depend on them.

    ``tables``: only these (the ones the import wrote); ``None``: every table of plek's own. Never
    a bare ``ANALYZE``: that also takes the cluster's shared catalogs, and holds them until the
    caller's transaction ends, so every other database's ``ANALYZE`` waits for it.
    """
    if connection.vendor == "postgresql":
        if tables is None:
            tables = connection.introspection.django_table_names(only_existing=True)
        if not tables:
            return
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(f'"{table}"' for table in tables))
