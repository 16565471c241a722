"""The answer to a resident's access request (inzage, AVG art. 15) as a letter they can read.

Built from the same export the JSON holds (``plek.people.selectors.inzage_export``, logged once
as an export), in plain Dutch (B1): the person's own details, then per subject what is known,
with dates in words; who processed the data, when and why (grouped by organisation, role and
purpose); and the relations that gave access, including any break-the-glass. The JSON stays
for machines; this is for the resident.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plek.access.choices import LogAction, Purpose, RelationKind
from plek.access.models import BreakGlassGround
from plek.accounts.context import Actor
from plek.accounts.models import Organisation, Team, User
from plek.accounts.roles import Role
from plek.core.letterhead import letterhead, recipient
from plek.people.models import HouseholdRole, Person
from plek.people.selectors import inzage_export, inzage_timeline


@dataclass(frozen=True)
class Line:
    day: str
    text: str
    detail: str = ""


@dataclass(frozen=True)
class Subject:
    title: str
    lines: list[Line]


@dataclass(frozen=True)
class Processing:
    """Who did something with the data, why, how often and from when to when."""

    organisation: str
    role: str
    purpose: str
    actions: str
    count: int
    first: str
    last: str
    break_glass: bool


@dataclass
class Letter:
    made_on: str
    name: str
    facts: list[tuple[str, str]]
    subjects: list[Subject]
    relations: list[Line]
    break_glass: list[Line]
    processing: list[Processing]
    export: dict[str, Any] = field(repr=False, default_factory=dict)


def _day(value: Any) -> str:
    """A date or timestamp (ISO text or object) as Dutch words: 4 december 2026."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        parsed = parse_datetime(value) or parse_date(value)
        if parsed is None:
            return value
        value = parsed
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return date_format(value, "j F Y")


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _facts(export: dict[str, Any]) -> list[tuple[str, str]]:
    person = export["persoon"]
    name = " ".join(p for p in (person.get("initials"), person.get("family_name")) if p)
    street = " ".join(p for p in (person.get("street"), person.get("house_number")) if p)
    address = ", ".join(p for p in (street, person.get("postcode")) if p)
    if person.get("no_fixed_address"):
        address = _("u heeft geen vast woon- of verblijfadres")
    facts = [
        (_("Naam"), name),
        (_("Geboortedatum"), _day(person.get("birth_date"))),
        (_("Burgerservicenummer (BSN)"), person.get("bsn") or ""),
        (_("Adres"), address),
        (_("Telefoonnummer"), person.get("phone") or ""),
        (_("E-mailadres"), person.get("email") or ""),
        (_("Gemeente waar u vandaan komt"), export.get("gemeente_van_herkomst") or ""),
        (_("In plek sinds"), _day(person.get("created_at"))),
    ]
    return [(label, value) for label, value in facts if value]


