"""Every change in the postal-address process: one transaction each, permission checked, logged.

Concurrency: a grant or a temporary registration locks the person's row first, so two of them for
one person run one after the other and the second sees the first; a decision locks the
application, so a second decision sees the first. The partial unique index on
``holds_address`` is the database's own last word: one active postal address per person.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from plek.access.choices import Action, LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.kinds import DataKind
from plek.access.policy import Decision as AccessDecision
from plek.access.policy import decide, may_read_person_files
from plek.access.services import record_allowed, record_processing
from plek.accounts.context import Actor
from plek.accounts.models import Team
from plek.accounts.roles import Role
from plek.core import dates
from plek.core.events import emit
from plek.people.models import Person
from plek.postal import hooks
from plek.postal.activities import POSTAL_DATA_KINDS, POSTAL_HANDLE
from plek.postal.models import (
    AccessCriterion,
    Assessment,
    CriterionCheck,
    CriterionStatus,
    Decision,
    EndReason,
    EventKind,
    Ground,
    Opinion,
    PostalApplication,
    PostalEvent,
    PostalGiver,
    Review,
)
from plek.postal.rules import ACTIVE_ADDRESS

MIN_ASSESSORS = 2


def _may_change(actor: Actor, person_id: int, action: str = Action.CHANGE) -> AccessDecision:
    """The policy's decision for this work; its purpose is the one the log names."""
    decision = decide(actor, action, person_id, kind=DataKind.POSTAL)
    if not decision.allowed:
        raise AccessDenied()
    return decision


def _no_future(day: datetime.date, field: str, label: str) -> None:
    if day > dates.today():
        raise ValidationError(
            {field: _("%(label)s: deze datum ligt in de toekomst.") % {"label": label}}
        )


def _refuse_second_address(person_id: int, exclude_id: int | None = None) -> None:
    active = PostalApplication.objects.filter(ACTIVE_ADDRESS, person_id=person_id)
    if exclude_id is not None:
        active = active.exclude(pk=exclude_id)
    existing = active.first()
    if existing is not None:
        raise ValidationError(
            {
                "person": _(
                    "Persoon: deze persoon heeft al een actief briefadres (aanvraag "
                    "%(kenmerk)s). Een tweede briefadres wordt geweigerd."
                )
                % {"kenmerk": existing.external_id}
            }
        )


def _address_text(application: PostalApplication) -> str:
    return application.giver_label


def _event(application: PostalApplication, kind: str, day: datetime.date, reason: str = "") -> None:
    PostalEvent.objects.create(
        application=application,
        person_id=application.person_id,
        kind=kind,
        occurred_on=day,
        address=_address_text(application),
        reason=reason,
    )


def _hold(application: PostalApplication) -> None:
    """Mark the application as the person's active address; the unique index has the last word."""
    application.holds_address = True
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"person": _("Persoon: deze persoon heeft al een actief briefadres.")}
        ) from exc


@dataclass(frozen=True)
class ApplicationInput:
    person_id: int
    applied_on: datetime.date
    ground: str
    giver: PostalGiver | None
    giver_person_name: str
    giver_person_address: str
    giver_consent: bool
    home_address_registered: bool
    team: Team | None = None


