"""The plek-csv files and their columns (docs/exchange.md), declared once for import and export."""

from __future__ import annotations

from dataclasses import dataclass

from plek.accounts.models import OrganisationKind
from plek.aftercare.models import Light
from plek.core.choices import Priority
from plek.finance.models import Budget
from plek.housing.choices import ExitDestination, FacilityType, Scope
from plek.intake.zrm import DOMAINS
from plek.postal.models import Decision
from plek.protection.models import ArrangementKind, IndicationKind, Product
from plek.signals.models import Outcome, Source


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text, date, code, ref, decimal2, count, bsn, score
    required: bool = False
    codes: tuple[str, ...] = ()
    ref: str = ""  # the file whose key this column refers to
    max_length: int = 64  # text and references: the longest value the database column holds
    # An extension of the contract (docs/exchange.md): optional on import, and left out of an
    # export in which no row fills it.
    extension: bool = False


@dataclass(frozen=True)
class FileSpec:
    name: str
    columns: tuple[Column, ...]
    # Files are read and written in the order of FILES so that references resolve.
    key: tuple[str, ...] = ("id",)

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


def _codes(choices: type) -> tuple[str, ...]:
    return tuple(choices.values)  # type: ignore[attr-defined]


def _id() -> Column:
    return Column("id", required=True)


def _person(required: bool = True) -> Column:
    return Column("person", "ref", required=required, ref="persons")


def _date(name: str, required: bool = False) -> Column:
    return Column(name, "date", required=required)


FILES: tuple[FileSpec, ...] = (
    FileSpec(
        "municipalities",
        (Column("code", required=True), Column("name", required=True, max_length=120)),
        key=("code",),
    ),
    FileSpec(
        "organisations",
        (
            _id(),
            Column("name", required=True, max_length=200),
            Column("kind", "code", required=True, codes=_codes(OrganisationKind)),
            Column("municipality", "ref", ref="municipalities"),
        ),
    ),
    FileSpec(
        "facilities",
        (
            _id(),
            Column("name", required=True, max_length=200),
            Column("type", "code", required=True, codes=_codes(FacilityType)),
            Column("provider", "ref", required=True, ref="organisations"),
            Column("municipality", "ref", required=True, ref="municipalities"),
            Column("scope", "code", required=True, codes=_codes(Scope)),
            Column("day_tariff", "decimal2", required=True),
        ),
    ),
    FileSpec(
        "capacity",
        (
            Column("facility", "ref", required=True, ref="facilities"),
            _date("valid_from", required=True),
            Column("units", "count", required=True),
        ),
        key=("facility", "valid_from"),
    ),
    FileSpec(
        "persons",
        (
            _id(),
            Column("bsn", "bsn"),
            Column("initials", max_length=20),
            Column("family_name", required=True, max_length=200),
            _date("birth_date"),
            Column("sex", "code", codes=("M", "V", "X")),
            Column("origin_municipality", "ref", ref="municipalities"),
        ),
    ),
    FileSpec(
        "stays",
        (
            _id(),
            _person(),
            Column("facility", "ref", required=True, ref="facilities"),
            _date("start_date", required=True),
            _date("end_date"),
            Column("exit_destination", "code", codes=_codes(ExitDestination)),
        ),
    ),
    FileSpec(
        "waiting",
        (
            _id(),
            _person(),
            Column("facility_type", "code", required=True, codes=_codes(FacilityType)),
            _date("registered_on", required=True),
            _date("placed_on"),
            _date("withdrawn_on"),
            Column("priority", "code", required=True, codes=_codes(Priority)),
        ),
    ),
    FileSpec(
        "signals",
        (
            _id(),
            _person(required=False),
            Column("source", "code", required=True, codes=_codes(Source)),
            Column("urgency", "code", required=True, codes=_codes(Priority)),
            _date("received_on", required=True),
            _date("first_contact_on"),
            Column("outcome", "code", codes=_codes(Outcome)),
            _date("outcome_on"),
        ),
    ),
    FileSpec(
        "assessments",
        (
            _id(),
            _person(),
            _date("assessed_on", required=True),
            *(Column(domain, "score") for domain in DOMAINS),
        ),
    ),
    FileSpec(
        "plans",
        (
            _id(),
            _person(),
            _date("started_on", required=True),
            _date("review_on"),
            _date("ended_on"),
            # Extension: the running plan's current case lead, by plek username.
            Column("case_lead", max_length=150, extension=True),
        ),
    ),
    FileSpec(
        "postal",
        (
            _id(),
            _person(),
            _date("applied_on", required=True),
            _date("decided_on"),
            Column("decision", "code", codes=_codes(Decision)),
            _date("ended_on"),
        ),
    ),
    FileSpec(
        "aftercare",
        (_id(), _person(), _date("started_on", required=True), _date("ended_on")),
    ),
    FileSpec(
        "checkins",
        (
            _id(),
            Column("aftercare", "ref", required=True, ref="aftercare"),
            _date("due_on", required=True),
            _date("done_on"),
            Column("light", "code", codes=_codes(Light)),
        ),
    ),
    # --- protected living → protected home, and the money (extension files) -----------------
    FileSpec(
        "products",
        (
            _id(),
            Column("name", required=True),
            Column("unit", "code", required=True, codes=_codes(Product.Unit)),
        ),
    ),
    FileSpec(
        "tariffs",
        (
            Column("facility", "ref", ref="facilities"),
            Column("product", "ref", ref="products"),
            _date("valid_from", required=True),
            Column("amount", "decimal2", required=True),
        ),
        key=("facility", "product", "valid_from"),
    ),
    FileSpec(
        "indications",
        (
            _id(),
            _person(),
            Column("kind", "code", required=True, codes=_codes(IndicationKind)),
            _date("decided_on", required=True),
            Column("organisation", "ref", ref="organisations"),
            _date("valid_from", required=True),
            _date("valid_until", required=True),
            _date("review_on"),
            Column("municipality", "ref", required=True, ref="municipalities"),
            Column("origin_municipality", "ref", ref="municipalities"),
            Column("provider", "ref", ref="organisations"),
            _date("ended_on"),
            Column("end_reason"),
        ),
    ),
    FileSpec(
        "arrangements",
        (
            _id(),
            _person(),
            Column("kind", "code", required=True, codes=_codes(ArrangementKind)),
            Column("provider", "ref", required=True, ref="organisations"),
            Column("product", "ref", required=True, ref="products"),
            Column("hours_per_week", "decimal2"),
            _date("start_date", required=True),
            _date("review_on"),
            _date("end_date"),
            Column("end_reason"),
            Column("indication", "ref", ref="indications"),
            Column("origin_municipality", "ref", ref="municipalities"),
        ),
    ),
    FileSpec(
        "budgets",
        (
            Column("municipality", "ref", required=True, ref="municipalities"),
            Column("year", "count", required=True),
            Column("amount", "decimal2", required=True),
            Column("source", "code", required=True, codes=_codes(Budget.Source)),
            Column("historical_part", "decimal2"),
        ),
        key=("municipality", "year"),
    ),
)

FILES_BY_NAME = {spec.name: spec for spec in FILES}
