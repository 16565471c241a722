"""The data behind the template components (templatetags/plek.py): built in Python, shown by tags.

Views build these objects; templates never assemble tables or worklists from loose variables.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Text = str | Promise

NOTHING_TO_DO = _("Niets te doen")
VIEW_ALL = _("Alles bekijken")
NO_DATA = _("Geen gegevens.")


@dataclass(frozen=True)
class WorklistItem:
    label: Text
    href: str = ""
    detail: Text = ""
    # The item's deadline, shown beside it; ``overdue`` marks one that has passed (sources
    # order their items by urgency, overdue first).
    due: datetime.date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class Worklist:
    """A panel of things waiting for the user. An empty list says so: no made-up examples."""

    title: Text
    items: Sequence[WorklistItem] = ()
    description: Text = ""
    empty_text: Text = NOTHING_TO_DO
    more_href: str = ""
    more_label: Text = VIEW_ALL


@dataclass(frozen=True)
class Cell:
    text: object
    href: str = ""
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    caption: Text
    columns: Sequence[Text]
    rows: Sequence[Sequence[Cell]] = field(default_factory=list)
    empty_text: Text = NO_DATA
    # Numeric columns are right-aligned, by position.
    numeric_columns: frozenset[int] = frozenset()
    # Kept for screen readers but not shown, when the page heading already says the same.
    caption_hidden: bool = False
