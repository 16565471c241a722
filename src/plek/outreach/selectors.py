"""Every read of street outreach: through the access policy, and logged once per read.

A contact linked to a person is read under the policy for that person (``decide``, kind
``signalen``). A contact with nobody known yet may be read by the worker and team who recorded
it, and by the wijkteam it was referred to. Lists log each person they show, once
(``plek.access.reads.read_persons``); a contact without a person has no one to log.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from plek.access.choices import Action, LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.kinds import DataKind
from plek.access.policy import (
    BREAK_GLASS_BASIS,
    DENIED_NO_RELATION,
    Decision,
    decide,
    may_read_person_files,
)
from plek.access.reads import read_persons
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.core import compiled, dates
from plek.outreach.activities import (
    CONTACT_DATA_KINDS,
    CONTACT_LIST,
    CONTACT_VIEW,
    REFERRAL_DATA_KINDS,
    REFERRAL_LIST,
)
from plek.outreach.models import Referral, ReferralStatus, StreetContact
from plek.outreach.relations import met_by
from plek.people.dossier import StatusLine, TimelineEntry
from plek.people.models import Person
from plek.people.selectors import break_glass_url
from plek.web.components import WorklistItem

WORKLIST_SIZE = 10
PAGE_SIZE = 25
UNLINKED_BASIS = "veldwerk:onbekend"


def _role(actor: Actor) -> str | None:
    return actor.membership.role if actor.membership else None


def week_start(today: datetime.date | None = None) -> datetime.date:
    today = today or dates.today()
    return today - datetime.timedelta(days=today.weekday())


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _holds_unlinked(actor: Actor, contact_id: int) -> bool:
    """May the actor read a contact with nobody known yet: recorded by them or their team, or
    referred to their team."""
    membership = actor.membership
    if membership is None or not may_read_person_files(actor):
        return False
    holder = met_by(membership)
    if membership.team_id:
        holder |= Q(referrals__team_id=membership.team_id)
    return StreetContact.objects.filter(holder, pk=contact_id).exists()


def contact_decision(actor: Actor, contact: StreetContact, action: str = Action.VIEW) -> Decision:
    """May the actor do ``action`` with this contact? Raises AccessDenied when not."""
    if contact.person_id is not None:
        decision = decide(actor, action, contact.person_id, kind=DataKind.SIGNALS)
        if decision.allowed:
            return decision
        if decision.basis == DENIED_NO_RELATION:
            raise AccessDenied(break_glass_url=break_glass_url(actor, contact.person_id))
        raise AccessDenied()
    if not _holds_unlinked(actor, contact.pk):
        raise AccessDenied()
    return Decision(True, UNLINKED_BASIS, Purpose.WMO_MO)


def contact_label(contact: StreetContact, shown: bool = True) -> str:
    """A person's name when known and shown; else the start of the description."""
    if contact.person_id is not None:
        return str(contact.person) if shown else _("persoon (geen toegang)")
    return Truncator(contact.description).chars(50) or _("onbekende persoon")


@dataclass(frozen=True)
class OpenedContact:
    contact: StreetContact
    referrals: list[Referral]
    decision: Decision
    # The outreach worker (or their team) who recorded it: may link and refer.
    is_own: bool
    # The open referral to the actor's wijkteam, which they may answer.
    answerable: Referral | None


