"""iWmo: allocations out (WMO301), the provider's answers in (WMO302), start and stop of support
in (WMO305, WMO307) with plek's return messages out (WMO306, WMO308).

Outgoing messages wait as ``IwmoMessage`` rows (state "klaar") until the broker picks them up
(``export_pending`` or a download); the personal data in them is logged when they leave plek. An
incoming file is checked against the schema before anything is stored: a bad file changes
nothing and is refused with a Dutch message naming the file and element.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.access.activities import ProcessingActivity
from plek.access.choices import LogAction, Purpose
from plek.access.services import record_bulk
from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.core import dates
from plek.core.text import is_digits
from plek.integrations.iwmo import messages
from plek.integrations.iwmo.messages import ACCEPTED, MessageError
from plek.integrations.models_iwmo import (
    IwmoAllocation,
    IwmoMessage,
    IwmoProvider,
    MessageKind,
    MessageState,
)
from plek.protection.models import Indication, IndicationKind

IWMO_SEND = ProcessingActivity(
    "beschermd_wonen.iwmo_versturen", "Toewijzing of retourbericht iWmo aan een aanbieder sturen"
)
IWMO_RECEIVE = ProcessingActivity(
    "beschermd_wonen.iwmo_ontvangen", "Start- of stopbericht iWmo van een aanbieder verwerken"
)
SENT_KINDS = ("bsn", "naam", "geboortedatum", "geslacht", "indicatie")
# plek has no finance role: the functional admin runs the exchange with the broker.
ALLOWED_ROLES = frozenset({Role.BEHEER})
# The municipality's product per kind of indication (category, product code); plek's defaults.
PRODUCTS = {
    IndicationKind.BESCHERMD_WONEN: ("08", "08BW1"),
    IndicationKind.BESCHERMD_THUIS: ("08", "08BT1"),
}
SEX_CODES = {"M": "1", "V": "2", "X": "0"}
# plek's own return codes for a line it cannot accept (the standard's 0200 means accepted).
UNKNOWN_ALLOCATION = "9001"
OTHER_PROVIDER = "9002"
OUTSIDE_ALLOCATION = "9003"
RETURN_CODE_TEXT = {
    ACCEPTED: _("goedgekeurd"),
    "0001": _("bericht afgekeurd"),
    UNKNOWN_ALLOCATION: _("toewijzing onbekend"),
    OTHER_PROVIDER: _("toewijzing hoort bij een andere aanbieder"),
    OUTSIDE_ALLOCATION: _("datum valt buiten de toewijzing"),
}


def _check_role(actor: Actor | None) -> None:
    if actor is not None and actor.role not in ALLOWED_ROLES:
        raise PermissionDenied(_("Alleen functioneel beheerders werken met iWmo-berichten."))


def _municipality_code(indication: Indication) -> str:
    return indication.municipality.code.removeprefix("GM")


def allocate(actor: Actor | None, day: datetime.date | None = None) -> list[IwmoMessage]:
    """One WMO301 per municipality and provider for every running BW/BT indication with a
    provider that has an AGB code and no allocation yet."""
    _check_role(actor)
    day = day or dates.today()
    pending = list(
        Indication.objects.filter(
            kind__in=list(PRODUCTS),
            provider__iwmo_provider__isnull=False,
            iwmo_allocation__isnull=True,
            ended_on__isnull=True,
            valid_until__gte=day,
        )
        .select_related("person", "municipality", "provider__iwmo_provider")
        .order_by("municipality_id", "provider_id", "pk")
    )
    groups: dict[tuple[int, int], list[Indication]] = defaultdict(list)
    for indication in pending:
        groups[(indication.municipality_id, indication.provider_id)].append(indication)  # type: ignore[index]
    made = []
    with transaction.atomic():
        for group in groups.values():
            made.append(_allocation_message(group, day))
    return made


def _allocation_message(group: list[Indication], day: datetime.date) -> IwmoMessage:
    first = group[0]
    assert first.provider is not None
    provider: IwmoProvider = first.provider.iwmo_provider
    message = IwmoMessage.objects.create(
        kind=MessageKind.WMO301,
        outgoing=True,
        identification="",
        sender=_municipality_code(first),
        receiver=provider.agb_code,
        dated=day,
        state=MessageState.READY,
        xml="",
    )
    message.identification = f"P{message.pk:011d}"
    allocations = []
    for indication in group:
        category, code = PRODUCTS[IndicationKind(indication.kind)]
        allocations.append(
            IwmoAllocation(
                indication=indication,
                provider=provider,
                message=message,
                category=category,
                product_code=code,
                valid_from=indication.valid_from,
                valid_until=indication.valid_until,
            )
        )
    IwmoAllocation.objects.bulk_create(allocations)
    clients: dict[int, messages.Client] = {}
    for allocation in allocations:
        person = allocation.indication.person
        product = {
            "number": allocation.number,
            "category": allocation.category,
            "code": allocation.product_code,
            "valid_from": allocation.valid_from,
            "valid_until": allocation.valid_until,
        }
        if allocation.indication.kind == IndicationKind.BESCHERMD_WONEN:
            # Seven days and nights a week.
            product.update({"volume": 7, "unit": "14", "frequency": "2"})
        if person.pk in clients:
            clients[person.pk].products.append(product)
            continue
        if not person.bsn or not person.birth_date:
            raise MessageError(
                _("Indicatie %(ref)s: zonder BSN of geboortedatum kan er geen toewijzing uit.")
                % {"ref": allocation.indication.external_id}
            )
        clients[person.pk] = messages.Client(
            bsn=person.bsn,
            birth_date=person.birth_date,
            sex=SEX_CODES.get(person.sex, "0"),
            family_name=person.family_name,
            initials=person.initials,
            products=[product],
        )
    header = messages.Header(
        kind="wmo301",
        sender=message.sender,
        receiver=message.receiver,
        identification=message.identification,
        dated=day,
    )
    message.xml = messages.write(messages.Message(header=header, clients=list(clients.values())))
    message.file_name = f"WMO301_{message.identification}.xml"
    message.save()
    return message


def _person_ids(message: IwmoMessage) -> list[int]:
    if message.kind == MessageKind.WMO301:
        return list(message.allocations.values_list("indication__person_id", flat=True))
    answered = message.answers
    if answered is None:
        return []
    return list(
        IwmoAllocation.objects.filter(pk__in=_numbers(answered)).values_list(
            "indication__person_id", flat=True
        )
    )


def _numbers(message: IwmoMessage) -> list[int]:
    parsed = messages.read(message.xml, message.file_name)
    return [
        int(product["number"])
        for client in parsed.clients
        for product in client.products
        if is_digits(str(product["number"]))
    ]


def take_pending(actor: Actor | None, ids: Iterable[int] | None = None) -> list[IwmoMessage]:
    """Mark the waiting outgoing messages as picked up and log the persons in them."""
    _check_role(actor)
    with transaction.atomic():
        waiting = IwmoMessage.objects.select_for_update().filter(
            outgoing=True, state=MessageState.READY
        )
        if ids is not None:
            waiting = waiting.filter(pk__in=list(ids))
        taken = list(waiting.order_by("pk"))
        for message in taken:
            record_bulk(
                actor,
                LogAction.READ,
                IWMO_SEND,
                _person_ids(message),
                SENT_KINDS,
                Purpose.BESCHERMD_WONEN,
            )
        IwmoMessage.objects.filter(pk__in=[m.pk for m in taken]).update(
            state=MessageState.EXPORTED, exported_at=timezone.now()
        )
    return taken


def export_pending(actor: Actor | None, directory: Path) -> list[Path]:
    """Write every waiting outgoing message into ``directory`` (the broker's outbox)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    with transaction.atomic():
        for message in take_pending(actor):
            path = directory / message.file_name
            path.write_text(message.xml, encoding="utf-8")
            written.append(path)
    return written


def import_message(actor: Actor | None, file_name: str, text: str) -> IwmoMessage:
    """Read one incoming message (WMO302, WMO305 or WMO307) and do what it says."""
    _check_role(actor)
    parsed = messages.read(text, file_name)
    kind = parsed.header.kind
    if kind not in ("wmo302", "wmo305", "wmo307"):
        raise MessageError(
            _("%(file)s: een %(kind)s stuurt plek zelf; plek leest WMO302, WMO305 en WMO307.")
            % {"file": file_name, "kind": kind.upper()}
        )
    with transaction.atomic():
        if IwmoMessage.objects.filter(
            sender=parsed.header.sender, identification=parsed.header.identification, kind=kind
        ).exists():
            raise MessageError(
                _("%(file)s: element /Bericht/Header/Identificatie: dit bericht is al ingelezen.")
                % {"file": file_name}
            )
        incoming = IwmoMessage.objects.create(
            kind=kind,
            outgoing=False,
            identification=parsed.header.identification,
            sender=parsed.header.sender,
            receiver=parsed.header.receiver,
            dated=parsed.header.dated,
            state=MessageState.PROCESSED,
            xml=text,
            file_name=file_name[:200],
        )
        if kind == "wmo302":
            _read_allocation_answer(incoming, parsed, file_name)
        else:
            _start_or_stop(actor, incoming, parsed)
    return incoming


def _read_allocation_answer(
    incoming: IwmoMessage, parsed: messages.Message, file_name: str
) -> None:
    original = IwmoMessage.objects.filter(
        kind=MessageKind.WMO301,
        identification=parsed.header.answers_identification,
        receiver=parsed.header.sender,
    ).first()
    if original is None:
        raise MessageError(
            _(
                "%(file)s: element /Bericht/Header/IdentificatieRetour: geen WMO301 %(id)s aan "
                "deze aanbieder."
            )
            % {"file": file_name, "id": parsed.header.answers_identification}
        )
    incoming.answers = original
    codes = list(parsed.codes)
    by_number: dict[str, list[str]] = {}
    for line in parsed.returns:
        codes.extend(f"{line.bsn[-4:]}:{code}" for code in line.codes if code != ACCEPTED)
        by_number.update(line.products)
    incoming.return_codes = codes
    if any(code != ACCEPTED for code in parsed.codes):
        incoming.state = MessageState.REJECTED
    incoming.save()
    whole_message_refused = incoming.state == MessageState.REJECTED
    for allocation in original.allocations.all():
        line_codes = by_number.get(allocation.number, [])
        allocation.return_codes = list(parsed.codes) + line_codes
        allocation.accepted = not whole_message_refused and all(
            code == ACCEPTED for code in line_codes
        )
        allocation.save(update_fields=["return_codes", "accepted"])


def _start_or_stop(actor: Actor | None, incoming: IwmoMessage, parsed: messages.Message) -> None:
    numbers = [
        int(p["number"]) for c in parsed.clients for p in c.products if is_digits(str(p["number"]))
    ]
    known = {
        a.number: a
        for a in IwmoAllocation.objects.select_for_update()
        .select_related("provider")
        .filter(pk__in=numbers)
    }
    returns = []
    started = incoming.kind == MessageKind.WMO305
    persons = []
    for client in parsed.clients:
        answers: dict[str, list[str]] = {}
        for product in client.products:
            allocation = known.get(str(product["number"]))
            code = _check_line(allocation, parsed.header.sender, product)
            answers[str(product["number"])] = [code]
            if code != ACCEPTED or allocation is None:
                continue
            persons.append(allocation.indication.person_id)
            if started:
                allocation.started_on = product["start"]
            else:
                allocation.stopped_on = product["end"]
                allocation.stop_reason = product["reason"]
            allocation.save(update_fields=["started_on", "stopped_on", "stop_reason"])
        returns.append(messages.ReturnLine(bsn=client.bsn, codes=[], products=answers))
    incoming.return_codes = [
        f"{number}:{code}"
        for line in returns
        for number, codes in line.products.items()
        for code in codes
        if code != ACCEPTED
    ]
    incoming.save(update_fields=["return_codes"])
    record_bulk(actor, LogAction.CHANGE, IWMO_RECEIVE, persons, SENT_KINDS, Purpose.BESCHERMD_WONEN)
    _answer(incoming, parsed, returns)


def _check_line(allocation: IwmoAllocation | None, sender: str, product: dict[str, object]) -> str:
    if allocation is None:
        return UNKNOWN_ALLOCATION
    if allocation.provider.agb_code != sender:
        return OTHER_PROVIDER
    day = product["end"] if product.get("end") else product["start"]
    assert isinstance(day, datetime.date)
    if not allocation.valid_from <= day <= allocation.valid_until:
        return OUTSIDE_ALLOCATION
    return ACCEPTED


def _answer(
    incoming: IwmoMessage, parsed: messages.Message, returns: list[messages.ReturnLine]
) -> IwmoMessage:
    kind = MessageKind.WMO306 if incoming.kind == MessageKind.WMO305 else MessageKind.WMO308
    answer = IwmoMessage.objects.create(
        kind=kind,
        outgoing=True,
        identification="",
        sender=parsed.header.receiver,
        receiver=parsed.header.sender,
        dated=dates.today(),
        state=MessageState.READY,
        xml="",
        answers=incoming,
        return_codes=incoming.return_codes,
    )
    answer.identification = f"P{answer.pk:011d}"
    header = messages.Header(
        kind=str(kind),
        sender=answer.sender,
        receiver=answer.receiver,
        identification=answer.identification,
        dated=answer.dated,
        answers_identification=incoming.identification,
        answers_dated=incoming.dated,
    )
    answer.xml = messages.write(messages.Message(header=header, codes=[ACCEPTED], returns=returns))
    answer.file_name = f"{str(kind).upper()}_{answer.identification}.xml"
    answer.save()
    return answer


def register_provider(actor: Actor | None, organisation_id: int, agb_code: str) -> IwmoProvider:
    _check_role(actor)
    provider = IwmoProvider.objects.filter(organisation_id=organisation_id).first()
    provider = provider or IwmoProvider(organisation_id=organisation_id)
    provider.agb_code = agb_code
    provider.full_clean()
    provider.save()
    return provider
