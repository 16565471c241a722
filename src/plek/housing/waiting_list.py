"""The central waiting list of a region, ranked in SQL.

The order is ``plek.housing.ranking``'s (class first, then score, registration, id), computed by
the database: each open entry stores its class and its ``sort_key`` (the score without the days
that pass; see ``ranking.sort_key``), a partial index holds the open entries in ranking order,
and the page query numbers them with ``ROW_NUMBER() OVER (ORDER BY …)``. PostgreSQL reads the
index in order and stops after the page, so page 1 costs the same with 100 or 100,000 entries;
page 50 reads 2,500 index entries. Filters (priority, municipality, waiting time, name) apply
after the numbering: a row keeps its position in the whole list of its type.

The stored keys are worked out again (``refresh_rank_keys``, one UPDATE per facility type)
when the weights change, when an entry is registered or changed, when a ZRM assessment is
saved, and for any open entry without a key (imported rows) before the list is read.

No access decision here except in ``central_list``, which shows names only of persons the
actor may see (the relation source ``wonen:centrale_wachtlijst``) and logs each one shown.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from plek.access.kinds import DataKind
from plek.access.reads import read_persons
from plek.accounts.context import Actor
from plek.accounts.models import Municipality, Organisation
from plek.accounts.roles import Role
from plek.core import dates
from plek.housing import activities
from plek.housing.choices import ProposalStatus
from plek.housing.loaders import policy_for, weights_of
from plek.housing.models import Proposal, WaitingEntry
from plek.housing.ranking import (
    CLASS_OF,
    EPOCH,
    PART_LABELS,
    URGENCY_LEVEL,
    Ranked,
    RankInput,
    Weights,
    score,
)
from plek.intake.models import AssessmentScore
from plek.people.models import Person

PAGE_SIZE = 50


# --- the stored keys ----------------------------------------------------------------------------


def _day_number_sql() -> RawSQL:
    table = WaitingEntry._meta.db_table
    if connection.vendor == "postgresql":
        sql = f'("{table}"."registered_on" - DATE \'{EPOCH.isoformat()}\')'
        return RawSQL(sql, [])  # noqa: S611
    return RawSQL(  # noqa: S611
        f'CAST(julianday("{table}"."registered_on") - julianday(\'{EPOCH.isoformat()}\')'
        " AS INTEGER)",
        [],
    )


def _latest_zrm(domain: str) -> Subquery:
    return Subquery(
        AssessmentScore.objects.filter(assessment__person_id=OuterRef("person_id"), domain=domain)
        .order_by("-assessment__assessed_on", "-assessment__external_id")
        .values("score")[:1],
        output_field=IntegerField(),
    )


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def key_expressions(weights: Weights) -> dict[str, Any]:
    """rank_class and rank_key as SQL over a waiting entry (``ranking.sort_key`` in SQL)."""
    urgency = Case(
        *[When(priority=p, then=Value(level)) for p, level in URGENCY_LEVEL.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    rank_class: Any = (
        Case(
            *[When(priority=p, then=Value(c)) for p, c in CLASS_OF.items()],
            default=Value(2),
            output_field=IntegerField(),
        )
        if weights.class_first
        else Value(0)
    )
    key = (
        urgency * Value(weights.urgency)
        + _flag(Q(children_involved=True)) * Value(weights.children)
        + _flag(Q(safety_risk=True)) * Value(weights.safety)
        + Coalesce(Value(5) - _latest_zrm("huisvesting"), Value(0)) * Value(weights.zrm_housing)
        + Coalesce(Value(5) - _latest_zrm("geestelijke_gezondheid"), Value(0))
        * Value(weights.zrm_mental)
        - _day_number_sql() * Value(weights.days_waiting)
    )
    origin = Subquery(
        Person.objects.filter(pk=OuterRef("person_id")).values("origin_municipality_id")[:1]
    )
    return {"rank_class": rank_class, "rank_key": key, "origin_municipality_id": origin}


def refresh_rank_keys(
    facility_types: Iterable[str] | None = None,
    *,
    entry_ids: Iterable[int] | None = None,
    person_ids: Iterable[int] | None = None,
    missing_only: bool = False,
    weights: dict[str, Weights] | None = None,
) -> int:
    """Work out the stored keys of open entries again: one UPDATE per facility type."""
    entries = WaitingEntry.objects.filter(placed_on__isnull=True, withdrawn_on__isnull=True)
    if facility_types is not None:
        entries = entries.filter(facility_type__in=list(facility_types))
    if entry_ids is not None:
        entries = entries.filter(pk__in=list(entry_ids))
    if person_ids is not None:
        entries = entries.filter(person_id__in=list(person_ids))
    if missing_only:
        entries = entries.filter(rank_key__isnull=True)
    types = list(entries.order_by().values_list("facility_type", flat=True).distinct())
    changed = 0
    for facility_type in types:
        chosen = (weights or {}).get(facility_type) or weights_of(policy_for(facility_type))
        changed += entries.filter(facility_type=facility_type).update(**key_expressions(chosen))
    return changed


# --- the region ---------------------------------------------------------------------------------


def region_municipality_ids(organisation_id: int | None) -> QuerySet[Any]:
    """The municipalities of the region of an organisation's municipality (a subquery)."""
    region = Organisation.objects.filter(pk=organisation_id or 0).values("municipality__region_id")
    return Municipality.objects.filter(region_id__in=region, region__isnull=False).values("pk")


