"""The chain's technical events: what happened, for operators, never who it happened to.

Every event a service emits is listed in ``CATALOGUE`` (name and meaning; docs/operations.md
shows the same list). ``emit`` writes a structlog line once the surrounding transaction has
committed, so a rolled-back change leaves no event behind. Fields are ids of plek's own records,
counts and codes; never a person's id, name, BSN, address or free text (that is what the
processing log, plek.access, is for). The request id, user id and role of the request are added
by the middleware (``plek.accounts.middleware.RequestLogContextMiddleware``).
"""

from __future__ import annotations

from typing import Any

import structlog
from django.db import transaction

logger = structlog.get_logger("plek.chain")

CATALOGUE: dict[str, str] = {
    "signal.registered": "A signal was recorded by hand (signal_id, source, urgency).",
    "signal.assigned": "A signal was given to a team or worker (signal_id).",
    "signal.contact_attempted": "A contact attempt was recorded (signal_id, reached).",
    "signal.outcome_recorded": "A signal got its outcome (signal_id, outcome).",
    "signal.reported_back": "The outcome was reported back to the source (signal_id).",
    "delivery.uploaded": "A source delivered a file, checked (delivery_id, row/error counts).",
    "delivery.stored": "The valid rows of a delivery were stored (delivery_id, stored_count).",
    "delivery.cancelled": "A delivery was cancelled (delivery_id).",
    "intake.started": "An integrated intake started (intake_id).",
    "intake.completed": "An intake was completed (intake_id).",
    "zrm.recorded": "A ZRM assessment was recorded (assessment_id).",
    "plan.started": "A household plan started (plan_id).",
    "plan.goal_added": "A goal was added to a plan (plan_id, goal_id, domain).",
    "plan.hand_over_requested": "A case lead asked a colleague to take over (plan_id).",
    "plan.hand_over_accepted": "A hand-over was accepted (plan_id).",
    "plan.hand_over_cancelled": "A case lead withdrew a hand-over request (plan_id).",
    "plan.action_done": "A plan action was marked done (plan_id, action_id).",
    "plan.ended": "A household plan ended (plan_id, reason).",
    "waiting.registered": "Someone was put on a waiting list (entry_id, facility_type).",
    "waiting.withdrawn": "A waiting-list entry was withdrawn (entry_id).",
    "proposal.created": "Units were matched to candidates (proposal_count).",
    "proposal.accepted": "A proposal was accepted, a stay began (proposal_id, stay_id).",
    "proposal.declined": "A proposal was declined (proposal_id, parked).",
    "stay.placed": "A stay was recorded directly (stay_id, facility_type).",
    "stay.ended": "A stay ended (stay_id, destination).",
    "stay.transferred": "A stay moved to another unit (stay_id, new_stay_id).",
    "stay.unit_assigned": "A stay without a unit (imported) got one (stay_id, unit_id).",
    "stay.units_assigned": "Stays without a unit got one each, automatically (facility_id, count).",
    "respite.booked": "A respite booking was made (booking_id).",
    "respite.extended": "A respite booking was extended (booking_id).",
    "postal.applied": "A postal-address application was made (application_id, ground).",
    "postal.decided": "A postal-address application was decided (application_id, decision).",
    "postal.reviewed": "A postal address was reviewed (application_id).",
    "postal.ended": "A postal address ended (application_id, reason).",
    "aftercare.track_started": "An aftercare track started (track_id).",
    "aftercare.checkin_recorded": "An aftercare check-in was recorded (checkin_id).",
    "aftercare.checkin_planned": "An extra aftercare check-in was planned (checkin_id).",
    "aftercare.track_ended": "An aftercare track ended (track_id, reason).",
    "break_glass.granted": "Someone broke the glass to open a file (break_glass_id, purpose).",
    "import.started": "A plek-csv import was queued (job_id, file_count).",
    "import.finished": "A plek-csv import ended (job_id, status, problem_count).",
}

# Field names that would put a person in a technical log; emit refuses them.
FORBIDDEN_FIELDS = frozenset({"person_id", "person", "bsn", "name", "note", "reason_text"})


def emit(event: str, **fields: Any) -> None:
    """Log ``event`` with ``fields`` after the current transaction commits (now, outside one)."""
    if event not in CATALOGUE:
        raise ValueError(f"Onbekende gebeurtenis {event!r}: zet haar in plek.core.events.")
    refused = FORBIDDEN_FIELDS.intersection(fields)
    if refused:
        raise ValueError(f"{event}: {sorted(refused)} hoort niet in een technisch log.")
    # The request's context (request id, user, role) as it is now: the commit may come later.
    context = structlog.contextvars.get_contextvars()
    transaction.on_commit(lambda: logger.info(event, **{**context, **fields}))
