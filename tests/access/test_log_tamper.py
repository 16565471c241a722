"""The processing log against an attacker with database rights but without the log key.

Every tamper of the audit (issue 9, finding #2) on a copy of the log, checked by
``plek verify-log`` against the key and the latest checkpoint outside the database. The tests run
on the database of the run: SQLite locally, PostgreSQL with DATABASE_URL (CI).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from plek.access import chain
from plek.access.activities import PERSON_VIEW
from plek.access.choices import Action, Purpose
from plek.access.models import GENESIS_HASH, LogChain, ProcessingLogEntry
from plek.access.services import record_processing
from plek.accounts.context import Actor
from tests.access.helpers import LOG_TABLE, disable_append_only, raw_sql, tamper_delete

pytestmark = pytest.mark.django_db


def _record(actor: Actor, person_id: int = 7) -> ProcessingLogEntry:
    return record_processing(actor, Action.VIEW, PERSON_VIEW, person_id, ["naam"], Purpose.WMO_MO)


def _verify(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_log", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue() + err.getvalue() + str(exc)
    return 0, out.getvalue() + err.getvalue()


def _anchor() -> chain.Checkpoint:
    return chain.anchor()


@pytest.fixture
def actors(actor: Callable[..., Actor]) -> list[Actor]:
    """Three users in three different chains."""
    found: dict[int, Actor] = {}
    while len(found) < 3:
        candidate = actor("regisseur")
        found.setdefault(chain.chain_for(candidate.user.pk), candidate)
    return list(found.values())


@pytest.fixture
def log(actors: list[Actor]) -> list[list[ProcessingLogEntry]]:
    """Five entries in each of three chains."""
    return [[_record(a, n) for n in range(1, 6)] for a in actors]


def _set_head(number: int, sequence: int, mac: str) -> None:
    raw_sql(
        "UPDATE access_logchain SET last_sequence = %s, last_hash = %s WHERE chain = %s",
        [sequence, mac, number],
    )


def _cut_tail(entries: list[ProcessingLogEntry], keep: int) -> None:
    """Delete a chain's newest rows and set its head back to the last kept one, consistently."""
    for entry in entries[keep:]:
        tamper_delete(entry.pk)
    if keep:
        _set_head(entries[0].chain, entries[keep - 1].sequence, entries[keep - 1].hash)
    else:
        _set_head(entries[0].chain, 0, GENESIS_HASH)


# --- the untouched log ---


def test_an_untouched_log_verifies_and_is_anchored(log: list[list[ProcessingLogEntry]]) -> None:
    code, out = _verify()
    assert code == 0, out
    assert "Verwerkingenlog intact: 15 regels gecontroleerd (nog geen ijkpunt)" in out
    files = list(Path(settings.LOG_ANCHOR_DIR).glob("ijkpunt-*.json"))
    assert len(files) == 1
    # More entries afterwards, then verify again: compared with the checkpoint, still intact.
    _record(_actor_of(log[0][0]))
    code, out = _verify()
    assert code == 0, out
    assert "16 regels gecontroleerd (vergeleken met ijkpunt van" in out
    assert len(list(Path(settings.LOG_ANCHOR_DIR).glob("ijkpunt-*.json"))) == 2


def _actor_of(entry: ProcessingLogEntry) -> Actor:
    from plek.accounts.models import Membership

    membership = Membership.objects.get(user_id=entry.user_id)
    return Actor(user=membership.user, membership=membership, request_id="test-request-0002")


def test_the_checkpoint_holds_every_chain_length_and_last_mac(
    log: list[list[ProcessingLogEntry]],
) -> None:
    checkpoint = _anchor()
    assert checkpoint.path is not None
    document = json.loads(checkpoint.path.read_text(encoding="utf-8"))
    assert set(document) == {"format", "created", "chains", "rows", "signature"}
    assert document["rows"] == 15
    assert len(document["chains"]) >= settings.LOG_CHAINS > 8
    for entries in log:
        last = entries[-1]
        assert document["chains"][str(last.chain)] == {"length": 5, "mac": last.hash}
    assert settings.LOG_KEY not in checkpoint.path.read_text(encoding="utf-8")


