"""Reads for the BRP pages, under the access policy."""

from __future__ import annotations

from plek.access.choices import Action
from plek.access.kinds import DataKind
from plek.accounts.context import Actor
from plek.integrations.models_brp import BrpCopy
from plek.people.selectors import authorise


def copies_of(actor: Actor, person_id: int) -> list[BrpCopy]:
    """The latest copies from the BRP for a person, shown on the comparison page (whose read of
    the person is already logged); only for an actor whose relation allows the comparison."""
    authorise(actor, Action.CHANGE, person_id, kind=DataKind.CONTACT)
    return list(BrpCopy.objects.filter(person_id=person_id).select_related("copied_by")[:20])
