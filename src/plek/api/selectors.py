"""The reads of API v2 that the apps' own selectors do not offer: from a public UUID to the
internal key, and the filtered list of persons.

A UUID lookup answers only "which internal key": the app's selector that is called next applies
the access policy and writes the processing log, exactly as for v1 and the pages.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from plek.access.choices import Action
from plek.access.exceptions import AccessDenied
from plek.access.models import ProcessingLogEntry
from plek.access.policy import (
    decide_many,
    is_privacy_officer,
    may_read_person_files,
    visible_person_ids,
)
from plek.access.selectors import search_log
from plek.access.services import record_reads
from plek.accounts.context import Actor
from plek.accounts.models import Organisation
from plek.housing.models import WaitingEntry
from plek.people.activities import PERSON_LIST
from plek.people.models import Household, Person
from plek.people.selectors import PERSON_DATA_KINDS
from plek.plans.models import Plan
from plek.postal.models import PostalApplication
from plek.signals.models import Delivery, Feedback, Signal


def _pk(model: type[models.Model], public_id: uuid.UUID) -> int:
    pk = model._default_manager.filter(uuid=public_id).values_list("pk", flat=True).first()
    if pk is None:
        raise model.DoesNotExist(public_id)  # type: ignore[attr-defined]
    return int(pk)


def person_pk(public_id: uuid.UUID) -> int:
    return _pk(Person, public_id)


def household_pk(public_id: uuid.UUID) -> int:
    return _pk(Household, public_id)


def signal_pk(public_id: uuid.UUID) -> int:
    return _pk(Signal, public_id)


def application_pk(public_id: uuid.UUID) -> int:
    return _pk(PostalApplication, public_id)


def plan_pk(kenmerk: str) -> int:
    """Plans have no UUID: v2 names them by their public kenmerk (as v1 and the exchange do)."""
    pk = Plan.objects.filter(external_id=kenmerk).values_list("pk", flat=True).first()
    if pk is None:
        raise Plan.DoesNotExist(kenmerk)
    return int(pk)


def waiting_entry_pk(kenmerk: str) -> int:
    """Waiting entries have no UUID either: v2 names them by their kenmerk."""
    pk = WaitingEntry.objects.filter(external_id=kenmerk).values_list("pk", flat=True).first()
    if pk is None:
        raise WaitingEntry.DoesNotExist(kenmerk)
    return int(pk)


def no_plans() -> QuerySet[Plan]:
    """For the schema generator only: the model of the plan list, without any row."""
    return Plan.objects.none()


def no_persons() -> QuerySet[Person]:
    """For the schema generator only: the model of the person list, without any row."""
    return Person.objects.none()


def no_signals() -> QuerySet[Signal]:
    """For the schema generator only: the model of the signal list, without any row."""
    return Signal.objects.none()


def visible_persons(actor: Actor) -> QuerySet[Person]:
    """Lazy: the persons the actor may see (merged-away persons left out), to be filtered and
    cut into a page; pass the page to ``read_person_page``."""
    if not may_read_person_files(actor):
        raise AccessDenied()
    return (
        Person.objects.filter(pk__in=visible_person_ids(actor), merged_into__isnull=True)
        .select_related("origin_municipality")
        .order_by("family_name", "initials", "id")
    )


def read_person_page(actor: Actor, persons: QuerySet[Person], number: int, size: int) -> Page:
    """One page of persons as shown: each decided and logged once, under its relation's purpose.

    A relation that ended between the two queries leaves that person out.
    """
    page = Paginator(persons, size).page(number)
    decisions = decide_many(actor, Action.VIEW, [person.pk for person in page.object_list])
    page.object_list = [person for person in page.object_list if person.pk in decisions]
    with transaction.atomic():
        record_reads(actor, decisions, PERSON_LIST, PERSON_DATA_KINDS)
    return page


# --- aanleveringen and the processing log (v2 feeds) --------------------------------------------


def delivery_pk(public_id: uuid.UUID) -> int:
    """A delivery's key; ``own_delivery`` and the delivery services then check it is the
    caller's own (a delivery holds counts and a row report, no person)."""
    return _pk(Delivery, public_id)


def no_deliveries() -> QuerySet[Delivery]:
    """For the schema generator only: the model of the delivery list, without any row."""
    return Delivery.objects.none()


def no_feedback() -> QuerySet[Feedback]:
    """For the schema generator only: the model of the feedback list, without any row."""
    return Feedback.objects.none()


def no_log_entries() -> QuerySet[ProcessingLogEntry]:
    """For the schema generator and filter validation only: no row of the log."""
    return ProcessingLogEntry.objects.none()


def search_processing_log(
    actor: Actor,
    *,
    person: uuid.UUID | None,
    organisation: str | None,
    **filters: Any,
) -> QuerySet[ProcessingLogEntry]:
    """``access.selectors.search_log`` with a person named by UUID and an organisation by its
    kenmerk. The role is checked before either lookup, so the answer tells nobody else whether
    a person exists; the search itself is logged by ``search_log``, naming the person."""
    if not is_privacy_officer(actor):
        raise AccessDenied()
    person_id = None
    if person is not None:
        person_id = Person.objects.filter(uuid=person).values_list("pk", flat=True).first()
        if person_id is None:
            raise ValidationError({"persoon": _("Persoon: er is geen persoon met deze uuid.")})
    organisation_id = None
    if organisation:
        organisation_id = (
            Organisation.objects.filter(external_id=organisation).values_list("pk", flat=True)
        ).first()
        if organisation_id is None:
            raise ValidationError(
                {"organisatie": _("Organisatie: er is geen organisatie met dit kenmerk.")}
            )
    return search_log(actor, person=person_id, organisation=organisation_id, **filters)


@dataclass(frozen=True)
class LogPage:
    entries: list[ProcessingLogEntry]
    has_next: bool


def processing_log_page(entries: QuerySet[ProcessingLogEntry], number: int, size: int) -> LogPage:
    """One page of a log search, without counting the whole log (far too long for that; the
    privacy officer's page does the same). Each entry gets ``person_uuid``: the public id of the
    person it names, or None when there is none (or the person has since been removed)."""
    start = (number - 1) * size
    rows = list(entries[start : start + size + 1])
    shown = rows[:size]
    ids = {entry.person_id for entry in shown if entry.person_id is not None}
    uuids: dict[int | None, uuid.UUID] = {}
    if ids:
        uuids.update(Person.objects.filter(pk__in=ids).values_list("pk", "uuid"))
    for entry in shown:
        entry.person_uuid = uuids.get(entry.person_id)  # type: ignore[attr-defined]
    return LogPage(shown, len(rows) > size)