def open_contact(actor: Actor, contact_id: int) -> OpenedContact:
    """One contact with its referrals: one decision, one log row."""
    contact = StreetContact.objects.filter(pk=contact_id).only("id", "person_id").first()
    if contact is None:
        raise StreetContact.DoesNotExist(contact_id)
    decision = contact_decision(actor, contact)
    membership = actor.membership
    assert membership is not None
    with transaction.atomic():
        contact = StreetContact.objects.select_related("person", "worker", "team").get(
            pk=contact_id
        )
        referrals = list(
            contact.referrals.select_related(
                "team", "referred_by", "responded_by", "signal"
            ).order_by("referred_on", "id")
        )
        record_processing(
            actor,
            LogAction.READ,
            CONTACT_VIEW,
            contact.person_id,
            CONTACT_DATA_KINDS,
            decision.purpose or Purpose.WMO_MO,
            break_glass_id=decision.break_glass_id,
            break_glass=decision.basis == BREAK_GLASS_BASIS,
        )
    is_own = membership.role == Role.VELDWERK and (
        contact.worker_id == membership.user_id
        or (membership.team_id is not None and contact.team_id == membership.team_id)
    )
    answerable = next(
        (
            r
            for r in referrals
            if r.status == ReferralStatus.OPEN
            and membership.role == Role.WIJKTEAM
            and r.team_id == membership.team_id
        ),
        None,
    )
    return OpenedContact(contact, referrals, decision, is_own, answerable)


# --- lists ---------------------------------------------------------------------------------------


def _read_contacts(
    actor: Actor, contacts: Sequence[StreetContact], activity: Any, data_kinds: Iterable[str]
) -> dict[int, Decision]:
    return read_persons(
        actor,
        (c.person_id for c in contacts),
        activity,
        data_kinds,
        kind=DataKind.SIGNALS,
    )


def own_contacts(actor: Actor, query: str = "") -> QuerySet[StreetContact]:
    """Contacts recorded by the outreach worker or their team, newest first."""
    membership = actor.membership
    if membership is None or membership.role != Role.VELDWERK or not may_read_person_files(actor):
        raise AccessDenied()
    contacts = StreetContact.objects.filter(met_by(membership)).select_related("person", "worker")
    if query.strip():
        words = query.strip()
        contacts = contacts.filter(
            Q(location__icontains=words)
            | Q(description__icontains=words)
            | Q(person__family_name__icontains=words)
        )
    return contacts.order_by("-met_at", "-id")


@dataclass(frozen=True)
class ContactRow:
    contact: StreetContact
    label: str
    open_referral: bool


def contacts_page(actor: Actor, query: str = "", number: Any = 1) -> tuple[Page[Any], list[Any]]:
    """One page of the worker's contacts; the persons shown are logged once."""
    page = Paginator(own_contacts(actor, query), PAGE_SIZE).get_page(number)
    contacts = list(page.object_list)
    open_ids = set(
        Referral.objects.filter(
            contact__in=[c.pk for c in contacts], status=ReferralStatus.OPEN
        ).values_list("contact_id", flat=True)
    )
    decisions = _read_contacts(actor, contacts, CONTACT_LIST, CONTACT_DATA_KINDS)
    rows = [
        ContactRow(c, contact_label(c, c.person_id in decisions), c.pk in open_ids)
        for c in contacts
    ]
    return page, rows


def week_contacts_worklist(actor: Actor) -> list[WorklistItem]:
    """Veldwerk: "Mijn contacten van deze week", newest first."""
    if _role(actor) != Role.VELDWERK or not may_read_person_files(actor):
        return []
    assert actor.membership is not None
    contacts = list(
        StreetContact.objects.filter(worker_id=actor.user.pk, met_at__gte=_start_of(week_start()))
        .select_related("person")
        .order_by("-met_at", "-id")[:WORKLIST_SIZE]
    )
    decisions = _read_contacts(actor, contacts, CONTACT_LIST, CONTACT_DATA_KINDS)
    return [
        WorklistItem(
            label=contact_label(c, c.person_id in decisions),
            href=reverse("outreach:detail", args=[c.pk]),
            detail=f"{date_format(timezone.localtime(c.met_at), 'j F Y H:i')} · {c.location}",
        )
        for c in contacts
    ]


