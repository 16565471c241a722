"""Every read of intake and ZRM data: decided by the access policy, logged once.

Same shape as ``plek.people.selectors``: decide, then read and write exactly one
processing-log entry in one transaction; a denied read raises ``AccessDenied`` (with the
break-the-glass offer for casework roles) and logs nothing.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import DateField, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plek.access.choices import Action
from plek.access.kinds import DataKind
from plek.access.policy import Decision
from plek.access.reads import read_persons
from plek.access.services import record_allowed
from plek.accounts.context import Actor
from plek.core import compiled, dates
from plek.intake.activities import (
    HOUSEHOLD_DATA_KINDS,
    HOUSEHOLD_FOR_INTAKE,
    INTAKE_DATA_KINDS,
    INTAKE_LIST,
    INTAKE_LIST_DATA_KINDS,
    INTAKE_VIEW,
    ZRM_DATA_KINDS,
    ZRM_VIEW,
)
from plek.intake.models import Assessment, Intake
from plek.intake.zrm import DOMAINS, Domain
from plek.people.dossier import StatusLine, TimelineEntry
from plek.people.models import Household, HouseholdMember, Person
from plek.people.selectors import authorise
from plek.web.components import WorklistItem


def households_of(person_id: int, day: datetime.date) -> list[Household]:
    """The households the person belongs to on ``day`` (internal: call after a decision)."""
    ids = (
        HouseholdMember.objects.filter(person_id=person_id, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
        .values("household_id")
    )
    return list(Household.objects.filter(pk__in=ids).order_by("name", "id"))


def members_of(household_id: int, day: datetime.date) -> list[HouseholdMember]:
    return list(
        HouseholdMember.objects.filter(household_id=household_id, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
        .select_related("person")
        .order_by("start_date", "id")
    )


# --- starting an intake -------------------------------------------------------------------------


@dataclass(frozen=True)
class IntakeStart:
    person: Person
    households: list[tuple[Household, list[HouseholdMember]]]


def intake_start(actor: Actor, person_id: int, on: datetime.date) -> IntakeStart:
    """What the start form shows: the person and who lives in their household(s)."""
    # Starting reads who lives in the household; the intake itself then founds the
    # relation that opens every life domain (a signal's handler may start one: eropaf).
    decision = authorise(actor, Action.CREATE, person_id, kind=DataKind.HOUSEHOLD)
    with transaction.atomic():
        person = Person.objects.get(pk=person_id)
        households = [(h, members_of(h.pk, on)) for h in households_of(person_id, on)]
        record_allowed(actor, decision, HOUSEHOLD_FOR_INTAKE, person_id, HOUSEHOLD_DATA_KINDS)
    return IntakeStart(person, households)


# --- one intake ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IntakeView:
    intake: Intake
    members: list[HouseholdMember]
    narratives: list[tuple[str, str]]
    participants: list[str]
    assessments: list[Assessment]
    decision: Decision


def open_intake(actor: Actor, intake_id: int) -> IntakeView:
    """The intake, its household as it was on the start day, and its assessments."""
    person_id = Intake.objects.filter(pk=intake_id).values_list("person_id", flat=True).first()
    if person_id is None:
        raise Intake.DoesNotExist(intake_id)
    decision = authorise(actor, Action.VIEW, person_id, kind=DataKind.INTAKE)
    with transaction.atomic():
        intake = Intake.objects.select_related("household", "person", "started_by", "team").get(
            pk=intake_id
        )
        labels = dict(Domain.choices)
        stored = {n.domain: n.text for n in intake.narratives.all()}
        narratives = [(str(labels[d]), stored[d]) for d in DOMAINS if d in stored]
        participants = [
            " · ".join(
                part for part in (p.organisation.name if p.organisation else "", p.name) if part
            )
            for p in intake.participants.select_related("organisation")
        ]
        assessments = list(intake.assessments.select_related("person").prefetch_related("scores"))
        record_allowed(actor, decision, INTAKE_VIEW, person_id, INTAKE_DATA_KINDS + ZRM_DATA_KINDS)
    return IntakeView(
        intake,
        members_of(intake.household_id, intake.started_on),
        narratives,
        participants,
        assessments,
        decision,
    )


# --- ZRM ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoredAssessment:
    assessment: Assessment
    scores: dict[str, int] = field(default_factory=dict)

    @property
    def scored(self) -> int:
        return len(self.scores)


@dataclass(frozen=True)
class ZrmHistory:
    person: Person
    assessments: list[ScoredAssessment]
    decision: Decision


def _scored(assessments: Iterable[Assessment]) -> list[ScoredAssessment]:
    return [ScoredAssessment(a, {s.domain: s.score for s in a.scores.all()}) for a in assessments]


def zrm_history(
    actor: Actor,
    person_id: int,
    refine: Callable[[QuerySet[Assessment]], QuerySet[Assessment]] | None = None,
) -> ZrmHistory:
    """Every ZRM assessment of the person, oldest first, with its scores; ``refine`` narrows
    the assessments (an API filter), never the decision or the log."""
    decision = authorise(actor, Action.VIEW, person_id, kind=DataKind.INTAKE)
    with transaction.atomic():
        person = Person.objects.get(pk=person_id)
        rows = Assessment.objects.filter(person_id=person_id)
        if refine is not None:
            rows = refine(rows)
        assessments = _scored(
            rows.select_related("assessor", "intake")
            .prefetch_related("scores")
            .order_by("assessed_on", "id")
        )
        record_allowed(actor, decision, ZRM_VIEW, person_id, ("naam", *ZRM_DATA_KINDS))
    return ZrmHistory(person, assessments, decision)


def assessment_start(actor: Actor, person_id: int) -> Person:
    """The person a new assessment is for (the form shows the name)."""
    decision = authorise(actor, Action.CREATE, person_id, kind=DataKind.INTAKE)
    with transaction.atomic():
        person = Person.objects.get(pk=person_id)
        record_allowed(actor, decision, ZRM_VIEW, person_id, ("naam",))
    return person


# --- running intakes (the wijkteam's worklist and its full list) --------------------------------

WORKLIST_SIZE = 10


def _due_on() -> Cast:
    # date + interval is a timestamp in PostgreSQL: cast back to a date.
    days = datetime.timedelta(days=settings.INTAKE_COMPLETE_DAYS)
    return Cast(ExpressionWrapper(F("started_on") + days, output_field=DateField()), DateField())


def running_intakes(actor: Actor) -> QuerySet[Intake]:
    """Running intakes started by the actor or by a team of the actor's organisation, the
    longest running (so the overdue) first, each with ``due_on``. Lazy and not logged: pass the
    rows shown to ``read_intake_page``."""
    membership = actor.membership
    if membership is None:
        return Intake.objects.none()
    mine = Q(started_by=actor.user) | Q(team__organisation_id=membership.organisation_id)
    return (
        Intake.objects.filter(completed_on__isnull=True)
        .filter(mine)
        .annotate(due_on=_due_on())
        .select_related("household", "person", "started_by")
        .order_by("started_on", "id")
    )


def read_intake_page(actor: Actor, intakes: list[Intake]) -> list[Intake]:
    """The intakes shown: each applicant logged once with the relation's purpose; an intake the
    policy no longer opens to the actor is left out."""
    allowed = read_persons(
        actor,
        (intake.person_id for intake in intakes),
        INTAKE_LIST,
        INTAKE_LIST_DATA_KINDS,
        kind=DataKind.INTAKE,
    )
    return [intake for intake in intakes if intake.person_id in allowed]


def running_intakes_worklist(actor: Actor) -> list[WorklistItem]:
    """The start page's "Intakes in behandeling": overdue (past the completion term) first."""
    today = dates.today()
    membership = actor.membership
    key = (
        "intake.running",
        actor.user.pk,
        membership.organisation_id if membership else None,
        settings.INTAKE_COMPLETE_DAYS,
        WORKLIST_SIZE,
    )
    running = compiled.objects(key, lambda: running_intakes(actor)[:WORKLIST_SIZE])
    intakes = read_intake_page(actor, running)
    items = []
    for intake in intakes:
        due_on: datetime.date = intake.due_on  # type: ignore[attr-defined]
        items.append(
            WorklistItem(
                label=str(intake.household),
                href=reverse("intake:detail", args=[intake.pk]),
                detail=_("gestart op %(date)s door %(name)s")
                % {
                    "date": date_format(intake.started_on),
                    "name": intake.started_by.display_name if intake.started_by else "–",
                },
                due=due_on,
                overdue=due_on < today,
            )
        )
    return items


