"""Programmes: history of statuses, verdicts, round trips, import errors, reports and roles."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.core.dates import today as plek_today
from plek.exchange.importer import import_directory
from plek.monitor.engine import Period, compute
from plek.monitor.report.suppression import Kind, Published
from plek.programs import indicators, interchange, reports, selectors, services, worklists
from plek.programs.document import pdf_bytes, xlsx_bytes
from plek.programs.models import (
    Action,
    Indicator,
    Milestone,
    Programme,
    ReportingMoment,
    ReportJob,
    StatusUpdate,
)

GOLDEN_REGION = Path(__file__).parents[1] / "monitor" / "golden" / "region"


def test_status_updates_are_history_and_changes_show(programme: Programme, officer: Actor) -> None:
    first, second = selectors.moments(programme)
    action = programme.actions.get(number="2.1")
    services.record_status(officer, action, second, "vertraagd", "Locatie valt af")
    services.record_status(officer, action, second, "realisatie", "Toch een locatie")
    assert StatusUpdate.objects.filter(action=action).count() == 3  # nothing overwritten
    rows = {row.action.number: row for row in selectors.statuses(programme, second)}
    assert rows["2.1"].status == "realisatie" and rows["2.1"].changed and rows["2.1"].at_moment
    assert rows["2.1"].previous is not None and rows["2.1"].previous.status == "planning"
    document = reports.stand_van_zaken(programme, second)
    text = str([table.rows for section in document.sections for table in section.tables])
    assert "Toch een locatie" in text and "(gewijzigd)" in text
    # The earlier moment still shows what was true then.
    then = {row.action.number: row for row in selectors.statuses(programme, first)}
    assert then["2.1"].status == "planning"


def test_settled_moment_takes_no_status_and_only_editors_change(
    programme: Programme, officer: Actor, member: Any
) -> None:
    first = selectors.moments(programme)[0]
    with pytest.raises(ValidationError):
        services.record_status(officer, programme.actions.first(), first, "gereed")
    worker = member(Role.WIJKTEAM)
    with pytest.raises(PermissionDenied):
        services.record_moment(
            Actor(worker.user, worker), programme, "X", datetime.date(2025, 3, 31)
        )
    admin = member(Role.BEHEER)
    services.record_moment(Actor(admin.user, admin), programme, "Q1", datetime.date(2025, 3, 31))
    with pytest.raises(ValidationError) as error:
        services.record_moment(officer, programme, "nog eens", datetime.date(2025, 3, 31))
    assert "reference_date" in error.value.message_dict


def test_motion_and_late_milestones(programme: Programme) -> None:
    motion = programme.actions.get(number="2.1")
    assert motion.origin == "motie" and motion.motion_reference == "M-2024-3"
    late = Milestone.objects.get(title="Locatie")
    assert late.late_on(datetime.date(2025, 1, 1)) and not late.late_on(datetime.date(2024, 12, 31))


@pytest.mark.parametrize(
    ("direction", "baseline", "value", "elapsed", "expected"),
    [
        ("hoger", None, 25, "0.5", indicators.REACHED),
        ("hoger", None, 13, "0.5", indicators.ON_TRACK),
        ("hoger", None, 12, "0.5", indicators.BEHIND),
        ("lager", "56", 28, "0.1", indicators.REACHED),
        ("lager", "56", 40, "0.5", indicators.ON_TRACK),
        ("lager", "56", 50, "0.5", indicators.BEHIND),
        ("lager", None, 50, "0.5", indicators.BEHIND),
    ],
)
def test_verdict(
    direction: str, baseline: str | None, value: int, elapsed: str, expected: str
) -> None:
    indicator = Indicator(
        name="x",
        direction=direction,
        target=Decimal(25 if direction == "hoger" else 28),
        baseline=Decimal(baseline) if baseline else None,
    )
    cell = Published(Kind.COUNT, value)
    assert indicators.verdict(indicator, cell, Decimal(elapsed)) == expected
    suppressed = Published(Kind.COUNT, None, indicators.count(3).reason)
    assert indicators.verdict(indicator, suppressed, Decimal(elapsed)) == indicators.UNKNOWN


def test_indicator_bound_to_m9_shows_the_engines_published_value(
    programme: Programme,
) -> None:
    assert import_directory(GOLDEN_REGION).ok
    indicator = Indicator.objects.get(source="M9.median_days")
    as_of = datetime.date(2025, 3, 31)
    reading = indicators.read(indicator, as_of)
    engine = compute(Period(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), as_of))["M9"]
    from plek.monitor.report.formatting import display
    from plek.monitor.report.suppression import statistic

    assert reading.text == display(statistic(engine["median_days"], engine["decisions"]))
    assert reading.span.start == datetime.date(2024, 1, 1)
    assert len(reading.trend) == 6


def test_yaml_round_trip_gives_identical_content(programme: Programme, officer: Actor) -> None:
    exported = interchange.export_programme(programme)
    text = interchange.to_yaml(exported)
    again = interchange.import_upload(officer, "programma.yaml", text.encode("utf-8"))
    assert again.pk != programme.pk
    assert interchange.export_programme(again) == exported


def test_xlsx_round_trip_gives_identical_content_and_neutralises_formulas(
    programme: Programme, officer: Actor
) -> None:
    exported = interchange.export_programme(programme)
    content = interchange.to_xlsx(exported)
    book = load_workbook(io.BytesIO(content))
    texts = [cell.value for row in book["acties"].iter_rows() for cell in row]
    assert "'=SOM(A1:A2) staat hier als tekst" in texts
    assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows() for cell in row)
    again = interchange.import_upload(officer, "programma.xlsx", content)
    assert interchange.export_programme(again) == exported


def test_import_errors_name_sheet_row_and_column_and_store_nothing(
    programme: Programme, officer: Actor, programme_data: dict[str, Any]
) -> None:
    before = (Programme.objects.count(), Action.objects.count(), StatusUpdate.objects.count())
    book = load_workbook(io.BytesIO(interchange.to_xlsx(programme_data)))
    book["acties"]["B3"] = "Onbekend"
    book["mijlpalen"]["D2"] = "Q5"
    book["statussen"]["B4"] = "2024-13-01"
    book["indicatoren"]["D2"] = "M99.iets"
    buffer = io.BytesIO()
    book.save(buffer)
    content = buffer.getvalue()
    with pytest.raises(interchange.ImportFailed) as failed:
        interchange.import_upload(officer, "fout.xlsx", content)
    problems = {(p.sheet, p.row, p.column) for p in failed.value.problems}
    assert ("acties", 3, "thema") in problems
    assert ("mijlpalen", 2, "deel") in problems
    assert ("statussen", 4, "peildatum") in problems
    assert ("indicatoren", 2, "bron") in problems
    assert "onbekend thema 'Onbekend'" in str(failed.value.problems)
    after = (Programme.objects.count(), Action.objects.count(), StatusUpdate.objects.count())
    assert before == after


def test_import_refuses_other_files_and_broken_yaml(officer: Actor, db: None) -> None:
    with pytest.raises(interchange.ImportFailed):
        interchange.import_upload(officer, "x.csv", b"a,b")
    with pytest.raises(interchange.ImportFailed) as failed:
        interchange.import_upload(officer, "x.yaml", b"programma: [unclosed")
    assert "geen geldige YAML" in str(failed.value.problems[0])


def test_yearly_evaluation_pdf_has_charts_and_suppressed_cells(
    programme: Programme, tmp_path: Path
) -> None:
    assert import_directory(GOLDEN_REGION).ok
    document = reports.yearly_evaluation(programme, 2024)
    charts = [t.chart for s in document.sections for t in s.tables if t.chart]
    assert len(charts) >= 2
    cells = [str(c) for s in document.sections for t in s.tables for r in t.rows for c in r]
    assert "<5" in cells or "–" in cells
    content = pdf_bytes(document)
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Jaarevaluatie 2024" in text and "Acties per status" in text
    workbook = load_workbook(io.BytesIO(xlsx_bytes(document)))
    assert "Voortgang van de acties" in workbook.sheetnames


def test_report_job_runs_and_downloads(
    programme: Programme, client_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_as(Role.BELEID)
    moment = selectors.moments(programme)[1]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/programmas/momenten/{moment.pk}/rapport/", {"file_format": "xlsx"}
        )
    job = ReportJob.objects.get()
    assert response.status_code == 302 and job.finished and not job.failed
    download = client.get(f"/programmas/rapporten/{job.pk}/download/")
    assert download.status_code == 200
    assert load_workbook(io.BytesIO(download.content)).sheetnames[0] == "Samenvatting"
    # Someone else cannot fetch it.
    other = client_as(Role.BELEID)
    assert other.get(f"/programmas/rapporten/{job.pk}/download/").status_code == 403


ROLES_THAT_EDIT = {Role.BELEID, Role.BEHEER}


@pytest.mark.parametrize("role", Role.values)
def test_every_role_reads_only_policy_and_admin_edit(
    programme: Programme, client_as: Any, role: str
) -> None:
    client = client_as(role)
    assert client.get(f"/programmas/{programme.pk}/").status_code == 200
    assert client.get(f"/programmas/{programme.pk}/planning/").status_code == 200
    moment = selectors.moments(programme)[1]
    response = client.post(
        f"/programmas/momenten/{moment.pk}/",
        {"action": programme.actions.first().pk, "status": "gereed", "note": ""},
    )
    assert response.status_code == (302 if role in ROLES_THAT_EDIT else 403)


def test_start_page_lists_come_from_real_data(programme: Programme, officer: Actor) -> None:
    assert [item.label for item in worklists.reports_in_preparation(officer)] == [
        "Stand 2e helft 2024 · Proefprogramma"
    ]
    action = programme.actions.get(number="1.1")
    today = plek_today()
    Milestone.objects.create(
        action=action,
        title="Nu",
        planned_year=today.year,
        planned_part=f"Q{(today.month - 1) // 3 + 1}",
    )
    items = worklists.milestones_this_quarter(officer)
    assert [item.label for item in items] == ["1.1 Tijdelijk wonen"]


def test_pages_and_reports_hold_no_person_data(programme: Programme, client_as: Any) -> None:
    assert import_directory(GOLDEN_REGION).ok
    from plek.people.models import Person

    names = set(Person.objects.values_list("family_name", flat=True)) - {"", None}
    bsns = set(Person.objects.values_list("bsn", flat=True)) - {"", None}
    assert names
    client: Client = client_as(Role.BELEID)
    moment = selectors.moments(programme)[1]
    pages = [
        f"/programmas/{programme.pk}/",
        f"/programmas/{programme.pk}/planning/",
        f"/programmas/momenten/{moment.pk}/",
        *[f"/programmas/indicatoren/{i.pk}/" for i in programme.indicators.all()],
        f"/programmas/{programme.pk}/export.yaml",
    ]
    texts = [client.get(page).content.decode() for page in pages]
    document = reports.yearly_evaluation(programme, 2024)
    pdf = PdfReader(io.BytesIO(pdf_bytes(document)))
    texts.append("\n".join(page.extract_text() for page in pdf.pages))
    for text in texts:
        for value in names | bsns:
            assert value not in text, value


def test_moment_reference_is_unique_per_programme(programme: Programme) -> None:
    assert ReportingMoment.objects.filter(programme=programme).count() == 2


def test_progress_bar_polls_until_the_report_is_done(
    programme: Programme, client_as: Any, officer: Actor
) -> None:
    client = client_as(Role.BELEID)
    from plek.accounts.models import User

    user = User.objects.get(pk=client.session["_auth_user_id"])
    job = ReportJob.objects.create(
        kind="evaluatie",
        file_format="pdf",
        programme=programme,
        created_by=user,
        parameters={"year": 2024},
    )
    from plek.programs import jobs

    jobs.report_progress(job.pk, "acties", 2, 4)
    partial = client.get(f"/programmas/rapporten/{job.pk}/voortgang/").content.decode()
    assert 'hx-trigger="every 1s"' in partial and 'value="50"' in partial
    assert client.get(f"/programmas/rapporten/{job.pk}/download/").status_code == 404
    jobs.run_report(job.pk)
    partial = client.get(f"/programmas/rapporten/{job.pk}/voortgang/").content.decode()
    assert "hx-trigger" not in partial and "Download jaarevaluatie" in partial
    pdf = client.get(f"/programmas/rapporten/{job.pk}/download/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_council_report_from_the_browser(
    programme: Programme, client_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    assert import_directory(GOLDEN_REGION).ok
    client = client_as(Role.BELEID)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/programmas/raadsrapportage/",
            {"start": "2024-01-01", "end": "2024-12-31", "municipality": "", "file_format": "pdf"},
        )
    job = ReportJob.objects.get(kind="raad")
    assert response.status_code == 302 and job.finished and not job.failed
    content = client.get(f"/programmas/rapporten/{job.pk}/download/").content
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Monitor sluitende aanpak" in text
    assert client_as(Role.WIJKTEAM).get("/programmas/raadsrapportage/").status_code == 403


def test_an_action_after_a_motion_needs_its_reference_and_is_marked(
    programme: Programme, client_as: Any
) -> None:
    client = client_as(Role.BELEID)
    theme = programme.themes.get(title="Zorg")
    data = {
        "actie-theme": theme.pk,
        "actie-number": "2.2",
        "actie-title": "Extra plekken voor jongeren",
        "actie-lead_organisation": "Team zorg",
        "actie-origin": "motie",
        "actie-motion_reference": "",
    }
    url = f"/programmas/{programme.pk}/acties/nieuw/"
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Geef het kenmerk van de motie" in refused.content.decode()
    assert not programme.actions.filter(number="2.2").exists()
    response = client.post(url, {**data, "actie-motion_reference": "M-2025-8"})
    assert response.status_code == 302
    action = programme.actions.get(number="2.2")
    assert action.origin == "motie" and action.added_on is not None
    page = client.get(f"/programmas/{programme.pk}/").content.decode()
    assert "Na een motie van de raad M-2025-8" in page
    assert client_as(Role.AANBIEDER).post(url, data).status_code == 403