def _clean_application(data: ApplicationInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.ground not in Ground.values:
        errors["ground"] = _("Grond: kies de grond voor het briefadres.")
    has_person_giver = bool(data.giver_person_name.strip() or data.giver_person_address.strip())
    if data.giver is None and not has_person_giver:
        errors["giver"] = _(
            "Briefadresgever: kies een organisatie of vul naam en adres van een persoon in."
        )
    elif data.giver is not None and has_person_giver:
        errors["giver"] = _("Briefadresgever: kies een organisatie óf een persoon, niet allebei.")
    elif data.giver is None and not (
        data.giver_person_name.strip() and data.giver_person_address.strip()
    ):
        errors["giver_person_address"] = _(
            "Adres van de briefadresgever: vul naam en woonadres van de briefadresgever in."
        )
    if data.giver is not None and not data.giver.active:
        errors["giver"] = _("Briefadresgever: deze organisatie geeft geen briefadressen meer.")
    if not data.giver_consent:
        errors["giver_consent"] = _(
            "Toestemming: zonder toestemming van de briefadresgever kan er geen briefadres komen."
        )
    if data.applied_on > dates.today():
        errors["applied_on"] = _("Aangevraagd op: deze datum ligt in de toekomst.")
    return errors


def _team_for(actor: Actor, team: Team | None) -> Team:
    if actor.role == Role.BRIEFADRES and actor.membership and actor.membership.team_id:
        return actor.membership.team  # type: ignore[return-value]
    if team is None:
        raise ValidationError(
            {"team": _("Team: kies het MDT briefadressen dat de aanvraag behandelt.")}
        )
    return team


def apply(actor: Actor, data: ApplicationInput) -> PostalApplication:
    """Register an application. The postal-address team may do so for anyone it receives at its
    counter; other professionals need a relation with the person."""
    decision: AccessDecision | None = None
    if actor.role != Role.BRIEFADRES:
        decision = _may_change(actor, data.person_id, Action.CREATE)
    elif not may_read_person_files(actor):
        raise AccessDenied()
    else:
        # The team at its counter: use its relation's decision when it already has one.
        found = decide(actor, Action.CREATE, data.person_id, kind=DataKind.POSTAL)
        decision = found if found.allowed else None
    errors = _clean_application(data)
    if errors:
        raise ValidationError(errors)
    team = _team_for(actor, data.team)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=data.person_id)
        _refuse_second_address(person.pk)
        application = PostalApplication.objects.create(
            external_id=f"BA-{uuid.uuid4().hex[:12].upper()}",
            person=person,
            applied_on=data.applied_on,
            team=team,
            ground=data.ground,
            giver=data.giver,
            giver_person_name=data.giver_person_name.strip(),
            giver_person_address=data.giver_person_address.strip(),
            giver_consent=data.giver_consent,
            home_address_registered=data.home_address_registered,
            created_by=actor.user,
        )
        if decision is not None:
            record_allowed(
                actor, decision, POSTAL_HANDLE, person.pk, POSTAL_DATA_KINDS, LogAction.CREATE
            )
        else:
            # Filing the application is what creates the postal relation, whose purpose this is.
            record_processing(
                actor,
                LogAction.CREATE,
                POSTAL_HANDLE,
                person.pk,
                POSTAL_DATA_KINDS,
                Purpose.BRIEFADRES,
            )
    emit("postal.applied", application_id=application.pk, ground=application.ground)
    return application


def _locked(application_id: int) -> PostalApplication:
    return PostalApplication.objects.select_for_update().get(pk=application_id)


def register_temporarily(
    actor: Actor, application_id: int, on: datetime.date | None = None
) -> PostalApplication:
    """The fast lane: a temporary registration at once, the assessment afterwards."""
    on = on or dates.today()
    person_id = PostalApplication.objects.values_list("person_id", flat=True).get(pk=application_id)
    allowed = _may_change(actor, person_id)
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=person_id)
        application = _locked(application_id)
        if application.decision or application.temporary_from:
            raise ValidationError(
                {
                    "temporary_from": _(
                        "Tijdelijke inschrijving: deze aanvraag is al ingeschreven of besloten."
                    )
                }
            )
        if on < application.applied_on:
            raise ValidationError(
                {"temporary_from": _("Tijdelijk ingeschreven vanaf: niet vóór de aanvraagdatum.")}
            )
        _refuse_second_address(person_id, exclude_id=application.pk)
        application.temporary_from = on
        _hold(application)
        _event(application, EventKind.TIJDELIJK, on)
        record_allowed(
            actor, allowed, POSTAL_HANDLE, person_id, POSTAL_DATA_KINDS, LogAction.CHANGE
        )
    return application


