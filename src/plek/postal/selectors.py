"""Every read of postal-address data: through the access policy, logged once per read.

Worklists and the social service's feed list several persons: they show only persons the policy
lets the actor see and log one entry per person shown, in the same transaction as the read.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import (
    Case,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plek.access.choices import Action, LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.kinds import DataKind
from plek.access.policy import visible_person_ids
from plek.access.reads import read_persons
from plek.access.relations import BREAK_GLASS_BASIS
from plek.access.services import record_processing, record_reads
from plek.accounts.context import Actor
from plek.accounts.models import Municipality, OrganisationKind, Team
from plek.accounts.roles import Role
from plek.core import dates
from plek.people.models import Person
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
    # The deadline the item is about, and whether it has passed.
    due: datetime.date | None = None
    overdue: bool = False


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


def _term_item(
    application: PostalApplication, today: datetime.date, current: Terms | None = None
) -> WorkItem:
    due = decision_due(application.applied_on, current)
    if today > due:
        late = (today - due).days
        detail = ngettext(
            "beslistermijn verstreken, %(days)d dag te laat",
            "beslistermijn verstreken, %(days)d dagen te laat",
            late,
        ) % {"days": late}
    else:
        left = (due - today).days
        detail = ngettext(
            "beslistermijn, nog %(days)d dag", "beslistermijn, nog %(days)d dagen", left
        ) % {"days": left}
    return WorkItem(application, detail, due, today > due)


def open_applications(actor: Actor) -> list[WorkItem]:
    """The team's undecided applications, oldest (most urgent) first, each with its term."""
    today = dates.today()
    rows = _team_applications(actor).filter(decision="").select_related("person")
    rows = rows.order_by("applied_on", "id")[:WORKLIST_LIMIT]
    current = terms()
    return _read_list(actor, [_term_item(a, today, current) for a in rows])


def applications_at_term(actor: Actor) -> list[WorkItem]:
    """Undecided applications over their term or within TERM_WARNING_DAYS of it."""
    today = dates.today()
    current = terms()
    limit = overdue_applied_before(today, current) + datetime.timedelta(days=TERM_WARNING_DAYS)
    rows = _team_applications(actor).filter(decision="", applied_on__lte=limit)
    rows = rows.select_related("person").order_by("applied_on", "id")[:WORKLIST_LIMIT]
    return _read_list(actor, [_term_item(a, today, current) for a in rows])


def overdue_applications(actor: Actor) -> QuerySet[PostalApplication]:
    """Undecided applications over the decision term today (ids only; not logged)."""
    return _team_applications(actor).filter(
        decision="", applied_on__lt=overdue_applied_before(dates.today())
    )


def _plan_missing(today: datetime.date, current: Terms) -> Q:
    """Running addresses granted more than the plan term ago without a plan: in SQL."""
    has_plan = Plan.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef("decided_on")),
        person_id=OuterRef("person_id"),
        started_on__lte=today,
    )
    plan_days = datetime.timedelta(days=current.plan_days)
    return Q(Q(decided_on__lt=today - plan_days), ~Exists(has_plan))


def reviews_and_plans_due(actor: Actor) -> list[WorkItem]:
    """Running addresses whose review is due within TERM_WARNING_DAYS (or overdue), or that
    still lack a plan; overdue first. Selected in SQL: only the rows shown are read."""
    today = dates.today()
    current = terms()
    warn = review_cutoff(today + datetime.timedelta(days=TERM_WARNING_DAYS + 1), current)
    late = review_cutoff(today, current)
    in_scope = _team_applications(actor).filter(RUNNING).values("pk")
    plan_missing_now = Case(When(_plan_missing(today, current), then=Value(1)), default=Value(0))
    running = (
        PostalApplication.objects.filter(pk__in=in_scope)
        .annotate(last_review=Max("reviews__reviewed_on"))
        .alias(review_basis=Coalesce("last_review", "decided_on"))
        .annotate(no_plan=plan_missing_now)
        .filter(Q(review_basis__lt=warn) | Q(no_plan=1))
        .alias(
            late=Case(
                When(Q(review_basis__lt=late) | Q(no_plan=1), then=Value(0)), default=Value(1)
            )
        )
        .select_related("person")
        .order_by("late", "review_basis", "id")[:WORKLIST_LIMIT]
    )
    items: list[WorkItem] = []
    for application in running:
        assert application.decided_on is not None
        due = next_review(application.decided_on, application.last_review, current)
        missing = plan_due(application.decided_on, current) if application.no_plan else None
        parts = []
        if due <= today + datetime.timedelta(days=TERM_WARNING_DAYS):
            parts.append(_("herbeoordeling uiterlijk %(due)s") % {"due": date_format(due, "j F Y")})
        if missing is not None:
            parts.append(
                _("geen plan (nodig vóór %(due)s)") % {"due": date_format(missing, "j F Y")}
            )
            due = min(due, missing)
        items.append(WorkItem(application, "; ".join(parts), due, due < today))
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


