"""Every read of signals: through the access policy, and logged once per read.

A signal about a person is read under the policy for that person (``decide``): the team and
worker it is assigned to have a relation (``plek.signals.relations``), and so has anyone else
with a relation to the person. A signal about an address only (no person yet) may be read by
casework members of the team, or the worker, it is assigned to. Signal sources read only their
own deliveries and the end results reported back to them, never a signal or a person.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plek.access.choices import Action, LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.kinds import DataKind
from plek.access.policy import (
    BREAK_GLASS_BASIS,
    DENIED_NO_RELATION,
    Decision,
    decide,
    decide_many,
    may_read_person_files,
    objects_among_visible,
    visible_person_ids,
)
from plek.access.reads import read_persons
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.accounts.models import Membership, User
from plek.accounts.roles import ROLE_PROFILES, Role
from plek.core import dates
from plek.people.dossier import StatusLine, TimelineEntry
from plek.people.models import Person
from plek.people.selectors import break_glass_url
from plek.signals.activities import FEEDBACK_LIST, SIGNAL_DATA_KINDS, SIGNAL_LIST, SIGNAL_VIEW
from plek.signals.models import ContactAttempt, Delivery, DeliveryRow, Feedback, Signal
from plek.signals.norms import (
    deadline_expression,
    escalation_expression,
    response_norms,
    urgency_rank_expression,
)
from plek.signals.relations import assigned_to
from plek.web.components import WorklistItem

WORKLIST_SIZE = 10
# Who can take a signal on: the roles that read person files (casework).
CASEWORK_ROLES = tuple(role for role, p in ROLE_PROFILES.items() if p.reads_person_files)
ADDRESS_BASIS = "signaal:adres_toegewezen"


def annotated(
    queryset: QuerySet[Signal],
    today: datetime.date | None = None,
    norms: Mapping[str, int] | None = None,
) -> QuerySet[Signal]:
    """Signals with their deadline, today's urgency (eviction escalation) and overdue flag."""
    today = today or dates.today()
    return queryset.annotate(
        deadline_on=deadline_expression(norms),
        current_urgency=escalation_expression(today),
    ).annotate(
        urgency_rank=urgency_rank_expression(),
        overdue=Case(
            When(
                Q(outcome="") & Q(first_contact_on__isnull=True) & Q(deadline_on__lt=today),
                then=Value(1),
            ),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )


def signal_decision(actor: Actor, signal: Signal, action: str) -> Decision:
    """May the actor do ``action`` with this signal? Raises AccessDenied when not."""
    if signal.person_id is not None:
        decision = decide(actor, action, signal.person_id, kind=DataKind.SIGNALS)
        if decision.allowed:
            return decision
        if decision.basis == DENIED_NO_RELATION:
            raise AccessDenied(break_glass_url=break_glass_url(actor, signal.person_id))
        raise AccessDenied()
    membership = actor.membership
    if (
        membership is None
        or not may_read_person_files(actor)
        or not Signal.objects.filter(pk=signal.pk).filter(assigned_to(membership)).exists()
    ):
        raise AccessDenied()
    return Decision(True, ADDRESS_BASIS, Purpose.VROEGSIGNALERING)


def log_signal(
    actor: Actor, action: str, activity: Any, signal: Signal, decision: Decision
) -> None:
    assert decision.purpose is not None
    record_processing(
        actor,
        action,
        activity,
        signal.person_id,
        SIGNAL_DATA_KINDS,
        decision.purpose,
        break_glass_id=decision.break_glass_id,
        break_glass=decision.basis == BREAK_GLASS_BASIS,
    )


@dataclass(frozen=True)
class OpenedSignal:
    signal: Signal
    attempts: list[ContactAttempt]
    linked: list[Signal]
    feedback: Feedback | None
    decision: Decision
    may_change: bool


def open_signal(actor: Actor, signal_id: int) -> OpenedSignal:
    """One signal with its contact attempts and linked signals: one decision, one log row."""
    base = Signal.objects.filter(pk=signal_id).only("id", "person_id", "team_id", "worker_id")
    signal = base.first()
    if signal is None:
        raise Signal.DoesNotExist(signal_id)
    decision = signal_decision(actor, signal, Action.VIEW)
    may_change = decision.basis != BREAK_GLASS_BASIS
    with transaction.atomic():
        signal = (
            annotated(Signal.objects.filter(pk=signal_id))
            .select_related("person", "team", "worker", "source_organisation", "case")
            .get()
        )
        attempts = list(
            signal.attempts.select_related("recorded_by").order_by("attempted_on", "id")
        )
        linked = (
            readable_signals(
                actor, signal.case.signals.exclude(pk=signal.pk).order_by("received_on", "id")
            )
            if signal.case is not None
            else []
        )
        feedback = Feedback.objects.filter(signal=signal).first()
        log_signal(actor, LogAction.READ, SIGNAL_VIEW, signal, decision)
    return OpenedSignal(signal, attempts, linked, feedback, decision, may_change)


def readable_signals(actor: Actor, signals: QuerySet[Signal]) -> list[Signal]:
    """Of these signals, the ones the actor may read: about a person whose signals the policy
    opens to the actor, or about an address only and assigned to the actor or their team.

    For lists inside a page already logged (the signals on the same address, under the signal
    opened): two queries, however many signals.
    """
    membership = actor.membership
    if membership is None or not may_read_person_files(actor):
        return []
    rows = list(signals)
    decisions = decide_many(
        actor,
        Action.VIEW,
        {s.person_id for s in rows if s.person_id is not None},
        kind=DataKind.SIGNALS,
    )
    own_address_only = set(
        Signal.objects.filter(pk__in=[s.pk for s in rows if s.person_id is None])
        .filter(assigned_to(membership))
        .values_list("pk", flat=True)
    )
    return [s for s in rows if s.person_id in decisions or s.pk in own_address_only]


def _team_signals(actor: Actor) -> QuerySet[Signal]:
    membership = actor.membership
    if membership is None or not may_read_person_files(actor):
        raise AccessDenied()
    return Signal.objects.filter(assigned_to(membership))


def team_signals(
    actor: Actor,
    only_open: bool = True,
    *,
    norms: Mapping[str, int] | None = None,
    bound_at_run: bool = False,
) -> QuerySet[Signal]:
    """The signals assigned to the actor's team or to the actor: overdue first, then by deadline.

    Only signals about an address, or about a person the actor may see. Lazy; pass the page
    shown to ``read_signal_page``. ``bound_at_run``: for a statement compiled once
    (``visible_person_ids``).
    """
    visible = visible_person_ids(actor, bound_at_run=bound_at_run)
    queryset = _team_signals(actor).filter(Q(person__isnull=True) | Q(person_id__in=visible))
    if only_open:
        queryset = queryset.filter(outcome="")
    return (
        annotated(queryset, norms=norms)
        .select_related("person", "worker", "team")
        .order_by(  # type: ignore[misc]  # annotations the plugin cannot see
            "-overdue", "deadline_on", "urgency_rank", "received_on", "id"
        )
    )


def read_signal_page(actor: Actor, signals: list[Signal]) -> list[Signal]:
    """The signals of one page as shown: each person logged once, under the purpose of the
    relation that allows it; a signal whose person the policy does not open (any more) to the
    actor is left out. Signals about an address only (no person yet) are logged in one row
    without a person, as the list's own processing.
    """
    decisions = read_persons(
        actor,
        (signal.person_id for signal in signals),
        SIGNAL_LIST,
        SIGNAL_DATA_KINDS,
        kind=DataKind.SIGNALS,
    )
    shown = [s for s in signals if s.person_id is None or s.person_id in decisions]
    if any(s.person_id is None for s in shown):
        with transaction.atomic():
            record_processing(
                actor,
                LogAction.READ,
                SIGNAL_LIST,
                None,
                SIGNAL_DATA_KINDS,
                Purpose.VROEGSIGNALERING,
            )
    return shown


def subject_label(signal: Signal) -> str:
    if signal.person_id is not None:
        return str(signal.person)
    name = " ".join(p for p in (signal.reported_initials, signal.reported_family_name) if p)
    return ", ".join(part for part in (name, signal.address) if part) or _("onbekend adres")


def my_signals_worklist(actor: Actor) -> list[WorklistItem]:
    """The start page's "Mijn signalen": open, no contact yet, overdue first."""
    membership = actor.membership
    if membership is None or not may_read_person_files(actor):
        return []
    norms = response_norms()
    # Compiled once per member, day and norms (plek.core.compiled); now is bound at every run.
    key = ("signals.mine", membership.user_id, membership.team_id, dates.today())
    signals = objects_among_visible(
        actor,
        (*key, tuple(sorted(norms.items())), WORKLIST_SIZE),
        lambda: team_signals(actor, norms=norms, bound_at_run=True).filter(
            first_contact_on__isnull=True
        )[:WORKLIST_SIZE],
    )
    return [_worklist_item(signal) for signal in read_signal_page(actor, signals)]


def _worklist_item(signal: Any) -> WorklistItem:
    deadline = date_format(signal.deadline_on)
    if signal.overdue:
        detail = _("TE LAAT: contact had uiterlijk %(date)s moeten zijn") % {"date": deadline}
    else:
        detail = _("contact uiterlijk %(date)s") % {"date": deadline}
    if signal.current_urgency != "normaal":
        detail = f"{detail} · {_('urgentie')}: {signal.current_urgency}"
    return WorklistItem(
        label=f"{signal.get_source_display()} · {subject_label(signal)}",
        href=reverse("signals:detail", args=[signal.pk]),
        detail=detail,
        due=signal.deadline_on,
        overdue=bool(signal.overdue),
    )


def team_of_signal(signal_id: int) -> int | None:
    """The team a signal belongs to: an id to route by, no person data. Raises
    ``Signal.DoesNotExist`` for an unknown id."""
    return Signal.objects.filter(pk=signal_id).values_list("team_id", flat=True).get()


def colleagues(team_id: int | None) -> QuerySet[User]:
    """The team's members now in a casework role: whom a signal can be given to (no person
    data: colleagues' names, for a choice list)."""
    if team_id is None:
        return User.objects.none()
    memberships = Membership.objects.active().filter(team_id=team_id, role__in=CASEWORK_ROLES)
    return (
        User.objects.filter(pk__in=memberships.values("user_id"))
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


# --- the dossier's status line (called only after open_dossier decided) -----------------------


def dossier_status(actor: Actor, person: Person) -> list[StatusLine]:
    """The person's open signals: source, contact deadline (overdue is an alert), and the
    case they share with other signals. One query."""
    signals: Any = annotated(Signal.objects.filter(person=person, outcome="")).annotate(
        case_size=Count("case__signals")
    )
    lines = []
    for signal in signals.order_by("-overdue", "deadline_on", "id"):
        text = _("%(source)s, ontvangen %(date)s") % {
            "source": signal.get_source_display(),
            "date": date_format(signal.received_on),
        }
        if signal.case_id and signal.case_size > 1:
            text = _("%(text)s · in een casus met %(count)d andere signalen") % {
                "text": text,
                "count": signal.case_size - 1,
            }
        waiting = signal.first_contact_on is None
        lines.append(
            StatusLine(
                text,
                reverse("signals:detail", args=[signal.pk]),
                due=signal.deadline_on if waiting else None,
                alert=bool(signal.overdue),
            )
        )
    return lines


def dossier_entries(actor: Actor, person: Person) -> list[TimelineEntry]:
    """The dossier's "Signalen" section; only ever called by ``open_dossier`` after its decision."""
    entries: list[TimelineEntry] = []
    signals = Signal.objects.filter(person=person).prefetch_related(
        Prefetch("attempts", queryset=ContactAttempt.objects.order_by("attempted_on", "id"))
    )
    for signal in signals:
        url = reverse("signals:detail", args=[signal.pk])
        detail = signal.get_urgency_display()
        if signal.arrear_amount is not None:
            detail = f"{detail} · € {signal.arrear_amount}"
        entries.append(
            TimelineEntry(
                signal.received_on, _("Signaal: %s") % signal.get_source_display(), detail, url
            )
        )
        for attempt in signal.attempts.all():
            reached = _("bereikt") if attempt.reached else _("niet bereikt")
            entries.append(
                TimelineEntry(
                    attempt.attempted_on,
                    _("Contactpoging (%(kind)s): %(reached)s")
                    % {"kind": attempt.get_kind_display(), "reached": reached},
                    attempt.get_part_of_day_display(),
                    url,
                )
            )
        if signal.outcome and signal.outcome_on:
            entries.append(
                TimelineEntry(
                    signal.outcome_on,
                    _("Uitkomst signaal: %s") % signal.get_outcome_display(),
                    "",
                    url,
                )
            )
    return entries


# --- signal sources: their own deliveries and end results, nothing else -------------------------


def _source_organisation_id(actor: Actor) -> int:
    membership = actor.membership
    if membership is None or membership.role != Role.SIGNAALBRON:
        raise AccessDenied()
    if not actor.user.active_memberships().filter(pk=membership.pk).exists():
        raise AccessDenied()
    return membership.organisation_id


def own_deliveries(actor: Actor) -> QuerySet[Delivery]:
    """The deliveries of the actor's organisation (counts only, no person data)."""
    return Delivery.objects.filter(organisation_id=_source_organisation_id(actor)).select_related(
        "uploaded_by"
    )


def own_delivery(actor: Actor, delivery_id: int) -> Delivery:
    delivery = own_deliveries(actor).filter(pk=delivery_id).first()
    if delivery is None:
        raise Delivery.DoesNotExist(delivery_id)
    return delivery


def delivery_problems(delivery: Delivery) -> QuerySet[DeliveryRow]:
    """The report: every row with an error, by row number (no delivered values are shown)."""
    return (
        delivery.rows.exclude(errors=[])
        .only("row_number", "errors", "delivery_id")
        .order_by("row_number")
    )


def delivery_duplicates(delivery: Delivery) -> QuerySet[DeliveryRow]:
    return (
        delivery.rows.filter(duplicate=True).only("row_number", "reference").order_by("row_number")
    )


def own_feedback(actor: Actor) -> QuerySet[Feedback]:
    """End results reported back to the actor's organisation: reference, kind, result, date.

    Lazy; call ``log_feedback_read`` once when a page of it is shown.
    """
    organisation_id = _source_organisation_id(actor)
    return (
        Feedback.objects.filter(organisation_id=organisation_id)
        .select_related("signal")
        .only(
            "id",
            "outcome",
            "reported_on",
            "signal__source_reference",
            "signal__source",
            "signal__received_on",
        )
    )


def log_feedback_read(actor: Actor, count: int) -> None:
    if not count:
        return
    with transaction.atomic():
        record_processing(
            actor,
            LogAction.READ,
            FEEDBACK_LIST,
            None,
            ["referentie bron", "eindresultaat"],
            Purpose.VROEGSIGNALERING,
        )


def own_deliveries_worklist(actor: Actor) -> list[WorklistItem]:
    try:
        deliveries = list(own_deliveries(actor)[:5])
    except AccessDenied:
        return []
    return [
        WorklistItem(
            label=delivery.filename,
            href=reverse("signals:delivery", args=[delivery.pk]),
            detail=f"{delivery.get_status_display()} · {delivery.row_count} {_('rijen')}",
        )
        for delivery in deliveries
    ]


def feedback_worklist(actor: Actor) -> list[WorklistItem]:
    try:
        feedback = list(own_feedback(actor)[:5])
    except AccessDenied:
        return []
    log_feedback_read(actor, len(feedback))
    return [
        WorklistItem(
            label=f"{item.signal.source_reference or '–'} · {item.get_outcome_display()}",
            href=reverse("signals:feedback"),
            detail=date_format(item.reported_on),
        )
        for item in feedback
    ]


def just_registered(signal_id: int) -> Signal:
    """The signal its registering service has just stored and logged, with its deadline fields.

    Only for the answer to that same request: the registration wrote the processing-log entry.
    """
    return annotated(Signal.objects.filter(pk=signal_id)).get()


# --- what the dossier asks with the person (``present``, see ``plek.people.dossier``) -------


def dossier_presence() -> QuerySet[Signal]:
    """The person's signals: without one the section and the status line are empty."""
    return Signal.objects.filter(person_id=OuterRef("pk"))