def region_entries(organisation_id: int | None, on: datetime.date) -> QuerySet[WaitingEntry]:
    """Open entries of the region: the person comes from one of its municipalities, or an
    organisation in the region (or the organisation itself) registered the entry.

    The region is subqueries over the small municipality and organisation tables, so the list
    is one statement: PostgreSQL hashes them once and still walks the ranking index in order.
    """
    municipalities = region_municipality_ids(organisation_id)
    organisations = Organisation.objects.filter(municipality_id__in=municipalities).values("pk")
    # Entries whose keys are not worked out yet (imported rows) have no origin of their own.
    unkeyed = Q(
        origin_municipality__isnull=True,
        person_id__in=Person.objects.filter(origin_municipality_id__in=municipalities).values("pk"),
    )
    return WaitingEntry.objects.filter(
        Q(origin_municipality_id__in=municipalities)
        | Q(registered_by_id__in=organisations)
        | Q(registered_by_id=organisation_id or 0)
        | unkeyed,
        placed_on__isnull=True,
        withdrawn_on__isnull=True,
        registered_on__lte=on,
    )


# --- the page ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    facility_type: str
    priority: str = ""
    municipality_id: int | None = None
    min_days: int | None = None
    search: str = ""


@dataclass(frozen=True)
class ListRow:
    entry_id: int
    person_id: int
    ranked: Ranked
    municipality: str
    parked_until: datetime.date | None
    person: Person | None = None

    @property
    def days_waiting(self) -> int:
        return (self.ranked.on - self.ranked.entry.registered_on).days

    @property
    def why(self) -> str:
        """The rank in one line: the class, then the parts that scored."""
        parts = [f"{PART_LABELS[p.key]} {p.points}" for p in self.ranked.parts if p.points]
        return " + ".join(parts) + f" = {self.ranked.score}"