# --- the dossier's status lines (called only after open_dossier decided) ------------------------


def dossier_status(actor: Actor, person: Person) -> list[StatusLine]:
    """The person's intakes (their own or their household's): the running one with its term,
    the last completed one, and whether the person's ZRM was scored. Three queries."""
    today = dates.today()
    households = HouseholdMember.objects.filter(person=person).values("household_id")
    intakes = list(
        Intake.objects.filter(Q(person=person) | Q(household_id__in=households))
        .annotate(due_on=_due_on())
        .select_related("household")
        .order_by("completed_on", "-started_on")[:5]
    )
    last_zrm = Assessment.objects.filter(person=person).order_by("-assessed_on", "-id").first()
    lines = []
    running = [i for i in intakes if i.completed_on is None]
    for intake in running:
        due_on: datetime.date = intake.due_on
        lines.append(
            StatusLine(
                _("Intake loopt sinds %(date)s (%(household)s)")
                % {"date": date_format(intake.started_on), "household": intake.household},
                reverse("intake:detail", args=[intake.pk]),
                due=due_on,
                alert=due_on < today,
            )
        )
    completed = [i for i in intakes if i.completed_on is not None]
    if not running and completed:
        last = max(completed, key=lambda i: i.completed_on or i.started_on)
        assert last.completed_on is not None
        lines.append(
            StatusLine(
                _("Intake afgerond op %(date)s") % {"date": date_format(last.completed_on)},
                reverse("intake:detail", args=[last.pk]),
            )
        )
    if last_zrm is not None:
        lines.append(
            StatusLine(
                _("ZRM gescoord op %(date)s") % {"date": date_format(last_zrm.assessed_on)},
                reverse("intake:zrm", args=[person.pk]),
            )
        )
    elif intakes:
        lines.append(
            StatusLine(_("ZRM nog niet gescoord"), reverse("intake:zrm", args=[person.pk]))
        )
    return lines


