"""Every change of signals: validate, check permission, change, log, in one transaction.

Split by what they change; import them from here, as before:

- ``manual``: signals by hand (register, assign, contact attempts, outcome, report back);
- ``delivery``: bulk delivery by signal sources (upload, store, cancel);
- ``cases``: linking signals about the same person or address into one case;
- ``common``: limits and small helpers.
"""

from plek.signals.services.cases import link_cases, link_unlinked_signals
from plek.signals.services.common import BATCH, BSN_ALLOWED_KINDS, CHUNK, LINK_WINDOW_DAYS
from plek.signals.services.delivery import (
    cancel_delivery,
    store_delivery,
    team_for,
    upload_delivery,
    wijkteam_by_municipality,
)
from plek.signals.services.manual import (
    AttemptInput,
    SignalInput,
    assign_signal,
    assign_to_me,
    record_contact_attempt,
    record_outcome,
    register_signal,
    report_back,
)

__all__ = [
    "BATCH",
    "BSN_ALLOWED_KINDS",
    "CHUNK",
    "LINK_WINDOW_DAYS",
    "AttemptInput",
    "SignalInput",
    "assign_signal",
    "assign_to_me",
    "cancel_delivery",
    "link_cases",
    "link_unlinked_signals",
    "record_contact_attempt",
    "record_outcome",
    "register_signal",
    "report_back",
    "store_delivery",
    "team_for",
    "upload_delivery",
    "wijkteam_by_municipality",
]
