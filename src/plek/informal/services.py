"""Every change in informal care: one transaction each, permission checked, logged.

Two kinds of actor work here. Casework professionals (wijkteam, regisseur, ...) register carers,
record their burden, support and appreciation, and ask the volunteer centre for help for a
resident. Volunteer coordinators (role ``vrijwilligers``) register volunteers, take help
requests, match, introduce, follow up and close; they never read a file, and nothing here gives
them more than the consented summary of a request.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.access.choices import Action, LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.policy import decide, may_read_person_files
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.accounts.models import Membership, Municipality
from plek.accounts.roles import Role
from plek.aftercare.models import AftercareTrack, BuddyConcern
from plek.core.choices import Priority
from plek.informal import burden
from plek.informal.activities import (
    BUDDY_CONCERN,
    CARER_DATA_KINDS,
    CARER_RECORD,
    HELP_REQUEST_RECORD,
    SUMMARY_DATA_KINDS,
)
from plek.informal.matching import shortlist
from plek.informal.models import (
    Appreciation,
    BurdenCheckIn,
    Carer,
    CareRelation,
    CareRelationKind,
    CarerParticipation,
    CarerSupport,
    Circle,
    CircleMeeting,
    CircleMember,
    CircleQuota,
    HelpRequest,
    Match,
    Outcome,
    PaymentStatus,
    RequesterKind,
    RequestStatus,
    RequestUrgency,
    Skill,
    SupportKind,
    VogStatus,
    Volunteer,
)
from plek.plans import services as plan_services
from plek.plans.models import ParticipantKind, PlanAction, PlanParticipant
from plek.signals.models import Signal, Source
from plek.signals.services import SignalInput, register_signal


def _today() -> datetime.date:
    return timezone.localdate()


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


def _log_carer(actor: Actor, carer: Carer, action: str = LogAction.CHANGE) -> None:
    """One log row for the carer (when a person in the chain) and each person cared for."""
    person_ids = set(CareRelation.objects.filter(carer=carer).values_list("person_id", flat=True))
    if carer.person_id:
        person_ids.add(carer.person_id)
    targets: list[int | None] = [*sorted(person_ids)] or [None]
    for person_id in targets:
        record_processing(actor, action, CARER_RECORD, person_id, CARER_DATA_KINDS, Purpose.WMO_MO)


# --- carers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CarerInput:
    municipality_id: int | None
    first_name: str
    family_name: str
    postcode: str
    house_number: int | None
    cared_for_id: int | None
    relation_kind: str
    consent_on: datetime.date | None
    start_on: datetime.date | None
    person_id: int | None = None
    phone: str = ""
    young_carer: bool = False
    hours_per_week: int | None = None
    shared_summary: str = ""


def _clean_carer(data: CarerInput) -> None:
    errors: dict[str, str] = {}
    today = _today()
    if not data.first_name.strip():
        errors["first_name"] = _("Voornaam: vul de voornaam van de mantelzorger in.")
    if not data.family_name.strip():
        errors["family_name"] = _("Achternaam: vul de achternaam van de mantelzorger in.")
    postcode = data.postcode.replace(" ", "").upper()
    if len(postcode) != 6 or not postcode[:4].isdigit() or not postcode[4:].isalpha():
        errors["postcode"] = _("Postcode: vul een postcode in als 1234 AB.")
    if data.house_number is None:
        errors["house_number"] = _("Huisnummer: vul een huisnummer in.")
    if (
        data.municipality_id is None
        or not Municipality.objects.filter(pk=data.municipality_id).exists()
    ):
        errors["municipality"] = _("Gemeente: kies de gemeente van de mantelzorger.")
    if data.cared_for_id is None:
        errors["cared_for"] = _("Zorgvrager: vul het BSN in van de persoon voor wie wordt gezorgd.")
    if data.relation_kind not in CareRelationKind.values:
        errors["relation_kind"] = _("Relatie: kies de relatie met de zorgvrager.")
    if data.consent_on is None or data.consent_on > today:
        errors["consent_on"] = _(
            "Toestemming op: vul de datum in waarop de zorgvrager toestemming gaf "
            "(niet in de toekomst)."
        )
    if data.start_on is None:
        errors["start_on"] = _("Zorgt sinds: vul een datum in.")
    if errors:
        raise ValidationError(errors)


def register_carer(actor: Actor, data: CarerInput) -> Carer:
    """Register a carer with the person they care for (who must have consented)."""
    membership = casework_membership(actor)
    _clean_carer(data)
    assert data.cared_for_id is not None and data.start_on and data.consent_on
    assert data.municipality_id is not None and data.house_number is not None
    _may_person(actor, data.cared_for_id)
    if data.person_id is not None:
        _may_person(actor, data.person_id)
    with transaction.atomic():
        carer = Carer.objects.create(
            municipality_id=data.municipality_id,
            person_id=data.person_id,
            first_name=data.first_name.strip(),
            family_name=data.family_name.strip(),
            postcode=data.postcode.replace(" ", "").upper(),
            house_number=data.house_number,
            phone=data.phone.strip(),
            young_carer=data.young_carer,
            team_id=membership.team_id,
            registered_on=_today(),
            registered_by=actor.user,
        )
        CareRelation.objects.create(
            carer=carer,
            person_id=data.cared_for_id,
            kind=data.relation_kind,
            consent_on=data.consent_on,
            start_on=data.start_on,
            hours_per_week=data.hours_per_week,
            shared_summary=data.shared_summary.strip(),
        )
        _log_carer(actor, carer, LogAction.CREATE)
    return carer


def _carer_for_change(actor: Actor, carer_id: int) -> Carer:
    """Lock the carer; the actor must be in the carer's team or have registered them."""
    membership = casework_membership(actor)
    carer = Carer.objects.select_for_update().get(pk=carer_id)
    own = (carer.team_id is not None and carer.team_id == membership.team_id) or (
        carer.registered_by_id == actor.user.pk
    )
    if not own:
        cared_for = CareRelation.objects.filter(carer=carer).values_list("person_id", flat=True)
        if not any(decide(actor, Action.CHANGE, pid).allowed for pid in cared_for):
            raise AccessDenied()
    return carer


