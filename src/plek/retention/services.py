"""The retention job: delete or anonymise what has passed its period, log it, seal the monitor,
and prune the processing log's own expired segments.

Everything is set-based: per kind one query finds what expired, one DELETE (Django's collector,
which deletes children per table) or one UPDATE removes it, and the processing log gets one row
per person concerned through its bulk path. Before anything is removed the monitor's figures for
every calendar month, quarter and year the removed records reach are sealed
(``plek.monitor.precomputed.sealing``): published figures never change afterwards.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, F, Max, Min, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.access import chain
from plek.access.activities import ProcessingActivity
from plek.access.choices import LogAction
from plek.access.services import record_bulk
from plek.accounts import config_history
from plek.accounts.context import Actor
from plek.accounts.models import Municipality
from plek.accounts.roles import Role
from plek.core import dates
from plek.core.retention import ANONYMISE, DELETE, NO_PERSON, RetentionKind, kinds
from plek.core.text import is_digits
from plek.monitor import precomputed
from plek.monitor.dashboard import build_dashboard
from plek.monitor.engine import Period
from plek.retention.models import RetentionPeriod, RetentionRun, SealedPeriod

AREA = "bewaartermijn"
# The processing log's own retention: the minimum years an entry is kept, whatever its period.
LOG_KIND = "verwerkingenlog"
LOG_DEFAULT_YEARS = 5
MAX_YEARS = 100
# A chain of records protecting each other (transferred stays) is removed over a few rounds.
MAX_ROUNDS = 10

DELETED = ProcessingActivity(
    "bewaartermijn.verwijderen", "Gegevens verwijderen na afloop van de bewaartermijn"
)
ANONYMISED = ProcessingActivity(
    "bewaartermijn.anonimiseren", "Persoonsgegevens anonimiseren na afloop van de bewaartermijn"
)


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def period_years() -> dict[str, int]:
    """The period in years per kind code (the admin's, else the kind's default), and the log's."""
    stored = dict(RetentionPeriod.objects.values_list("kind", "years"))
    result = {kind.code: stored.get(kind.code, kind.default_years) for kind in kinds()}
    result[LOG_KIND] = stored.get(LOG_KIND, LOG_DEFAULT_YEARS)
    return result


def set_periods(actor: Actor | None, years: dict[str, Any]) -> dict[str, int]:
    """Store the periods (actor None: the command line), each change kept in the history."""
    if actor is not None and actor.role != Role.BEHEER:
        raise PermissionDenied(_("Alleen functioneel beheerders."))
    known = {kind.code: kind for kind in kinds()}
    labels = {code: str(kind.label) for code, kind in known.items()}
    labels[LOG_KIND] = _("Verwerkingenlog (minimum)")
    errors: dict[str, str] = {}
    clean: dict[str, int] = {}
    for code, value in years.items():
        if code not in labels:
            errors["__all__"] = _("Onbekende soort gegevens: %(code)s.") % {"code": code}
            continue
        text = str(value).strip()
        if not is_digits(text) or not 1 <= int(text) <= MAX_YEARS:
            errors[code] = _("%(label)s: een heel aantal jaren van 1 tot en met %(max)d.") % {
                "label": labels[code],
                "max": MAX_YEARS,
            }
            continue
        clean[code] = int(text)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = {code: str(value) for code, value in period_years().items()}
        for code, value in clean.items():
            RetentionPeriod.objects.update_or_create(kind=code, defaults={"years": value})
        config_history.record(
            actor,
            AREA,
            _("Bewaartermijnen"),
            before,
            {**before, **{code: str(value) for code, value in clean.items()}},
            {code: _("%(label)s (jaren)") % {"label": label} for code, label in labels.items()},
        )
    return clean


# --- finding what expired -----------------------------------------------------------------------


def _model(kind: RetentionKind) -> type[models.Model]:
    return apps.get_model(kind.model)


END = "retention_end"


