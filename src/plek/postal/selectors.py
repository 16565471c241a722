"""Every read of postal-address data: through the access policy, logged once per read.

Worklists and the social service's feed list several persons: they show only persons the policy
lets the actor see and log one entry per person shown, in the same transaction as the read.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.access.choices import Action, LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.kinds import DataKind
from plek.access.policy import visible_person_ids
from plek.access.reads import read_persons
from plek.access.relations import BREAK_GLASS_BASIS
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.accounts.models import Municipality, OrganisationKind, Team
from plek.accounts.roles import Role
from plek.core import dates
from plek.people.selectors import authorise
from plek.plans.models import Plan
from plek.postal.activities import (
    POSTAL_DATA_KINDS,
    POSTAL_LETTER,
    POSTAL_LIST,
    POSTAL_NOTIFY,
    POSTAL_VIEW,
)
from plek.postal.models import (
    AccessCriterion,
    Assessment,
    CriterionCheck,
    Decision,
    PostalApplication,
    PostalEvent,
    Review,
)
from plek.postal.relations import team_scope
from plek.postal.rules import (
    ACTIVE_ADDRESS,
    REPEATED_REFUSALS,
    TERM_WARNING_DAYS,
    Terms,
    decision_due,
    is_overdue,
    next_review,
    overdue_applied_before,
    plan_due,
    terms,
)

WORKLIST_LIMIT = 25


def fraud_flags(application: PostalApplication) -> list[str]:
    """What the assessors must look at: computed from stored facts, never a verdict."""
    flags = []
    if application.home_address_registered:
        flags.append(_("Er staat een woonadres van deze persoon ingeschreven in de BRP."))
    giver = application.giver
    if giver is not None:
        active = (
            PostalApplication.objects.filter(ACTIVE_ADDRESS, giver=giver)
            .exclude(pk=application.pk)
            .count()
        )
        if active + 1 > giver.max_active:
            flags.append(
                _(
                    "Briefadresgever %(giver)s heeft al %(active)d actieve briefadressen; "
                    "het maximum is %(max)d."
                )
                % {"giver": giver.name, "active": active, "max": giver.max_active}
            )
    refused = (
        PostalApplication.objects.filter(
            person_id=application.person_id, decision=Decision.AFGEWEZEN
        )
        .exclude(pk=application.pk)
        .count()
    )
    if refused >= REPEATED_REFUSALS:
        flags.append(_("Deze persoon kreeg al %(count)d afgewezen aanvragen.") % {"count": refused})
    return flags


def plan_missing(
    application: PostalApplication, today: datetime.date, current: Terms | None = None
) -> datetime.date | None:
    """The date by which a plan was due, when a granted address still has none; else None."""
    if application.decision != Decision.TOEGEKEND or application.decided_on is None:
        return None
    if application.ended_on is not None:
        return None
    due = plan_due(application.decided_on, current)
    has_plan = Plan.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=application.decided_on),
        person_id=application.person_id,
        started_on__lte=max(due, today),
    ).exists()
    return None if has_plan else due


@dataclass(frozen=True)
class ApplicationFile:
    application: PostalApplication
    checks: dict[int, CriterionCheck]
    criteria: list[AccessCriterion]
    assessments: list[Assessment]
    reviews: list[Review]
    events: list[PostalEvent]
    flags: list[str]
    decision_due: datetime.date
    overdue: bool
    plan_due: datetime.date | None
    plan_missing_since: datetime.date | None
    next_review: datetime.date | None
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def holds_active_address(self) -> bool:
        a = self.application
        return a.holds_address or (a.decision == Decision.TOEGEKEND and a.ended_on is None)

    @property
    def assessing_organisations(self) -> int:
        return len({a.organisation_id for a in self.assessments})


def _application(application_id: int) -> PostalApplication:
    return PostalApplication.objects.select_related("person", "giver", "team").get(
        pk=application_id
    )


def open_application(actor: Actor, application_id: int) -> ApplicationFile:
    """One application with everything the team works with; one decision, one log row."""
    person_id = PostalApplication.objects.values_list("person_id", flat=True).get(pk=application_id)
    decision = authorise(actor, Action.VIEW, person_id, kind=DataKind.POSTAL)
    assert decision.purpose is not None
    today = dates.today()
    with transaction.atomic():
        application = _application(application_id)
        reviews = list(application.reviews.order_by("reviewed_on", "id"))
        granted_running = application.decision == Decision.TOEGEKEND and not application.ended_on
        current = terms()
        file = ApplicationFile(
            application=application,
            checks={c.criterion_id: c for c in application.criterion_checks.all()},
            criteria=list(
                AccessCriterion.objects.filter(
                    Q(active=True) | Q(pk__in=application.criterion_checks.values("criterion_id"))
                )
            ),
            assessments=list(application.assessments.select_related("assessor", "organisation")),
            reviews=reviews,
            events=list(application.events.order_by("id")),
            flags=fraud_flags(application),
            decision_due=decision_due(application.applied_on, current),
            overdue=is_overdue(application.applied_on, application.decided_on, today, current),
            plan_due=plan_due(application.decided_on, current)
            if granted_running and application.decided_on
            else None,
            plan_missing_since=plan_missing(application, today, current),
            next_review=(
                next_review(
                    application.decided_on,
                    reviews[-1].reviewed_on if reviews else None,
                    current,
                )
                if granted_running and application.decided_on
                else None
            ),
            today=today,
        )
        record_processing(
            actor,
            LogAction.READ,
            POSTAL_VIEW,
            person_id,
            POSTAL_DATA_KINDS,
            decision.purpose,
            break_glass_id=decision.break_glass_id,
            break_glass=decision.basis == "break_the_glass",
        )
    return file


def letter_application(actor: Actor, application_id: int) -> PostalApplication:
    """The decided application for its decision letter; one log row."""
    person_id = PostalApplication.objects.values_list("person_id", flat=True).get(pk=application_id)
    decision = authorise(actor, Action.VIEW, person_id, kind=DataKind.POSTAL)
    assert decision.purpose is not None
    if decision.basis == BREAK_GLASS_BASIS:
        # Break-the-glass lets one read the file on screen, not take documents away with it.
        raise AccessDenied(
            _("Bij een doorbraak van toegang kunt u de besluitbrief niet downloaden.")
        )
    with transaction.atomic():
        application = _application(application_id)
        if not application.decision:
            raise PostalApplication.DoesNotExist(application_id)
        record_processing(
            actor,
            LogAction.READ,
            POSTAL_LETTER,
            person_id,
            ("naam", "briefadres", "besluit briefadres"),
            decision.purpose,
            break_glass_id=decision.break_glass_id,
            break_glass=decision.basis == "break_the_glass",
        )
    return application


def visible_applications(actor: Actor) -> QuerySet[PostalApplication]:
    """The applications whose person the policy lets the actor see (not yet read, not logged)."""
    return PostalApplication.objects.filter(person_id__in=visible_person_ids(actor))


def _team_applications(actor: Actor) -> QuerySet[PostalApplication]:
    if actor.role != Role.BRIEFADRES or actor.membership is None or not actor.membership.team_id:
        return PostalApplication.objects.none()
    return visible_applications(actor).filter(team_scope(actor.membership)).distinct()


@dataclass(frozen=True)
class WorkItem:
    application: PostalApplication
    detail: str


def _read_list(actor: Actor, rows: list[WorkItem]) -> list[WorkItem]:
    """Log each person shown once, under the relation's purpose; show only those allowed."""
    allowed = read_persons(
        actor,
        (r.application.person_id for r in rows),
        POSTAL_LIST,
        ("naam", "briefadres"),
        kind=DataKind.POSTAL,
    )
    return [r for r in rows if r.application.person_id in allowed]