@dataclass(frozen=True)
class CheckInResult:
    checkin: BurdenCheckIn
    signal: Signal | None


def record_checkin(
    actor: Actor,
    carer_id: int,
    answers: dict[str, int],
    done_on: datetime.date | None = None,
    note: str = "",
) -> CheckInResult:
    """Score the burden check-in; from the norm on, raise a signal "overbelaste mantelzorger"
    that enters the team's signals inbox with the configured urgency (and so its norm)."""
    done_on = done_on or _today()
    if done_on > _today():
        raise ValidationError({"done_on": _("Datum: mag niet in de toekomst liggen.")})
    try:
        total = burden.score(answers)
    except ValueError as exc:
        raise ValidationError(
            {"answers": _("Belastingcheck: beantwoord elke vraag met een waarde van 0 tot 4.")}
        ) from exc
    overloaded = burden.is_overloaded(total)
    with transaction.atomic():
        carer = _carer_for_change(actor, carer_id)
        signal = _overload_signal(actor, carer, done_on) if overloaded else None
        checkin = BurdenCheckIn.objects.create(
            carer=carer,
            done_on=done_on,
            answers={code: int(answers[code]) for code, _label in burden.QUESTIONS},
            score=total,
            overloaded=overloaded,
            signal=signal,
            note=note.strip(),
            recorded_by=actor.user,
        )
        _log_carer(actor, carer, LogAction.CREATE)
    return CheckInResult(checkin, signal)


def _overload_signal(actor: Actor, carer: Carer, day: datetime.date) -> Signal:
    urgency = str(settings.INFORMAL_OVERLOAD_URGENCY)
    if urgency not in Priority.values:
        raise ValueError(f"PLEK_INFORMAL_OVERLOAD_URGENCY: onbekende urgentie {urgency!r}")
    person_id = (
        carer.person_id
        if carer.person_id and decide(actor, Action.CREATE, carer.person_id).allowed
        else None
    )
    signal = register_signal(
        actor,
        SignalInput(
            source=Source.MANTELZORG,
            urgency=urgency,
            received_on=day,
            person_id=person_id,
            postcode=carer.postcode,
            house_number=carer.house_number,
        ),
    )
    # Without a person in the chain the inbox names the carer as reported, like a delivery does.
    Signal.objects.filter(pk=signal.pk).update(
        reported_initials=f"{carer.first_name[:1]}.", reported_family_name=carer.family_name
    )
    signal.refresh_from_db()
    return signal


def add_support(
    actor: Actor,
    carer_id: int,
    kind: str,
    start_on: datetime.date | None,
    end_on: datetime.date | None = None,
    note: str = "",
) -> CarerSupport:
    errors: dict[str, str] = {}
    if kind not in SupportKind.values:
        errors["kind"] = _("Soort ondersteuning: kies een soort.")
    if start_on is None:
        errors["start_on"] = _("Vanaf: vul een datum in.")
    elif end_on is not None and end_on < start_on:
        errors["end_on"] = _("Tot: mag niet voor de begindatum liggen.")
    if errors:
        raise ValidationError(errors)
    assert start_on is not None
    with transaction.atomic():
        carer = _carer_for_change(actor, carer_id)
        support = CarerSupport.objects.create(
            carer=carer, kind=kind, start_on=start_on, end_on=end_on, note=note.strip()
        )
        _log_carer(actor, carer)
    return support


