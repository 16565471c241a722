"""Every change of intake and ZRM data: validated, allowed, logged, in one transaction."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.access.choices import Action, LogAction
from plek.access.kinds import DataKind
from plek.access.services import record_allowed
from plek.accounts.context import Actor
from plek.accounts.models import Organisation
from plek.core.events import emit
from plek.intake.activities import INTAKE_DATA_KINDS, INTAKE_RECORD, ZRM_DATA_KINDS, ZRM_RECORD
from plek.intake.models import (
    Assessment,
    AssessmentScore,
    Intake,
    IntakeNarrative,
    IntakeParticipant,
)
from plek.intake.selectors import members_of
from plek.intake.zrm import DOMAINS, InstrumentVersion
from plek.people.models import Household
from plek.people.selectors import authorise


def _not_in_future(day: datetime.date, field: str, label: str) -> dict[str, str]:
    if day > timezone.localdate():
        return {field: _("%(label)s: deze datum ligt in de toekomst.") % {"label": label}}
    return {}


def start_intake(
    actor: Actor,
    person_id: int,
    household_id: int,
    started_on: datetime.date,
    question_behind_question: str,
    narratives: Mapping[str, str] | None = None,
    organisation_ids: Iterable[int] = (),
    participant_names: Iterable[str] = (),
) -> Intake:
    """Start the one integrated intake of a household, for a person who lives in it."""
    # Starting reads who lives in the household; the intake itself then founds the
    # relation that opens every life domain (a signal's handler may start one: eropaf).
    decision = authorise(actor, Action.CREATE, person_id, kind=DataKind.HOUSEHOLD)
    errors: dict[str, str] = _not_in_future(started_on, "started_on", _("Startdatum"))
    question = question_behind_question.strip()
    if not question:
        errors["question_behind_question"] = _(
            "Vraag achter de vraag: beschrijf waar het huishouden eigenlijk hulp bij zoekt."
        )
    texts = {d: t.strip() for d, t in (narratives or {}).items() if t and t.strip()}
    unknown = set(texts) - set(DOMAINS)
    if unknown:
        errors["narratives"] = _("Leefgebieden: onbekend leefgebied %(name)s.") % {
            "name": ", ".join(sorted(unknown))
        }
    names = [n.strip()[:200] for n in participant_names if n.strip()]
    organisations = list(Organisation.objects.filter(pk__in=list(organisation_ids)))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The household row is the lock: two starts for one household wait for each other.
        household = Household.objects.select_for_update().filter(pk=household_id).first()
        if household is None or person_id not in {
            m.person_id for m in members_of(household_id, started_on)
        }:
            raise ValidationError(
                {
                    "household": _(
                        "Huishouden: deze persoon hoort op de startdatum niet bij dit huishouden."
                    )
                }
            )
        if Intake.objects.filter(household=household, completed_on__isnull=True).exists():
            raise ValidationError(
                {"household": _("Huishouden: voor dit huishouden loopt al een intake.")}
            )
        membership = actor.membership
        try:
            with transaction.atomic():
                intake = Intake.objects.create(
                    household=household,
                    person_id=person_id,
                    started_on=started_on,
                    question_behind_question=question,
                    started_by=actor.user,
                    team_id=membership.team_id if membership else None,
                )
        except IntegrityError as exc:
            raise ValidationError(
                {"household": _("Huishouden: voor dit huishouden loopt al een intake.")}
            ) from exc
        IntakeNarrative.objects.bulk_create(
            IntakeNarrative(intake=intake, domain=d, text=texts[d]) for d in DOMAINS if d in texts
        )
        IntakeParticipant.objects.bulk_create(
            [IntakeParticipant(intake=intake, organisation=o) for o in organisations]
            + [IntakeParticipant(intake=intake, name=n) for n in names]
        )
        record_allowed(
            actor, decision, INTAKE_RECORD, person_id, INTAKE_DATA_KINDS, LogAction.CREATE
        )
    emit("intake.started", intake_id=intake.pk)
    return intake


def complete_intake(actor: Actor, intake_id: int, completed_on: datetime.date) -> Intake:
    with transaction.atomic():
        intake = Intake.objects.select_for_update().get(pk=intake_id)
        decision = authorise(actor, Action.CHANGE, intake.person_id, kind=DataKind.INTAKE)
        errors = _not_in_future(completed_on, "completed_on", _("Afgerond op"))
        if completed_on < intake.started_on:
            errors["completed_on"] = _("Afgerond op: ligt vóór de start van de intake.")
        if intake.completed_on is not None:
            errors["completed_on"] = _("Afgerond op: deze intake is al afgerond.")
        if errors:
            raise ValidationError(errors)
        intake.completed_on = completed_on
        intake.save(update_fields=["completed_on"])
        record_allowed(
            actor, decision, INTAKE_RECORD, intake.person_id, INTAKE_DATA_KINDS, LogAction.CHANGE
        )
    emit("intake.completed", intake_id=intake_id)
    return intake


def record_assessment(
    actor: Actor,
    person_id: int,
    assessed_on: datetime.date,
    scores: Mapping[str, int | None],
    instrument_version: str = InstrumentVersion.ZRM_2017,
    intake_id: int | None = None,
) -> Assessment:
    """A ZRM assessment: each of the 13 domains scored 1–5 or left open (None)."""
    decision = authorise(actor, Action.CREATE, person_id, kind=DataKind.INTAKE)
    errors = _not_in_future(assessed_on, "assessed_on", _("Datum meting"))
    if instrument_version not in InstrumentVersion.values:
        errors["instrument_version"] = _("Versie instrument: kies ZRM 2017 of ZRM 2010.")
    given = {d: s for d, s in scores.items() if s is not None}
    for domain, score in given.items():
        if domain not in DOMAINS:
            errors[domain] = _("Leefgebied %(name)s bestaat niet in de ZRM.") % {"name": domain}
        elif not isinstance(score, int) or not 1 <= score <= 5:
            errors[domain] = _("%(name)s: kies een score van 1 tot en met 5, of laat open.") % {
                "name": domain
            }
    if not given and not errors:
        errors["scores"] = _("Scores: score minstens één leefgebied.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        intake = None
        if intake_id is not None:
            intake = Intake.objects.filter(pk=intake_id).first()
            if intake is None or person_id not in {
                m.person_id for m in members_of(intake.household_id, intake.started_on)
            } | {intake.person_id}:
                raise ValidationError(
                    {
                        "intake": _(
                            "Intake: deze persoon hoort niet bij het huishouden van de intake."
                        )
                    }
                )
        assessment = Assessment.objects.create(
            external_id=uuid.uuid4().hex,
            person_id=person_id,
            assessed_on=assessed_on,
            instrument_version=instrument_version,
            intake=intake,
            assessor=actor.user,
        )
        AssessmentScore.objects.bulk_create(
            AssessmentScore(assessment=assessment, domain=d, score=given[d])
            for d in DOMAINS
            if d in given
        )
        record_allowed(actor, decision, ZRM_RECORD, person_id, ZRM_DATA_KINDS, LogAction.CREATE)
    emit("zrm.recorded", assessment_id=assessment.pk)
    return assessment