def _term_detail(
    application: PostalApplication, today: datetime.date, current: Terms | None = None
) -> str:
    due = decision_due(application.applied_on, current)
    if today > due:
        return _("termijn verstreken: %(days)d dagen te laat (uiterlijk %(due)s)") % {
            "days": (today - due).days,
            "due": due.strftime("%d-%m-%Y"),
        }
    return _("besluit uiterlijk %(due)s (nog %(days)d dagen)") % {
        "due": due.strftime("%d-%m-%Y"),
        "days": (due - today).days,
    }


def open_applications(actor: Actor) -> list[WorkItem]:
    """The team's undecided applications, oldest first, each with its term."""
    today = dates.today()
    rows = _team_applications(actor).filter(decision="").select_related("person")
    rows = rows.order_by("applied_on", "id")[:WORKLIST_LIMIT]
    current = terms()
    return _read_list(actor, [WorkItem(a, _term_detail(a, today, current)) for a in rows])


def applications_at_term(actor: Actor) -> list[WorkItem]:
    """Undecided applications over their term or within TERM_WARNING_DAYS of it."""
    today = dates.today()
    current = terms()
    limit = overdue_applied_before(today, current) + datetime.timedelta(days=TERM_WARNING_DAYS)
    rows = _team_applications(actor).filter(decision="", applied_on__lte=limit)
    rows = rows.select_related("person").order_by("applied_on", "id")[:WORKLIST_LIMIT]
    return _read_list(actor, [WorkItem(a, _term_detail(a, today, current)) for a in rows])


