"""Every read in informal care, through the access policy and logged.

Two ways in, never mixed:

- casework (roles that may read files): carers of their team, or of persons they have a relation
  with; each person shown is one processing-log row;
- volunteer coordinators: volunteers of their organisation and help requests of their
  municipalities, of which they get only the consented summary (first name, area, what is
  asked, kind, urgency, period). The query itself leaves the link to the resident out
  (``SUMMARY_FIELDS``), so no page can show more by mistake.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from plek.access.choices import Action, LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.policy import (
    decide,
    may_read_person_files,
    objects_among_visible,
    visible_person_ids,
)
from plek.access.services import record_bulk, record_processing
from plek.accounts.context import Actor
from plek.aftercare.models import AftercareTrack
from plek.core import dates
from plek.informal import services
from plek.informal.activities import (
    CARER_DATA_KINDS,
    CARER_LIST,
    CARER_VIEW,
    HELP_REQUEST_SUMMARY,
    SUMMARY_DATA_KINDS,
)
from plek.informal.matching import Candidate, shortlist
from plek.informal.models import (
    Appreciation,
    BurdenCheckIn,
    Carer,
    CareRelation,
    CarerSupport,
    Circle,
    HelpRequest,
    Match,
    RequestStatus,
    RequestUrgency,
    Volunteer,
)
from plek.plans.models import PlanAction

LIST_SIZE = 25

# All a coordinator (or a volunteer) ever gets of a help request.
SUMMARY_FIELDS = (
    "id",
    "municipality_id",
    "requester_kind",
    "first_name",
    "area",
    "question",
    "consent_on",
    "skill_id",
    "urgency",
    "period_start",
    "period_end",
    "morning",
    "afternoon",
    "evening",
    "weekend",
    "received_on",
    "status",
    "coordinator_id",
    "taken_on",
    "closed_on",
    "outcome",
)


# --- carers (casework) --------------------------------------------------------------------


def _carers_visible(actor: Actor, bound_at_run: bool = False) -> QuerySet[Carer]:
    membership = services.casework_membership(actor)
    visible = visible_person_ids(actor, bound_at_run=bound_at_run)
    mine = Q(registered_by_id=actor.user.pk) | Q(relations__person_id__in=visible)
    if membership.team_id:
        mine |= Q(team_id=membership.team_id)
    return Carer.objects.filter(mine).distinct()


def _log_persons(actor: Actor, activity: Any, person_ids: set[int], kinds: tuple[str, ...]) -> None:
    # One row per person, written in one go (not a lock, an insert and an update per row).
    if person_ids:
        record_bulk(actor, LogAction.READ, activity, person_ids, kinds, Purpose.WMO_MO)


def team_carers(actor: Actor, limit: int = LIST_SIZE) -> list[Carer]:
    """Carers the actor works with, newest registration first; one log row per person shown."""
    if actor.membership is None or not may_read_person_files(actor):
        return []
    # Compiled once per member and day (plek.core.compiled); now is bound at every run.
    carers = objects_among_visible(
        actor,
        ("informal.carers", actor.membership.team_id, limit),
        lambda: (
            _carers_visible(actor, bound_at_run=True)
            .filter(ended_on__isnull=True)
            .order_by("-registered_on", "-id")[:limit]
        ),
    )
    with transaction.atomic():
        _log_persons(
            actor, CARER_LIST, {c.person_id for c in carers if c.person_id}, ("mantelzorger",)
        )
    return carers


def carers_page(actor: Actor, number: str | None) -> Page[Carer]:
    """One page of the carers the actor works with; one log row per person on it."""
    queryset = (
        _carers_visible(actor)
        .select_related("municipality")
        .order_by(F("ended_on").asc(nulls_first=True), "-registered_on", "-id")
    )
    page = Paginator(queryset, LIST_SIZE).get_page(number)
    with transaction.atomic():
        _log_persons(
            actor, CARER_LIST, {c.person_id for c in page if c.person_id}, ("mantelzorger",)
        )
    return page


@dataclass(frozen=True)
class CarerFile:
    carer: Carer
    relations: list[CareRelation]
    checkins: list[BurdenCheckIn]
    supports: list[CarerSupport]
    appreciations: list[Appreciation]
    plan_actions: list[PlanAction]


def open_carer(actor: Actor, carer_id: int) -> CarerFile:
    """The carer's page: relations, check-ins, support, appreciation and the plan actions the
    carer may be named in (plans the actor may change). Each person shown is logged."""
    visible = _carers_visible(actor)
    if not Carer.objects.filter(pk=carer_id).exists():
        raise Carer.DoesNotExist(carer_id)
    if not visible.filter(pk=carer_id).exists():
        raise AccessDenied()
    with transaction.atomic():
        carer = Carer.objects.select_related("municipality", "team").get(pk=carer_id)
        relations = list(carer.relations.select_related("person").order_by("start_on", "id"))
        cared_for = {r.person_id for r in relations}
        readable = [pid for pid in cared_for if decide(actor, Action.CHANGE, pid).allowed]
        actions = list(
            PlanAction.objects.filter(
                goal__plan__person_id__in=readable, goal__plan__ended_on__isnull=True
            )
            .select_related("goal__plan", "owner")
            .order_by("goal__plan_id", "target_date", "id")[:50]
        )
        file = CarerFile(
            carer=carer,
            relations=relations,
            checkins=list(carer.checkins.order_by("-done_on", "-id")),
            supports=list(carer.supports.order_by("-start_on", "-id")),
            appreciations=list(carer.appreciations.order_by("-year")),
            plan_actions=actions,
        )
        shown = set(cared_for)
        if carer.person_id:
            shown.add(carer.person_id)
        _log_persons(actor, CARER_VIEW, shown, CARER_DATA_KINDS)
    return file


@dataclass(frozen=True)
class SharedWithCarer:
    """What a carer is shown: the first part of the name and what the person chose to share."""

    carer_name: str
    cared_for_first: str
    shared: str


def shared_with_carer(actor: Actor, relation_id: int) -> SharedWithCarer:
    """For the letter to the carer: only what the person cared for shares, nothing of the file."""
    relation = CareRelation.objects.select_related("carer").get(pk=relation_id)
    open_carer_allowed = _carers_visible(actor).filter(pk=relation.carer_id).exists()
    if not open_carer_allowed:
        raise AccessDenied()
    with transaction.atomic():
        person = CareRelation.objects.filter(pk=relation_id).values_list(
            "person__initials", flat=True
        )[0]
        _log_persons(actor, CARER_VIEW, {relation.person_id}, ("gedeelde samenvatting",))
    return SharedWithCarer(str(relation.carer), person, relation.shared_summary)


def carers_of_person(person_id: int) -> QuerySet[CareRelation]:
    """For the dossier section only: called after ``open_dossier`` decided and logged."""
    return CareRelation.objects.filter(person_id=person_id).select_related("carer")


def tracks_for_buddy(actor: Actor) -> list[AftercareTrack]:
    """Running aftercare tracks the actor may ask a buddy for (coach or case lead)."""
    if actor.membership is None or not may_read_person_files(actor):
        return []
    tracks = list(
        AftercareTrack.objects.filter(
            ended_on__isnull=True, person_id__in=visible_person_ids(actor)
        )
        .select_related("person")
        .order_by("started_on", "id")[:LIST_SIZE]
    )
    with transaction.atomic():
        _log_persons(actor, CARER_LIST, {t.person_id for t in tracks}, ("nazorgtraject",))
    return tracks


def own_help_requests(actor: Actor, limit: int = LIST_SIZE) -> list[HelpRequest]:
    """The requests the actor submitted (a professional), newest first: summary fields only."""
    services.casework_membership(actor)
    return list(
        HelpRequest.objects.filter(requested_by_id=actor.user.pk)
        .only(*SUMMARY_FIELDS)
        .order_by("-received_on", "-id")[:limit]
    )


# --- volunteer coordinators ---------------------------------------------------------------


def _coordinator_requests(actor: Actor) -> QuerySet[HelpRequest]:
    membership = services.coordinator_membership(actor)
    municipalities = services.coordinator_municipality_ids(membership)
    return (
        HelpRequest.objects.filter(municipality_id__in=municipalities)
        .only(*SUMMARY_FIELDS)
        .select_related("skill")
    )


def _log_summaries(actor: Actor, request_ids: list[int]) -> None:
    """A coordinator saw these summaries: one row per resident in the chain behind them."""
    person_ids = (
        HelpRequest.objects.filter(pk__in=request_ids, person__isnull=False)
        .values_list("person_id", "aftercare_track_id")
        .distinct()
    )
    for person_id, track_id in sorted(person_ids):
        record_processing(
            actor,
            LogAction.READ,
            HELP_REQUEST_SUMMARY,
            person_id,
            SUMMARY_DATA_KINDS,
            Purpose.NAZORG if track_id else Purpose.WMO_MO,
        )


def _inbox(actor: Actor, status: str) -> QuerySet[HelpRequest]:
    queryset = _coordinator_requests(actor)
    if status == "open":
        new_first = Case(
            When(status=RequestStatus.NIEUW, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        urgent_first = Case(
            *(When(urgency=u, then=Value(rank)) for rank, u in enumerate(RequestUrgency.values)),
            output_field=IntegerField(),
        )
        return (
            queryset.filter(services.open_requests_filter())
            .alias(new_first=new_first, urgent_first=urgent_first)
            .order_by("new_first", "urgent_first", "received_on", "id")
        )
    return queryset.filter(status=status).order_by("-received_on", "-id")


def request_inbox(actor: Actor, status: str = "open", limit: int = LIST_SIZE) -> list[HelpRequest]:
    """Open requests (new first, then urgent, then oldest) or the ones matched or closed."""
    rows = list(_inbox(actor, status)[:limit])
    with transaction.atomic():
        _log_summaries(actor, [r.pk for r in rows])
    return rows


def request_page(actor: Actor, status: str, number: str | None) -> Page[HelpRequest]:
    """One page of the inbox; only the summaries on it are logged."""
    page = Paginator(_inbox(actor, status), LIST_SIZE).get_page(number)
    with transaction.atomic():
        _log_summaries(actor, [r.pk for r in page])
    return page


@dataclass(frozen=True)
class RequestFile:
    request: HelpRequest
    matches: list[Match]
    candidates: list[Candidate]
    is_buddy: bool


def open_request(actor: Actor, request_id: int) -> RequestFile:
    """One request's summary, its matches and, while open, the explained shortlist."""
    queryset = _coordinator_requests(actor)
    if not HelpRequest.objects.filter(pk=request_id).exists():
        raise HelpRequest.DoesNotExist(request_id)
    request = queryset.filter(pk=request_id).first()
    if request is None:
        raise AccessDenied()
    is_buddy = HelpRequest.objects.filter(pk=request_id, aftercare_track__isnull=False).exists()
    with transaction.atomic():
        matches = list(
            Match.objects.filter(request_id=request_id)
            .select_related("volunteer")
            .order_by("matched_on", "id")
        )
        candidates = (
            list(shortlist(request, needs_vog=is_buddy))
            if request.status in (RequestStatus.NIEUW, RequestStatus.IN_BEHANDELING)
            else []
        )
        _log_summaries(actor, [request_id])
    return RequestFile(request, matches, candidates, is_buddy)


