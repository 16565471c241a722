"""The processing log's MAC chains: appending entries, anchoring them outside the database, and
verifying the whole log.

Structure
---------
The log (``ProcessingLogEntry``) is split over ``settings.LOG_CHAINS`` independent chains
(``PLEK_LOG_CHAINS``, default 16). An entry belongs to chain ``user_id % LOG_CHAINS`` (chain 0
for entries without a user), so one user's entries stay in order in one chain while writers of
different chains never wait for each other: one global lock would make every read in the country
queue behind every other.

Every chain has a head row (``LogChain``: chain, last_sequence, last_hash). The heads of all
configured chains exist from the first migration or the first entry on, so a missing head means
a deleted chain. Appending to chain c:

1. lock the head with ``SELECT ... FOR UPDATE``, so concurrent writers of one chain take turns
   and sequence numbers have no gaps or doubles;
2. write the entry with ``sequence = last_sequence + 1``, ``previous_hash`` = the previous
   entry's MAC and ``hash`` = HMAC-SHA256 over the canonical serialisation of its fields,
   ``previous_hash`` included;
3. move the head to the new sequence and MAC.

All of it runs inside the caller's transaction: the entry commits or rolls back together with the
action it records. The first entry of a chain has ``previous_hash`` = 64 zeros. ``append_many``
writes a batch for one chain under one lock (lists and bulk deliveries).

The MAC key comes from ``PLEK_LOG_KEY`` (``settings.LOG_KEY``) and is never stored in the
database; row MACs and checkpoint signatures use separate keys derived from it. Without the key,
someone who can write the database cannot make a row that verifies. The canonical serialisation
is JSON of the fields in ``HASHED_FIELDS`` with sorted keys, no whitespace, UTF-8, the timestamp
in UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``. The row id is not part of it (the database assigns it
after the MAC is computed); ids must rise with the sequence within a chain, which verification
checks (ids are handed out in insert order and a chain's inserts take turns).

Anchors
-------
``anchor`` writes a checkpoint, a JSON file signed with the key, to ``settings.LOG_ANCHOR_DIR``:
every chain's length and last MAC, and the time. It refuses to anchor a log that is behind or
diverges from the previous checkpoint. ``verify`` compares the database with the latest
checkpoint, which is what catches a consistently rewritten tail, a wiped log, a deleted chain
and a database restored from an earlier copy: changes the database alone cannot reveal.

The table is append-only in the database too (triggers refuse UPDATE and DELETE, see
``plek.access.triggers``). What remains undetectable is documented in ``docs/security.md``.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import hmac
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.access.models import GENESIS_HASH, LogChain, ProcessingLogEntry
from plek.access.triggers import append_only_suspended

CHECKPOINT_FORMAT = "plek-verwerkingenlog-ijkpunt/1"
CHECKPOINT_PREFIX = "ijkpunt-"

HASHED_FIELDS = (
    "chain",
    "sequence",
    "timestamp",
    "action",
    "activity_code",
    "activity_name",
    "purpose",
    "confidentiality",
    "retention_period",
    "user_id",
    "username",
    "organisation_id",
    "organisation_name",
    "role",
    "person_id",
    "data_kinds",
    "request_id",
    "break_glass",
    "break_glass_id",
    "previous_hash",
)


def chain_count() -> int:
    return max(1, int(settings.LOG_CHAINS))


def chain_for(user_id: int | None) -> int:
    return (user_id or 0) % chain_count()


def _key(purpose: bytes) -> bytes:
    """A key per use (row MACs, checkpoint signatures), derived from the configured log key."""
    return _derived_key(settings.LOG_KEY, purpose)


@functools.lru_cache(maxsize=8)
def _derived_key(log_key: str, purpose: bytes) -> bytes:
    return hmac.new(log_key.encode("utf-8"), purpose, hashlib.sha256).digest()


def _canonical_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        utc = value.astimezone(datetime.UTC)
        return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def _canonical(payload: dict[str, Any]) -> bytes:
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def entry_mac(values: dict[str, Any]) -> str:
    """HMAC-SHA256 over the canonical serialisation of an entry's chained fields."""
    payload = {name: _canonical_value(values[name]) for name in HASHED_FIELDS}
    return hmac.new(_key(b"plek-log-entry"), _canonical(payload), hashlib.sha256).hexdigest()