def check_criteria(actor: Actor, application_id: int, results: dict[int, tuple[str, str]]) -> None:
    """Record met / not met / unknown with a note for each criterion (id → (status, note))."""
    person_id = PostalApplication.objects.values_list("person_id", flat=True).get(pk=application_id)
    allowed = _may_change(actor, person_id)
    errors = {}
    criteria = {c.pk: c for c in AccessCriterion.objects.filter(pk__in=results)}
    for criterion_id, (status, note) in results.items():
        if criterion_id not in criteria:
            errors[f"criterion_{criterion_id}"] = _("Criterium: onbekend criterium.")
        elif status not in CriterionStatus.values:
            errors[f"criterion_{criterion_id}"] = _(
                "%(criterion)s: kies voldaan, niet voldaan of onbekend."
            ) % {"criterion": criteria[criterion_id].text}
        elif status != CriterionStatus.VOLDAAN and not note.strip():
            errors[f"note_{criterion_id}"] = _(
                "%(criterion)s: licht toe waarom het criterium niet (aantoonbaar) is voldaan."
            ) % {"criterion": criteria[criterion_id].text}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        application = _locked(application_id)
        if application.decision:
            raise ValidationError({"status": _("Criteria: op deze aanvraag is al besloten.")})
        for criterion_id, (status, note) in results.items():
            CriterionCheck.objects.update_or_create(
                application=application,
                criterion_id=criterion_id,
                defaults={"status": status, "note": note.strip(), "checked_by": actor.user},
            )
        record_allowed(
            actor,
            allowed,
            POSTAL_HANDLE,
            person_id,
            ("toetsing criteria briefadres",),
            LogAction.CHANGE,
        )


def record_assessment(actor: Actor, application_id: int, opinion: str, note: str) -> Assessment:
    """One assessor's opinion; a second opinion of the same assessor replaces the first."""
    person_id = PostalApplication.objects.values_list("person_id", flat=True).get(pk=application_id)
    allowed = _may_change(actor, person_id)
    errors = {}
    if opinion not in Opinion.values:
        errors["opinion"] = _("Advies: kies toekennen of afwijzen.")
    if not note.strip():
        errors["note"] = _("Toelichting: onderbouw uw advies.")
    if errors:
        raise ValidationError(errors)
    assert actor.membership is not None
    with transaction.atomic():
        application = _locked(application_id)
        if application.decision:
            raise ValidationError({"opinion": _("Advies: op deze aanvraag is al besloten.")})
        assessment, _created = Assessment.objects.update_or_create(
            application=application,
            assessor=actor.user,
            defaults={
                "organisation_id": actor.membership.organisation_id,
                "opinion": opinion,
                "note": note.strip(),
            },
        )
        record_allowed(
            actor, allowed, POSTAL_HANDLE, person_id, ("advies briefadres",), LogAction.CHANGE
        )
    return assessment


def _assessment_complete(application: PostalApplication) -> dict[str, str]:
    errors: dict[str, str] = {}
    organisations = set(application.assessments.values_list("organisation_id", flat=True))
    if len(organisations) < MIN_ASSESSORS:
        errors["decision"] = _(
            "Besluit: eerst moeten ten minste twee beoordelaars van verschillende organisaties "
            "hun advies geven."
        )
    checked = set(application.criterion_checks.values_list("criterion_id", flat=True))
    missing = AccessCriterion.objects.filter(active=True).exclude(pk__in=checked)
    if missing.exists():
        errors["decision"] = errors.get("decision") or _(
            "Besluit: toets eerst alle toegangscriteria (nog open: %(criteria)s)."
        ) % {"criteria": ", ".join(c.text for c in missing[:3])}
    return errors