def sign_up_appreciation(
    actor: Actor, carer_id: int, year: int, carer_day: bool, amount: Decimal
) -> Appreciation:
    """Sign the carer up for this year's appreciation (once a year)."""
    if amount < 0:
        raise ValidationError({"amount": _("Bedrag: mag niet negatief zijn.")})
    with transaction.atomic():
        carer = _carer_for_change(actor, carer_id)
        try:
            with transaction.atomic():
                appreciation = Appreciation.objects.create(
                    carer=carer,
                    year=year,
                    signed_up_on=_today(),
                    carer_day=carer_day,
                    amount=amount,
                )
        except IntegrityError as exc:
            raise ValidationError(
                {"year": _("Jaar: deze mantelzorger is voor dit jaar al aangemeld.")}
            ) from exc
        _log_carer(actor, carer)
    return appreciation


# Payment moves forward only: signed up → granted → paid, or refused.
NEXT_STATUS = {
    PaymentStatus.AANGEMELD: {PaymentStatus.TOEGEKEND, PaymentStatus.AFGEWEZEN},
    PaymentStatus.TOEGEKEND: {PaymentStatus.UITBETAALD, PaymentStatus.AFGEWEZEN},
}


def set_payment_status(actor: Actor, appreciation_id: int, status: str) -> Appreciation:
    with transaction.atomic():
        appreciation = Appreciation.objects.select_for_update().get(pk=appreciation_id)
        _carer_for_change(actor, appreciation.carer_id)
        allowed = NEXT_STATUS.get(PaymentStatus(appreciation.status), set())
        if status not in allowed:
            raise ValidationError(
                {"status": _("Status: deze stap kan niet vanuit de huidige status.")}
            )
        appreciation.status = status
        appreciation.paid_on = _today() if status == PaymentStatus.UITBETAALD else None
        appreciation.save(update_fields=["status", "paid_on"])
        _log_carer(actor, appreciation.carer)
    return appreciation


def add_carer_to_action(actor: Actor, carer_id: int, action_id: int) -> PlanAction:
    """Name the carer as participant of the action's plan and as owner of the action."""
    with transaction.atomic():
        carer = _carer_for_change(actor, carer_id)
        action = PlanAction.objects.select_related("goal__plan").get(pk=action_id)
        plan = action.goal.plan
        if not CareRelation.objects.filter(carer=carer, person_id=plan.person_id).exists():
            raise ValidationError(
                {
                    "action": _(
                        "Actie: kies een actie uit het plan van iemand voor wie deze "
                        "mantelzorger zorgt."
                    )
                }
            )
        link = (
            CarerParticipation.objects.filter(carer=carer, participant__plan=plan)
            .select_related("participant")
            .first()
        )
        participant: PlanParticipant
        if link is None:
            participant = plan_services.add_participant(
                actor, plan.pk, str(carer), ParticipantKind.MANTELZORGER
            )
            CarerParticipation.objects.create(carer=carer, participant=participant)
        else:
            participant = link.participant
        action = plan_services.set_action_owner(actor, action.pk, participant.pk)
        _log_carer(actor, carer)
    return action


# --- volunteers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class VolunteerInput:
    first_name: str
    family_name: str
    area: str
    skill_ids: list[int]
    municipality_id: int | None = None
    email: str = ""
    phone: str = ""
    morning: bool = False
    afternoon: bool = False
    evening: bool = False
    weekend: bool = False
    trained_on: datetime.date | None = None
    vog_status: str = VogStatus.NIET_NODIG
    vog_issued_on: datetime.date | None = None
    insured: bool = False


def register_volunteer(actor: Actor, data: VolunteerInput) -> Volunteer:
    membership = coordinator_membership(actor)
    municipalities = coordinator_municipality_ids(membership)
    municipality_id = data.municipality_id or (municipalities[0] if municipalities else None)
    errors: dict[str, str] = {}
    if not data.first_name.strip():
        errors["first_name"] = _("Voornaam: vul de voornaam van de vrijwilliger in.")
    if not data.family_name.strip():
        errors["family_name"] = _("Achternaam: vul de achternaam van de vrijwilliger in.")
    if not data.area.strip():
        errors["area"] = _("Wijk: vul de wijk in waar de vrijwilliger wil helpen.")
    if not data.skill_ids:
        errors["skills"] = _("Vaardigheden: kies ten minste één vaardigheid.")
    if municipality_id is None or municipality_id not in municipalities:
        errors["municipality"] = _("Gemeente: kies een gemeente waarvoor u werkt.")
    if not (data.morning or data.afternoon or data.evening or data.weekend):
        errors["morning"] = _("Beschikbaarheid: kies ten minste één dagdeel.")
    if data.vog_status not in VogStatus.values:
        errors["vog_status"] = _("VOG: kies een status.")
    elif data.vog_status == VogStatus.AFGEGEVEN and data.vog_issued_on is None:
        errors["vog_issued_on"] = _("VOG afgegeven op: vul de datum van de VOG in.")
    if errors:
        raise ValidationError(errors)
    assert municipality_id is not None
    with transaction.atomic():
        volunteer = Volunteer.objects.create(
            organisation_id=membership.organisation_id,
            municipality_id=municipality_id,
            first_name=data.first_name.strip(),
            family_name=data.family_name.strip(),
            email=data.email.strip(),
            phone=data.phone.strip(),
            area=data.area.strip(),
            morning=data.morning,
            afternoon=data.afternoon,
            evening=data.evening,
            weekend=data.weekend,
            trained_on=data.trained_on,
            vog_status=data.vog_status,
            vog_issued_on=data.vog_issued_on,
            insured=data.insured,
            registered_on=_today(),
        )
        volunteer.skills.set(Skill.objects.filter(pk__in=data.skill_ids))
    return volunteer