def volunteer_summary(actor: Actor, match_id: int) -> tuple[Match, HelpRequest]:
    """The introduction for the volunteer: the consented summary and nothing else."""
    match = Match.objects.select_related("volunteer").get(pk=match_id)
    request = _coordinator_requests(actor).filter(pk=match.request_id).first()
    if request is None:
        raise AccessDenied()
    with transaction.atomic():
        _log_summaries(actor, [request.pk])
    return match, request


def volunteers(actor: Actor, search: str = "") -> QuerySet[Volunteer]:
    """The organisation's volunteers, active first; lazy, paginate it."""
    membership = services.coordinator_membership(actor)
    queryset = Volunteer.objects.filter(organisation_id=membership.organisation_id)
    if search:
        queryset = queryset.filter(
            Q(first_name__icontains=search)
            | Q(family_name__icontains=search)
            | Q(area__icontains=search)
        )
    return queryset.prefetch_related("skills").order_by(
        F("ended_on").asc(nulls_first=True), "first_name", "family_name", "id"
    )


def volunteer(actor: Actor, volunteer_id: int) -> Volunteer:
    membership = services.coordinator_membership(actor)
    found = (
        Volunteer.objects.filter(pk=volunteer_id, organisation_id=membership.organisation_id)
        .prefetch_related("skills")
        .first()
    )
    if found is None:
        raise Volunteer.DoesNotExist(volunteer_id)
    return found