def _names(model: Any, ids: Iterable[Any]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    if model is User:
        users = User.objects.filter(pk__in=wanted)
        return {u.pk: u.display_name for u in users}
    return dict(model.objects.filter(pk__in=wanted).values_list("pk", "name"))


def _relations(export: dict[str, Any]) -> list[Line]:
    rows = export["relaties"]
    organisations = _names(Organisation, (r.get("organisation_id") for r in rows))
    teams = _names(Team, (r.get("team_id") for r in rows))
    users = _names(User, (r.get("user_id") for r in rows))
    lines = []
    for row in rows:
        who = (
            users.get(row.get("user_id") or 0)
            or teams.get(row.get("team_id") or 0)
            or organisations.get(row.get("organisation_id") or 0)
            or _("een medewerker")
        )
        until = _day(row.get("valid_until"))
        period = (
            _("van %(start)s tot %(end)s") % {"start": _day(row.get("valid_from")), "end": until}
            if until
            else _("sinds %(start)s") % {"start": _day(row.get("valid_from"))}
        )
        lines.append(
            Line(
                _day(row.get("valid_from")),
                _("%(who)s, als %(kind)s")
                % {"who": who, "kind": _label(RelationKind, row["kind"])},
                _("%(period)s, voor: %(purpose)s")
                % {"period": period, "purpose": _label(Purpose, row.get("purpose", ""))},
            )
        )
    return lines


def _break_glass(export: dict[str, Any]) -> list[Line]:
    rows = export["doorbraken_van_toegang"]
    organisations = _names(Organisation, (r.get("organisation_id") for r in rows))
    return [
        Line(
            _day(row.get("granted_at")),
            _("Een medewerker van %(organisation)s opende uw dossier zonder vaste relatie")
            % {"organisation": organisations.get(row.get("organisation_id") or 0, "?")},
            _("Reden: %(ground)s. De privacy officer controleert dit achteraf.")
            % {"ground": _label(BreakGlassGround, row.get("ground", "")).lower()},
        )
        for row in rows
    ]


def _household(export: dict[str, Any]) -> Subject:
    lines = []
    for row in export["huishoudens"]:
        until = _day(row.get("end_date"))
        lines.append(
            Line(
                _day(row.get("start_date")),
                _("Huishouden %(name)s, als %(role)s")
                % {
                    "name": row.get("huishouden", ""),
                    "role": _label(HouseholdRole, row.get("role", "")).lower(),
                },
                _("tot %(day)s") % {"day": until} if until else "",
            )
        )
    for row in export["toestemmingen"]:
        ended = _day(row.get("revoked_on"))
        lines.append(
            Line(
                _day(row.get("given_on")),
                _("U gaf toestemming aan %(organisation)s") % {"organisation": row["organisation"]},
                _("voor: %(purpose)s%(ended)s")
                % {
                    "purpose": _label(Purpose, row.get("purpose", "")),
                    "ended": _(", ingetrokken op %(day)s") % {"day": ended} if ended else "",
                },
            )
        )
    return Subject(_("Uw huishouden en uw toestemmingen"), lines)


def _processing(export: dict[str, Any]) -> list[Processing]:
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in export.get("verwerkingen", []):
        key = (row.get("organisation_name") or "", row.get("role") or "", row.get("purpose") or "")
        group = groups.setdefault(
            key, {"count": 0, "first": row["timestamp"], "last": row["timestamp"], "actions": []}
        )
        group["count"] += 1
        group["last"] = row["timestamp"]
        action = _label(LogAction, row.get("action", "")).lower()
        if action not in group["actions"]:
            group["actions"].append(action)
        group["break_glass"] = group.get("break_glass") or row.get("break_glass", False)
    result = [
        Processing(
            organisation=organisation or _("plek zelf"),
            role=_label(Role, role) if role else "",
            purpose=_label(Purpose, purpose),
            actions=", ".join(group["actions"]),
            count=group["count"],
            first=_day(group["first"]),
            last=_day(group["last"]),
            break_glass=bool(group["break_glass"]),
        )
        for (organisation, role, purpose), group in groups.items()
    ]
    return sorted(result, key=lambda p: (p.organisation, p.role, p.purpose))


def build_letter(actor: Actor, person_id: int) -> Letter:
    """The letter for one person (privacy officers only); logged once, as the export."""
    with translation.override("nl"):
        export = inzage_export(actor, person_id)
        subjects = [_household(export)]
        for title, entries in inzage_timeline(actor, person_id):
            subjects.append(
                Subject(
                    title,
                    [
                        Line(_day(e.day), str(e.title), str(e.detail))
                        for e in sorted(entries, key=lambda e: e.day)
                    ],
                )
            )
        facts = _facts(export)
        return Letter(
            made_on=_day(timezone.localdate()),
            name=facts[0][1] if facts else "",
            facts=facts,
            subjects=subjects,
            relations=_relations(export),
            break_glass=_break_glass(export),
            processing=_processing(export),
            export=export,
        )


def letter_context(
    actor: Actor, person_id: int, name: str = "", address_lines: Iterable[str] = ()
) -> dict[str, Any]:
    """What the letter templates need: the letter, the letterhead and the recipient (the
    requester as they asked, else the person at the address plek holds)."""
    try:
        letter = build_letter(actor, person_id)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    lines = list(address_lines)
    if not name:
        name = letter.name
        lines = [value for label, value in letter.facts if label == _("Adres")]
    return {
        "letter": letter,
        "person_id": person_id,
        "letterhead": letterhead(),
        "recipient": recipient(name, *lines),
    }
