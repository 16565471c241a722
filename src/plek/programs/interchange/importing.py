"""Checking an imported programme row by row, then storing it in one transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from plek.accounts.context import Actor
from plek.accounts.models import Municipality, Organisation
from plek.core.text import is_digits
from plek.programs import indicators
from plek.programs.interchange.common import ImportFailed, Problem
from plek.programs.interchange.xlsx_file import from_xlsx
from plek.programs.interchange.yaml_file import from_yaml
from plek.programs.models import (
    Action,
    Direction,
    Indicator,
    IndicatorValue,
    Milestone,
    MomentState,
    Origin,
    Part,
    PeriodRule,
    Programme,
    ReportingMoment,
    Scope,
    Status,
    StatusUpdate,
    Theme,
)
from plek.programs.services import require_editor


class Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, sheet: str, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(sheet, row, column, message))

    def text(
        self,
        record: dict[str, Any],
        sheet: str,
        row: int,
        column: str,
        *,
        required: bool = False,
        max_length: int = 0,
    ) -> str:
        value = record.get(column, "")
        text = "" if value is None else str(value).strip()
        if required and not text:
            self.add(sheet, row, column, _("verplicht, maar leeg"))
        if max_length and len(text) > max_length:
            self.add(sheet, row, column, _("langer dan %(max)s tekens") % {"max": max_length})
        return text

    def day(
        self, record: dict[str, Any], sheet: str, row: int, column: str, *, required: bool = False
    ) -> datetime.date | None:
        value = record.get(column, "")
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = "" if value is None else str(value).strip()
        if not text:
            if required:
                self.add(sheet, row, column, _("verplicht, maar leeg"))
            return None
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            self.add(
                sheet, row, column, _("'%(value)s' is geen datum (JJJJ-MM-DD)") % {"value": text}
            )
            return None

    def number(
        self, record: dict[str, Any], sheet: str, row: int, column: str, *, required: bool = False
    ) -> Decimal | None:
        value = record.get(column, "")
        text = "" if value is None else str(value).strip().replace(",", ".")
        if not text:
            if required:
                self.add(sheet, row, column, _("verplicht, maar leeg"))
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            self.add(sheet, row, column, _("'%(value)s' is geen getal") % {"value": text})
            return None
        if not number.is_finite() or abs(number) >= Decimal("1e10"):
            self.add(sheet, row, column, _("'%(value)s' is geen bruikbaar getal") % {"value": text})
            return None
        return number.quantize(Decimal("0.01"))

    def choice(
        self,
        record: dict[str, Any],
        sheet: str,
        row: int,
        column: str,
        allowed: list[str],
        default: str = "",
    ) -> str:
        text = self.text(record, sheet, row, column) or default
        if text not in allowed:
            self.add(
                sheet,
                row,
                column,
                _("'%(value)s' is geen toegestane waarde (%(allowed)s)")
                % {"value": text, "allowed": ", ".join(allowed)},
            )
        return text


def _records(data: dict[str, Any], name: str, check: Checker) -> list[tuple[int, dict[str, Any]]]:
    rows = data.get(name) or []
    if not isinstance(rows, list):
        check.add(name, 0, "-", _("verwacht een lijst met rijen"))
        return []
    found = []
    for index, record in enumerate(rows, start=2):  # row 1 is the header, as in the spreadsheet
        if record is None:
            continue
        if not isinstance(record, dict):
            check.add(name, index, "-", _("verwacht velden met een waarde"))
            continue
        found.append((index, record))
    return found


def _stakeholders(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    text = "" if value is None else str(value)
    return [part.strip() for part in text.split(";") if part.strip()]


def import_data(actor: Actor, data: dict[str, Any]) -> Programme:
    """Check everything, then store it all as a new programme, or nothing at all."""
    require_editor(actor)
    check = Checker()
    head = data.get("programma") or {}
    sheet = "programma"
    name = check.text(head, sheet, 0, "naam", required=True, max_length=200)
    owner_id = check.text(head, sheet, 0, "eigenaar")
    owner = Organisation.objects.filter(external_id=owner_id).first() if owner_id else None
    if owner_id and owner is None:
        check.add(
            sheet, 0, "eigenaar", _("onbekende organisatie '%(value)s'") % {"value": owner_id}
        )
    if owner is None and not owner_id:
        owner = actor.membership.organisation if actor.membership else None
    start = check.day(head, sheet, 0, "begin", required=True)
    end = check.day(head, sheet, 0, "einde", required=True)
    if start and end and end < start:
        check.add(sheet, 0, "einde", _("ligt voor de begindatum"))
    codes = _stakeholders(head.get("gemeenten"))
    municipalities = list(Municipality.objects.filter(code__in=codes))
    for code in sorted(set(codes) - {m.code for m in municipalities}):
        check.add(sheet, 0, "gemeenten", _("onbekende gemeente '%(value)s'") % {"value": code})
    version = check.text(head, sheet, 0, "versie", max_length=40)
    description = check.text(head, sheet, 0, "toelichting")

    themes: dict[str, dict[str, Any]] = {}
    for row, record in _records(data, "themas", check):
        title = check.text(record, "themas", row, "titel", required=True, max_length=200)
        if title in themes:
            check.add("themas", row, "titel", _("thema '%(value)s' staat er al") % {"value": title})
        themes[title] = {
            "title": title,
            "description": check.text(record, "themas", row, "toelichting"),
            "position": len(themes) + 1,
        }

    actions: dict[str, dict[str, Any]] = {}
    for row, record in _records(data, "acties", check):
        number = check.text(record, "acties", row, "nummer", required=True, max_length=20)
        if number in actions:
            check.add(
                "acties", row, "nummer", _("actie '%(value)s' staat er al") % {"value": number}
            )
        theme = check.text(record, "acties", row, "thema", required=True)
        if theme and theme not in themes:
            check.add("acties", row, "thema", _("onbekend thema '%(value)s'") % {"value": theme})
        origin = check.choice(record, "acties", row, "herkomst", Origin.values, Origin.PLAN)
        motion = check.text(record, "acties", row, "motie", max_length=100)
        if origin == Origin.MOTIE and not motion:
            check.add(
                "acties",
                row,
                "motie",
                _("een actie na een motie heeft het kenmerk van de motie nodig"),
            )
        actions[number] = {
            "number": number,
            "theme": theme,
            "title": check.text(record, "acties", row, "titel", required=True, max_length=300),
            "description": check.text(record, "acties", row, "omschrijving"),
            "lead_organisation": check.text(
                record, "acties", row, "trekker", required=True, max_length=200
            ),
            "lead_person": check.text(record, "acties", row, "contact", max_length=200),
            "stakeholders": _stakeholders(record.get("betrokkenen")),
            "origin": origin,
            "motion_reference": motion,
            "added_on": check.day(record, "acties", row, "toegevoegd_op"),
            "position": len(actions) + 1,
        }

    milestones: list[dict[str, Any]] = []
    for row, record in _records(data, "mijlpalen", check):
        action = check.text(record, "mijlpalen", row, "actie", required=True)
        if action and action not in actions:
            check.add(
                "mijlpalen", row, "actie", _("onbekende actie '%(value)s'") % {"value": action}
            )
        year_text = check.text(record, "mijlpalen", row, "jaar", required=True)
        year = int(year_text) if is_digits(year_text) and 1900 < int(year_text) < 2200 else None
        if year_text and year is None:
            check.add(
                "mijlpalen", row, "jaar", _("'%(value)s' is geen jaartal") % {"value": year_text}
            )
        milestones.append(
            {
                "action": action,
                "title": check.text(
                    record, "mijlpalen", row, "titel", required=True, max_length=300
                ),
                "planned_year": year,
                "planned_part": check.choice(record, "mijlpalen", row, "deel", Part.values),
                "reached_on": check.day(record, "mijlpalen", row, "bereikt_op"),
            }
        )

    moments: dict[datetime.date, dict[str, Any]] = {}
    for row, record in _records(data, "momenten", check):
        day = check.day(record, "momenten", row, "peildatum", required=True)
        if day in moments:
            check.add("momenten", row, "peildatum", _("er is al een moment op deze peildatum"))
        if day:
            moments[day] = {
                "title": check.text(
                    record, "momenten", row, "titel", required=True, max_length=200
                ),
                "reference_date": day,
                "state": check.choice(
                    record, "momenten", row, "stand", MomentState.values, MomentState.VOORBEREIDING
                ),
            }

    updates: list[dict[str, Any]] = []
    for row, record in _records(data, "statussen", check):
        action = check.text(record, "statussen", row, "actie", required=True)
        if action and action not in actions:
            check.add(
                "statussen", row, "actie", _("onbekende actie '%(value)s'") % {"value": action}
            )
        day = check.day(record, "statussen", row, "peildatum", required=True)
        if day and day not in moments:
            check.add(
                "statussen",
                row,
                "peildatum",
                _("geen rapportagemoment op %(value)s in het blad momenten")
                % {"value": day.isoformat()},
            )
        updates.append(
            {
                "action": action,
                "moment": day,
                "status": check.choice(record, "statussen", row, "status", Status.values),
                "note": check.text(record, "statussen", row, "toelichting"),
            }
        )

    indicator_rows: dict[str, dict[str, Any]] = {}
    for row, record in _records(data, "indicatoren", check):
        name_ = check.text(record, "indicatoren", row, "naam", required=True, max_length=200)
        if name_ in indicator_rows:
            check.add(
                "indicatoren",
                row,
                "naam",
                _("indicator '%(value)s' staat er al") % {"value": name_},
            )
        theme = check.text(record, "indicatoren", row, "thema")
        if theme and theme not in themes:
            check.add(
                "indicatoren", row, "thema", _("onbekend thema '%(value)s'") % {"value": theme}
            )
        action = check.text(record, "indicatoren", row, "actie")
        if action and action not in actions:
            check.add(
                "indicatoren", row, "actie", _("onbekende actie '%(value)s'") % {"value": action}
            )
        source = check.text(record, "indicatoren", row, "bron") or indicators.MANUAL
        if not indicators.valid_source(source):
            check.add(
                "indicatoren",
                row,
                "bron",
                _("onbekende bron '%(value)s'; zie docs/programmes.md") % {"value": source},
            )
        facility_type = check.text(record, "indicatoren", row, "soort_voorziening")
        if source == "capaciteit" and not facility_type:
            check.add("indicatoren", row, "soort_voorziening", _("nodig bij de bron 'capaciteit'"))
        scope = check.choice(record, "indicatoren", row, "bereik", Scope.values, Scope.REGIO)
        code = check.text(record, "indicatoren", row, "gemeente")
        municipality = Municipality.objects.filter(code=code).first() if code else None
        if code and municipality is None:
            check.add(
                "indicatoren",
                row,
                "gemeente",
                _("onbekende gemeente '%(value)s'") % {"value": code},
            )
        if scope == Scope.GEMEENTE and not code:
            check.add("indicatoren", row, "gemeente", _("nodig bij het bereik 'gemeente'"))
        if scope == Scope.REGIO and code:
            check.add("indicatoren", row, "gemeente", _("laat leeg bij het bereik 'regio'"))
        indicator_rows[name_] = {
            "name": name_,
            "theme": theme,
            "action": action,
            "source": source,
            "facility_type": facility_type,
            "scope": scope,
            "municipality": municipality,
            "period_rule": check.choice(
                record, "indicatoren", row, "periode", PeriodRule.values, PeriodRule.KALENDERJAAR
            ),
            "baseline": check.number(record, "indicatoren", row, "beginwaarde"),
            "target": check.number(record, "indicatoren", row, "streefwaarde"),
            "direction": check.choice(
                record, "indicatoren", row, "richting", Direction.values, Direction.HOGER
            ),
            "unit": check.text(record, "indicatoren", row, "eenheid", max_length=40),
        }

    values: list[dict[str, Any]] = []
    for row, record in _records(data, "waarden", check):
        indicator = check.text(record, "waarden", row, "indicator", required=True)
        if indicator and indicator not in indicator_rows:
            check.add(
                "waarden",
                row,
                "indicator",
                _("onbekende indicator '%(value)s'") % {"value": indicator},
            )
        elif indicator and indicator_rows[indicator]["source"] != indicators.MANUAL:
            check.add(
                "waarden",
                row,
                "indicator",
                _("deze indicator volgt de monitor; waarden met de hand horen er niet bij"),
            )
        values.append(
            {
                "indicator": indicator,
                "on_date": check.day(record, "waarden", row, "datum", required=True),
                "value": check.number(record, "waarden", row, "waarde", required=True),
                "note": check.text(record, "waarden", row, "toelichting", max_length=300),
            }
        )
    if owner is None and not check.problems:
        check.add(sheet, 0, "eigenaar", _("verplicht, maar leeg"))
    if check.problems:
        raise ImportFailed(check.problems)
    assert start and end and owner
    try:
        with transaction.atomic():
            programme = Programme.objects.create(
                name=name,
                owner=owner,
                start_date=start,
                end_date=end,
                version=version,
                description=description,
            )
            programme.municipalities.set(municipalities)
            theme_objects = {
                title: Theme.objects.create(programme=programme, **fields)
                for title, fields in themes.items()
            }
            action_objects = {
                number: Action.objects.create(
                    programme=programme, **{**fields, "theme": theme_objects[fields["theme"]]}
                )
                for number, fields in actions.items()
            }
            Milestone.objects.bulk_create(
                Milestone(**{**fields, "action": action_objects[fields["action"]]})
                for fields in milestones
            )
            moment_objects = {
                day: ReportingMoment.objects.create(
                    programme=programme, created_by=actor.user, **fields
                )
                for day, fields in moments.items()
            }
            for fields in updates:
                StatusUpdate.objects.create(
                    action=action_objects[fields["action"]],
                    moment=moment_objects[fields["moment"]],
                    status=fields["status"],
                    note=fields["note"],
                    recorded_by=actor.user,
                )
            indicator_objects = {
                key: Indicator.objects.create(
                    programme=programme,
                    **{
                        **fields,
                        "theme": theme_objects.get(fields["theme"]),
                        "action": action_objects.get(fields["action"]),
                    },
                )
                for key, fields in indicator_rows.items()
            }
            for fields in values:
                IndicatorValue.objects.create(
                    **{**fields, "indicator": indicator_objects[fields["indicator"]]},
                    recorded_by=actor.user,
                )
    except IntegrityError as error:
        raise ImportFailed(
            [
                Problem(
                    _("bestand"),
                    0,
                    "-",
                    _("de gegevens spreken elkaar tegen: %(error)s") % {"error": error},
                )
            ]
        ) from error
    return programme


def import_upload(actor: Actor, file_name: str, content: bytes) -> Programme:
    require_editor(actor)
    lowered = file_name.lower()
    if lowered.endswith((".yaml", ".yml")):
        data = from_yaml(content)
    elif lowered.endswith(".xlsx"):
        data = from_xlsx(content)
    else:
        raise ImportFailed([Problem(_("bestand"), 0, "-", _("Kies een .yaml- of .xlsx-bestand."))])
    return import_data(actor, data)
