"""The programme's reports: the 'stand van zaken' of a reporting moment and the yearly
evaluation for the councils, as `Document`s that the browser, PDF and XLSX all show the same."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plek.monitor.engine import Period
from plek.monitor.report import charts
from plek.monitor.report.content import QUARTERS, build_report
from plek.monitor.report.content import Table as ReportTable
from plek.programs import indicators, selectors
from plek.programs.document import Chart, DocSection, DocTable, Document
from plek.programs.models import Programme, ReportingMoment, Status

Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def _generated() -> str:
    now = timezone.localtime()
    return _("Gemaakt op %(date)s om %(time)s") % {
        "date": date_format(now.date()),
        "time": now.strftime("%H:%M"),
    }


def _status_chart(counter: Counter[str], title: str) -> Chart | None:
    rows = [
        {"label": str(label), "value": counter[value], "text": str(counter[value])}
        for value, label in Status.choices
        if counter[value]
    ]
    if not rows:
        return None
    made = charts.horizontal_bars(
        rows, title=title, value_title=_("Aantal acties"), value_format="d"
    )
    return Chart(made.spec, made.alt)  # drawn when the document needs it


def _status_table(counter: Counter[str], caption: str, chart: Chart | None) -> DocTable:
    return DocTable(
        caption,
        [_("Status"), _("Aantal acties")],
        [[str(label), counter[value]] for value, label in Status.choices],
        chart=chart,
    )


def _indicator_table(
    programme: Programme, as_of: datetime.date, *, charts_too: bool
) -> list[DocTable]:
    cache = indicators.FigureCache(as_of)
    readings = [indicators.read(row, as_of, cache) for row in selectors.indicators(programme)]
    if not readings:
        return []
    tables = [
        DocTable(
            _("Indicatoren op %(date)s") % {"date": date_format(as_of)},
            [_("Indicator"), _("Bron"), _("Periode"), _("Waarde"), _("Streefwaarde"), _("Oordeel")],
            [
                [
                    reading.indicator.name,
                    reading.source_text,
                    f"{date_format(reading.span.start)} – {date_format(reading.span.end)}",
                    reading.text,
                    reading.target_text,
                    reading.verdict_label,
                ]
                for reading in readings
            ],
            note=_(
                "Cijfers uit de monitor volgen de publicatieregels: aantallen van 1 tot en met 4 "
                "staan er als <5; een mediaan of percentage over minder dan 10 als –."
            ),
        )
    ]
    if charts_too:
        for reading in readings:
            spec = indicators.trend_spec(reading)
            if spec is None:
                continue
            spec = {**spec, "width": charts.WIDTH}
            tables.append(
                DocTable(
                    _("Verloop: %(name)s") % {"name": reading.indicator.name},
                    [_("Kwartaal"), _("Waarde")],
                    [[point.label, point.text] for point in reading.trend],
                    chart=Chart(
                        spec,
                        _(
                            "Lijn van %(name)s per kwartaal met de streefwaarde als stippellijn; "
                            "de waarden staan in de tabel."
                        )
                        % {"name": reading.indicator.name},
                    ),
                )
            )
    return tables


def stand_van_zaken(
    programme: Programme, moment: ReportingMoment, progress: Progress = _quiet
) -> Document:
    """Every action grouped by theme with its status at the moment; changes marked."""
    rows = selectors.statuses(programme, moment)
    previous = selectors.previous_moment(moment)
    progress(_("acties"), 1, 3)
    counter = Counter(row.status for row in rows if row.status)
    changed = [row for row in rows if row.changed and row.at_moment]
    intro = [
        _("Peildatum %(date)s. %(count)s acties, waarvan %(changed)s gewijzigd sinds %(previous)s.")
        % {
            "date": date_format(moment.reference_date),
            "count": len(rows),
            "changed": len(changed),
            "previous": previous.title if previous else _("de start"),
        }
    ]
    sections = [
        DocSection(
            _("Samenvatting"),
            intro,
            [
                _status_table(
                    counter, _("Acties per status"), _status_chart(counter, _("Acties per status"))
                )
            ],
        )
    ]
    themes: dict[int, DocSection] = {}
    tables: dict[int, DocTable] = {}
    for row in rows:
        theme = row.action.theme
        if theme.pk not in themes:
            themes[theme.pk] = DocSection(
                theme.title, [theme.description] if theme.description else []
            )
            tables[theme.pk] = DocTable(
                _("Acties in %(theme)s") % {"theme": theme.title},
                [_("Actie"), _("Trekker"), _("Status"), _("Vorige status"), _("Toelichting")],
                [],
            )
            themes[theme.pk].tables.append(tables[theme.pk])
        table = tables[theme.pk]
        if row.changed and row.at_moment:
            table.marked.add(len(table.rows))
        table.rows.append(
            [
                f"{row.action.number} {row.action.title}"
                + (f" ({_('gewijzigd')})" if row.changed and row.at_moment else ""),
                row.action.lead_organisation,
                row.label,
                row.previous.get_status_display() if row.previous else "—",
                row.update.note if row.update else "",
            ]
        )
    sections.extend(themes.values())
    progress(_("indicatoren"), 2, 3)
    indicator_tables = _indicator_table(programme, moment.reference_date, charts_too=False)
    if indicator_tables:
        sections.append(DocSection(_("Indicatoren"), [], indicator_tables))
    return Document(
        _("Stand van zaken: %(programme)s") % {"programme": programme.name},
        moment.title,
        sections,
        _generated(),
    )


def _monitor_tables(table: ReportTable) -> DocTable:
    chart = Chart(table.chart.spec, table.chart.alt) if table.chart else None
    return DocTable(
        table.caption,
        [column or _("Onderwerp") for column in table.columns],
        [[table.text(cell) for cell in row] for row in table.rows],
        chart=chart,
    )


def evaluation_as_of(year: int) -> datetime.date:
    return min(datetime.date(year, 12, 31), timezone.localdate())


def yearly_evaluation(programme: Programme, year: int, progress: Progress = _quiet) -> Document:
    """The year for the councils: the monitor's published figures for the programme's area and
    the progress of its actions, milestones and indicators."""
    as_of = evaluation_as_of(year)
    start = datetime.date(year, 1, 1)
    municipalities = list(programme.municipalities.order_by("code").values_list("code", flat=True))
    area = municipalities[0] if len(municipalities) == 1 else None
    progress(_("monitorcijfers"), 0, 4)
    report = build_report(Period(start, as_of, as_of, area))
    monitor = DocSection(
        _("De cijfers van de monitor"),
        [
            _(
                "%(area)s, %(period)s. Aantallen van 1 tot en met 4 staan er als <5; percentages, "
                "medianen en gemiddelden over minder dan 10 als –."
            )
            % {"area": report.area.title, "period": report.period_text}
        ],
        [_monitor_tables(report.summary)],
    )
    for section in report.sections:
        if section.code == QUARTERS:
            monitor.tables.extend(_monitor_tables(table) for table in section.tables)
    progress(_("acties"), 1, 4)
    moment = programme.moments.filter(reference_date__lte=as_of).order_by("-reference_date").first()
    rows = selectors.statuses(programme, moment)
    counter = Counter(row.status for row in rows if row.status)
    milestones = [m for row in rows for m in row.action.milestones.all() if m.planned_year == year]
    reached = [m for m in milestones if m.reached_on is not None and not m.late_on(as_of)]
    late = [m for m in milestones if m.late_on(as_of)]
    actions = DocSection(
        _("Voortgang van de acties"),
        [
            _(
                "Stand op %(moment)s. Van de %(count)s mijlpalen in %(year)s zijn er "
                "%(reached)s op "
                "tijd bereikt en %(late)s te laat of nog niet bereikt."
            )
            % {
                "moment": moment.title if moment else _("geen rapportagemoment"),
                "count": len(milestones),
                "year": year,
                "reached": len(reached),
                "late": len(late),
            }
        ],
        [
            _status_table(
                counter, _("Acties per status"), _status_chart(counter, _("Acties per status"))
            ),
            DocTable(
                _("Acties en hun status"),
                [_("Actie"), _("Thema"), _("Status"), _("Toelichting")],
                [
                    [
                        f"{row.action.number} {row.action.title}",
                        row.action.theme.title,
                        row.label,
                        row.update.note if row.update else "",
                    ]
                    for row in rows
                ],
            ),
            DocTable(
                _("Mijlpalen in %(year)s") % {"year": year},
                [_("Mijlpaal"), _("Actie"), _("Gepland"), _("Bereikt op")],
                [
                    [
                        m.title + (f" ({_('te laat')})" if m.late_on(as_of) else ""),
                        m.action.number,
                        m.planned_label,
                        date_format(m.reached_on) if m.reached_on else "—",
                    ]
                    for m in milestones
                ],
            ),
        ],
    )
    progress(_("indicatoren"), 2, 4)
    indicator_tables = _indicator_table(programme, as_of, charts_too=True)
    sections = [monitor, actions]
    if indicator_tables:
        sections.append(DocSection(_("Indicatoren en doelen"), [], indicator_tables))
    progress(_("opmaak"), 3, 4)
    return Document(
        _("Jaarevaluatie %(year)s: %(programme)s") % {"year": year, "programme": programme.name},
        _("Voor de gemeenteraden: de cijfers van de monitor en de voortgang van het programma"),
        sections,
        _generated(),
    )