# --- the team's list and search of applications -----------------------------------------------

PAGE_SIZE = 25


class Status:
    """The status filter of the applications list."""

    ALL = ""
    OPEN = "open"
    OVER_TERM = "termijn"
    TEMPORARY = "tijdelijk"
    RUNNING = "lopend"
    REVIEW_OVERDUE = "herbeoordeling"
    REFUSED = "afgewezen"
    WITHDRAWN = "ingetrokken"
    ENDED = "beeindigd"


class Order:
    URGENCY = "urgentie"
    NEWEST = "nieuwste"
    NAME = "naam"


@dataclass(frozen=True)
class ApplicationSearch:
    name: str = ""
    status: str = Status.ALL
    applied_from: datetime.date | None = None
    applied_to: datetime.date | None = None
    order: str = Order.URGENCY


@dataclass(frozen=True)
class ApplicationRow:
    application: PostalApplication
    status: str
    # The deadline that matters now: the decision term (undecided) or the next review (running).
    due: datetime.date | None
    overdue: bool
    review_overdue: bool


def review_cutoff(today: datetime.date, current: Terms | None = None) -> datetime.date:
    """A running address whose last review (or decision) lies before this day is overdue for
    its next review today: the first day ``d`` with ``next_review(d) >= today``."""
    months = (current or terms()).review_months
    day = dates.add_months(today, -months)
    while dates.add_months(day - datetime.timedelta(days=1), months) >= today:
        day -= datetime.timedelta(days=1)
    while dates.add_months(day, months) < today:
        day += datetime.timedelta(days=1)
    return day


RUNNING = Q(decision=Decision.TOEGEKEND, ended_on__isnull=True, decided_on__isnull=False)


def _status_text(application: PostalApplication) -> str:
    if application.ended_on:
        return _("Beëindigd")
    if application.decision:
        return str(application.get_decision_display())
    if application.temporary_from:
        return _("Tijdelijk ingeschreven, beoordeling loopt")
    return _("In behandeling")


def _row(application: Any, today: datetime.date, current: Terms) -> ApplicationRow:
    review_due = None
    if (
        application.decision == Decision.TOEGEKEND
        and not application.ended_on
        and application.decided_on
    ):
        review_due = next_review(application.decided_on, application.last_review, current)
    if not application.decision:
        due: datetime.date | None = decision_due(application.applied_on, current)
    else:
        due = review_due
    review_overdue = review_due is not None and review_due < today
    return ApplicationRow(
        application,
        _status_text(application),
        due,
        overdue=due is not None and due < today,
        review_overdue=review_overdue,
    )


def _searched(
    actor: Actor, search: ApplicationSearch, today: datetime.date, current: Terms
) -> QuerySet[Any]:
    in_scope = _team_applications(actor).values("pk")
    rows = (
        PostalApplication.objects.filter(pk__in=in_scope)
        .select_related("person", "giver")
        .annotate(last_review=Max("reviews__reviewed_on"))
        .alias(review_basis=Coalesce("last_review", "decided_on"))
    )
    words = search.name.split()
    for word in words:
        rows = rows.filter(
            Q(person__family_name__icontains=word)
            | Q(person__initials__icontains=word)
            | Q(external_id__icontains=word)
        )
    if search.applied_from:
        rows = rows.filter(applied_on__gte=search.applied_from)
    if search.applied_to:
        rows = rows.filter(applied_on__lte=search.applied_to)
    over_term = Q(decision="", applied_on__lt=overdue_applied_before(today, current))
    review_late = RUNNING & Q(review_basis__lt=review_cutoff(today, current))
    rows = rows.filter(
        {
            Status.ALL: Q(),
            Status.OPEN: Q(decision=""),
            Status.OVER_TERM: over_term,
            Status.TEMPORARY: Q(decision="", temporary_from__isnull=False),
            Status.RUNNING: RUNNING,
            Status.REVIEW_OVERDUE: review_late,
            Status.REFUSED: Q(decision=Decision.AFGEWEZEN),
            Status.WITHDRAWN: Q(decision=Decision.INGETROKKEN),
            Status.ENDED: Q(ended_on__isnull=False),
        }.get(search.status, Q())
    )
    if search.order == Order.NEWEST:
        return rows.order_by("-applied_on", "-id")
    if search.order == Order.NAME:
        return rows.order_by("person__family_name", "person__initials", "id")
    # Urgency: what is over its deadline first, then what still runs (undecided or a running
    # address) by its deadline, then the rest, newest first.
    months = current.review_months
    return rows.alias(
        late=Case(When(over_term | review_late, then=Value(0)), default=Value(1)),
        live=Case(When(Q(decision="") | RUNNING, then=Value(0)), default=Value(1)),
        deadline=Case(
            When(
                decision="",
                then=ExpressionWrapper(
                    F("applied_on") + datetime.timedelta(days=current.decision_days),
                    output_field=DateField(),
                ),
            ),
            When(
                RUNNING,
                then=ExpressionWrapper(
                    F("review_basis") + datetime.timedelta(days=round(months * 30.44)),
                    output_field=DateField(),
                ),
            ),
            default=F("applied_on"),
            output_field=DateField(),
        ),
    ).order_by("late", "live", "deadline", "-applied_on", "id")


