"""The demo region's people and their chain: generated, imported through plek-csv, then enriched.

The flows come from `plek.demo.flows` (calibrated to the region of docs/domain.md) and enter the
database the way a municipality's history would: through `plek import`. Each chain app may then add
what plek-csv does not carry (households, contact attempts, plan goals, units, ...) in a module
`plek.<app>.demo` with a function `enrich(rng)`; they run in the order of ENRICHED_APPS.
"""

from __future__ import annotations

import datetime
import importlib
import importlib.util
import random
import tempfile
from pathlib import Path

from django.db import transaction

from plek.demo import oversight
from plek.demo.flows import generate
from plek.exchange.importer import import_directory, refresh_statistics
from plek.housing.demo_beheer import enrich_history
from plek.people.models import Person

SEED = 2026
ENRICHED_APPS = (
    "people",
    "signals",
    "intake",
    "plans",
    "housing",
    "postal",
    "aftercare",
    "protection",
    "finance",
    "programs",
    "outreach",
    "inzage",
    # Last, with its own random generator: it shifts nothing of the chain's demo data.
    "informal",
)


class DemoChainError(RuntimeError):
    pass


def load_demo_chain(today: datetime.date) -> int:
    """Load two years of chain up to `today` into an empty demo; returns the rows imported.

    Running the demo again keeps the data it has: nothing is loaded once persons exist.
    """
    if Person.objects.exists():
        return 0
    with tempfile.TemporaryDirectory() as tmp, transaction.atomic():
        generate(Path(tmp), datetime.date(today.year - 1, 1, 1), today, seed=SEED, steady=True)
        result = import_directory(Path(tmp))
        if not result.ok:
            raise DemoChainError("; ".join(str(problem) for problem in result.problems[:5]))
        enrich(random.Random(SEED))
        # The admin's and privacy officer's work: no chain data, so after every app.
        oversight.enrich(today)
        # The apps' enrichment wrote after the import's ANALYZE: without this the first pages
        # are planned on whatever the statistics said before (in tests: an earlier test's rows).
        refresh_statistics()
    return result.rows


def enrich(rng: random.Random) -> None:
    for app in ENRICHED_APPS:
        name = f"plek.{app}.demo"
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name).enrich(rng)
    # The functional admin's recent changes (no randomness: it moves nothing else).
    enrich_history()
