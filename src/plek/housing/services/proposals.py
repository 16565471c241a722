"""Matching free units to the waiting lists: proposals, their acceptance and refusal."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

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
    Unit,
    WaitingEntry,
)
from plek.housing.ranking import Ranked
from plek.housing.services.common import (
    _check_free,
    _invalid,
    _lock_unit_and_person,
    _may_work_on,
    _new_stay,
    _purpose_for_type,
    _require_provider,
)


@dataclass(frozen=True)
class Planned:
    """A proposal the matching would make: unit, candidate, rank and why."""

    unit_id: int
    unit_label: str
    facility_type: str
    entry_id: int
    person_id: int
    score: int
    position: int
    ranked: Ranked

    @property
    def pair(self) -> tuple[int, int]:
        return (self.unit_id, self.entry_id)


class StalePreview(Exception):
    """The situation changed since the preview: here is what would be proposed now."""

    def __init__(self, planned: list[Planned]) -> None:
        super().__init__("stale preview")
        self.planned = planned


def _facility_ids(actor: Actor) -> list[int] | None:
    if actor.role not in (Role.AANBIEDER, Role.TOEGANG):
        raise PermissionDenied(_("Alleen aanbieders en de Wmo-consulent doen voorstellen."))
    if actor.role == Role.AANBIEDER:
        return list(
            Facility.objects.filter(provider_id=actor.organisation_id).values_list("pk", flat=True)
        )
    return None


def lapse_expired(on: datetime.date | None = None) -> int:
    """Open proposals past their validity lapse: the unit is offered again."""
    on = on or dates.today()
    return Proposal.objects.filter(status=ProposalStatus.OPEN, expires_on__lt=on).update(
        status=ProposalStatus.LAPSED
    )


def plan_proposals(
    actor: Actor, on: datetime.date | None = None, unit_ids: Iterable[int] | None = None
) -> list[Planned]:
    """What ``propose`` would create now, without creating anything (the preview)."""
    on = on or dates.today()
    facility_ids = _facility_ids(actor)
    vacancies = free_units(on, facility_ids, unit_ids)
    types = {v.facility_type for v in vacancies}
    candidates = candidates_by_type(on, types)
    taken = set(
        Proposal.objects.filter(status=ProposalStatus.OPEN).values_list(
            "waiting_entry_id", flat=True
        )
    )
    labels = dict(
        Unit.objects.filter(pk__in=[v.unit_id for v in vacancies])
        .select_related("facility")
        .values_list("pk", "code")
    )
    names = dict(
        Facility.objects.filter(pk__in={v.facility_id for v in vacancies}).values_list("pk", "name")
    )
    planned: list[Planned] = []
    for facility_type in sorted(types):
        matches = match(
            [v for v in vacancies if v.facility_type == facility_type],
            candidates,
            policy_for(facility_type).candidates_per_unit,
            taken,
        )
        for vacancy, chosen in matches:
            for candidate in chosen:
                planned.append(
                    Planned(
                        unit_id=vacancy.unit_id,
                        unit_label=f"{names.get(vacancy.facility_id, '')} · "
                        f"{labels.get(vacancy.unit_id, '')}",
                        facility_type=facility_type,
                        entry_id=candidate.entry_id,
                        person_id=candidate.person_id,
                        score=candidate.ranked.score,
                        position=candidate.ranked.position,
                        ranked=candidate.ranked,
                    )
                )
    return planned


def _create(actor: Actor, planned: list[Planned], on: datetime.date) -> list[Proposal]:
    days = {t: policy_for(t).proposal_days for t in {p.facility_type for p in planned}}
    created = [
        Proposal(
            unit_id=p.unit_id,
            waiting_entry_id=p.entry_id,
            person_id=p.person_id,
            available_on=on,
            score=p.score,
            expires_on=dates.today() + datetime.timedelta(days=days[p.facility_type]),
        )
        for p in planned
    ]
    Proposal.objects.bulk_create(created)
    # The purpose of the relation the proposal founds (housing.relations: a proposal for a
    # unit of a protected-living facility is for protected living), never a fixed one.
    for p in planned:
        record_processing(
            actor,
            LogAction.CREATE,
            activities.PROPOSAL_CREATE,
            p.person_id,
            ["voorstel", "rangschikking"],
            _purpose_for_type(p.facility_type),
        )
    return created


def confirm_proposals(
    actor: Actor,
    previewed: Iterable[tuple[int, int]],
    on: datetime.date | None = None,
    unit_ids: Iterable[int] | None = None,
) -> list[Proposal]:
    """Create the previewed proposals, if the matching still gives exactly them.

    The units of the preview are locked first (in id order), then the matching runs again on
    what is committed now: a second consultant confirming the same preview waits for the first
    and then finds the units taken, so no unit is proposed twice. A changed outcome raises
    ``StalePreview`` with the new plan; nothing is created.
    """
    on = on or dates.today()
    wanted = sorted(set(previewed))
    if not wanted:
        raise _invalid("preview", _("Er is niets voor te stellen."))
    with transaction.atomic():
        list(
            Unit.objects.select_for_update()
            .filter(pk__in=sorted({unit for unit, _entry in wanted}))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        lapse_expired(on)
        planned = plan_proposals(actor, on, unit_ids)
        if sorted(p.pair for p in planned) != wanted:
            raise StalePreview(planned)
        created = _create(actor, planned, on)
    emit("proposal.created", proposal_count=len(created))
    return created


def propose(
    actor: Actor, on: datetime.date | None = None, unit_ids: Iterable[int] | None = None
) -> list[Proposal]:
    """Propose the best eligible candidates for the free units (all, or those given) at once
    (the API; the pages preview first and confirm with ``confirm_proposals``).

    Provider staff propose for their own facilities; the access consultant for any.
    """
    on = on or dates.today()
    _facility_ids(actor)
    with transaction.atomic():
        lapse_expired(on)
        vacancies = free_units(on, _facility_ids(actor), unit_ids)
        if vacancies:
            list(
                Unit.objects.select_for_update()
                .filter(pk__in=sorted(v.unit_id for v in vacancies))
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        created = _create(actor, plan_proposals(actor, on, unit_ids), on)
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
    purpose = _may_decide(actor, Action.CREATE, proposal)
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


def _may_decide(actor: Actor, action: str, proposal: Proposal) -> str:
    """The purpose to log for deciding an open proposal. A race lost since the status was read
    ends the relation the proposal gave: then the answer is that it closed, not "no relation"."""
    try:
        return _may_work_on(actor, action, proposal.person_id)
    except PermissionDenied:
        proposal.refresh_from_db(fields=["status"])
        if proposal.status != ProposalStatus.OPEN:
            raise _invalid("status", closed_message(proposal)) from None
        raise


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
    purpose = _may_decide(actor, Action.CHANGE, proposal)
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
                parked_until=dates.today() + datetime.timedelta(days=days),
                park_reason=reason,
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
