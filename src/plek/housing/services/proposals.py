"""Matching free units to the waiting lists: proposals, their acceptance and refusal."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from plek.access.choices import Action, LogAction
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.core import dates
from plek.core.events import emit
from plek.housing import activities
from plek.housing.choices import ProposalStatus
from plek.housing.loaders import (
    candidates_by_type,
    free_units,
    policy_for,
)
from plek.housing.matching import match
from plek.housing.models import (
    Facility,
    Proposal,
    Stay,
    WaitingEntry,
)
from plek.housing.services.common import (
    _check_free,
    _invalid,
    _lock_unit_and_person,
    _may_work_on,
    _new_stay,
    _purpose_for_type,
    _require_provider,
)


def propose(
    actor: Actor, on: datetime.date | None = None, unit_ids: Iterable[int] | None = None
) -> list[Proposal]:
    """Propose the best eligible candidates for the free units (all, or those given).

    Provider staff propose for their own facilities; the access consultant for any.
    """
    on = on or dates.today()
    if actor.role not in (Role.AANBIEDER, Role.TOEGANG):
        raise PermissionDenied(_("Alleen aanbieders en de Wmo-consulent doen voorstellen."))
    facility_ids = None
    if actor.role == Role.AANBIEDER:
        facility_ids = list(
            Facility.objects.filter(provider_id=actor.organisation_id).values_list("pk", flat=True)
        )
    with transaction.atomic():
        vacancies = free_units(on, facility_ids, unit_ids)
        types = {v.facility_type for v in vacancies}
        candidates = candidates_by_type(on, types)
        taken = Proposal.objects.filter(status=ProposalStatus.OPEN).values_list(
            "waiting_entry_id", flat=True
        )
        per_unit = {t: policy_for(t).candidates_per_unit for t in types}
        created = []
        for facility_type in types:
            matches = match(
                [v for v in vacancies if v.facility_type == facility_type],
                candidates,
                per_unit[facility_type],
                taken,
            )
            for vacancy, chosen in matches:
                for candidate in chosen:
                    created.append(
                        Proposal(
                            unit_id=vacancy.unit_id,
                            waiting_entry_id=candidate.entry_id,
                            person_id=candidate.person_id,
                            available_on=on,
                            score=candidate.ranked.score,
                        )
                    )
        Proposal.objects.bulk_create(created)
        # The purpose of the relation the proposal founds (housing.relations: a proposal for a
        # unit of a protected-living facility is for protected living), never a fixed one.
        type_of_unit = {v.unit_id: v.facility_type for v in vacancies}
        for proposal in created:
            record_processing(
                actor,
                LogAction.CREATE,
                activities.PROPOSAL_CREATE,
                proposal.person_id,
                ["voorstel", "rangschikking"],
                _purpose_for_type(type_of_unit[proposal.unit_id]),
            )
    emit("proposal.created", proposal_count=len(created))
    return created


def accept_proposal(actor: Actor, proposal_id: int, start: datetime.date | None = None) -> Stay:
    """Acceptance creates the stay in the same transaction; other open offers for the unit
    and for the person lapse."""
    proposal = Proposal.objects.select_related("unit__facility").get(pk=proposal_id)
    _require_provider(actor, proposal.unit.facility)
    if proposal.status != ProposalStatus.OPEN:
        # Before the relation check: a lost race ends the relation the proposal gave.
        raise _invalid("status", closed_message(proposal))
    purpose = _may_work_on(actor, Action.CREATE, proposal.person_id)
    start = start or max(proposal.available_on, dates.today())
    with transaction.atomic():
        unit, person = _lock_unit_and_person(proposal.unit_id, proposal.person_id)
        proposal = Proposal.objects.select_for_update().get(pk=proposal_id)
        if proposal.status != ProposalStatus.OPEN:
            raise _invalid("status", closed_message(proposal))
        _check_free(unit, person, start, None)
        stay = _new_stay(unit, person, start)
        proposal.status = ProposalStatus.ACCEPTED
        proposal.stay = stay
        proposal.decided_on = dates.today()
        proposal.decided_by = actor.user
        proposal.save(update_fields=["status", "stay", "decided_on", "decided_by"])
        Proposal.objects.filter(
            Q(unit_id=unit.pk) | Q(person_id=person.pk), status=ProposalStatus.OPEN
        ).update(status=ProposalStatus.LAPSED)
        WaitingEntry.objects.filter(pk=proposal.waiting_entry_id).update(placed_on=start)
        record_processing(
            actor,
            LogAction.CREATE,
            activities.PROPOSAL_DECIDE,
            person.pk,
            ["voorstel", "verblijf"],
            purpose,
        )
    emit("proposal.accepted", proposal_id=proposal_id, stay_id=stay.pk)
    return stay


def closed_message(proposal: Proposal) -> str:
    """Why a proposal can no longer be decided, in words for the one who tried."""
    if proposal.status == ProposalStatus.ACCEPTED:
        return _("Dit voorstel is al geaccepteerd.")
    if proposal.status == ProposalStatus.DECLINED:
        return _("Dit voorstel is al afgewezen.")
    return _(
        "Dit voorstel is vervallen: de eenheid is inmiddels aan iemand anders toegewezen "
        "of de kandidaat is elders geplaatst."
    )


def decline_proposal(actor: Actor, proposal_id: int, reason: str, park: bool = False) -> Proposal:
    """The candidate keeps their place on the list; parked, they skip proposals for a while."""
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", _("Reden: geef aan waarom u het voorstel afwijst."))
    proposal = Proposal.objects.select_related("unit__facility").get(pk=proposal_id)
    _require_provider(actor, proposal.unit.facility)
    if proposal.status != ProposalStatus.OPEN:
        raise _invalid("status", closed_message(proposal))
    purpose = _may_work_on(actor, Action.CHANGE, proposal.person_id)
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal_id)
        if proposal.status != ProposalStatus.OPEN:
            raise _invalid("status", closed_message(proposal))
        proposal.status = ProposalStatus.DECLINED
        proposal.decline_reason = reason
        proposal.decided_on = dates.today()
        proposal.decided_by = actor.user
        proposal.save(update_fields=["status", "decline_reason", "decided_on", "decided_by"])
        if park:
            days = policy_for(proposal.unit.facility.type).park_days
            WaitingEntry.objects.filter(pk=proposal.waiting_entry_id).update(
                parked_until=dates.today() + datetime.timedelta(days=days)
            )
        record_processing(
            actor,
            LogAction.CHANGE,
            activities.PROPOSAL_DECIDE,
            proposal.person_id,
            ["voorstel"],
            purpose,
        )
    emit("proposal.declined", proposal_id=proposal_id, parked=park)
    return proposal


def lapse_open_proposals(unit_id: int | None = None, person_id: int | None = None) -> int:
    """Open proposals for a unit now occupied, or for a person now placed, lapse: they must not
    keep a provider's access to candidates who will not come. Inside the caller's transaction."""
    condition = Q(pk__in=[])
    if unit_id is not None:
        condition |= Q(unit_id=unit_id)
    if person_id is not None:
        condition |= Q(person_id=person_id)
    return Proposal.objects.filter(condition, status=ProposalStatus.OPEN).update(
        status=ProposalStatus.LAPSED
    )