def test_every_configured_chain_has_a_head(db: None) -> None:
    assert set(LogChain.objects.values_list("chain", flat=True)) >= set(range(settings.LOG_CHAINS))


def test_the_number_of_chains_is_configurable(
    actor: Callable[..., Actor], settings: pytest.FixtureRequest
) -> None:
    settings.LOG_CHAINS = 40  # type: ignore[attr-defined]
    # More chains than heads: verify says so until `plek migrate` (or an anchor) adds them.
    code, out = _verify("--no-anchor")
    assert code == 1 and "Keten 39 heeft geen kop" in out and "PLEK_LOG_CHAINS" in out
    call_command("migrate", verbosity=0)
    assert LogChain.objects.filter(chain=39).exists()
    a = actor()
    entry = _record(a)
    assert entry.chain == a.user.pk % 40
    assert _verify()[0] == 0


def test_a_batch_is_appended_under_one_lock_per_chain_and_verifies(
    actors: list[Actor],
) -> None:
    rows = []
    for a in actors:
        for n in range(3):
            rows.append(
                {
                    "action": "read",
                    "activity_code": PERSON_VIEW.code,
                    "activity_name": PERSON_VIEW.name,
                    "purpose": Purpose.WMO_MO,
                    "confidentiality": PERSON_VIEW.confidentiality,
                    "retention_period": PERSON_VIEW.retention_period,
                    "user_id": a.user.pk,
                    "username": a.user.username,
                    "person_id": n + 1,
                    "data_kinds": ["naam"],
                }
            )
    written = chain.append_many(rows)
    assert len(written) == 9
    assert sorted(e.sequence for e in written if e.chain == written[0].chain) == [1, 2, 3]
    code, out = _verify()
    assert code == 0, out


# --- tampering inside the database ---


def test_an_edited_row_is_named(log: list[list[ProcessingLogEntry]]) -> None:
    disable_append_only()
    edited = log[0][2]
    raw_sql(f"UPDATE {LOG_TABLE} SET person_id = 999 WHERE id = %s", [edited.pk])  # noqa: S608
    code, out = _verify()
    assert code == 1
    assert f"id={edited.pk}" in out and "regel gewijzigd of ingevoegd" in out


def test_an_edit_with_a_plain_sha256_no_longer_passes(log: list[list[ProcessingLogEntry]]) -> None:
    """Without the key, recomputing the old unkeyed hash over the edited row does not help."""
    import hashlib

    disable_append_only()
    edited = log[0][4]
    values = ProcessingLogEntry.objects.values(*chain.HASHED_FIELDS).get(pk=edited.pk)
    values["person_id"] = 1234
    payload = {k: chain._canonical_value(v) for k, v in values.items()}
    forged = hashlib.sha256(chain._canonical(payload)).hexdigest()
    raw_sql(
        f"UPDATE {LOG_TABLE} SET person_id = 1234, hash = %s WHERE id = %s",  # noqa: S608
        [forged, edited.pk],
    )
    _set_head(edited.chain, edited.sequence, forged)
    code, out = _verify()
    assert code == 1
    assert f"id={edited.pk}" in out and "gewijzigd" in out


def test_an_inserted_row_is_named(log: list[list[ProcessingLogEntry]]) -> None:
    """A forged row in the middle: the rows after it renumbered, the head moved on."""
    disable_append_only()
    entries = log[1]
    number = entries[0].chain
    for entry in reversed(entries[2:]):
        raw_sql(
            f"UPDATE {LOG_TABLE} SET sequence = sequence + 1 WHERE id = %s",  # noqa: S608
            [entry.pk],
        )
    forged = ProcessingLogEntry(
        chain=number,
        sequence=3,
        timestamp=entries[1].timestamp,
        action="lezen",
        activity_code="x",
        activity_name="x",
        purpose=Purpose.WMO_MO,
        confidentiality="vertrouwelijk",
        retention_period="P15Y",
        person_id=42,
        previous_hash=entries[1].hash,
        hash="f" * 64,
    )
    forged.save()
    _set_head(number, 6, entries[-1].hash)
    code, out = _verify()
    assert code == 1
    assert f"id={forged.pk}" in out
    assert "ingevoegd" in out


