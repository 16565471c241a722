"""Every change of placement and flow: one transaction each, with its processing-log row.

The services are split by what they change; import them from here, as before:

- ``admin``: facilities and units (functional admin);
- ``waiting``: registering on and withdrawing from a waiting list;
- ``proposals``: matching free units to candidates, accepting and declining proposals;
- ``stays``: placing, ending and transferring stays;
- ``respite``: respite bookings and their extension;
- ``common``: the permission checks and the one way a stay is created (see there for how double
  booking is made impossible).

The read side of the matching (open entries, ranking inputs, free units) lives in
``plek.housing.loaders``.
"""

from plek.housing.loaders import (
    ENTRY_FIELDS,
    candidates_by_type,
    free_units,
    occupying,
    open_entries,
    overlapping,
    policy_for,
    rank_inputs,
    weights_of,
)
from plek.housing.services.admin import save_facility_rules, save_unit
from plek.housing.services.common import (
    ACCESS_DECISION_ROLES,
    CONSTRAINTS,
    DECISION_TYPES,
    RESPITE_EXTENSION_ROLES,
    RESPITE_MAX_NIGHTS,
    TRANSFER_DESTINATION,
    _immediate,
    is_provider_staff,
)
from plek.housing.services.proposals import accept_proposal, decline_proposal, propose
from plek.housing.services.respite import book_respite, extend_respite
from plek.housing.services.stays import (
    assign_unit,
    assign_units_automatically,
    end_stay,
    place,
    transfer_stay,
)
from plek.housing.services.waiting import Registration, register_waiting, withdraw_waiting

__all__ = [
    "ACCESS_DECISION_ROLES",
    "CONSTRAINTS",
    "DECISION_TYPES",
    "ENTRY_FIELDS",
    "RESPITE_EXTENSION_ROLES",
    "RESPITE_MAX_NIGHTS",
    "TRANSFER_DESTINATION",
    "Registration",
    "_immediate",
    "accept_proposal",
    "assign_unit",
    "assign_units_automatically",
    "book_respite",
    "candidates_by_type",
    "decline_proposal",
    "end_stay",
    "extend_respite",
    "free_units",
    "is_provider_staff",
    "occupying",
    "open_entries",
    "overlapping",
    "place",
    "policy_for",
    "propose",
    "rank_inputs",
    "register_waiting",
    "save_facility_rules",
    "save_unit",
    "transfer_stay",
    "weights_of",
    "withdraw_waiting",
]
