"""The region's configuration as one YAML file: facilities (with rules, units and capacity), the
response norms per urgency, the postal-address terms, and the money (products, tariffs, the
allocation models: ``region_config_finance``).

``export_config()`` writes what is stored; ``import_config(text, actor)`` reads a file, checks
all of it first and writes nothing when anything is wrong (every message in Dutch naming the
line and key); then it applies everything in one transaction through the same services as the
pages, so every change lands in the history (``via yaml``). Facilities and units are matched on
their kenmerk and code; capacity periods on their date. A period that has started and differs
from the file is refused: history is not rewritten (a new region has none yet).
"""

from __future__ import annotations

import datetime
import decimal
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plek.accounts import config_history
from plek.accounts.context import Actor
from plek.accounts.models import Municipality, Organisation, Region
from plek.core import dates
from plek.exchange import region_config_finance as finance
from plek.housing.choices import ChildrenRule, FacilityType, Scope, UnitKind
from plek.housing.models import CapacityPeriod, Facility, Unit
from plek.housing.services import admin
from plek.postal.rules import terms
from plek.postal.terms import save_terms, validate_terms
from plek.signals.norms import response_norms
from plek.signals.services.norms import save_response_norms, validate_norms

VERSION = 1
TERMS_KEYS = {
    "beslistermijn_dagen": "decision_days",
    "plantermijn_dagen": "plan_days",
    "herbeoordeling_maanden": "review_months",
}
UNIT_KEYS = {
    "gezin": "family_suitable",
    "toegankelijk": "accessible",
    "alleen_vrouwen": "women_only",
    "in_gebruik": "active",
}