def test_a_forged_last_row_is_named(log: list[list[ProcessingLogEntry]]) -> None:
    last = log[2][-1]
    forged = ProcessingLogEntry(
        chain=last.chain,
        sequence=6,
        timestamp=last.timestamp,
        action="lezen",
        activity_code="x",
        activity_name="x",
        purpose=Purpose.WMO_MO,
        confidentiality="vertrouwelijk",
        retention_period="P15Y",
        previous_hash=last.hash,
        hash="a" * 64,
    )
    forged.save()
    _set_head(last.chain, 6, forged.hash)
    code, out = _verify()
    assert code == 1
    assert f"id={forged.pk}" in out and "ingevoegd" in out


def test_a_deleted_middle_row_is_named(log: list[list[ProcessingLogEntry]]) -> None:
    disable_append_only()
    deleted, following = log[0][1], log[0][2]
    tamper_delete(deleted.pk)
    code, out = _verify()
    assert code == 1
    assert f"id={following.pk}" in out
    assert "verwijderd" in out


def test_swapped_rows_are_named(log: list[list[ProcessingLogEntry]]) -> None:
    disable_append_only()
    first, second = log[0][1], log[0][3]
    raw_sql(f"UPDATE {LOG_TABLE} SET id = %s WHERE id = %s", [-1, first.pk])  # noqa: S608
    raw_sql(f"UPDATE {LOG_TABLE} SET id = %s WHERE id = %s", [first.pk, second.pk])  # noqa: S608
    raw_sql(f"UPDATE {LOG_TABLE} SET id = %s WHERE id = %s", [second.pk, -1])  # noqa: S608
    code, out = _verify()
    assert code == 1
    assert "verwisseld" in out


# --- tampering the database cannot reveal on its own: the checkpoint does ---


def test_a_truncated_tail_with_its_head_set_back_is_named(
    log: list[list[ProcessingLogEntry]],
) -> None:
    _anchor()
    disable_append_only()
    _cut_tail(log[1], keep=3)
    assert chain.verify(checkpoint=None).problems  # with the checkpoint found on disk
    code, out = _verify()
    assert code == 1
    assert f"Keten {log[1][0].chain} is korter dan bij het ijkpunt" in out
    assert "toen 5 regels, nu 3" in out and "staart afgekapt" in out
    # A tampered log is not anchored: the next verify still compares with the old checkpoint.
    assert len(list(Path(settings.LOG_ANCHOR_DIR).glob("ijkpunt-*.json"))) == 1
    with pytest.raises(chain.AnchorRefused):
        _anchor()


def test_without_a_checkpoint_a_consistent_truncation_is_not_visible(
    log: list[list[ProcessingLogEntry]],
) -> None:
    """What the checkpoint adds: the database alone cannot tell (documented limit)."""
    disable_append_only()
    _cut_tail(log[1], keep=3)
    assert chain.verify().intact


def test_a_wiped_log_is_named(log: list[list[ProcessingLogEntry]]) -> None:
    _anchor()
    disable_append_only()
    raw_sql(f"DELETE FROM {LOG_TABLE}")  # noqa: S608
    raw_sql("DELETE FROM access_logchain")
    assert not ProcessingLogEntry.objects.exists()
    code, out = _verify()
    assert code == 1
    assert "Het verwerkingenlog is gewist" in out
    assert "telde 15 regels" in out
    assert "Verwerkingenlog intact" not in out


def test_a_wiped_log_with_fresh_heads_is_named(log: list[list[ProcessingLogEntry]]) -> None:
    _anchor()
    disable_append_only()
    raw_sql(f"DELETE FROM {LOG_TABLE}")  # noqa: S608
    raw_sql("UPDATE access_logchain SET last_sequence = 0, last_hash = %s", [GENESIS_HASH])
    code, out = _verify()
    assert code == 1
    assert "Het verwerkingenlog is gewist" in out
    assert "staart afgekapt" in out


