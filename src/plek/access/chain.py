"""The processing log's hash chains: appending an entry and verifying the whole log.

Structure
---------
The log (``ProcessingLogEntry``) is split over ``LOG_CHAINS`` independent hash chains. An entry
belongs to chain ``user_id % LOG_CHAINS`` (chain 0 for entries without a user), so one user's
entries stay in order in one chain while writers of different chains never wait for each other:
one global lock would make every read in the country queue behind every other.

Every chain has a head row (``LogChain``: chain, last_sequence, last_hash). Appending to chain c:

1. lock the head with ``SELECT ... FOR UPDATE`` (creating it on first use), so concurrent writers
   of one chain take turns and sequence numbers have no gaps or doubles;
2. write the entry with ``sequence = last_sequence + 1``, ``previous_hash = last_hash`` and
   ``hash = SHA-256(canonical serialisation of its fields, previous_hash included)``;
3. move the head to the new sequence and hash.

All of it runs inside the caller's transaction: the entry commits or rolls back together with the
action it records. The first entry of a chain has ``previous_hash`` = 64 zeros.

The canonical serialisation is JSON of the fields in ``HASHED_FIELDS`` with sorted keys, no
whitespace, UTF-8, the timestamp in UTC as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``. The row id is not part
of it (the database assigns it after the hash is computed); chain and sequence identify a row.

The table is append-only in the database too: a migration installs triggers that refuse UPDATE and
DELETE (SQLite and PostgreSQL). Someone with rights to drop the triggers can still edit rows;
``verify_log`` then finds:

- an edited row: its stored hash no longer matches its content;
- a deleted or replaced row in the middle: a gap in the sequence, or a ``previous_hash`` that does
  not match the row before it;
- deleted newest rows: the head's last sequence and hash point past the last row left.

A determined attacker could rewrite a chain and its head consistently; the heads printed by
``verify_log --heads`` can be recorded elsewhere (for instance in the periodic report to the
privacy officer) to anchor the chains outside the database.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.access.models import GENESIS_HASH, LogChain, ProcessingLogEntry

LOG_CHAINS = 8

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


def chain_for(user_id: int | None) -> int:
    return (user_id or 0) % LOG_CHAINS


def _canonical_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        utc = value.astimezone(datetime.UTC)
        return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def entry_hash(values: dict[str, Any]) -> str:
    """SHA-256 over the canonical serialisation of an entry's hashed fields."""
    payload = {name: _canonical_value(values[name]) for name in HASHED_FIELDS}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _locked_head(chain: int) -> LogChain:
    head = LogChain.objects.select_for_update().filter(chain=chain).first()
    if head is None:
        # First entry of this chain ever: create the head, tolerating a concurrent creator.
        LogChain.objects.bulk_create([LogChain(chain=chain)], ignore_conflicts=True)
        head = LogChain.objects.select_for_update().get(chain=chain)
    return head


def append(**values: Any) -> ProcessingLogEntry:
    """Append one entry (field values without chain, sequence, timestamp and hashes)."""
    with transaction.atomic():
        head = _locked_head(chain_for(values.get("user_id")))
        entry = ProcessingLogEntry(
            chain=head.chain,
            sequence=head.last_sequence + 1,
            # Taken under the lock, so timestamps never run backwards within a chain.
            timestamp=timezone.now(),
            previous_hash=head.last_hash,
            **values,
        )
        entry.hash = entry_hash(vars(entry))
        entry.save()
        head.last_sequence = entry.sequence
        head.last_hash = entry.hash
        head.save(update_fields=["last_sequence", "last_hash"])
    return entry


# --- verification ------------------------------------------------------------------------------


@dataclass
class Verification:
    checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def _row(entry: dict[str, Any]) -> str:
    return _("Regel id=%(id)s (keten %(chain)s, volgnummer %(sequence)s)") % entry


def _entries(chain: int) -> Iterator[dict[str, Any]]:
    fields = ("id", *HASHED_FIELDS, "hash")
    queryset = ProcessingLogEntry.objects.filter(chain=chain).order_by("sequence").values(*fields)
    return queryset.iterator(chunk_size=5000)


def _check_entry(entry: dict[str, Any], expected_sequence: int, previous: str) -> list[str]:
    problems = []
    if entry["sequence"] > expected_sequence:
        problems.append(
            _("%(row)s: volgnummer %(first)s t/m %(last)s ervoor ontbreekt (regel(s) verwijderd).")
            % {"row": _row(entry), "first": expected_sequence, "last": entry["sequence"] - 1}
        )
    elif entry["previous_hash"] != previous:
        problems.append(
            _("%(row)s: de vorige hash past niet bij de regel ervoor (regel vervangen).")
            % {"row": _row(entry)}
        )
    if entry_hash(entry) != entry["hash"]:
        problems.append(
            _("%(row)s: de inhoud past niet bij de hash (regel gewijzigd).") % {"row": _row(entry)}
        )
    return problems


def _check_chain(head: LogChain, result: Verification) -> None:
    expected, previous, last_id = 1, GENESIS_HASH, None
    for entry in _entries(head.chain):
        result.checked += 1
        result.problems.extend(_check_entry(entry, expected, previous))
        expected, previous, last_id = entry["sequence"] + 1, entry["hash"], entry["id"]
    last_sequence = expected - 1
    if head.last_sequence != last_sequence or head.last_hash != previous:
        result.problems.append(
            _(
                "Keten %(chain)s: de kop wijst naar volgnummer %(head)s, maar de laatste "
                "regel is volgnummer %(last)s (id=%(id)s); de nieuwste regel(s) ontbreken of "
                "zijn vervangen."
            )
            % {
                "chain": head.chain,
                "head": head.last_sequence,
                "last": last_sequence,
                "id": last_id if last_id is not None else "-",
            }
        )


def verify() -> Verification:
    """Walk every chain from its first entry and report each problem, naming the row."""
    result = Verification()
    heads = {head.chain: head for head in LogChain.objects.order_by("chain")}
    used = set(ProcessingLogEntry.objects.values_list("chain", flat=True).distinct())
    for chain in sorted(used - heads.keys()):
        result.problems.append(_("Keten %(chain)s heeft regels maar geen kop.") % {"chain": chain})
        heads[chain] = LogChain(chain=chain)
    for chain in sorted(heads):
        _check_chain(heads[chain], result)
    return result