def _end(kind: RetentionKind) -> Any | None:
    """The end as an expression when it is more than the one date field (None otherwise); for a
    series the latest end of its records, NULL while one of them is running."""
    if kind.end is None and kind.series is None:
        return None
    end = kind.end() if kind.end is not None else F(kind.end_field)
    if kind.series is None:
        return end
    latest = (
        _model(kind)
        ._default_manager.filter(**{kind.series: OuterRef(kind.series)})
        .annotate(**{END: end})
        .order_by(F(END).desc(nulls_first=True))
        .values(END)[:1]
    )
    return Subquery(latest)


def _expired(kind: RetentionKind, cutoff: datetime.date) -> QuerySet[Any]:
    model = _model(kind)
    end_expression = _end(kind)
    if end_expression is not None:
        rows = model._default_manager.alias(**{END: end_expression}).filter(
            **{f"{END}__lt": cutoff}
        )
    else:
        end = model._meta.get_field(kind.end_field)
        lookup = f"{kind.end_field}__date__lt" if isinstance(end, models.DateTimeField) else None
        rows = model._default_manager.filter(**{lookup or f"{kind.end_field}__lt": cutoff})
    if kind.keep is not None:
        rows = rows.exclude(kind.keep())
    return rows


def _holders(kind: RetentionKind) -> list[tuple[type[models.Model], str]]:
    """For the person kind: the tables whose rows keep a person from being anonymised."""
    holders = [(_model(other), other.person_field) for other in kinds() if other.person_field]
    for spec in kind.held_by:
        label, field_name = spec.rsplit(".", 1)
        holders.append((apps.get_model(label), field_name))
    return [(model, name) for model, name in holders if name]


def _not_held(kind: RetentionKind, rows: QuerySet[Any]) -> QuerySet[Any]:
    if kind.person_field is not None:
        return rows
    for model, field_name in _holders(kind):
        rows = rows.exclude(Exists(model._default_manager.filter(**{field_name: OuterRef("pk")})))
    return rows


def _not_protected(rows: QuerySet[Any]) -> QuerySet[Any]:
    """Rows no other row protects (``on_delete=PROTECT``): those would make the delete fail."""
    for relation in rows.model._meta.related_objects:
        if relation.on_delete is models.PROTECT and not relation.many_to_many:
            related = relation.related_model._default_manager
            rows = rows.exclude(Exists(related.filter(**{relation.field.name: OuterRef("pk")})))
    return rows


def _person_ids(kind: RetentionKind, rows: QuerySet[Any]) -> list[int]:
    if kind.person_field == NO_PERSON:
        return []
    column = kind.person_field or "pk"
    return sorted({pk for pk in rows.values_list(column, flat=True).distinct() if pk is not None})


# --- sealing the monitor ------------------------------------------------------------------------


def _window(kind: RetentionKind, rows: QuerySet[Any]) -> tuple[datetime.date, datetime.date] | None:
    """The days the records tell the monitor about: from their first start to their last end plus
    the monitor's reach (M2's look-back, M5's horizons)."""
    if kind.person_field is None or not kind.counted_by_monitor:
        # A person is anonymised only when no record the monitor counts refers to them.
        return None
    start_field = kind.start_field or kind.end_field
    end = kind.end_field
    if _end(kind) is not None:
        rows, end = rows.annotate(window_end=F(END)), "window_end"
    bounds = rows.aggregate(first=Min(start_field), last=Max(end))
    if bounds["first"] is None:
        return None
    reach = datetime.timedelta(days=kind.monitor_reach_days)
    return bounds["first"] - reach, bounds["last"] + reach


