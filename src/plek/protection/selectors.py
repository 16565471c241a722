"""Every read of indications and arrangements: through the one door, logged.

One indication or arrangement: ``authorise`` for its person (kind ``verblijf``) and
``record_allowed`` with that decision's purpose. A worklist: ``read_persons`` for the persons on
it (one decision per person, one log row per person shown, under the relation's purpose); rows
of persons the door does not allow are not shown.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from plek.access.activities import ProcessingActivity
from plek.access.choices import Action
from plek.access.kinds import DataKind
from plek.access.reads import read_persons
from plek.access.services import record_allowed
from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.core import dates
from plek.core.dates import long_date
from plek.people.models import Person
from plek.people.selectors import authorise
from plek.protection import activities
from plek.protection.models import (
    Arrangement,
    Indication,
    IndicationEvent,
    IndicationKind,
    Product,
    TryOut,
)

# "Binnenkort aflopend": the last day lies within this many days (or has just passed).
EXPIRING_WITHIN_DAYS = 56
EXPIRED_SHOWN_DAYS = 14
WORKLIST_LIMIT = 25


Row = TypeVar("Row", Indication, Arrangement)


def _shown(
    actor: Actor, rows: Sequence[Row], activity: ProcessingActivity, data_kinds: tuple[str, ...]
) -> list[Row]:
    """The rows whose person the door allows (kind ``verblijf``), each such person logged once
    with the purpose of the relation that allows it."""
    allowed = read_persons(
        actor, [row.person_id for row in rows], activity, data_kinds, kind=DataKind.PLACEMENT
    )
    return [row for row in rows if row.person_id in allowed]


def expiring_indications(
    actor: Actor, today: datetime.date | None = None, limit: int | None = WORKLIST_LIMIT
) -> list[Indication]:
    """Running indications of the actor's organisation whose last day is near: soonest first."""
    if actor.role != Role.TOEGANG or actor.organisation_id is None:
        return []
    day = today or dates.today()
    query = (
        Indication.objects.filter(
            ended_on__isnull=True,
            organisation_id=actor.organisation_id,
            valid_until__gte=day - datetime.timedelta(days=EXPIRED_SHOWN_DAYS),
            valid_until__lte=day + datetime.timedelta(days=EXPIRING_WITHIN_DAYS),
        )
        .select_related("person", "municipality")
        .order_by("valid_until", "id")
    )
    with transaction.atomic():
        rows = list(query[:limit] if limit else query)
        return _shown(actor, rows, activities.INDICATION_LIST, activities.INDICATION_DATA_KINDS)


def waiting_for_arrangement(actor: Actor, today: datetime.date | None = None) -> list[Indication]:
    """Beschermd-thuis indications naming the actor's organisation, holding today, without a
    running arrangement: the provider is to register the support."""
    if actor.role != Role.AANBIEDER or actor.organisation_id is None:
        return []
    day = today or dates.today()
    running = Arrangement.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day), indication_id=OuterRef("pk")
    )
    query = (
        Indication.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day),
            kind=IndicationKind.BESCHERMD_THUIS,
            provider_id=actor.organisation_id,
            valid_until__gte=day,
        )
        .exclude(Exists(running))
        .select_related("person")
        .order_by("valid_from", "id")
    )
    with transaction.atomic():
        rows = list(query[:WORKLIST_LIMIT])
        return _shown(actor, rows, activities.INDICATION_LIST, activities.INDICATION_DATA_KINDS)


def arrangements_to_review(actor: Actor, today: datetime.date | None = None) -> list[Arrangement]:
    """Running arrangements of the actor's organisation with a review within 28 days or late."""
    if actor.role != Role.AANBIEDER or actor.organisation_id is None:
        return []
    day = today or dates.today()
    query = (
        Arrangement.objects.filter(
            end_date__isnull=True,
            provider_id=actor.organisation_id,
            review_on__lte=day + datetime.timedelta(days=28),
        )
        .select_related("person")
        .order_by("review_on", "id")
    )
    with transaction.atomic():
        rows = list(query[:WORKLIST_LIMIT])
        return _shown(actor, rows, activities.ARRANGEMENT_LIST, activities.ARRANGEMENT_DATA_KINDS)