def decide_application(
    actor: Actor,
    application_id: int,
    decision: str,
    reasons: str = "",
    decided_on: datetime.date | None = None,
) -> PostalApplication:
    """Grant, refuse (with reasons) or record a withdrawal; once per application."""
    decided_on = decided_on or dates.today()
    person_id = PostalApplication.objects.values_list("person_id", flat=True).get(pk=application_id)
    allowed = _may_change(actor, person_id)
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Besluit: kies toekennen, afwijzen of ingetrokken.")})
    if decision == Decision.AFGEWEZEN and not reasons.strip():
        raise ValidationError({"reasons": _("Redenen: een afwijzing vermeldt haar redenen.")})
    _no_future(decided_on, "decided_on", _("Besloten op"))
    with transaction.atomic():
        if decision == Decision.TOEGEKEND:
            # The person first, then the application: every grant for one person queues here.
            Person.objects.select_for_update().get(pk=person_id)
        application = _locked(application_id)
        if application.decision:
            raise ValidationError({"decision": _("Besluit: op deze aanvraag is al besloten.")})
        if decided_on < application.applied_on:
            raise ValidationError({"decided_on": _("Besloten op: niet vóór de aanvraagdatum.")})
        if decision != Decision.INGETROKKEN:
            errors = _assessment_complete(application)
            if errors:
                raise ValidationError(errors)
        application.decision = decision
        application.decided_on = decided_on
        application.refusal_reasons = reasons.strip()
        if decision == Decision.TOEGEKEND:
            _refuse_second_address(person_id, exclude_id=application.pk)
            _hold(application)
            _event(application, EventKind.TOEGEKEND, decided_on)
        else:
            was_temporary = application.holds_address
            application.holds_address = False
            application.save()
            if was_temporary:
                # The temporary registration ends with the refusal or withdrawal.
                _event(
                    application, EventKind.BEEINDIGD, decided_on, application.get_decision_display()
                )
        record_allowed(
            actor, allowed, POSTAL_HANDLE, person_id, POSTAL_DATA_KINDS, LogAction.CHANGE
        )
    emit("postal.decided", application_id=application_id, decision=application.decision)
    hooks.decision_committed(actor, application_id)
    return application


def record_review(
    actor: Actor, application_id: int, reviewed_on: datetime.date, note: str
) -> Review:
    person_id = PostalApplication.objects.values_list("person_id", flat=True).get(pk=application_id)
    allowed = _may_change(actor, person_id)
    if not note.strip():
        raise ValidationError(
            {"note": _("Bevindingen: beschrijf de uitkomst van de herbeoordeling.")}
        )
    _no_future(reviewed_on, "reviewed_on", _("Herbeoordeeld op"))
    with transaction.atomic():
        application = _locked(application_id)
        if application.decision != Decision.TOEGEKEND or application.ended_on:
            raise ValidationError(
                {
                    "reviewed_on": _(
                        "Herbeoordeeld op: alleen een lopend briefadres wordt herbeoordeeld."
                    )
                }
            )
        if application.decided_on and reviewed_on < application.decided_on:
            raise ValidationError({"reviewed_on": _("Herbeoordeeld op: niet vóór het besluit.")})
        review = Review.objects.create(
            application=application,
            reviewed_on=reviewed_on,
            note=note.strip(),
            reviewed_by=actor.user,
        )
        record_allowed(
            actor,
            allowed,
            POSTAL_HANDLE,
            person_id,
            ("herbeoordeling briefadres",),
            LogAction.CHANGE,
        )
    emit("postal.reviewed", application_id=application_id)
    return review


def end_address(
    actor: Actor, application_id: int, ended_on: datetime.date, reason: str, note: str = ""
) -> PostalApplication:
    person_id = PostalApplication.objects.values_list("person_id", flat=True).get(pk=application_id)
    allowed = _may_change(actor, person_id)
    if reason not in EndReason.values:
        raise ValidationError({"end_reason": _("Reden: kies waarom het briefadres eindigt.")})
    _no_future(ended_on, "ended_on", _("Beëindigd op"))
    with transaction.atomic():
        application = _locked(application_id)
        if application.decision != Decision.TOEGEKEND or application.ended_on:
            raise ValidationError(
                {"ended_on": _("Beëindigd op: dit briefadres loopt niet (meer).")}
            )
        if application.decided_on and ended_on < application.decided_on:
            raise ValidationError({"ended_on": _("Beëindigd op: niet vóór het besluit.")})
        application.ended_on = ended_on
        application.end_reason = reason
        application.end_note = note.strip()
        application.holds_address = False
        application.save()
        _event(application, EventKind.BEEINDIGD, ended_on, application.get_end_reason_display())
        record_allowed(
            actor, allowed, POSTAL_HANDLE, person_id, POSTAL_DATA_KINDS, LogAction.CHANGE
        )
    emit("postal.ended", application_id=application_id, reason=application.end_reason)
    return application