def volunteer_matches(actor: Actor, volunteer_id: int) -> list[Match]:
    volunteer(actor, volunteer_id)
    return list(
        Match.objects.filter(volunteer_id=volunteer_id)
        .select_related("request")
        .only(
            "id",
            "request",
            "volunteer",
            "matched_on",
            "ended_on",
            "outcome",
            *(f"request__{f}" for f in SUMMARY_FIELDS),
        )
        .order_by("-matched_on", "-id")
    )


def follow_ups_due(actor: Actor, within_days: int = 14) -> list[Match]:
    """Open matches whose follow-up conversation is due (or late)."""
    membership = services.coordinator_membership(actor)
    municipalities = services.coordinator_municipality_ids(membership)
    return list(
        Match.objects.filter(
            request__municipality_id__in=municipalities,
            ended_on__isnull=True,
            followed_up_on__isnull=True,
            follow_up_on__lte=dates.today() + datetime.timedelta(days=within_days),
        )
        .select_related("volunteer", "request")
        .only(
            "id",
            "request",
            "volunteer",
            "follow_up_on",
            "volunteer__first_name",
            "volunteer__family_name",
            "request__first_name",
            "request__area",
        )
        .order_by("follow_up_on", "id")[:LIST_SIZE]
    )


def circles(actor: Actor) -> QuerySet[Circle]:
    membership = services.coordinator_membership(actor)
    return (
        Circle.objects.filter(municipality_id__in=services.coordinator_municipality_ids(membership))
        .select_related("lead", "municipality")
        .order_by("ended_on", "name", "id")
    )


def circle(actor: Actor, circle_id: int) -> Circle:
    found = circles(actor).filter(pk=circle_id).prefetch_related("members", "meetings").first()
    if found is None:
        raise Circle.DoesNotExist(circle_id)
    return found
