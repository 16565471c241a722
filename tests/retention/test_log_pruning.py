"""The processing log's own retention: old segments go, the log still verifies, and tampering
with what is left is still caught."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection

from plek.access import chain
from plek.access.activities import ProcessingActivity
from plek.access.choices import LogAction, Purpose
from plek.access.models import ProcessingLogEntry
from plek.access.services import record_bulk

pytestmark = pytest.mark.django_db

SHORT = ProcessingActivity("test.kort", "Kort bewaard", retention_period="P5Y")
LONG = ProcessingActivity("test.lang", "Lang bewaard", retention_period="P15Y")


def _at(year: int, activity: ProcessingActivity, persons: list[int]) -> None:
    with time_machine.travel(datetime.datetime(year, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        record_bulk(None, LogAction.READ, activity, persons, ["identiteit"], Purpose.WMO_MO)
        chain.anchor()


def _sequences() -> list[int]:
    return list(
        ProcessingLogEntry.objects.filter(chain=0)
        .order_by("sequence")
        .values_list("sequence", flat=True)
    )


@pytest.fixture
def log() -> None:
    _at(2010, SHORT, [1, 2, 3])  # expired in 2015
    _at(2015, LONG, [4, 5])  # kept until 2030
    _at(2018, SHORT, [6, 7])  # expired, but after rows that are kept: a segment, never a hole
    _at(2026, SHORT, [8])


def test_an_expired_segment_goes_and_the_log_still_verifies(log: None) -> None:
    today = datetime.date(2026, 6, 1)
    with time_machine.travel(datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC), tick=False):
        counted = chain.prune(today, minimum_years=5, dry_run=True)
        assert (counted.rows, _sequences()) == (3, [1, 2, 3, 4, 5, 6, 7, 8])
        pruned = chain.prune(today, minimum_years=5)
    assert pruned.rows == 3
    assert _sequences() == [4, 5, 6, 7, 8]
    assert pruned.checkpoint is not None
    assert pruned.checkpoint.chains[0].base_sequence == 3
    result = chain.verify()
    assert result.intact, result.problems
    assert result.checked == 5
    # Anchoring and verifying go on as before.
    chain.anchor()
    assert chain.verify().intact


def test_a_minimum_keeps_entries_whose_own_period_passed(log: None) -> None:
    with time_machine.travel(datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC), tick=False):
        pruned = chain.prune(datetime.date(2026, 6, 1), minimum_years=20)
    assert pruned.rows == 0
    assert _sequences() == [1, 2, 3, 4, 5, 6, 7, 8]


def test_deleting_more_after_pruning_is_still_caught(log: None) -> None:
    with time_machine.travel(datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC), tick=False):
        chain.prune(datetime.date(2026, 6, 1), minimum_years=5)
    table = ProcessingLogEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER access_log_append_only")
        else:
            cursor.execute("DROP TRIGGER access_log_no_delete")
        cursor.execute(f"DELETE FROM {table} WHERE chain = 0 AND sequence = 4")  # noqa: S608
    result = chain.verify()
    assert not result.intact
    assert any("ontbreekt" in problem for problem in result.problems)


def test_a_log_that_does_not_verify_is_not_pruned(log: None) -> None:
    table = ProcessingLogEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER access_log_append_only")
        else:
            cursor.execute("DROP TRIGGER access_log_no_update")
        cursor.execute(f"UPDATE {table} SET person_id = 99 WHERE chain = 0 AND sequence = 6")  # noqa: S608
    with pytest.raises(chain.AnchorRefused):
        chain.prune(datetime.date(2026, 6, 1), minimum_years=5)
    assert len(_sequences()) == 8
