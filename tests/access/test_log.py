"""The processing log: its fields, its hash chains, append-only, and verify_log."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction

from plek.access import chain
from plek.access.activities import PERSON_VIEW
from plek.access.choices import Action, LogAction, Purpose
from plek.access.models import GENESIS_HASH, LogChain, ProcessingLogEntry
from plek.access.services import record_processing
from plek.accounts.context import Actor
from tests.access.helpers import disable_append_only, tamper_delete, tamper_update

pytestmark = pytest.mark.django_db


def _record(actor: Actor, person_id: int | None = 7) -> ProcessingLogEntry:
    return record_processing(
        actor, Action.VIEW, PERSON_VIEW, person_id, ["naam", "geboortedatum"], Purpose.WMO_MO
    )


def _run_verify() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_log", stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def entries(actor: Callable[..., Actor]) -> list[ProcessingLogEntry]:
    """Five entries in one chain (one user) and two in another."""
    first, second = actor("regisseur"), actor("wijkteam")
    if chain.chain_for(first.user.pk) == chain.chain_for(second.user.pk):
        second = actor("wijkteam")
    return [_record(first, n) for n in range(1, 6)] + [_record(second, n) for n in (8, 9)]


def test_an_entry_has_the_vng_fields(actor: Callable[..., Actor]) -> None:
    a = actor("regisseur")
    entry = _record(a)
    entry.refresh_from_db()
    assert entry.action == LogAction.READ
    assert (entry.activity_code, entry.activity_name) == (PERSON_VIEW.code, PERSON_VIEW.name)
    assert entry.purpose == Purpose.WMO_MO
    assert entry.confidentiality == "vertrouwelijk"
    assert entry.retention_period == "P15Y"
    assert (entry.user_id, entry.username) == (a.user.pk, a.user.username)
    assert a.membership is not None
    assert entry.organisation_id == a.membership.organisation_id
    assert entry.organisation_name == a.membership.organisation.name
    assert entry.role == "regisseur"
    assert entry.person_id == 7
    assert entry.data_kinds == ["geboortedatum", "naam"]
    assert entry.request_id == "test-request-0001"
    assert entry.break_glass is False and entry.break_glass_id is None
    assert entry.timestamp.utcoffset().total_seconds() == 0  # type: ignore[union-attr]


def test_entries_form_a_chain_per_user(actor: Callable[..., Actor]) -> None:
    a = actor("regisseur")
    first, second = _record(a), _record(a)
    assert first.chain == second.chain == chain.chain_for(a.user.pk)
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.hash
    stored = ProcessingLogEntry.objects.values(*chain.HASHED_FIELDS).get(pk=second.pk)
    assert chain.entry_mac(stored) == second.hash
    head = LogChain.objects.get(chain=first.chain)
    assert (head.last_sequence, head.last_hash) == (2, second.hash)


def test_the_entry_rolls_back_with_the_action(actor: Callable[..., Actor]) -> None:
    a = actor("regisseur")
    with pytest.raises(RuntimeError), transaction.atomic():
        _record(a)
        raise RuntimeError("de handeling mislukt")
    assert not ProcessingLogEntry.objects.exists()
    assert _record(a).sequence == 1


def test_unknown_purpose_or_action_is_refused(actor: Callable[..., Actor]) -> None:
    with pytest.raises(ValueError):
        record_processing(actor(), Action.VIEW, PERSON_VIEW, 1, [], "onbekend")
    with pytest.raises(ValueError):
        record_processing(actor(), "kijken", PERSON_VIEW, 1, [], Purpose.WMO_MO)


def test_the_orm_refuses_to_change_or_delete_entries(actor: Callable[..., Actor]) -> None:
    entry = _record(actor())
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        ProcessingLogEntry.objects.filter(pk=entry.pk).update(person_id=1)
    with pytest.raises(TypeError):
        ProcessingLogEntry.objects.all().delete()


def test_the_database_refuses_update_and_delete(actor: Callable[..., Actor]) -> None:
    entry = _record(actor())
    with pytest.raises(DatabaseError), transaction.atomic():
        tamper_update(entry.pk, person_id=1)
    with pytest.raises(DatabaseError), transaction.atomic():
        tamper_delete(entry.pk)
    assert ProcessingLogEntry.objects.get(pk=entry.pk).person_id == 7


def test_verify_passes_on_an_untouched_log(entries: list[ProcessingLogEntry]) -> None:
    code, out, _err = _run_verify()
    assert code == 0
    assert "Verwerkingenlog intact: 7 regels gecontroleerd" in out


def test_verify_passes_on_an_empty_log(db: None) -> None:
    code, out, _err = _run_verify()
    assert code == 0
    assert "Verwerkingenlog intact: 0 regels gecontroleerd (nog geen ijkpunt)" in out


def _name(entry: ProcessingLogEntry) -> str:
    return f"id={entry.pk} (keten {entry.chain}, volgnummer {entry.sequence})"


def test_verify_names_an_edited_row(entries: list[ProcessingLogEntry]) -> None:
    disable_append_only()
    edited = entries[2]
    tamper_update(edited.pk, person_id=999)
    code, _out, err = _run_verify()
    assert code == 1
    assert _name(edited) in err
    assert "gewijzigd" in err
    assert "NIET intact" in err


def test_verify_names_an_edit_that_recomputed_its_own_hash(
    entries: list[ProcessingLogEntry],
) -> None:
    disable_append_only()
    edited, following = entries[1], entries[2]
    values = ProcessingLogEntry.objects.values(*chain.HASHED_FIELDS).get(pk=edited.pk)
    values["username"] = "iemand-anders"
    tamper_update(edited.pk, username="iemand-anders", hash=chain.entry_mac(values))
    code, _out, err = _run_verify()
    assert code == 1
    assert _name(following) in err
    assert "vorige MAC" in err


def test_verify_names_the_gap_after_deleting_a_middle_row(
    entries: list[ProcessingLogEntry],
) -> None:
    disable_append_only()
    deleted, following = entries[2], entries[3]
    tamper_delete(deleted.pk)
    code, _out, err = _run_verify()
    assert code == 1
    assert _name(following) in err
    assert f"volgnummer {deleted.sequence} t/m {deleted.sequence} ervoor ontbreekt" in err


def test_verify_notices_the_newest_row_deleted(entries: list[ProcessingLogEntry]) -> None:
    disable_append_only()
    newest, left = entries[4], entries[3]
    tamper_delete(newest.pk)
    code, _out, err = _run_verify()
    assert code == 1
    assert f"Keten {newest.chain}: de kop wijst naar volgnummer {newest.sequence}" in err
    assert f"volgnummer {left.sequence} (id={left.pk})" in err


def test_verify_notices_the_first_row_deleted(entries: list[ProcessingLogEntry]) -> None:
    disable_append_only()
    tamper_delete(entries[0].pk)
    code, _out, err = _run_verify()
    assert code == 1
    assert _name(entries[1]) in err


def test_verify_shows_the_heads_on_request(entries: list[ProcessingLogEntry]) -> None:
    out = io.StringIO()
    call_command("verify_log", "--heads", stdout=out)
    assert f"keten {entries[0].chain}: 5 {entries[4].hash}" in out.getvalue()


def test_maintenance_may_lift_the_triggers_briefly(actor: Callable[..., Actor]) -> None:
    from plek.access.triggers import append_only_suspended

    kept, removed = _record(actor()), _record(actor())
    with append_only_suspended():
        tamper_delete(removed.pk)
    with pytest.raises(DatabaseError), transaction.atomic():
        tamper_delete(kept.pk)
    assert list(ProcessingLogEntry.objects.values_list("pk", flat=True)) == [kept.pk]
