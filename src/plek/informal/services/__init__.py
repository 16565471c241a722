"""Every change in informal care: one transaction each, permission checked, logged.

Two kinds of actor work here. Casework professionals (wijkteam, regisseur, ...) register carers,
record their burden, support and appreciation, and ask the volunteer centre for help for a
resident. Volunteer coordinators (role ``vrijwilligers``) register volunteers, take help
requests, match, introduce, follow up and close; they never read a file, and nothing here gives
them more than the consented summary of a request.

The services are split by what they change; import them from here, as before:

- ``carers``: carers, their burden check-ins, support, appreciation and plan actions;
- ``volunteers``: registering volunteers;
- ``help_requests``: help requests, matching a volunteer, follow-up and closing;
- ``circles``: neighbourhood circles and the municipality's quota;
- ``common``: today's date and the permission checks (casework, coordinator).
"""

from plek.informal.services.carers import (
    NEXT_STATUS,
    CarerInput,
    CheckInResult,
    add_carer_to_action,
    add_support,
    record_checkin,
    register_carer,
    set_payment_status,
    sign_up_appreciation,
)
from plek.informal.services.circles import (
    add_circle_meeting,
    add_circle_member,
    set_circle_quota,
    start_circle,
)
from plek.informal.services.common import (
    casework_membership,
    coordinator_membership,
    coordinator_municipality_ids,
)
from plek.informal.services.help_requests import (
    HelpRequestInput,
    close_request,
    match_volunteer,
    open_requests_filter,
    raise_buddy_concern,
    record_follow_up,
    record_introduction,
    submit_help_request,
    take_request,
)
from plek.informal.services.volunteers import VolunteerInput, register_volunteer

__all__ = [
    "NEXT_STATUS",
    "CarerInput",
    "CheckInResult",
    "HelpRequestInput",
    "VolunteerInput",
    "add_carer_to_action",
    "add_circle_meeting",
    "add_circle_member",
    "add_support",
    "casework_membership",
    "close_request",
    "coordinator_membership",
    "coordinator_municipality_ids",
    "match_volunteer",
    "open_requests_filter",
    "raise_buddy_concern",
    "record_checkin",
    "record_follow_up",
    "record_introduction",
    "register_carer",
    "register_volunteer",
    "set_circle_quota",
    "set_payment_status",
    "sign_up_appreciation",
    "start_circle",
    "submit_help_request",
    "take_request",
]
