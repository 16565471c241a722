"""`plek import DIR`: check everything, then write everything in one transaction, or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction

from plek.exchange.checks import check_bundle
from plek.exchange.events import import_finished
from plek.exchange.reader import Problem, read_directory
from plek.exchange.store import write_bundle


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


# Told how far the import is: (stage, steps done, steps in all).
ProgressCallback = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


def import_directory(directory: Path, progress: ProgressCallback = _no_progress) -> ImportResult:
    if not directory.is_dir():
        return ImportResult([Problem(str(directory), 0, "", "deze map bestaat niet")])
    progress("lezen", 0, 3)
    bundle = read_directory(directory)
    with transaction.atomic():
        # Checked and written under one transaction, so nothing changes in between.
        progress("controleren", 1, 3)
        if not bundle.problems:
            check_bundle(bundle)
        if bundle.problems:
            return ImportResult(sorted(set(bundle.problems)))
        progress("schrijven", 2, 3)
        counts = write_bundle(bundle)
        refresh_statistics()
        rows = sum(counts.values())
        transaction.on_commit(lambda: import_finished.send(sender=ImportResult, rows=rows))
    progress("klaar", 3, 3)
    return ImportResult(counts=counts)


def refresh_statistics() -> None:
    """After a bulk load the planner's statistics are stale; the monitor's plans depend on them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
