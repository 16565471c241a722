"""`plek import DIR`: check everything, then write everything in one transaction, or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import (
    DatabaseError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    connection,
    transaction,
)

from plek.exchange.checks import check_bundle
from plek.exchange.events import import_finished
from plek.exchange.reader import Problem, read_directory
from plek.exchange.spec import FILES
from plek.exchange.store import write_bundle


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
    "stay_person_no_overlap": ("stays.csv", "twee verblijven van dezelfde persoon overlappen"),
    "stay_unit_no_overlap": ("stays.csv", "twee verblijven in dezelfde eenheid overlappen"),
    "postal_one_active_address_per_person": (
        "postal.csv",
        "een persoon krijgt twee actieve briefadressen",
    ),
}


def _refused(directory: Path, message: str, file: str | None = None) -> ImportResult:
    return ImportResult([Problem(file or str(directory), 0, "", message)])


def import_directory(directory: Path, progress: ProgressCallback = _no_progress) -> ImportResult:
    if not directory.is_dir():
        return _refused(directory, "deze map bestaat niet")
    if not any((directory / spec.filename).is_file() for spec in FILES):
        return _refused(directory, "deze map bevat geen plek-csv-bestanden (zoals persons.csv)")
    try:
        return _import(directory, progress)
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


def _import(directory: Path, progress: ProgressCallback) -> ImportResult:
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
        refresh_statistics()
        rows = sum(counts.values())
        transaction.on_commit(lambda: import_finished.send(sender=ImportResult, rows=rows))
    progress("klaar", 3, 3)
    return ImportResult(counts=counts)


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


def refresh_statistics() -> None:
    """After a bulk load the planner's statistics are stale; the monitor's plans depend on them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