def ensure_heads(using: str = "default") -> None:
    """Create the head of every configured chain that has none yet (never touches existing)."""
    LogChain.objects.using(using).bulk_create(
        [LogChain(chain=number) for number in range(chain_count())], ignore_conflicts=True
    )


def _locked_head(chain: int) -> LogChain:
    head = LogChain.objects.select_for_update().filter(chain=chain).first()
    if head is None:
        # First entry in a new database (or after more chains were configured): create every
        # configured head, tolerating a concurrent creator.
        ensure_heads()
        head = LogChain.objects.select_for_update().get(chain=chain)
    return head


def _new_entry(head: LogChain, now: datetime.datetime, values: dict[str, Any]) -> Any:
    entry = ProcessingLogEntry(
        chain=head.chain,
        sequence=head.last_sequence + 1,
        timestamp=now,
        previous_hash=head.last_hash,
        **values,
    )
    entry.hash = entry_mac(vars(entry))
    head.last_sequence = entry.sequence
    head.last_hash = entry.hash
    return entry


def append(**values: Any) -> ProcessingLogEntry:
    """Append one entry (field values without chain, sequence, timestamp and MACs)."""
    with transaction.atomic():
        head = _locked_head(chain_for(values.get("user_id")))
        # Taken under the lock, so timestamps never run backwards within a chain.
        entry: ProcessingLogEntry = _new_entry(head, timezone.now(), values)
        entry.save()
        head.save(update_fields=["last_sequence", "last_hash"])
    return entry


def append_many(rows: Sequence[dict[str, Any]]) -> list[ProcessingLogEntry]:
    """Append a batch of entries: one lock, one INSERT and one head update per chain touched.

    Each row is the field values ``append`` takes. The entries of one chain keep the rows' order.
    """
    by_chain = _by_chain(rows)
    written: list[ProcessingLogEntry] = []
    with transaction.atomic():
        # Always lock heads in chain order, so two batches cannot deadlock each other.
        for number in sorted(by_chain):
            head = _locked_head(number)
            now = timezone.now()
            entries = [_new_entry(head, now, values) for values in by_chain[number]]
            ProcessingLogEntry.objects.bulk_create(entries)
            head.save(update_fields=["last_sequence", "last_hash"])
            written.extend(entries)
    return written


