"""Reads of the access-request register: privacy officers only; each linked person shown is
logged once under the purpose "inzage"."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plek.access.choices import Purpose
from plek.access.exceptions import AccessDenied
from plek.access.policy import Decision, is_privacy_officer
from plek.access.services import record_reads
from plek.accounts.context import Actor
from plek.core import dates
from plek.core.text import is_digits
from plek.inzage.activities import REQUEST_DATA_KINDS, REQUEST_LIST
from plek.inzage.models import AccessRequest, RequestStatus
from plek.web.components import WorklistItem

PAGE_SIZE = 25
WORKLIST_SIZE = 10
BASIS = "inzageverzoek"
SORTS = {
    "termijn": ("-overdue", "deadline_on", "id"),
    "ontvangen": ("received_on", "id"),
    "-ontvangen": ("-received_on", "-id"),
    "aanvrager": ("requester_name", "id"),
}


def _officer(actor: Actor) -> None:
    if not is_privacy_officer(actor):
        raise AccessDenied()


def _log(actor: Actor, requests: list[AccessRequest]) -> None:
    reads = {
        r.person_id: Decision(True, BASIS, Purpose.INZAGE)
        for r in requests
        if r.person_id is not None
    }
    with transaction.atomic():
        record_reads(actor, reads, REQUEST_LIST, REQUEST_DATA_KINDS)


def annotated(queryset: QuerySet[AccessRequest]) -> QuerySet[AccessRequest]:
    today = dates.today()
    return queryset.annotate(deadline_on=Coalesce("extended_until", "due_on")).annotate(
        overdue=Case(
            When(Q(status=RequestStatus.OPEN) & Q(deadline_on__lt=today), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def requests(
    actor: Actor, query: str = "", sort: str = "termijn", only_open: bool = True
) -> QuerySet[AccessRequest]:
    _officer(actor)
    found = AccessRequest.objects.all()
    if only_open:
        found = found.filter(status=RequestStatus.OPEN)
    if query.strip():
        words = query.strip()
        reference = words.upper().removeprefix("INZ-").split("-")[-1]
        match = Q(requester_name__icontains=words)
        if is_digits(reference):
            match |= Q(pk=int(reference))
        found = found.filter(match)
    order = SORTS.get(sort, SORTS["termijn"])
    return annotated(found).order_by(*order)


def requests_page(
    actor: Actor, query: str = "", sort: str = "termijn", only_open: bool = True, number: Any = 1
) -> Page[Any]:
    page = Paginator(requests(actor, query, sort, only_open), PAGE_SIZE).get_page(number)
    page.object_list = list(page.object_list)
    _log(actor, page.object_list)
    return page


def open_request(actor: Actor, request_id: int) -> Any:
    _officer(actor)
    request = (
        annotated(AccessRequest.objects.filter(pk=request_id))
        .select_related("person", "registered_by", "closed_by")
        .first()
    )
    if request is None:
        raise AccessRequest.DoesNotExist(request_id)
    _log(actor, [request])
    return request


def request_worklist(actor: Actor) -> list[WorklistItem]:
    """The privacy officer's start page: open requests by deadline, overdue first."""
    if not is_privacy_officer(actor):
        return []
    shown: list[Any] = list(requests(actor)[:WORKLIST_SIZE])
    _log(actor, shown)
    items = []
    for request in shown:
        # The panel shows the deadline and marks it overdue.
        detail = _("ontvangen %(date)s") % {"date": date_format(request.received_on)}
        if request.extended_until:
            detail = f"{detail} ({_('verlengd')})"
        items.append(
            WorklistItem(
                label=f"{request.reference} · {request.requester_name}",
                href=reverse("inzage:detail", args=[request.pk]),
                detail=detail,
                due=request.deadline_on,
                overdue=bool(request.overdue),
            )
        )
    return items