class RegionConfigError(ValueError):
    """The file cannot be used; ``messages`` names every problem (line and key)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


# --- export ------------------------------------------------------------------------------------


def export_config() -> dict[str, Any]:
    facilities = (
        Facility.objects.select_related("provider", "municipality", "origin_region")
        .prefetch_related("origin_municipalities", "units", "capacity")
        .order_by("external_id")
    )
    current = terms()
    return {
        "plek-regio": VERSION,
        "reactienormen": response_norms(),
        "briefadres": {key: getattr(current, name) for key, name in TERMS_KEYS.items()},
        "voorzieningen": [_facility_out(facility) for facility in facilities],
        **finance.export_finance(),
    }


def _facility_out(facility: Facility) -> dict[str, Any]:
    rules: dict[str, Any] = {
        "min_leeftijd": facility.min_age,
        "max_leeftijd": facility.max_age,
        "geslacht": facility.sex,
        "kinderen": facility.children_rule,
        "toegangsbesluit": facility.indication_required,
        "herkomst_gemeenten": sorted(m.code for m in facility.origin_municipalities.all()),
        "herkomst_regio": facility.origin_region.name if facility.origin_region else "",
    }
    return {
        "kenmerk": facility.external_id,
        "naam": facility.name,
        "soort": facility.type,
        "aanbieder": facility.provider.external_id,
        "gemeente": facility.municipality.code,
        "bereik": facility.scope,
        "dagtarief": format(facility.day_tariff, "f"),
        "regels": rules,
        "eenheden": [
            {
                "code": unit.code,
                "soort": unit.kind,
                **{key: getattr(unit, name) for key, name in UNIT_KEYS.items()},
            }
            for unit in sorted(facility.units.all(), key=lambda u: u.code)
        ],
        "capaciteit": [
            {"vanaf": period.valid_from.isoformat(), "plaatsen": period.units}
            for period in sorted(facility.capacity.all(), key=lambda p: p.valid_from)
        ],
    }


def export_yaml() -> str:
    header = _("# plek: configuratie van de regio (voorzieningen, normen, termijnen, geld)\n")
    return header + yaml.safe_dump(export_config(), allow_unicode=True, sort_keys=False)


# --- reading with line numbers -----------------------------------------------------------------


class _Map(dict[str, Any]):
    line = 0


class _List(list[Any]):
    line = 0


class _Loader(yaml.SafeLoader):
    pass


def _map(loader: _Loader, node: yaml.MappingNode) -> _Map:
    result = _Map(loader.construct_mapping(node, deep=True))  # type: ignore[arg-type]
    result.line = node.start_mark.line + 1
    return result


def _seq(loader: _Loader, node: yaml.SequenceNode) -> _List:
    result = _List(loader.construct_sequence(node, deep=True))
    result.line = node.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _map)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _seq)


def parse(text: str) -> _Map:
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader with line numbers)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" {mark.line + 1}" if mark is not None else ""
        raise RegionConfigError(
            [_("Regel%(line)s: dit is geen geldige YAML.") % {"line": line}]
        ) from exc
    if not isinstance(data, _Map):
        raise RegionConfigError([_("Regel 1: het bestand moet een YAML-mapping zijn.")])
    return data


# --- checking ----------------------------------------------------------------------------------


@dataclass
class _FacilityPlan:
    facility: Facility
    origins: list[Municipality]
    units: list[Unit] = field(default_factory=list)
    new_periods: list[tuple[datetime.date, int]] = field(default_factory=list)
    changed_periods: list[tuple[CapacityPeriod, int]] = field(default_factory=list)


@dataclass
class Plan:
    norms: dict[str, int] | None = None
    terms: dict[str, int] | None = None
    facilities: list[_FacilityPlan] = field(default_factory=list)
    money: finance.FinancePlan = field(default_factory=finance.FinancePlan)

    @property
    def summary(self) -> dict[str, int]:
        return {
            "voorzieningen": len(self.facilities),
            "eenheden": sum(len(p.units) for p in self.facilities),
            "capaciteitsperioden": sum(
                len(p.new_periods) + len(p.changed_periods) for p in self.facilities
            ),
            "tarieven": len(self.money.product_tariffs) + len(self.money.day_tariffs),
            "verdeelmodellen": len(self.money.models),
        }


class _Errors(list[str]):
    def add(self, line: int, key: str, message: str) -> None:
        self.append(
            _("Regel %(line)d, %(key)s: %(message)s")
            % {"line": line, "key": key, "message": message}
        )


def _line(value: Any, default: int) -> int:
    return getattr(value, "line", 0) or default


def check(data: _Map) -> Plan:
    """Every problem of the whole file, or the plan to apply; nothing is written here."""
    errors = _Errors()
    plan = Plan()
    known = {"plek-regio", "reactienormen", "briefadres", "voorzieningen", *finance.KEYS}
    for key in data:
        if key not in known:
            errors.add(data.line, str(key), _("onbekende sleutel."))
    if data.get("plek-regio") != VERSION:
        errors.add(data.line, "plek-regio", _("moet %(version)d zijn.") % {"version": VERSION})
    norms = data.get("reactienormen")
    if norms is not None:
        if not isinstance(norms, dict):
            errors.add(data.line, "reactienormen", _("verwacht spoed, hoog en normaal."))
        else:
            try:
                plan.norms = validate_norms(norms)
            except ValidationError as exc:
                for message in exc.messages:
                    errors.add(_line(norms, data.line), "reactienormen", message)
    postal = data.get("briefadres")
    if postal is not None:
        if not isinstance(postal, dict):
            errors.add(data.line, "briefadres", _("verwacht de termijnen."))
        else:
            values = {TERMS_KEYS.get(str(k), str(k)): v for k, v in postal.items()}
            try:
                plan.terms = {k: getattr(validate_terms(values), k) for k in TERMS_KEYS.values()}
            except ValidationError as exc:
                for message in exc.messages:
                    errors.add(_line(postal, data.line), "briefadres", message)
    facilities = data.get("voorzieningen") or []
    if not isinstance(facilities, list):
        errors.add(data.line, "voorzieningen", _("verwacht een lijst."))
        facilities = []
    seen: set[str] = set()
    for index, item in enumerate(facilities, start=1):
        where = f"voorzieningen[{index}]"
        line = _line(item, _line(facilities, data.line))
        if not isinstance(item, dict):
            errors.add(line, where, _("verwacht een voorziening."))
            continue
        facility_plan = _check_facility(item, where, line, errors)
        if facility_plan is None:
            continue
        if facility_plan.facility.external_id in seen:
            errors.add(line, f"{where}.kenmerk", _("komt twee keer voor in het bestand."))
        seen.add(facility_plan.facility.external_id)
        plan.facilities.append(facility_plan)
    plan.money = finance.check_finance(data, data.line, errors, seen)
    if errors:
        raise RegionConfigError(list(errors))
    return plan


_FACILITY_KEYS = {
    "kenmerk",
    "naam",
    "soort",
    "aanbieder",
    "gemeente",
    "bereik",
    "dagtarief",
    "regels",
    "eenheden",
    "capaciteit",
}


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return "" if value is None else str(value).strip()


def _check_facility(
    item: dict[str, Any], where: str, line: int, errors: _Errors
) -> _FacilityPlan | None:
    before = len(errors)
    for key in item:
        if key not in _FACILITY_KEYS:
            errors.add(line, f"{where}.{key}", _("onbekende sleutel."))
    external_id = _text(item, "kenmerk")
    if not external_id:
        errors.add(line, f"{where}.kenmerk", _("vul een kenmerk in."))
        return None
    facility = Facility.objects.filter(external_id=external_id).first() or Facility(
        external_id=external_id
    )
    facility.name = _text(item, "naam")
    facility.type = _text(item, "soort")
    if facility.type not in FacilityType.values:
        errors.add(line, f"{where}.soort", _("onbekende soort voorziening."))
    facility.scope = _text(item, "bereik")
    if facility.scope not in Scope.values:
        errors.add(line, f"{where}.bereik", _("kies regional of local."))
    provider = Organisation.objects.filter(external_id=_text(item, "aanbieder")).first()
    if provider is None:
        errors.add(line, f"{where}.aanbieder", _("geen organisatie met dit kenmerk."))
    else:
        facility.provider = provider
    municipality = Municipality.objects.filter(code=_text(item, "gemeente")).first()
    if municipality is None:
        errors.add(line, f"{where}.gemeente", _("geen gemeente met deze CBS-code."))
    else:
        facility.municipality = municipality
    try:
        facility.day_tariff = decimal.Decimal(_text(item, "dagtarief"))
        if facility.day_tariff < 0 or facility.day_tariff != facility.day_tariff.quantize(
            decimal.Decimal("0.01")
        ):
            raise decimal.InvalidOperation
    except decimal.InvalidOperation:
        errors.add(line, f"{where}.dagtarief", _("een bedrag van 0 of meer, zoals 85.50."))
    origins = _check_rules(facility, item.get("regels") or {}, where, line, errors)
    facility_plan = _FacilityPlan(facility, origins)
    _check_units(facility_plan, item.get("eenheden") or [], where, line, errors)
    _check_capacity(facility_plan, item.get("capaciteit") or [], where, line, errors)
    if len(errors) == before:
        try:
            facility.full_clean(exclude=["category", "provider", "municipality"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    errors.add(line, f"{where}.{name}", message)
    return facility_plan if len(errors) == before else None


def _check_rules(
    facility: Facility, rules: Any, where: str, line: int, errors: _Errors
) -> list[Municipality]:
    key = f"{where}.regels"
    if not isinstance(rules, dict):
        errors.add(line, key, _("verwacht de toelatingsregels."))
        return []
    line = _line(rules, line)
    for name, attribute in (("min_leeftijd", "min_age"), ("max_leeftijd", "max_age")):
        value = rules.get(name)
        if value in (None, ""):
            setattr(facility, attribute, None)
        elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 120:
            setattr(facility, attribute, value)
        else:
            errors.add(line, f"{key}.{name}", _("een leeftijd van 0 tot en met 120, of leeg."))
    if (
        facility.min_age is not None
        and facility.max_age is not None
        and facility.min_age > facility.max_age
    ):
        errors.add(line, f"{key}.max_leeftijd", _("moet minstens de minimumleeftijd zijn."))
    facility.sex = _text(rules, "geslacht")
    if facility.sex not in {"", "V", "M"}:
        errors.add(line, f"{key}.geslacht", _("V, M of leeg."))
    facility.children_rule = _text(rules, "kinderen")
    if facility.children_rule not in {"", *ChildrenRule.values}:
        errors.add(line, f"{key}.kinderen", _("onbekende regel voor kinderen."))
    required = rules.get("toegangsbesluit", False)
    if not isinstance(required, bool):
        errors.add(line, f"{key}.toegangsbesluit", _("true of false."))
    else:
        facility.indication_required = required
    region_name = _text(rules, "herkomst_regio")
    facility.origin_region = None
    if region_name:
        region = Region.objects.filter(name=region_name).first()
        if region is None:
            errors.add(line, f"{key}.herkomst_regio", _("geen regio met deze naam."))
        facility.origin_region = region
    codes = rules.get("herkomst_gemeenten") or []
    if not isinstance(codes, list):
        errors.add(line, f"{key}.herkomst_gemeenten", _("verwacht een lijst van CBS-codes."))
        return []
    found = {m.code: m for m in Municipality.objects.filter(code__in=[str(c) for c in codes])}
    missing = sorted(str(c) for c in codes if str(c) not in found)
    if missing:
        errors.add(
            line,
            f"{key}.herkomst_gemeenten",
            _("onbekende CBS-code %(codes)s.") % {"codes": ", ".join(missing)},
        )
    return list(found.values())


def _check_units(plan: _FacilityPlan, units: Any, where: str, line: int, errors: _Errors) -> None:
    if not isinstance(units, list):
        errors.add(line, f"{where}.eenheden", _("verwacht een lijst."))
        return
    existing = (
        {unit.code: unit for unit in Unit.objects.filter(facility=plan.facility)}
        if plan.facility.pk
        else {}
    )
    codes: set[str] = set()
    for index, item in enumerate(units, start=1):
        key = f"{where}.eenheden[{index}]"
        unit_line = _line(item, line)
        if not isinstance(item, dict):
            errors.add(unit_line, key, _("verwacht een eenheid."))
            continue
        code = _text(item, "code")
        if not code:
            errors.add(unit_line, f"{key}.code", _("vul een code in."))
            continue
        if code in codes:
            errors.add(unit_line, f"{key}.code", _("komt twee keer voor bij deze voorziening."))
        codes.add(code)
        unit = existing.get(code) or Unit(code=code)
        unit.kind = _text(item, "soort")
        if unit.kind not in UnitKind.values:
            errors.add(unit_line, f"{key}.soort", _("onbekende soort eenheid."))
        for name, attribute in UNIT_KEYS.items():
            value = item.get(name, attribute == "active")
            if not isinstance(value, bool):
                errors.add(unit_line, f"{key}.{name}", _("true of false."))
            else:
                setattr(unit, attribute, value)
        unknown = set(item) - {"code", "soort", *UNIT_KEYS}
        for name in sorted(unknown):
            errors.add(unit_line, f"{key}.{name}", _("onbekende sleutel."))
        plan.units.append(unit)


def _check_capacity(
    plan: _FacilityPlan, periods: Any, where: str, line: int, errors: _Errors
) -> None:
    if not isinstance(periods, list):
        errors.add(line, f"{where}.capaciteit", _("verwacht een lijst."))
        return
    existing = (
        {p.valid_from: p for p in CapacityPeriod.objects.filter(facility=plan.facility)}
        if plan.facility.pk
        else {}
    )
    today = dates.today()
    seen: set[datetime.date] = set()
    for index, item in enumerate(periods, start=1):
        key = f"{where}.capaciteit[{index}]"
        period_line = _line(item, line)
        if not isinstance(item, dict):
            errors.add(period_line, key, _("verwacht vanaf en plaatsen."))
            continue
        start = item.get("vanaf")
        if isinstance(start, str):
            try:
                start = datetime.date.fromisoformat(start)
            except ValueError:
                start = None
        if not isinstance(start, datetime.date) or isinstance(start, datetime.datetime):
            errors.add(period_line, f"{key}.vanaf", _("een datum als 2026-01-31."))
            continue
        places = item.get("plaatsen")
        if not isinstance(places, int) or isinstance(places, bool) or places < 0:
            errors.add(period_line, f"{key}.plaatsen", _("een aantal van 0 of meer."))
            continue
        if start in seen:
            errors.add(period_line, f"{key}.vanaf", _("deze datum komt twee keer voor."))
        seen.add(start)
        stored = existing.get(start)
        if stored is None:
            plan.new_periods.append((start, places))
        elif stored.units != places:
            if admin.is_read_only(stored, today):
                errors.add(
                    period_line,
                    f"{key}.plaatsen",
                    _(
                        "deze periode is al begonnen (%(places)d plaatsen) en kan niet meer "
                        "worden gewijzigd."
                    )
                    % {"places": stored.units},
                )
            else:
                plan.changed_periods.append((stored, places))


# --- applying ----------------------------------------------------------------------------------


def apply(plan: Plan, actor: Actor | None) -> None:
    """Write the checked plan in one transaction, through the services (history via yaml)."""
    source = config_history.YAML
    with transaction.atomic():
        if plan.norms is not None:
            save_response_norms(actor, plan.norms, source=source)
        if plan.terms is not None:
            save_terms(actor, plan.terms, source=source)
        for item in plan.facilities:
            facility = admin.save_facility(actor, item.facility, item.origins, source=source)
            for unit in item.units:
                unit.facility = facility
                admin.save_unit(actor, unit, source=source)
            for start, places in item.new_periods:
                admin.add_capacity_period(
                    actor, facility, start, places, source=source, allow_past=True
                )
            for period, places in item.changed_periods:
                admin.change_capacity_period(actor, period, places, source=source)
        finance.apply_finance(plan.money, actor)


def import_config(text: str, actor: Actor | None) -> Plan:
    """Check the whole file, then apply it; on any problem raise ``RegionConfigError`` and write
    nothing."""
    plan = check(parse(text))
    try:
        apply(plan, actor)
    except ValidationError as exc:
        raise RegionConfigError(exc.messages) from exc
    return plan