def overdue_applications(actor: Actor) -> QuerySet[PostalApplication]:
    """Undecided applications over the decision term today (ids only; not logged)."""
    return _team_applications(actor).filter(
        decision="", applied_on__lt=overdue_applied_before(dates.today())
    )


def reviews_and_plans_due(actor: Actor) -> list[WorkItem]:
    """Running addresses whose review is due (or overdue), or that still lack a plan."""
    today = dates.today()
    running = (
        _team_applications(actor)
        .filter(decision=Decision.TOEGEKEND, ended_on__isnull=True, decided_on__isnull=False)
        .annotate(last_review=Max("reviews__reviewed_on"), reviews_count=Count("reviews"))
        .select_related("person")
        .order_by("decided_on", "id")
    )
    items: list[WorkItem] = []
    current = terms()
    for application in running.iterator():
        assert application.decided_on is not None
        due = next_review(application.decided_on, application.last_review, current)
        missing = plan_missing(application, today, current)
        parts = []
        if due <= today + datetime.timedelta(days=TERM_WARNING_DAYS):
            parts.append(_("herbeoordeling uiterlijk %(due)s") % {"due": due.strftime("%d-%m-%Y")})
        if missing is not None and missing < today:
            parts.append(
                _("geen plan (nodig vóór %(due)s)") % {"due": missing.strftime("%d-%m-%Y")}
            )
        if parts:
            items.append(WorkItem(application, "; ".join(parts)))
        if len(items) >= WORKLIST_LIMIT:
            break
    return _read_list(actor, items)


def person_applications(person_id: int) -> QuerySet[PostalApplication]:
    """For the dossier section only: called after ``open_dossier`` decided and logged."""
    return PostalApplication.objects.filter(person_id=person_id).order_by("applied_on", "id")


def may_read_event_feed(actor: Actor) -> bool:
    """The social service (and the postal-address team) read the grants-and-ends feed."""
    membership = actor.membership
    if membership is None or not membership.profile.reads_person_files:
        return False
    return membership.role == Role.BRIEFADRES or (
        membership.organisation.kind == OrganisationKind.SOCIALE_DIENST
    )


def reader_municipality_ids(actor: Actor) -> QuerySet[Any]:
    """The municipalities of the reader's organisation: its own and its teams' work areas."""
    membership = actor.membership
    assert membership is not None
    organisation = membership.organisation_id
    return Municipality.objects.filter(
        Q(organisations__pk=organisation) | Q(teams__organisation_id=organisation)
    ).values("pk")


def event_feed(actor: Actor, after_id: int = 0, limit: int = 100) -> list[PostalEvent]:
    """Postal events after ``after_id``, oldest first: the social service's statutory feed.

    Only events of applications handled for the municipalities of the reader's organisation
    (the handling team's work area): a social service learns about its own residents, not the
    country's. Each event names its person; every person in the answer gets a log entry.
    """
    if not may_read_event_feed(actor):
        raise AccessDenied()
    teams = Team.objects.filter(municipalities__in=reader_municipality_ids(actor)).values("pk")
    with transaction.atomic():
        events = list(
            PostalEvent.objects.filter(pk__gt=after_id, application__team_id__in=teams)
            .select_related("person", "application")
            .order_by("id")[:limit]
        )
        for person_id in sorted({e.person_id for e in events}):
            record_processing(
                actor,
                LogAction.READ,
                POSTAL_NOTIFY,
                person_id,
                ("BSN", "briefadres", "begin en einde briefadres"),
                Purpose.BRIEFADRES,
            )
    return events


def application_exists(application_id: int) -> bool:
    """Whether an application id is in use; reveals nothing about the person."""
    return PostalApplication.objects.filter(pk=application_id).exists()