# --- help requests ------------------------------------------------------------------------


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
    today = _today()
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
            received_on=_today(),
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
        request.taken_on = _today()
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
        today = _today()
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
    day = day or _today()
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
            raised_on=_today(),
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


# --- neighbourhood circles ----------------------------------------------------------------


def set_circle_quota(actor: Actor, municipality_id: int, max_circles: int) -> CircleQuota:
    if actor.role not in (Role.BEHEER, Role.BELEID):
        raise AccessDenied()
    quota, _created = CircleQuota.objects.update_or_create(
        municipality_id=municipality_id, defaults={"max_circles": max_circles}
    )
    return quota


def start_circle(
    actor: Actor,
    municipality_id: int | None,
    name: str,
    area: str,
    lead_id: int | None,
    organises: str = "",
    started_on: datetime.date | None = None,
) -> Circle:
    """Start a circle led by a volunteer; never more than the municipality's quota."""
    membership = coordinator_membership(actor)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Naam: geef de buurtcirkel een naam.")
    if not area.strip():
        errors["area"] = _("Wijk: vul de wijk in.")
    if municipality_id not in coordinator_municipality_ids(membership):
        errors["municipality"] = _("Gemeente: kies een gemeente waarvoor u werkt.")
    if (
        lead_id is None
        or not Volunteer.objects.filter(
            pk=lead_id, organisation_id=membership.organisation_id, ended_on__isnull=True
        ).exists()
    ):
        errors["lead"] = _("Leiding: kies een vrijwilliger van uw organisatie.")
    if errors:
        raise ValidationError(errors)
    assert municipality_id is not None and lead_id is not None
    with transaction.atomic():
        # The quota row is the lock: two coordinators cannot both start the last circle.
        quota = (
            CircleQuota.objects.select_for_update().filter(municipality_id=municipality_id).first()
        )
        running = Circle.objects.filter(municipality_id=municipality_id, ended_on__isnull=True)
        if quota is None or running.count() >= quota.max_circles:
            raise ValidationError(
                {
                    "municipality": _(
                        "Gemeente: het aantal buurtcirkels dat de gemeente wil (%(max)s) is "
                        "bereikt."
                    )
                    % {"max": quota.max_circles if quota else 0}
                }
            )
        circle = Circle.objects.create(
            municipality_id=municipality_id,
            name=name.strip(),
            area=area.strip(),
            lead_id=lead_id,
            organises=organises.strip(),
            started_on=started_on or _today(),
        )
    return circle


def _circle_for_change(actor: Actor, circle_id: int) -> Circle:
    membership = coordinator_membership(actor)
    circle = Circle.objects.select_for_update().get(pk=circle_id)
    if circle.municipality_id not in coordinator_municipality_ids(membership):
        raise AccessDenied()
    return circle


def add_circle_member(actor: Actor, circle_id: int, first_name: str) -> CircleMember:
    if not first_name.strip():
        raise ValidationError({"first_name": _("Voornaam: vul de voornaam van het lid in.")})
    with transaction.atomic():
        circle = _circle_for_change(actor, circle_id)
        return CircleMember.objects.create(
            circle=circle, first_name=first_name.strip(), joined_on=_today()
        )


def add_circle_meeting(
    actor: Actor, circle_id: int, held_on: datetime.date, attendees: int, topic: str
) -> CircleMeeting:
    errors: dict[str, str] = {}
    if not topic.strip():
        errors["topic"] = _("Onderwerp: vul in wat de cirkel deed.")
    if attendees < 1:
        errors["attendees"] = _("Aanwezigen: ten minste één.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        circle = _circle_for_change(actor, circle_id)
        return CircleMeeting.objects.create(
            circle=circle, held_on=held_on, attendees=attendees, topic=topic.strip()
        )


def open_requests_filter() -> Q:
    return Q(status__in=(RequestStatus.NIEUW, RequestStatus.IN_BEHANDELING))