def open_indication(actor: Actor, indication_id: int) -> tuple[Indication, list[IndicationEvent]]:
    person_id = Indication.objects.values_list("person_id", flat=True).get(pk=indication_id)
    decision = authorise(actor, Action.VIEW, person_id, kind=DataKind.PLACEMENT)
    with transaction.atomic():
        indication = Indication.objects.select_related(
            "person", "municipality", "origin_municipality", "provider", "decided_by"
        ).get(pk=indication_id)
        events = list(indication.events.select_related("user"))
        record_allowed(
            actor, decision, activities.INDICATION_VIEW, person_id, activities.INDICATION_DATA_KINDS
        )
    return indication, events


def open_arrangement(actor: Actor, arrangement_id: int) -> Arrangement:
    person_id = Arrangement.objects.values_list("person_id", flat=True).get(pk=arrangement_id)
    decision = authorise(actor, Action.VIEW, person_id, kind=DataKind.PLACEMENT)
    with transaction.atomic():
        arrangement = Arrangement.objects.select_related(
            "person",
            "provider",
            "product",
            "indication",
            "plan",
            "aftercare_track",
            "origin_municipality",
        ).get(pk=arrangement_id)
        record_allowed(
            actor,
            decision,
            activities.ARRANGEMENT_VIEW,
            person_id,
            activities.ARRANGEMENT_DATA_KINDS,
        )
    return arrangement


def dossier_entries(person: Person) -> list[tuple[datetime.date, str, str, str]]:
    """The dossier section's timeline (day, title, detail, url); the dossier opened the person
    under the policy and logs the section (kind ``verblijf``)."""
    rows: list[tuple[datetime.date, str, str, str]] = []
    for indication in Indication.objects.filter(person=person):
        url = reverse("protection:indication", args=[indication.pk])
        rows.append(
            (
                indication.valid_from,
                _("Indicatie %(kind)s") % {"kind": indication.get_kind_display().lower()},
                _("geldig tot en met %(day)s") % {"day": long_date(indication.valid_until)},
                url,
            )
        )
        if indication.ended_on:
            rows.append((indication.ended_on, _("Indicatie beëindigd"), indication.end_reason, url))
    for arrangement in Arrangement.objects.filter(person=person).select_related("provider"):
        url = reverse("protection:arrangement", args=[arrangement.pk])
        rows.append(
            (
                arrangement.start_date,
                _("Ambulant arrangement: %(kind)s") % {"kind": arrangement.get_kind_display()},
                arrangement.provider.name,
                url,
            )
        )
        if arrangement.end_date:
            rows.append(
                (
                    arrangement.end_date,
                    _("Ambulant arrangement beëindigd"),
                    arrangement.end_reason,
                    url,
                )
            )
    return rows


def tryout_of(arrangement_id: int) -> TryOut | None:
    """The try-out place of an arrangement, for a page already opened under the policy."""
    return TryOut.objects.filter(arrangement_id=arrangement_id).first()


def tryout_arrangement_id(tryout_id: int) -> int:
    """Where a try-out place's page lives (its arrangement); no person data."""
    return TryOut.objects.values_list("arrangement_id", flat=True).get(pk=tryout_id)


def products() -> list[Product]:
    return list(Product.objects.order_by("code"))


# --- what the dossier asks with the person (``present``, see ``plek.people.dossier``) -------


def dossier_presence() -> tuple[QuerySet[Any], ...]:
    """The person's indications and arrangements (the section's rows)."""
    return (
        Indication.objects.filter(person_id=OuterRef("pk")),
        Arrangement.objects.filter(person_id=OuterRef("pk")),
    )