def _by_chain(rows: Iterable[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    by_chain: dict[int, list[dict[str, Any]]] = {}
    for values in rows:
        by_chain.setdefault(chain_for(values.get("user_id")), []).append(values)
    return by_chain


def append_rows(rows: Sequence[dict[str, Any]]) -> int:
    """``append_many`` for rows that name every field (``plek.access.services.read_rows``), without
    model objects: on PostgreSQL each chain's entries are streamed with COPY under its head lock,
    heads locked in chain order. The MACs are the ones ``append_many`` computes. A page's log
    rows went through ``bulk_create`` before: building, compiling and binding an INSERT of model
    objects was most of what logging twenty persons cost. Returns the number of entries."""
    if connection.vendor != "postgresql":
        return len(append_many(rows))
    by_chain = _by_chain(rows)
    with transaction.atomic():
        for number in sorted(by_chain):
            _copy_into(_locked_head(number), by_chain[number])
    return len(rows)


# Rows per ``append_many`` when ``append_stream`` has no COPY (SQLite).
STREAM_FLUSH_ROWS = 5000


def append_stream(values: dict[str, Any], person_ids: Iterable[int]) -> int:
    """Append one entry per person to the chain of ``values`` (the field values ``append``
    takes, the person left out), streamed into the table with COPY: one lock, one head update.

    For bulk work on hundreds of thousands of persons (a national import): the MACs are the
    same as ``append_many`` computes, and ids rise with the sequence because COPY inserts in
    order. Nothing is kept in memory but COPY's buffer. Returns the number of entries.
    """
    if connection.vendor != "postgresql":
        return _append_batches(values, person_ids)
    with transaction.atomic():
        head = _locked_head(chain_for(values.get("user_id")))
        return _copy_into(head, ({**values, "person_id": pid} for pid in person_ids))


# What COPY writes of an entry: every column but the id, which the database assigns.
_COPY_COLUMNS = (*HASHED_FIELDS, "hash")


def _copy_into(head: LogChain, rows: Iterable[dict[str, Any]]) -> int:
    """Stream the rows (every field but chain, sequence, timestamp and the MACs) into the locked
    head's chain with COPY, in order, and move the head on. Returns the number of entries."""
    from psycopg import sql

    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(ProcessingLogEntry._meta.db_table),
        sql.SQL(", ").join(sql.Identifier(name) for name in _COPY_COLUMNS),
    )
    # Taken under the lock, so timestamps never run backwards within a chain.
    now = timezone.now()
    written = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for values in rows:
            entry = {
                **values,
                "chain": head.chain,
                "timestamp": now,
                "sequence": head.last_sequence + 1,
                "previous_hash": head.last_hash,
            }
            entry["hash"] = entry_mac(entry)
            copy.write_row([_copy_value(entry[name]) for name in _COPY_COLUMNS])
            head.last_sequence, head.last_hash = entry["sequence"], entry["hash"]
            written += 1
    if written:
        head.save(update_fields=["last_sequence", "last_hash"])
    return written


def _append_batches(values: dict[str, Any], person_ids: Iterable[int]) -> int:
    """Without COPY (SQLite): ``append_many`` a flush of rows at a time."""
    written = 0
    batch: list[dict[str, Any]] = []
    for person_id in person_ids:
        batch.append({**values, "person_id": person_id})
        if len(batch) == STREAM_FLUSH_ROWS:
            written += len(append_many(batch))
            batch = []
    if batch:
        written += len(append_many(batch))
    return written


def _copy_value(value: Any) -> Any:
    # The JSON field travels as its text; the rest as psycopg adapts it.
    return json.dumps(value) if isinstance(value, list) else value


# --- checkpoints (anchors outside the database) ---------------------------------------------------


@dataclass(frozen=True)
class ChainState:
    length: int
    mac: str
    # After pruning (``prune``): the last removed sequence number and its MAC, the chain's new
    # starting point. 0 and the genesis MAC when nothing was removed.
    base_sequence: int = 0
    base_mac: str = GENESIS_HASH


@dataclass(frozen=True)
class Checkpoint:
    created: datetime.datetime
    chains: dict[int, ChainState]
    path: Path | None = None

    @property
    def rows(self) -> int:
        return sum(state.length for state in self.chains.values())

    def payload(self) -> dict[str, Any]:
        return {
            "format": CHECKPOINT_FORMAT,
            "created": _canonical_value(self.created),
            "chains": {
                str(number): _state_payload(state) for number, state in sorted(self.chains.items())
            },
            "rows": self.rows,
        }

    @property
    def label(self) -> str:
        local = timezone.localtime(self.created)
        return local.strftime("%Y-%m-%d %H:%M:%S")


def _state_payload(state: ChainState) -> dict[str, Any]:
    payload: dict[str, Any] = {"length": state.length, "mac": state.mac}
    if state.base_sequence:
        # Only after pruning, so checkpoints of unpruned logs keep their original form.
        payload["base"] = {"sequence": state.base_sequence, "mac": state.base_mac}
    return payload


def _read_state(state: dict[str, Any]) -> ChainState:
    base = state.get("base") or {"sequence": 0, "mac": GENESIS_HASH}
    return ChainState(
        int(state["length"]), str(state["mac"]), int(base["sequence"]), str(base["mac"])
    )


class CheckpointError(Exception):
    """A checkpoint file that is unreadable or whose signature does not match the key."""


class AnchorRefused(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def anchor_dir() -> Path:
    return Path(settings.LOG_ANCHOR_DIR)


def _signature(payload: dict[str, Any]) -> str:
    return hmac.new(_key(b"plek-log-checkpoint"), _canonical(payload), hashlib.sha256).hexdigest()


def _checkpoint_files() -> list[Path]:
    directory = anchor_dir()
    if not directory.is_dir():
        return []
    return sorted(directory.glob(f"{CHECKPOINT_PREFIX}*.json"))


def read_checkpoint(path: Path) -> Checkpoint:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        signature = document.pop("signature")
        if document.get("format") != CHECKPOINT_FORMAT:
            raise ValueError("format")
        created = datetime.datetime.strptime(document["created"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(
            tzinfo=datetime.UTC
        )
        chains = {int(number): _read_state(state) for number, state in document["chains"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CheckpointError(
            _("IJkpunt %(file)s is onleesbaar of beschadigd.") % {"file": path.name}
        ) from exc
    if not hmac.compare_digest(str(signature), _signature(document)):
        raise CheckpointError(
            _(
                "IJkpunt %(file)s: de handtekening klopt niet bij de sleutel (vervalst, of "
                "gemaakt met een andere PLEK_LOG_KEY)."
            )
            % {"file": path.name}
        )
    return Checkpoint(created=created, chains=chains, path=path)


def latest_checkpoint() -> Checkpoint | None:
    """The newest checkpoint in the anchor directory, or None when there is none yet."""
    files = _checkpoint_files()
    return read_checkpoint(files[-1]) if files else None


def _last_rows() -> dict[int, dict[str, Any]]:
    """The newest row of every chain that has rows: one indexed query per chain."""
    numbers = set(LogChain.objects.values_list("chain", flat=True)) | set(range(chain_count()))
    last: dict[int, dict[str, Any]] = {}
    for number in sorted(numbers):
        row = (
            ProcessingLogEntry.objects.filter(chain=number)
            .order_by("-sequence")
            .values("id", *HASHED_FIELDS, "hash")
            .first()
        )
        if row is not None:
            last[number] = row
    return last


def _mac_at(chain: int, sequence: int) -> str | None:
    return (
        ProcessingLogEntry.objects.filter(chain=chain, sequence=sequence)
        .values_list("hash", flat=True)
        .first()
    )


def _quick_check(previous: Checkpoint | None, last: dict[int, dict[str, Any]]) -> list[str]:
    """What anchoring must not bless: heads and newest rows that disagree, or a log that is
    behind or diverges from the previous checkpoint. A few queries per chain, no full walk."""
    problems = []
    heads = {head.chain: head for head in LogChain.objects.all()}
    for number, row in sorted(last.items()):
        head = heads.get(number)
        if entry_mac(row) != row["hash"]:
            problems.append(_("%(row)s: de inhoud past niet bij de MAC.") % {"row": _row(row)})
        if head is None or (head.last_sequence, head.last_hash) != (row["sequence"], row["hash"]):
            problems.append(
                _("Keten %(chain)s: de kop past niet bij de nieuwste regel.") % {"chain": number}
            )
    if previous is not None:
        for number, state in sorted(previous.chains.items()):
            if state.length == 0:
                continue
            now = last[number]["sequence"] if number in last else 0
            if now < state.length or _mac_at(number, state.length) != state.mac:
                problems.append(
                    _("Keten %(chain)s wijkt af van het ijkpunt van %(time)s.")
                    % {"chain": number, "time": previous.label}
                )
    return problems


def anchor(bases: dict[int, tuple[int, str]] | None = None) -> Checkpoint:
    """Write a signed checkpoint of every chain's length and last MAC to the anchor directory.

    Refuses (``AnchorRefused``) when the newest rows do not verify or the log is behind or
    diverges from the previous checkpoint: anchoring must never make a tampered log look right.
    Each chain's starting point (after pruning) is carried over from the previous checkpoint,
    or taken from ``bases`` (chain -> last pruned sequence and its MAC) when ``prune`` moves it.
    """
    ensure_heads()
    previous = latest_checkpoint()
    last = _last_rows()
    problems = _quick_check(previous, last)
    if problems:
        raise AnchorRefused(problems)
    numbers = set(LogChain.objects.values_list("chain", flat=True)) | set(range(chain_count()))
    if previous is not None:
        numbers |= set(previous.chains)
    carried = {
        number: (state.base_sequence, state.base_mac)
        for number, state in (previous.chains.items() if previous else ())
    }
    carried.update(bases or {})
    chains = {
        number: ChainState(
            last[number]["sequence"] if number in last else 0,
            last[number]["hash"] if number in last else GENESIS_HASH,
            *carried.get(number, (0, GENESIS_HASH)),
        )
        for number in sorted(numbers)
    }
    created = timezone.now()
    if previous is not None and created <= previous.created:
        created = previous.created + datetime.timedelta(microseconds=1)
    checkpoint = Checkpoint(created=created, chains=chains)
    payload = checkpoint.payload()
    document = {**payload, "signature": _signature(payload)}
    directory = anchor_dir()
    directory.mkdir(parents=True, exist_ok=True)
    stamp = created.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = directory / f"{CHECKPOINT_PREFIX}{stamp}.json"
    temporary = directory / f".{path.name}.tmp"
    with temporary.open("x", encoding="utf-8") as handle:
        json.dump(document, handle, indent=1, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    # Never overwrite an existing checkpoint: link fails when the name is taken.
    os.link(temporary, path)
    temporary.unlink()
    return Checkpoint(created=created, chains=chains, path=path)


# --- verification ------------------------------------------------------------------------------


@dataclass
class Verification:
    checked: int = 0
    problems: list[str] = field(default_factory=list)
    checkpoint: Checkpoint | None = None

    @property
    def intact(self) -> bool:
        return not self.problems


def _row(entry: dict[str, Any]) -> str:
    return _("Regel id=%(id)s (keten %(chain)s, volgnummer %(sequence)s)") % entry


def _entries(chain: int) -> Iterator[dict[str, Any]]:
    fields = ("id", *HASHED_FIELDS, "hash")
    queryset = ProcessingLogEntry.objects.filter(chain=chain).order_by("sequence").values(*fields)
    return queryset.iterator(chunk_size=5000)


@dataclass
class _ChainWalk:
    rows: int = 0
    last_sequence: int = 0
    last_mac: str = GENESIS_HASH
    last_id: int | None = None
    mac_at_checkpoint: str | None = None


def _check_entry(entry: dict[str, Any], walk: _ChainWalk) -> list[str]:
    problems = []
    expected = walk.last_sequence + 1
    if entry["sequence"] > expected:
        problems.append(
            _("%(row)s: volgnummer %(first)s t/m %(last)s ervoor ontbreekt (regel(s) verwijderd).")
            % {"row": _row(entry), "first": expected, "last": entry["sequence"] - 1}
        )
    elif entry["previous_hash"] != walk.last_mac:
        problems.append(
            _("%(row)s: de vorige MAC past niet bij de regel ervoor (regel vervangen).")
            % {"row": _row(entry)}
        )
    if walk.last_id is not None and entry["id"] <= walk.last_id:
        problems.append(
            _(
                "%(row)s: het id is lager dan dat van de regel ervoor (id=%(before)s): regels "
                "verwisseld of tussengevoegd."
            )
            % {"row": _row(entry), "before": walk.last_id}
        )
    if not hmac.compare_digest(entry_mac(entry), entry["hash"]):
        problems.append(
            _("%(row)s: de inhoud past niet bij de MAC (regel gewijzigd of ingevoegd).")
            % {"row": _row(entry)}
        )
    return problems


def _walk_chain(number: int, state: ChainState, result: Verification) -> _ChainWalk:
    # A pruned chain starts after its signed base: the base's MAC stands in for the genesis.
    walk = _ChainWalk(last_sequence=state.base_sequence, last_mac=state.base_mac)
    at_checkpoint = state.length
    for entry in _entries(number):
        if entry["sequence"] <= state.base_sequence:
            # Covered by the signed base but not removed yet (a prune that did not finish).
            continue
        result.checked += 1
        walk.rows += 1
        result.problems.extend(_check_entry(entry, walk))
        walk.last_sequence, walk.last_mac, walk.last_id = (
            entry["sequence"],
            entry["hash"],
            entry["id"],
        )
        if entry["sequence"] == at_checkpoint:
            walk.mac_at_checkpoint = entry["hash"]
    return walk


def _check_head(number: int, head: LogChain | None, walk: _ChainWalk) -> list[str]:
    if head is None:
        return []
    if (head.last_sequence, head.last_hash) == (walk.last_sequence, walk.last_mac):
        return []
    return [
        _(
            "Keten %(chain)s: de kop wijst naar volgnummer %(head)s, maar de laatste regel is "
            "volgnummer %(last)s (id=%(id)s); de nieuwste regel(s) ontbreken of zijn vervangen."
        )
        % {
            "chain": number,
            "head": head.last_sequence,
            "last": walk.last_sequence,
            "id": walk.last_id if walk.last_id is not None else "-",
        }
    ]


def _check_against_checkpoint(
    number: int, walk: _ChainWalk, state: ChainState, checkpoint: Checkpoint
) -> str | None:
    """None when the chain still holds what the checkpoint recorded, else what differs."""
    if state.length == 0:
        return None
    values = {
        "chain": number,
        "time": checkpoint.label,
        "then": state.length,
        "now": walk.last_sequence,
    }
    if walk.last_sequence < state.length:
        return (
            _(
                "Keten %(chain)s is korter dan bij het ijkpunt van %(time)s: toen %(then)s "
                "regels, nu %(now)s; de nieuwste regels zijn weggehaald en de kop is "
                "teruggezet (staart afgekapt)."
            )
            % values
        )
    if walk.mac_at_checkpoint != state.mac:
        return (
            _(
                "Keten %(chain)s: regel %(then)s is niet meer de regel van het ijkpunt van "
                "%(time)s; de keten is herschreven of vervangen."
            )
            % values
        )
    return None


def verify(checkpoint: Checkpoint | None = None) -> Verification:
    """Walk every chain from its first entry, compare with the latest checkpoint, and report
    each problem, naming the row or the chain."""
    result = Verification()
    if checkpoint is None:
        try:
            checkpoint = latest_checkpoint()
        except CheckpointError as exc:
            result.problems.append(str(exc))
    result.checkpoint = checkpoint
    anchored = checkpoint.chains if checkpoint else {}
    heads = {head.chain: head for head in LogChain.objects.order_by("chain")}
    used = set(ProcessingLogEntry.objects.values_list("chain", flat=True).distinct())
    expected = set(range(chain_count())) | heads.keys() | used | anchored.keys()
    behind: list[int] = []
    for number in sorted(expected):
        state = anchored.get(number, ChainState(0, GENESIS_HASH))
        if number not in heads:
            if number in used:
                result.problems.append(
                    _("Keten %(chain)s heeft regels maar geen kop.") % {"chain": number}
                )
            elif state.length > 0:
                result.problems.append(
                    _(
                        "Keten %(chain)s ontbreekt, met kop en al: het ijkpunt van %(time)s telde "
                        "er %(then)s regels in (hele keten verwijderd)."
                    )
                    % {"chain": number, "time": checkpoint.label, "then": state.length}  # type: ignore[union-attr]
                )
            elif heads or used:
                result.problems.append(
                    _(
                        "Keten %(chain)s heeft geen kop (keten verwijderd, of PLEK_LOG_CHAINS "
                        "verhoogd zonder plek migrate)."
                    )
                    % {"chain": number}
                )
        walk = _walk_chain(number, state, result)
        result.problems.extend(_check_head(number, heads.get(number), walk))
        if checkpoint is not None:
            differs = _check_against_checkpoint(number, walk, state, checkpoint)
            if differs is not None and number in heads:
                result.problems.append(differs)
            if differs is not None:
                behind.append(number)
    if checkpoint is not None and checkpoint.rows > 0:
        anchored_chains = [n for n, state in anchored.items() if state.length > 0]
        if result.checked == 0:
            result.problems.append(
                _(
                    "Het verwerkingenlog is gewist: het ijkpunt van %(time)s telde %(rows)s regels "
                    "in %(chains)s ketens, de database heeft er geen."
                )
                % {"time": checkpoint.label, "rows": checkpoint.rows, "chains": len(anchored)}
            )
        elif len(anchored_chains) > 1 and set(anchored_chains) <= set(behind):
            result.problems.append(
                _(
                    "Alle ketens wijken af van het ijkpunt van %(time)s: de database is "
                    "teruggezet naar een eerdere kopie (of het log is vervangen)."
                )
                % {"time": checkpoint.label}
            )
    return result


def describe_heads() -> Iterable[str]:
    for head in LogChain.objects.order_by("chain"):
        yield f"keten {head.chain}: {head.last_sequence} {head.last_hash}"


# --- pruning (the log's own retention) ---------------------------------------------------------

_PERIOD = re.compile(r"^P(\d{1,3})Y$")


@dataclass
class Pruning:
    rows: int = 0
    # chain -> (last removed sequence, its MAC)
    bases: dict[int, tuple[int, str]] = field(default_factory=dict)
    checkpoint: Checkpoint | None = None


def _still_kept(today: datetime.date, floor: datetime.datetime) -> Q:
    """Entries whose own retention period (``P<n>Y``) has not passed, or that are newer than the
    floor. An entry with a period in another form is always kept."""
    periods = set(ProcessingLogEntry.objects.values_list("retention_period", flat=True).distinct())
    kept = Q(timestamp__gte=floor)
    for period in periods:
        match = _PERIOD.match(period or "")
        if match is None:
            kept |= Q(retention_period=period)
            continue
        years = int(match.group(1))
        cutoff = timezone.make_aware(
            datetime.datetime.combine(_years_before(today, years), datetime.time.min)
        )
        kept |= Q(retention_period=period, timestamp__gte=cutoff)
    return kept


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def prune(today: datetime.date, minimum_years: int, dry_run: bool = False) -> Pruning:
    """Remove each chain's oldest entries whose retention period has passed, as one segment from
    the chain's start, and make the last removed entry's MAC the chain's new starting point.

    Only a log that verifies is pruned. A fresh checkpoint is written first, then a second one
    that records the new starting points (signed, so nobody without the key can move them), and
    only then are the rows deleted: if the deletion fails, verification skips rows at or before
    the signed starting point and the next run deletes them. Each chain keeps at least its
    newest entry, so the checkpoints and heads keep pointing at a row. An entry is removed only
    when every earlier entry of its chain may go too (a segment, never a hole).
    """
    result = Pruning()
    checked = verify()
    if not checked.intact:
        raise AnchorRefused(checked.problems)
    floor = timezone.make_aware(
        datetime.datetime.combine(_years_before(today, minimum_years), datetime.time.min)
    )
    current = anchor() if not dry_run else checked.checkpoint
    if current is None:
        return result
    first_kept = dict(
        ProcessingLogEntry.objects.filter(_still_kept(today, floor))
        .values("chain")
        .annotate(first=Min("sequence"))
        .values_list("chain", "first")
    )
    for number, state in sorted(current.chains.items()):
        through = min(first_kept.get(number, state.length + 1), state.length) - 1
        if through <= state.base_sequence:
            continue
        mac = _mac_at(number, through)
        if mac is None:
            continue
        result.bases[number] = (through, mac)
        result.rows += ProcessingLogEntry.objects.filter(
            chain=number, sequence__gt=state.base_sequence, sequence__lte=through
        ).count()
    if dry_run or not result.bases:
        return result
    result.checkpoint = anchor(bases=result.bases)
    with transaction.atomic(), append_only_suspended(), connection.cursor() as cursor:
        for number, (through, _mac) in sorted(result.bases.items()):
            cursor.execute(
                f"DELETE FROM {ProcessingLogEntry._meta.db_table} "  # noqa: S608
                "WHERE chain = %s AND sequence <= %s",
                [number, through],
            )
    return result
