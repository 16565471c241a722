"""Help requests and matching: submitted by casework or a coordinator, taken, matched from the
shortlist, followed up and closed; a buddy's concern passed on to aftercare."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from plek.access.choices import LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.accounts.models import Municipality
from plek.accounts.roles import Role
from plek.aftercare.models import AftercareTrack, BuddyConcern
from plek.core import dates
from plek.informal.activities import BUDDY_CONCERN, HELP_REQUEST_RECORD, SUMMARY_DATA_KINDS
from plek.informal.matching import shortlist
from plek.informal.models import (
    HelpRequest,
    Match,
    Outcome,
    RequesterKind,
    RequestStatus,
    RequestUrgency,
    Skill,
)
from plek.informal.services.common import (
    _may_person,
    casework_membership,
    coordinator_membership,
    coordinator_municipality_ids,
)


@dataclass(frozen=True)
class HelpRequestInput:
    municipality_id: int | None
    first_name: str
    area: str
    question: str
    skill_id: int | None
    urgency: str
    period_start: datetime.date | None
    consent_on: datetime.date | None
    period_end: datetime.date | None = None
    requester_kind: str = RequesterKind.PROFESSIONAL
    person_id: int | None = None
    aftercare_track_id: int | None = None
    morning: bool = False
    afternoon: bool = False
    evening: bool = False
    weekend: bool = False


def _clean_request(data: HelpRequestInput) -> None:
    errors: dict[str, str] = {}
    today = dates.today()
    if not data.first_name.strip():
        errors["first_name"] = _("Voornaam: vul de voornaam van de bewoner in.")
    if not data.area.strip():
        errors["area"] = _("Wijk: vul de wijk van de bewoner in.")
    if not data.question.strip():
        errors["question"] = _("Wat wordt gevraagd: beschrijf de hulpvraag voor de vrijwilliger.")
    if data.skill_id is None or not Skill.objects.filter(pk=data.skill_id).exists():
        errors["skill"] = _("Soort hulp: kies een soort hulp.")
    if data.urgency not in RequestUrgency.values:
        errors["urgency"] = _("Urgentie: kies hoog, normaal of laag.")
    if (
        data.municipality_id is None
        or not Municipality.objects.filter(pk=data.municipality_id).exists()
    ):
        errors["municipality"] = _("Gemeente: kies de gemeente van de bewoner.")
    if data.consent_on is None or data.consent_on > today:
        errors["consent_on"] = _(
            "Toestemming op: de bewoner moet toestemming geven om deze samenvatting te delen "
            "(datum, niet in de toekomst)."
        )
    if data.period_start is None:
        errors["period_start"] = _("Vanaf: vul een datum in.")
    elif data.period_end is not None and data.period_end < data.period_start:
        errors["period_end"] = _("Tot: mag niet voor de begindatum liggen.")
    if data.requester_kind not in RequesterKind.values:
        errors["requester_kind"] = _("Aangevraagd door: kies bewoner, professional of organisatie.")
    if errors:
        raise ValidationError(errors)


def submit_help_request(actor: Actor, data: HelpRequestInput) -> HelpRequest:
    """A professional asks the volunteer centre for help for a resident (or a buddy for a
    resident in aftercare); a coordinator records a request from a resident or organisation."""
    is_coordinator = actor.role == Role.VRIJWILLIGERS
    membership = coordinator_membership(actor) if is_coordinator else casework_membership(actor)
    _clean_request(data)
    if is_coordinator:
        if data.person_id is not None or data.aftercare_track_id is not None:
            raise AccessDenied()
        if data.requester_kind == RequesterKind.PROFESSIONAL:
            raise ValidationError(
                {"requester_kind": _("Aangevraagd door: een professional dient zelf in.")}
            )
    person_id = data.person_id
    if data.aftercare_track_id is not None:
        track = AftercareTrack.objects.filter(pk=data.aftercare_track_id).first()
        if track is None or (person_id is not None and track.person_id != person_id):
            raise ValidationError({"aftercare_track": _("Nazorgtraject: kies een lopend traject.")})
        person_id = track.person_id
    if person_id is not None:
        _may_person(actor, person_id)
    assert data.municipality_id is not None and data.skill_id is not None
    assert data.consent_on is not None and data.period_start is not None
    with transaction.atomic():
        request = HelpRequest.objects.create(
            municipality_id=data.municipality_id,
            requester_kind=RequesterKind.PROFESSIONAL
            if not is_coordinator
            else data.requester_kind,
            requester_organisation_id=membership.organisation_id if not is_coordinator else None,
            requested_by=actor.user,
            person_id=person_id,
            aftercare_track_id=data.aftercare_track_id,
            first_name=data.first_name.strip(),
            area=data.area.strip(),
            question=data.question.strip(),
            consent_on=data.consent_on,
            skill_id=data.skill_id,
            urgency=data.urgency,
            period_start=data.period_start,
            period_end=data.period_end,
            morning=data.morning,
            afternoon=data.afternoon,
            evening=data.evening,
            weekend=data.weekend,
            received_on=dates.today(),
        )
        if person_id is not None:
            record_processing(
                actor,
                LogAction.CREATE,
                HELP_REQUEST_RECORD,
                person_id,
                SUMMARY_DATA_KINDS,
                Purpose.NAZORG if data.aftercare_track_id else Purpose.WMO_MO,
            )
    return request


def _request_for_coordinator(actor: Actor, request_id: int) -> HelpRequest:
    membership = coordinator_membership(actor)
    request = HelpRequest.objects.select_for_update().get(pk=request_id)
    if request.municipality_id not in coordinator_municipality_ids(membership):
        raise AccessDenied()
    return request


def take_request(actor: Actor, request_id: int) -> HelpRequest:
    """The coordinator takes a new request; a second coordinator at the same moment cannot."""
    with transaction.atomic():
        request = _request_for_coordinator(actor, request_id)
        if request.status != RequestStatus.NIEUW:
            raise ValidationError(_("Deze hulpvraag is al in behandeling genomen."))
        request.status = RequestStatus.IN_BEHANDELING
        request.coordinator = actor.user
        request.taken_on = dates.today()
        request.save(update_fields=["status", "coordinator", "taken_on"])
    return request


def match_volunteer(actor: Actor, request_id: int, volunteer_id: int) -> Match:
    """Match from the shortlist: the volunteer must be on it; its explanation is kept."""
    with transaction.atomic():
        request = _request_for_coordinator(actor, request_id)
        if request.status not in (RequestStatus.NIEUW, RequestStatus.IN_BEHANDELING):
            raise ValidationError(_("Deze hulpvraag is al gekoppeld of afgesloten."))
        candidate = next(
            (
                c
                for c in shortlist(
                    request, needs_vog=request.is_buddy_request, only_volunteer_id=volunteer_id
                )
            ),
            None,
        )
        if candidate is None:
            raise ValidationError(
                {"volunteer": _("Vrijwilliger: kies een vrijwilliger van de shortlist.")}
            )
        today = dates.today()
        match = Match.objects.create(
            request=request,
            volunteer_id=volunteer_id,
            matched_on=today,
            matched_by=actor.user,
            score=candidate.score,
            explanation=[str(reason) for reason in candidate.reasons],
            follow_up_on=today + datetime.timedelta(days=int(settings.INFORMAL_FOLLOW_UP_DAYS)),
        )
        request.status = RequestStatus.GEKOPPELD
        request.coordinator = request.coordinator or actor.user
        request.taken_on = request.taken_on or today
        request.save(update_fields=["status", "coordinator", "taken_on"])
    return match


def _open_match(actor: Actor, match_id: int) -> Match:
    match = Match.objects.select_for_update().get(pk=match_id)
    _request_for_coordinator(actor, match.request_id)
    if match.ended_on is not None:
        raise ValidationError(_("Deze koppeling is al beëindigd."))
    return match


def record_introduction(actor: Actor, match_id: int, day: datetime.date) -> Match:
    with transaction.atomic():
        match = _open_match(actor, match_id)
        if day < match.matched_on:
            raise ValidationError(
                {"day": _("Datum: de kennismaking kan niet voor de koppeling liggen.")}
            )
        match.introduced_on = day
        match.save(update_fields=["introduced_on"])
    return match


def record_follow_up(actor: Actor, match_id: int, day: datetime.date, note: str) -> Match:
    with transaction.atomic():
        match = _open_match(actor, match_id)
        if day < match.matched_on:
            raise ValidationError(
                {"day": _("Datum: het gesprek kan niet voor de koppeling liggen.")}
            )
        match.followed_up_on = day
        match.follow_up_note = note.strip()
        match.save(update_fields=["followed_up_on", "follow_up_note"])
    return match


def close_request(
    actor: Actor, request_id: int, outcome: str, day: datetime.date | None = None
) -> HelpRequest:
    """Close the request with an outcome; an open match ends with the same outcome."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Uitkomst: kies een uitkomst.")})
    day = day or dates.today()
    with transaction.atomic():
        request = _request_for_coordinator(actor, request_id)
        if request.status == RequestStatus.AFGESLOTEN:
            raise ValidationError(_("Deze hulpvraag is al afgesloten."))
        if day < request.received_on:
            raise ValidationError({"day": _("Datum: kan niet voor de ontvangst liggen.")})
        Match.objects.filter(request=request, ended_on__isnull=True).update(
            ended_on=day, outcome=outcome
        )
        request.status = RequestStatus.AFGESLOTEN
        request.closed_on = day
        request.outcome = outcome
        request.save(update_fields=["status", "closed_on", "outcome"])
    return request


def raise_buddy_concern(actor: Actor, match_id: int, text: str) -> BuddyConcern:
    """A buddy (maatje) worries about the resident: the coordinator passes it on to aftercare,
    where it becomes an alert for the coach and the case lead."""
    if not text.strip():
        raise ValidationError({"text": _("Wat ziet het maatje: beschrijf de zorg.")})
    with transaction.atomic():
        match = _open_match(actor, match_id)
        request = match.request
        if request.aftercare_track_id is None or request.person_id is None:
            raise ValidationError(_("Deze koppeling is geen maatje in de nazorg."))
        concern = BuddyConcern.objects.create(
            track_id=request.aftercare_track_id,
            raised_on=dates.today(),
            text=text.strip(),
            recorded_by=actor.user,
        )
        record_processing(
            actor,
            LogAction.CREATE,
            BUDDY_CONCERN,
            request.person_id,
            ("zorg van een maatje",),
            Purpose.NAZORG,
        )
    return concern


def open_requests_filter() -> Q:
    return Q(status__in=(RequestStatus.NIEUW, RequestStatus.IN_BEHANDELING))