def annotated_referrals(queryset: QuerySet[Referral]) -> QuerySet[Referral]:
    today = dates.today()
    return queryset.annotate(
        overdue=Case(
            When(Q(status=ReferralStatus.OPEN) & Q(respond_by__lt=today), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def referrals_for(actor: Actor, only_open: bool = True, query: str = "") -> QuerySet[Referral]:
    """Veldwerk: referrals of contacts they or their team recorded. Wijkteam: referrals to their
    team. Overdue first, then by the response date."""
    membership = actor.membership
    if membership is None or not may_read_person_files(actor):
        raise AccessDenied()
    if membership.role == Role.VELDWERK:
        holder = Q(referred_by_id=membership.user_id)
        if membership.team_id:
            holder |= Q(contact__team_id=membership.team_id)
        referrals = Referral.objects.filter(holder)
    elif membership.role == Role.WIJKTEAM:
        # A wijkteam member without a team has no referrals to answer.
        referrals = Referral.objects.filter(team_id=membership.team_id or 0)
    else:
        raise AccessDenied()
    if only_open:
        referrals = referrals.filter(status=ReferralStatus.OPEN)
    if query.strip():
        words = query.strip()
        referrals = referrals.filter(
            Q(contact__location__icontains=words)
            | Q(contact__description__icontains=words)
            | Q(reason__icontains=words)
            | Q(team__name__icontains=words)
        )
    return (
        annotated_referrals(referrals)
        .select_related("contact", "contact__person", "team", "referred_by")
        .order_by("-overdue", "respond_by", "id")  # type: ignore[misc]
    )


@dataclass(frozen=True)
class ReferralRow:
    referral: Any
    label: str


def referrals_page(
    actor: Actor, only_open: bool = True, query: str = "", number: Any = 1
) -> tuple[Page[Any], list[ReferralRow]]:
    page = Paginator(referrals_for(actor, only_open, query), PAGE_SIZE).get_page(number)
    referrals = list(page.object_list)
    decisions = _read_contacts(
        actor, [r.contact for r in referrals], REFERRAL_LIST, REFERRAL_DATA_KINDS
    )
    rows = [
        ReferralRow(r, contact_label(r.contact, r.contact.person_id in decisions))
        for r in referrals
    ]
    return page, rows


def _referral_item(referral: Any, label: str, with_team: bool) -> WorklistItem:
    # The panel shows the date and marks it overdue; the detail says what is waited for.
    detail = _("geen reactie op tijd") if referral.overdue else _("wacht op reactie")
    if with_team:
        detail = f"{referral.team.name} · {detail}"
    return WorklistItem(
        label=label,
        href=reverse("outreach:detail", args=[referral.contact_id]),
        detail=detail,
        due=referral.respond_by,
        overdue=bool(referral.overdue),
    )


def _referral_worklist(actor: Actor, role: str) -> list[WorklistItem]:
    if _role(actor) != role or not may_read_person_files(actor):
        return []
    membership = actor.membership
    assert membership is not None  # _role said so
    key = (
        "outreach.referrals",
        membership.role,
        membership.user_id,
        membership.team_id,
        dates.today(),
        WORKLIST_SIZE,
    )
    referrals = compiled.objects(key, lambda: referrals_for(actor)[:WORKLIST_SIZE])
    decisions = _read_contacts(
        actor, [r.contact for r in referrals], REFERRAL_LIST, REFERRAL_DATA_KINDS
    )
    return [
        _referral_item(
            r, contact_label(r.contact, r.contact.person_id in decisions), role == Role.VELDWERK
        )
        for r in referrals
    ]


def unanswered_referrals_worklist(actor: Actor) -> list[WorklistItem]:
    """Veldwerk: "Doorverwijzingen zonder reactie", overdue first."""
    return _referral_worklist(actor, Role.VELDWERK)


def team_referrals_worklist(actor: Actor) -> list[WorklistItem]:
    """Wijkteam: "Doorverwijzingen van veldwerk" waiting for the team's answer."""
    return _referral_worklist(actor, Role.WIJKTEAM)


# --- dossier (only ever called by the dossier after its decision) ------------------------------


def dossier_entries(actor: Actor, person: Person) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    contacts = StreetContact.objects.filter(person=person).prefetch_related("referrals__team")
    for contact in contacts:
        url = reverse("outreach:detail", args=[contact.pk])
        entries.append(
            TimelineEntry(
                timezone.localtime(contact.met_at).date(),
                _("Straatcontact: %s") % contact.location,
                contact.get_offered_display(),
                url,
            )
        )
        for referral in contact.referrals.all():
            entries.append(
                TimelineEntry(
                    referral.referred_on,
                    _("Doorverwezen naar %s") % referral.team.name,
                    referral.get_status_display(),
                    url,
                )
            )
    return entries


def dossier_export(person: Person) -> list[dict[str, Any]]:
    """Everything outreach stores about the person, for the inzage export."""
    rows: list[dict[str, Any]] = []
    contacts = StreetContact.objects.filter(person=person).select_related("worker", "team")
    for contact in contacts.prefetch_related("referrals__team"):
        rows.append(
            {
                "soort": "straatcontact",
                "moment": timezone.localtime(contact.met_at),
                "plek": contact.location,
                "beschrijving": contact.description,
                "aangeboden": contact.get_offered_display(),
                "notitie": contact.note,
                "veldwerker": contact.worker.display_name,
                "team": contact.team.name if contact.team else "",
                "doorverwijzingen": [
                    {
                        "naar": referral.team.name,
                        "op": referral.referred_on,
                        "reden": referral.reason,
                        "reactie_uiterlijk": referral.respond_by,
                        "status": referral.get_status_display(),
                        "gereageerd_op": referral.responded_on,
                        "toelichting": referral.response_note,
                    }
                    for referral in contact.referrals.all()
                ],
            }
        )
    return rows


def dossier_status(actor: Actor, person: Person) -> list[StatusLine]:
    """Where the person stands in outreach: the last street contact and any open referral."""
    last = (
        StreetContact.objects.filter(person=person)
        .order_by("-met_at")
        .values("id", "met_at", "location")
        .first()
    )
    if last is None:
        return []
    lines = [
        StatusLine(
            _("Laatste straatcontact %(date)s (%(place)s)")
            % {
                "date": date_format(timezone.localtime(last["met_at"]).date()),
                "place": last["location"],
            },
            reverse("outreach:detail", args=[last["id"]]),
        )
    ]
    referral = (
        annotated_referrals(
            Referral.objects.filter(contact__person=person, status=ReferralStatus.OPEN)
        )
        .select_related("team")
        .order_by("respond_by")
        .first()
    )
    if referral is not None:
        lines.append(
            StatusLine(
                _("Doorverwezen naar %(team)s, reactie uiterlijk %(date)s")
                % {"team": referral.team.name, "date": date_format(referral.respond_by)},
                reverse("outreach:detail", args=[referral.contact_id]),
                due=referral.respond_by,
                alert=bool(referral.overdue),  # type: ignore[attr-defined]
            )
        )
    return lines


def latest_own_contact(actor: Actor, person_id: int) -> int | None:
    """The newest contact with this person recorded by the actor or their team (for a link)."""
    membership = actor.membership
    if membership is None:
        return None
    return (
        StreetContact.objects.filter(met_by(membership), person_id=person_id)
        .order_by("-met_at")
        .values_list("pk", flat=True)
        .first()
    )


def contact_of_referral(referral_id: int) -> int | None:
    """The contact a referral belongs to: an id to route by, no personal data."""
    return Referral.objects.filter(pk=referral_id).values_list("contact_id", flat=True).first()


# --- what the dossier asks with the person (``present``, see ``plek.people.dossier``) -------


def dossier_presence() -> QuerySet[StreetContact]:
    """The person's street contacts: the section, the status line and the referral ask them."""
    return StreetContact.objects.filter(person_id=OuterRef("pk"))
