"""Shared by every informal-care service: today's date and who may do what."""

from __future__ import annotations

from plek.access.choices import Action
from plek.access.exceptions import AccessDenied
from plek.access.policy import decide, may_read_person_files
from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.accounts.roles import Role

# --- who may do what ----------------------------------------------------------------------


def casework_membership(actor: Actor) -> Membership:
    """Carers and requests for residents are casework: roles that may read files at all."""
    if actor.membership is None or not may_read_person_files(actor):
        raise AccessDenied()
    return actor.membership


def coordinator_membership(actor: Actor) -> Membership:
    if actor.membership is None or actor.role != Role.VRIJWILLIGERS:
        raise AccessDenied()
    return actor.membership


def coordinator_municipality_ids(membership: Membership) -> list[int]:
    """The municipalities a coordinator works for: the organisation's and the team's."""
    ids = set()
    if membership.organisation.municipality_id:
        ids.add(membership.organisation.municipality_id)
    if membership.team is not None:
        ids.update(membership.team.municipalities.values_list("pk", flat=True))
    return sorted(ids)


def _may_person(actor: Actor, person_id: int, action: str = Action.CREATE) -> None:
    if not decide(actor, action, person_id).allowed:
        raise AccessDenied()