def running_intake_of(person: Person) -> int | None:
    """The running intake of the person's household (or their own), if any: for the dossier's
    "continue the intake" action (internal: called only after the dossier was opened)."""
    households = HouseholdMember.objects.filter(person=person).values("household_id")
    return (
        Intake.objects.filter(completed_on__isnull=True)
        .filter(Q(person=person) | Q(household_id__in=households))
        .order_by("-started_on")
        .values_list("id", flat=True)
        .first()
    )


# --- dossier sections (called only through plek.people.selectors.open_dossier) ------------------


def intake_entries(actor: Actor, person: Person) -> list[TimelineEntry]:
    households = HouseholdMember.objects.filter(person=person).values("household_id")
    intakes = Intake.objects.filter(Q(person=person) | Q(household_id__in=households))
    return [
        TimelineEntry(
            intake.started_on,
            _("Integrale intake gestart"),
            intake.question_behind_question[:200],
            reverse("intake:detail", args=[intake.pk]),
        )
        for intake in intakes.order_by("-started_on")[:20]
    ]


def assessment_entries(actor: Actor, person: Person) -> list[TimelineEntry]:
    url = reverse("intake:zrm", args=[person.pk])
    entries = []
    for item in _scored(
        Assessment.objects.filter(person=person).prefetch_related("scores").order_by("-assessed_on")
    ):
        entries.append(
            TimelineEntry(
                item.assessment.assessed_on,
                _("ZRM-meting"),
                _("%(count)d van de 13 leefgebieden gescoord; zie het verloop in de grafiek.")
                % {"count": item.scored},
                url,
            )
        )
    return entries


# --- public identifiers for API v2 (which internal key; the selector called next decides) ------


def intake_pk(public_id: uuid.UUID) -> int:
    """The internal key of an intake named by its UUID (``Intake.DoesNotExist``)."""
    return int(Intake.objects.values_list("pk", flat=True).get(uuid=public_id))


def no_assessments() -> QuerySet[Assessment]:
    """For the schema generator only: the model of the ZRM list, without any row."""
    return Assessment.objects.none()


# --- what the dossier asks with the person (``present``, see ``plek.people.dossier``) -------


def intake_presence() -> tuple[QuerySet[Intake], ...]:
    """The person's intakes, their own or a household's they were ever in."""
    return (
        Intake.objects.filter(person_id=OuterRef("pk")),
        Intake.objects.filter(household__members__person_id=OuterRef("pk")),
    )


def assessment_presence() -> QuerySet[Assessment]:
    return Assessment.objects.filter(person_id=OuterRef("pk"))


def intake_or_assessment_presence() -> tuple[QuerySet[Any], ...]:
    """What the intake status line reads: intakes and ZRM scores."""
    return (*intake_presence(), assessment_presence())