def applications_page(
    actor: Actor, search: ApplicationSearch, number: str | int | None = 1
) -> Page[ApplicationRow]:
    """One page of the team's applications, searched and filtered, each with its deadline and
    whether its review is overdue; a fixed number of queries, one log row per person shown."""
    today = dates.today()
    current = terms()
    page = Paginator(_searched(actor, search, today, current), PAGE_SIZE).get_page(number)
    rows = [_row(application, today, current) for application in page.object_list]
    with transaction.atomic():
        allowed = read_persons(
            actor,
            (r.application.person_id for r in rows),
            POSTAL_LIST,
            ("naam", "briefadres", "status aanvraag"),
            kind=DataKind.POSTAL,
        )
    page.object_list = [r for r in rows if r.application.person_id in allowed]
    return page


# --- the dossier's summary and buttons ----------------------------------------------------------


@dataclass(frozen=True)
class PersonPostal:
    application: PostalApplication | None
    decision_due: datetime.date | None
    next_review: datetime.date | None
    today: datetime.date


def person_postal(person_id: int) -> PersonPostal:
    """For the dossier summary only (after ``open_dossier`` decided and logged): the current
    application (undecided, or the running address), else the latest; two queries at most."""
    today = dates.today()
    application = (
        PostalApplication.objects.filter(person_id=person_id)
        .select_related("giver")
        .annotate(
            last_review=Max("reviews__reviewed_on"),
            current=Case(
                When(Q(decision="") | ACTIVE_ADDRESS, then=Value(0)),
                default=Value(1),
            ),
        )
        .order_by("current", "-applied_on", "-id")
        .first()
    )
    if application is None:
        return PersonPostal(None, None, None, today)
    row = _row(application, today, terms())
    return PersonPostal(
        application,
        row.due if not application.decision else None,
        row.due if application.decision else None,
        today,
    )


def current_application_id(person_id: int, **states: Any) -> int | None:
    """The id of the person's undecided application (``open=True``) or running address
    (``running=True``), for the dossier's buttons; nothing shown."""
    rows = PostalApplication.objects.filter(person_id=person_id)
    if states.get("open"):
        rows = rows.filter(decision="")
    if states.get("running"):
        rows = rows.filter(RUNNING)
    return rows.order_by("-applied_on", "-id").values_list("pk", flat=True).first()


def may_apply(person_id: int) -> bool:
    """Whether a new application makes sense: none undecided and no active address."""
    return not PostalApplication.objects.filter(
        Q(decision="") | ACTIVE_ADDRESS, person_id=person_id
    ).exists()


def person_for_application(actor: Actor, person_id: int) -> Person:
    """The person an application is filed for from the dossier; the policy decides, logged."""
    decision = authorise(actor, Action.CREATE, person_id, kind=DataKind.POSTAL)
    with transaction.atomic():
        person = Person.objects.get(pk=person_id)
        record_reads(actor, {person_id: decision}, POSTAL_VIEW, ("naam", "briefadres"))
    return person


# --- what the dossier asks with the person (``present``, see ``plek.people.dossier``) -------


def dossier_presence() -> QuerySet[PostalApplication]:
    """The person's applications: the section, the status and the actions read only them."""
    return PostalApplication.objects.filter(person_id=OuterRef("pk"))
