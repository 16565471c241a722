"""How far a running import is, kept in the cache: the import's own transaction hides its rows.

In production the cache is Redis, shared by the web workers and the Celery worker doing the
import; in the embedded default it is the process's memory, where the import runs too.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.core.cache import cache

TIMEOUT_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Progress:
    stage: str  # "lezen", "controleren", "schrijven", "klaar"
    done: int
    total: int

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))


def _key(job_id: object) -> str:
    return f"plek:import:{job_id}"


def report(job_id: object, stage: str, done: int, total: int) -> None:
    cache.set(_key(job_id), asdict(Progress(stage, done, total)), TIMEOUT_SECONDS)


def current(job_id: object) -> Progress | None:
    stored = cache.get(_key(job_id))
    return Progress(**stored) if stored else None
