"""The one door for lists: decide for a set of persons, then log each person shown, once.

``read_persons`` is what every list, worklist, search result, export and API list calls with
the persons it is about to show: it asks the policy for all of them at once
(``plek.access.policy.decide_many``: one query per relation source) and writes one log row per
allowed person with that relation's purpose and the break-the-glass flag
(``plek.access.services.record_reads``: one bulk insert per batch). The caller shows only the
persons in the answer; slice the list to what is shown *before* calling, so the log holds
exactly the persons on the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from plek.access.activities import ProcessingActivity
from plek.access.choices import LOG_ACTION_FOR, Action
from plek.access.policy import Decision, decide_many
from plek.access.services import append_read_rows, read_rows, record_reads
from plek.accounts.context import Actor


@dataclass
class _Page:
    """A page of several lists being built: who it shows, and their log rows still to write."""

    shown: set[int] = field(default_factory=set)
    rows: list[dict[str, Any]] = field(default_factory=list)


_PAGE: ContextVar[_Page | None] = ContextVar("plek_page_reads", default=None)


@contextmanager
def one_page() -> Iterator[None]:
    """Build one page of several lists (a start page): a person shown in two of them is logged
    once, by the first list that shows them, and the page's log rows are appended together
    when it is built (one lock of the log's head, not one per list). A page that fails while
    being built shows nobody and logs nobody."""
    page = _Page()
    token = _PAGE.set(page)
    try:
        yield
    finally:
        _PAGE.reset(token)
    if page.rows:
        with transaction.atomic():
            append_read_rows(page.rows)


def read_persons(
    actor: Actor,
    person_ids: Iterable[int | None],
    activity: ProcessingActivity,
    data_kinds: Iterable[str],
    *,
    kind: str | None = None,
    action: str = Action.VIEW,
) -> dict[int, Decision]:
    """Decide for the persons about to be shown and log the allowed ones; person id -> Decision.

    ``kind`` is the kind of data shown about them (``plek.access.kinds.DataKind``). ``None`` ids
    (rows without a person) are skipped.
    """
    wanted = {pid for pid in person_ids if pid is not None}
    decisions = decide_many(actor, action, wanted, kind=kind)
    page = _PAGE.get()
    log_action = LOG_ACTION_FOR[Action(action)]
    if page is None:
        with transaction.atomic():
            record_reads(actor, decisions, activity, data_kinds, action=log_action)
        return decisions
    new = {pid: d for pid, d in decisions.items() if pid not in page.shown}
    page.rows += read_rows(actor, new, activity, data_kinds, action=log_action)
    page.shown.update(new)
    return decisions