def _merged(
    windows: list[tuple[datetime.date, datetime.date]],
) -> list[tuple[datetime.date, datetime.date]]:
    merged: list[tuple[datetime.date, datetime.date]] = []
    for first, last in sorted(windows):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def published_periods(
    first: datetime.date, last: datetime.date, today: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """The calendar months, quarters and years the monitor pages offer that overlap
    [first, last] and have ended before today."""
    periods: list[tuple[datetime.date, datetime.date]] = []
    for months in (1, 3, 12):
        start = dates.first_of_month(first.replace(month=1))
        while start <= last:
            end = dates.first_of_month(start, months) - datetime.timedelta(days=1)
            if end >= first and end < today:
                periods.append((start, end))
            start = dates.first_of_month(start, months)
    return sorted(set(periods))


def sealed_areas() -> list[str | None]:
    """The areas the monitor pages offer: the region (None) and each municipality."""
    return [None, *Municipality.objects.values_list("code", flat=True)]


def seal_monitor(windows: list[tuple[datetime.date, datetime.date]], today: datetime.date) -> int:
    """Seal what the monitor pages show for every published period the windows reach, for the
    region and each municipality. Returns the number of (period, area) pairs sealed."""
    periods: set[tuple[datetime.date, datetime.date]] = set()
    for first, last in _merged(windows):
        periods.update(published_periods(first, last, today))
    areas = sealed_areas()
    # A period is sealed whole (everything its page shows) or not at all: skip the sealed ones.
    done = set(SealedPeriod.objects.values_list("period_start", "period_end", "municipality"))
    sealed = 0
    with precomputed.sealing():
        for start, end in sorted(periods):
            for area in areas:
                if (start, end, area or "") in done:
                    continue
                with transaction.atomic():
                    build_dashboard(Period(start, end, today, area))
                    SealedPeriod.objects.create(
                        period_start=start, period_end=end, municipality=area or ""
                    )
                sealed += 1
    return sealed


# --- the run ------------------------------------------------------------------------------------


@dataclass
class KindResult:
    expired: int = 0
    done: int = 0
    held: int = 0
    persons: int = 0


@dataclass
class Outcome:
    run: RetentionRun
    kinds: dict[str, KindResult] = field(default_factory=dict)
    log: chain.Pruning | None = None
    log_problems: list[str] = field(default_factory=list)


def _apply(kind: RetentionKind, rows: QuerySet[Any]) -> None:
    person_ids = _person_ids(kind, rows)
    action_activity = DELETED if kind.action == DELETE else ANONYMISED
    log_action = LogAction.DELETE if kind.action == DELETE else LogAction.CHANGE
    record_bulk(None, log_action, action_activity, person_ids, kind.data_kinds, kind.purpose)
    if kind.action == ANONYMISE and kind.anonymise is not None:
        rows.update(**kind.anonymise())
    else:
        rows.delete()


def _process(kind: RetentionKind, cutoff: datetime.date, dry_run: bool) -> KindResult:
    result = KindResult(expired=_expired(kind, cutoff).count())
    for _round in range(MAX_ROUNDS):
        rows = _not_held(kind, _expired(kind, cutoff))
        if kind.action == DELETE:
            rows = _not_protected(rows)
        count = rows.count()
        if not count:
            break
        result.persons += len(_person_ids(kind, rows))
        result.done += count
        if dry_run:
            break
        with transaction.atomic():
            _apply(kind, rows)
        if kind.action == ANONYMISE:
            break
    result.held = result.expired - result.done
    return result


def run(today: datetime.date | None = None, dry_run: bool = False) -> Outcome:
    """Delete or anonymise every record past its period, then prune the processing log.

    ``dry_run`` counts what would happen and changes nothing (no log rows, no sealing).
    """
    today = today or dates.today()
    years = period_years()
    record = RetentionRun.objects.create(started_at=timezone.now(), dry_run=dry_run)
    outcome = Outcome(run=record)
    cutoffs = {kind.code: years_before(today, years[kind.code]) for kind in kinds()}
    if not dry_run:
        # Seal first, once for everything that may go: afterwards the data is reduced.
        windows = [
            window
            for kind in kinds()
            if (window := _window(kind, _not_held(kind, _expired(kind, cutoffs[kind.code]))))
        ]
        record.sealed_periods = seal_monitor(windows, today)
    for kind in kinds():
        outcome.kinds[kind.code] = _process(kind, cutoffs[kind.code], dry_run)
    try:
        outcome.log = chain.prune(today, years[LOG_KIND], dry_run=dry_run)
    except chain.AnchorRefused as refused:
        # A log that does not verify is never pruned: the operator must look first.
        outcome.log_problems = refused.problems
    record.counts = {code: vars(result) for code, result in outcome.kinds.items()}
    record.log_rows_pruned = outcome.log.rows if outcome.log else 0
    record.finished_at = timezone.now()
    record.save()
    return outcome