@dataclass
class ListPage:
    """One page, with what the pagination component needs (``page.paginator.num_pages``)."""

    rows: list[ListRow]
    number: int
    count: int
    weights: Weights
    per_page: int = PAGE_SIZE
    paginator: Any = field(init=False)

    def __post_init__(self) -> None:
        self.paginator = self
        self.num_pages = max(1, -(-self.count // self.per_page))

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0


def _aliased(*columns: str) -> dict[str, Any]:
    """Columns under plain names (``x_<column>``) so the outer SQL can name them."""
    return {f"x_{column}": F(column) for column in columns}


def _sql(queryset: QuerySet[Any]) -> tuple[str, tuple[Any, ...]]:
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


_PAGE_COLUMNS = (
    "id",
    "person_id",
    "priority",
    "registered_on",
    "children_involved",
    "safety_risk",
    "parked_until",
    "rank_class",
    "rank_key",
    "origin_municipality_id",
)


def _rank_order(alias: str = "") -> str:
    """The ranking order (``plek.housing.ranking``) over the page columns."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(
        f"{prefix}x_{column}" for column in ("rank_class", "rank_key DESC", "registered_on", "id")
    )


def region_list_sql(
    organisation_id: int | None, facility_type: str, on: datetime.date
) -> tuple[str, list[Any]]:
    """The open entries of a type in the region, as one parameterised statement.

    The same rule as ``region_entries`` (which the relation source and the worklists use; a
    test keeps the two equal), written out once as plain SQL because the page is the hot path:
    compiling the queryset cost more than running it. The region's municipalities and
    organisations are subqueries over two small tables; PostgreSQL hashes them once and walks
    the covering ranking index in order.
    """
    entry = WaitingEntry._meta.db_table
    municipality = Municipality._meta.db_table
    organisation = Organisation._meta.db_table
    region = (
        f"SELECT rm.region_id FROM {organisation} ro "
        f"JOIN {municipality} rm ON rm.id = ro.municipality_id WHERE ro.id = %s"
    )
    columns = ", ".join(f"e.{c} AS x_{c}" for c in _PAGE_COLUMNS)
    sql = (
        f"SELECT {columns} FROM {entry} e "
        "WHERE e.facility_type = %s AND e.placed_on IS NULL AND e.withdrawn_on IS NULL "
        "AND e.registered_on <= %s AND ("
        f"e.origin_municipality_id IN (SELECT m.id FROM {municipality} m "
        f"WHERE m.region_id = ({region})) "
        f"OR e.registered_by_id IN (SELECT o.id FROM {organisation} o "
        f"JOIN {municipality} om ON om.id = o.municipality_id WHERE om.region_id = ({region})) "
        "OR e.registered_by_id = %s)"
    )
    owner = organisation_id or 0
    return sql, [facility_type, on, owner, owner, owner]


def ranked_page_sql(
    organisation_id: int | None, filters: Filters, on: datetime.date, offset: int, limit: int
) -> tuple[str, list[Any], str, list[Any]]:
    """The page query and its count: the region's list of the type in ranking order, numbered,
    then the filters; both parameterised."""
    base_sql, base_params = region_list_sql(organisation_id, filters.facility_type, on)
    where = ["1 = 1"]
    params: list[Any] = []
    if filters.priority:
        where.append("r.x_priority = %s")
        params.append(filters.priority)
    if filters.municipality_id:
        where.append("r.x_origin_municipality_id = %s")
        params.append(filters.municipality_id)
    if filters.min_days:
        where.append("r.x_registered_on <= %s")
        params.append(on - datetime.timedelta(days=filters.min_days))
    if filters.search:
        where.append(
            "r.x_person_id IN (SELECT id FROM "
            + Person._meta.db_table
            + " WHERE LOWER(family_name) LIKE %s OR LOWER(initials) LIKE %s)"
        )
        needle = f"%{filters.search.lower()}%"
        params += [needle, needle]
    # Only table names and our own parameterised SQL are put in; values go as params.
    ranked = (
        f"SELECT b.*, ROW_NUMBER() OVER (ORDER BY {_rank_order('b')}) "
        f"AS position FROM ({base_sql}) b"
    )
    conditions = " AND ".join(where)
    joined = f"FROM ({ranked}) r WHERE {conditions}"
    # The count needs no numbering: the filters are on the entry's own columns.
    count_sql = f"SELECT COUNT(*) FROM ({base_sql}) r WHERE {conditions}"
    selected = ", ".join(f"r.x_{c}" for c in _PAGE_COLUMNS[:9])
    if len(where) == 1:
        # Without filters the position is the offset plus the place on the page: PostgreSQL
        # walks the covering ranking index in order (no table reads, no window over the rows
        # before the page) and stops after the page; only the rows of the page are numbered.
        page_sql = (
            f"SELECT {selected}, %s + ROW_NUMBER() OVER (ORDER BY "
            f"{_rank_order('r')}), r.x_origin_municipality_id FROM ("
            f"{base_sql} ORDER BY {_rank_order()} LIMIT %s OFFSET %s) r ORDER BY 10"
        )
        return page_sql, [offset, *base_params, limit, offset], count_sql, base_params
    page_sql = (
        f"SELECT {selected}, r.position, r.x_origin_municipality_id {joined} "
        # The window's own order (not ``position``): PostgreSQL keeps the index order through
        # the numbering and stops after the page.
        f"ORDER BY {_rank_order('r')} LIMIT %s OFFSET %s"
    )
    return (
        page_sql,
        [*base_params, *params, limit, offset],
        count_sql,
        [*base_params, *params],
    )


def zrm_of(person_ids: list[int]) -> dict[tuple[int, str], int]:
    """Latest ZRM housing and mental-health scores of the persons shown: one query."""
    latest: dict[tuple[int, str], int] = {}
    for person_id, domain, value in (
        AssessmentScore.objects.filter(
            domain__in=["huisvesting", "geestelijke_gezondheid"],
            assessment__person_id__in=person_ids,
        )
        .order_by("assessment__assessed_on", "assessment__external_id")
        .values_list("assessment__person_id", "domain", "score")
    ):
        latest[(person_id, domain)] = value
    return latest


def central_list(
    actor: Actor, filters: Filters, page: int = 1, on: datetime.date | None = None
) -> ListPage:
    """One page of the region's ranked list of a type; names of the persons the actor may see,
    each logged once. A fixed number of queries whatever the page or the list's length."""
    on = on or dates.today()
    weights = weights_of(policy_for(filters.facility_type))
    refresh_rank_keys([filters.facility_type], missing_only=True)
    page = max(1, page)
    page_sql, page_params, count_sql, count_params = ranked_page_sql(
        actor.organisation_id, filters, on, (page - 1) * PAGE_SIZE, PAGE_SIZE
    )
    with connection.cursor() as cursor:
        cursor.execute(count_sql, count_params)
        count = cursor.fetchone()[0]
        cursor.execute(page_sql, page_params)
        raw = cursor.fetchall()
    person_ids = [row[1] for row in raw]
    zrm = zrm_of(person_ids)
    names = dict(
        Municipality.objects.filter(pk__in={row[10] for row in raw}).values_list("pk", "name")
    )
    rows: list[ListRow] = []
    with transaction.atomic():
        allowed = read_persons(
            actor,
            person_ids,
            activities.WAITING_VIEW,
            ["wachtlijst", "naam"],
            kind=DataKind.PLACEMENT,
        )
        shown = {p.pk: p for p in Person.objects.filter(pk__in=list(allowed))}
    for row in raw:
        entry_id, person_id, priority, registered_on = row[0], row[1], row[2], row[3]
        if isinstance(registered_on, str):  # SQLite hands dates back as text
            registered_on = datetime.date.fromisoformat(registered_on)
        parked = row[6]
        if isinstance(parked, str):
            parked = datetime.date.fromisoformat(parked)
        rank_input = RankInput(
            entry_id=entry_id,
            registered_on=registered_on,
            priority=priority,
            children_involved=bool(row[4]),
            safety_risk=bool(row[5]),
            zrm_housing=zrm.get((person_id, "huisvesting")),
            zrm_mental=zrm.get((person_id, "geestelijke_gezondheid")),
        )
        rows.append(
            ListRow(
                entry_id,
                person_id,
                Ranked(rank_input, score(rank_input, weights, on), row[9], weights, on),
                names.get(row[10], ""),
                parked,
                shown.get(person_id),
            )
        )
    return ListPage(rows, page, count, weights)


def shown_entry_kenmerken(rows: list[ListRow]) -> dict[int, str]:
    """The kenmerk of the rows of a waiting-list page whose person the selector showed (and
    logged); the other rows stay anonymous, as on the page."""
    ids = [row.entry_id for row in rows if row.person is not None]
    return dict(WaitingEntry.objects.filter(pk__in=ids).values_list("pk", "external_id"))


# --- the preview of a weighting ------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    entry_id: int
    reference: str
    priority: str
    before: int
    after: int
    score_before: int
    score_after: int
    why: str

    @property
    def moved(self) -> int:
        return self.before - self.after


@dataclass(frozen=True)
class Reorder:
    total: int
    up: int
    down: int
    moves: list[Move]


def preview_reorder(
    facility_type: str, proposed: Weights, on: datetime.date | None = None, limit: int = 25
) -> Reorder:
    """How the current list of a type would reorder under other weights (nothing stored):
    the entries that move most, each with why. Entry references only, no persons."""
    from plek.housing.loaders import open_entries, rank_input, rank_inputs
    from plek.housing.ranking import explain, what_if

    on = on or dates.today()
    current = weights_of(policy_for(facility_type))
    rows = rank_inputs(open_entries(on, [facility_type]))
    inputs = {row["pk"]: rank_input(row) for row in rows}
    shifts = what_if(list(inputs.values()), current, proposed, on)
    moved = [s for s in shifts if s.moved]
    moved.sort(key=lambda s: (-abs(s.moved), s.after))
    references = dict(
        WaitingEntry.objects.filter(pk__in=[s.entry_id for s in moved[:limit]]).values_list(
            "pk", "external_id"
        )
    )
    moves = []
    for shift in moved[:limit]:
        entry = inputs[shift.entry_id]
        reasons = [
            f"{new.label} {old.points} → {new.points}"
            for old, new in zip(
                explain(entry, current, on), explain(entry, proposed, on), strict=True
            )
            if old.points != new.points
        ]
        if current.class_first != proposed.class_first:
            reasons.append(
                str(_("eerst op urgentieklasse"))
                if proposed.class_first
                else str(_("urgentieklasse niet meer eerst"))
            )
        if not reasons:
            reasons.append(str(_("anderen schuiven")))
        moves.append(
            Move(
                shift.entry_id,
                references.get(shift.entry_id, ""),
                entry.priority,
                shift.before,
                shift.after,
                shift.score_before,
                shift.score_after,
                "; ".join(str(r) for r in reasons),
            )
        )
    return Reorder(
        len(shifts),
        sum(1 for s in shifts if s.moved > 0),
        sum(1 for s in shifts if s.moved < 0),
        moves,
    )


# --- worklists and the dossier -------------------------------------------------------------------

# Wmo 2015: two weeks for the decision after an application.
DECISION_TERM_DAYS = 14


@dataclass(frozen=True)
class Shown:
    entry: WaitingEntry
    person: Person | None


def _shown(actor: Actor, entries: list[WaitingEntry]) -> list[Shown]:
    with transaction.atomic():
        allowed = read_persons(
            actor,
            [e.person_id for e in entries],
            activities.WAITING_VIEW,
            ["wachtlijst", "naam"],
            kind=DataKind.PLACEMENT,
        )
    return [Shown(e, e.person if e.person_id in allowed else None) for e in entries]


def requests_to_assess(actor: Actor, limit: int = 10) -> list[Shown]:
    """Applications for a type that needs an access decision, in the region, without a valid
    decision: the oldest first (their decision term runs out first)."""
    from plek.housing.services.common import DECISION_TYPES

    on = dates.today()
    refresh_rank_keys(DECISION_TYPES, missing_only=True)
    entries = list(
        region_entries(actor.organisation_id, on)
        .filter(facility_type__in=DECISION_TYPES)
        .filter(Q(access_decision_until__isnull=True) | Q(access_decision_until__lt=on))
        .select_related("person")
        .order_by("registered_on", "pk")[:limit]
    )
    return _shown(actor, entries)


def urgent_waiting(actor: Actor, limit: int = 8) -> list[Shown]:
    """Spoed and hoog entries of the region without an open proposal, not parked: spoed first,
    the longest waiting first within a class."""
    on = dates.today()
    refresh_rank_keys(missing_only=True)
    entries = list(
        region_entries(actor.organisation_id, on)
        .filter(priority__in=["spoed", "hoog"])
        .exclude(proposals__status="open")
        .exclude(parked_until__gte=on)
        .select_related("person")
        .order_by(
            Case(When(priority="spoed", then=Value(0)), default=Value(1)), "registered_on", "pk"
        )[:limit]
    )
    return _shown(actor, entries)


def positions_of(person_id: int) -> list[tuple[WaitingEntry, int, int]]:
    """The person's open entries with their position and the length of the list: two queries
    whatever the number of entries (the ranking numbered in SQL)."""
    entries = list(
        WaitingEntry.objects.filter(
            person_id=person_id, placed_on__isnull=True, withdrawn_on__isnull=True
        ).order_by("registered_on")
    )
    if not entries:
        return []
    types = sorted({e.facility_type for e in entries})
    refresh_rank_keys(types, missing_only=True)
    open_ = WaitingEntry.objects.filter(
        placed_on__isnull=True, withdrawn_on__isnull=True, facility_type__in=types
    ).order_by()
    base_sql, params = _sql(
        open_.values(
            **_aliased(
                "id", "person_id", "facility_type", "rank_class", "rank_key", "registered_on"
            )
        )
    )
    sql = (
        "SELECT r.x_id, r.position, r.total FROM (SELECT b.x_id, b.x_person_id, "
        "ROW_NUMBER() OVER (PARTITION BY b.x_facility_type ORDER BY b.x_rank_class, "
        "b.x_rank_key DESC, b.x_registered_on, b.x_id) AS position, "
        "COUNT(*) OVER (PARTITION BY b.x_facility_type) AS total "
        f"FROM ({base_sql}) b) r WHERE r.x_person_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, person_id])
        found = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
    return [(e, *found.get(e.pk, (0, 0))) for e in entries]


def open_proposals_of(person_id: int) -> list[Proposal]:
    """For the dossier's status line only (after ``open_dossier`` decided and logged)."""
    return list(
        Proposal.objects.filter(person_id=person_id, status=ProposalStatus.OPEN)
        .select_related("unit__facility")
        .order_by("expires_on", "pk")
    )


def names_for_preview(actor: Actor, person_ids: list[int]) -> dict[int, str]:
    """The names on a proposal preview, for the access consultant only, each read logged."""
    if actor.role != Role.TOEGANG:
        return {}
    allowed = read_persons(
        actor, person_ids, activities.WAITING_VIEW, ["wachtlijst", "naam"], kind=DataKind.PLACEMENT
    )
    return {p.pk: str(p) for p in Person.objects.filter(pk__in=list(allowed))}
