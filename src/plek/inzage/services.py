"""Every change of the access-request register: privacy officers only, logged, in one
transaction, with Dutch messages that name the field."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plek.access.choices import LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.policy import is_privacy_officer
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.core import dates
from plek.inzage.activities import REQUEST_CHANGE, REQUEST_DATA_KINDS, REQUEST_REGISTER
from plek.inzage.models import AccessRequest, Channel, RequestStatus
from plek.people.selectors import find_person_for_inzage

# AVG art. 12(3): one month to answer, extendable by two further months.
TERM_MONTHS = 1
EXTENSION_MONTHS = 2


def _officer(actor: Actor) -> None:
    if not is_privacy_officer(actor):
        raise AccessDenied()


def _log(actor: Actor, action: str, request: AccessRequest) -> None:
    record_processing(
        actor, action, REQUEST_CHANGE, request.person_id, REQUEST_DATA_KINDS, Purpose.INZAGE
    )


@dataclass(frozen=True)
class RequestInput:
    received_on: datetime.date
    requester_name: str
    channel: str
    requester_address: str = ""


def register_request(actor: Actor, data: RequestInput) -> AccessRequest:
    _officer(actor)
    errors: dict[str, str] = {}
    if data.received_on > dates.today():
        errors["received_on"] = _("Ontvangen op: mag niet in de toekomst liggen.")
    if not data.requester_name.strip():
        errors["requester_name"] = _("Naam aanvrager: vul de naam in die de aanvrager gaf.")
    if data.channel not in Channel.values:
        errors["channel"] = _("Kanaal: kies hoe het verzoek binnenkwam.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = AccessRequest.objects.create(
            received_on=data.received_on,
            requester_name=data.requester_name.strip(),
            requester_address=data.requester_address.strip(),
            channel=data.channel,
            due_on=dates.add_months(data.received_on, TERM_MONTHS),
            registered_by=actor.user,
        )
        record_processing(
            actor, LogAction.CREATE, REQUEST_REGISTER, None, REQUEST_DATA_KINDS, Purpose.INZAGE
        )
    return request


def _locked(request_id: int) -> AccessRequest:
    request = AccessRequest.objects.select_for_update().filter(pk=request_id).first()
    if request is None:
        raise AccessRequest.DoesNotExist(request_id)
    return request


def _open(request: AccessRequest, field: str) -> None:
    if request.status != RequestStatus.OPEN:
        raise ValidationError({field: _("Dit verzoek is al afgehandeld.")})


def identify_person(actor: Actor, request_id: int, bsn_or_id: str) -> AccessRequest:
    """Find the requester in plek by BSN or plek number (the lookup is logged) and note them."""
    _officer(actor)
    with transaction.atomic():
        request = _locked(request_id)
        _open(request, "zoek")
        try:
            person_id = find_person_for_inzage(actor, bsn_or_id)
        except ValueError as exc:
            raise ValidationError(
                {"zoek": _("BSN of persoonsnummer: vul een geldig BSN of nummer in.")}
            ) from exc
        if person_id is None:
            raise ValidationError(
                {"zoek": _("BSN of persoonsnummer: geen persoon gevonden met dit BSN of nummer.")}
            )
        request.person_id = person_id
        request.save(update_fields=["person"])
        _log(actor, LogAction.CHANGE, request)
    return request


def extend(actor: Actor, request_id: int, reason: str) -> AccessRequest:
    """Extend the term by two months, once, with a reason, while the first month runs."""
    _officer(actor)
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Reden verlenging: vul in waarom meer tijd nodig is (AVG art. 12 lid 3).")}
        )
    with transaction.atomic():
        request = _locked(request_id)
        _open(request, "reason")
        if request.extended_until is not None:
            raise ValidationError({"reason": _("Reden verlenging: de termijn is al verlengd.")})
        if dates.today() > request.due_on:
            raise ValidationError(
                {
                    "reason": _(
                        "Reden verlenging: verlengen kan alleen binnen de eerste maand; "
                        "die is voorbij."
                    )
                }
            )
        request.extended_until = dates.add_months(
            request.received_on, TERM_MONTHS + EXTENSION_MONTHS
        )
        request.extension_reason = reason.strip()
        request.save(update_fields=["extended_until", "extension_reason"])
        _log(actor, LogAction.CHANGE, request)
    return request


def letter_made(actor: Actor, request_id: int) -> None:
    """Note the day the answer letter was made for this request."""
    _officer(actor)
    with transaction.atomic():
        request = _locked(request_id)
        if request.letter_made_on is None:
            request.letter_made_on = dates.today()
            request.save(update_fields=["letter_made_on"])


def close(actor: Actor, request_id: int, note: str = "") -> AccessRequest:
    """Close the request: answered with the letter, or explained (no data about the person)."""
    _officer(actor)
    with transaction.atomic():
        request = _locked(request_id)
        _open(request, "note")
        if request.person_id is not None and request.letter_made_on is None:
            raise ValidationError({"note": _("Toelichting: maak eerst de brief voor de bewoner.")})
        if request.person_id is None and not note.strip():
            raise ValidationError(
                {
                    "note": _(
                        "Toelichting: er is geen persoon gevonden; schrijf op wat de aanvrager "
                        "als antwoord kreeg."
                    )
                }
            )
        request.status = RequestStatus.CLOSED
        request.closed_on = dates.today()
        request.closed_by = actor.user
        request.closing_note = note.strip()
        request.save(update_fields=["status", "closed_on", "closed_by", "closing_note"])
        _log(actor, LogAction.CHANGE, request)
    return request