def test_a_whole_chain_deleted_with_its_head_is_named(
    log: list[list[ProcessingLogEntry]],
) -> None:
    _anchor()
    disable_append_only()
    number = log[2][0].chain
    raw_sql(f"DELETE FROM {LOG_TABLE} WHERE chain = %s", [number])  # noqa: S608
    raw_sql("DELETE FROM access_logchain WHERE chain = %s", [number])
    code, out = _verify()
    assert code == 1
    assert f"Keten {number} ontbreekt, met kop en al" in out
    assert "hele keten verwijderd" in out


def test_a_whole_chain_deleted_after_the_last_checkpoint_is_named(
    log: list[list[ProcessingLogEntry]],
) -> None:
    """No checkpoint yet: the missing head of a configured chain gives it away."""
    disable_append_only()
    number = log[2][0].chain
    raw_sql(f"DELETE FROM {LOG_TABLE} WHERE chain = %s", [number])  # noqa: S608
    raw_sql("DELETE FROM access_logchain WHERE chain = %s", [number])
    code, out = _verify()
    assert code == 1
    assert f"Keten {number} heeft geen kop (keten verwijderd" in out


def test_a_database_rolled_back_to_an_earlier_copy_is_named(
    log: list[list[ProcessingLogEntry]],
) -> None:
    # The "copy" is the state after three entries per chain; the log grows and is anchored ...
    _anchor()
    # ... and then the database is restored to the copy: every chain back at three rows.
    disable_append_only()
    for entries in log:
        _cut_tail(entries, keep=3)
    code, out = _verify()
    assert code == 1
    assert "de database is teruggezet naar een eerdere kopie" in out


def test_a_rolled_back_database_that_grew_again_is_named(
    log: list[list[ProcessingLogEntry]], actors: list[Actor]
) -> None:
    _anchor()
    disable_append_only()
    for entries in log:
        _cut_tail(entries, keep=2)
    # New reads after the restore make every chain longer than at the checkpoint again.
    for a in actors:
        for n in range(4):
            _record(a, 100 + n)
    code, out = _verify()
    assert code == 1
    assert "is niet meer de regel van het ijkpunt" in out
    assert "teruggezet" in out


# --- the key and the checkpoint themselves ---


def test_another_key_makes_every_row_fail(
    log: list[list[ProcessingLogEntry]], settings: pytest.FixtureRequest
) -> None:
    settings.LOG_KEY = "een-andere-sleutel-van-iemand-anders"  # type: ignore[attr-defined]
    result = chain.verify()
    assert len([p for p in result.problems if "gewijzigd" in p]) == 15


def test_an_edited_checkpoint_is_refused(log: list[list[ProcessingLogEntry]]) -> None:
    checkpoint = _anchor()
    assert checkpoint.path is not None
    document = json.loads(checkpoint.path.read_text(encoding="utf-8"))
    for state in document["chains"].values():
        state["length"] = 0
    document["rows"] = 0
    checkpoint.path.write_text(json.dumps(document), encoding="utf-8")
    code, out = _verify()
    assert code == 1
    assert "handtekening klopt niet" in out


def test_anchor_log_command_and_the_beat_schedule(log: list[list[ProcessingLogEntry]]) -> None:
    out = io.StringIO()
    call_command("anchor_log", stdout=out)
    assert "IJkpunt geschreven" in out.getvalue() and "15 regels" in out.getvalue()
    schedule = settings.CELERY_BEAT_SCHEDULE["anchor-processing-log"]
    assert schedule["task"] == "plek.access.anchor_log"
    from plek.access.tasks import anchor_log

    path = anchor_log.delay().get()
    assert Path(path).is_file()
    assert len(list(Path(settings.LOG_ANCHOR_DIR).glob("ijkpunt-*.json"))) == 2


def test_the_key_is_not_in_the_database(log: list[list[ProcessingLogEntry]]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {LOG_TABLE}")  # noqa: S608
        rows = cursor.fetchall()
    assert rows and not any(settings.LOG_KEY in str(row) for row in rows)
