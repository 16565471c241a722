"""Reports made in the background: a job row, its progress in the cache (as the import does),
and the file stored with the job when done. Celery runs it; eagerly in the embedded default."""

from __future__ import annotations

import datetime
import logging
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.accounts.context import Actor
from plek.accounts.models import Municipality
from plek.core.tasks import enqueue_on_commit
from plek.programs import reports
from plek.programs.document import Document, pdf_bytes, xlsx_bytes
from plek.programs.models import ReportJob, ReportKind
from plek.programs.services import require_editor

FORMATS = ("pdf", "xlsx")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TIMEOUT_SECONDS = 24 * 3600
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobProgress:
    stage: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))


def _key(job_id: object) -> str:
    return f"plek:programs:report:{job_id}"


def report_progress(job_id: object, stage: str, done: int, total: int) -> None:
    cache.set(_key(job_id), asdict(JobProgress(stage, done, total)), TIMEOUT_SECONDS)


def current_progress(job_id: object) -> JobProgress | None:
    stored = cache.get(_key(job_id))
    return JobProgress(**stored) if stored else None


def start_report(
    actor: Actor, kind: str, file_format: str, parameters: dict[str, Any], programme_id: int | None
) -> ReportJob:
    """Queue a report. Policy officers and functional admins may ask for one."""
    require_editor(actor)
    if file_format not in FORMATS:
        raise ValidationError({"file_format": _("Kies PDF of XLSX.")})
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Onbekende soort rapport.")})
    job = ReportJob.objects.create(
        kind=kind,
        file_format=file_format,
        programme_id=programme_id,
        parameters=parameters,
        created_by=actor.user,
    )
    report_progress(job.pk, _("in de wachtrij"), 0, 4)
    from plek.programs.tasks import generate_report_job

    # With the broker away the job stays queued and plek.core.tasks resumes it later.
    job.handover = enqueue_on_commit(generate_report_job, job.pk)
    return job


def _document(job: ReportJob) -> Document:
    def progress(stage: str, done: int, total: int) -> None:
        report_progress(job.pk, stage, done, total + 1)

    assert job.programme is not None
    if job.kind == ReportKind.STAND:
        moment = job.programme.moments.get(pk=job.parameters["moment"])
        return reports.stand_van_zaken(job.programme, moment, progress)
    return reports.yearly_evaluation(job.programme, int(job.parameters["year"]), progress)


def _council_report(job: ReportJob) -> bytes:
    from plek.monitor.engine import Period
    from plek.monitor.report.content import build_report
    from plek.monitor.report.pdf import write_pdf
    from plek.monitor.report.spreadsheet import write_xlsx

    params = job.parameters
    start = datetime.date.fromisoformat(params["start"])
    end = datetime.date.fromisoformat(params["end"])
    as_of = max(end, timezone.localdate())
    report_progress(job.pk, _("monitorcijfers"), 1, 3)
    report = build_report(Period(start, end, as_of, params.get("municipality") or None))
    report_progress(job.pk, _("opmaak"), 2, 3)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"rapport.{job.file_format}"
        (write_pdf if job.file_format == "pdf" else write_xlsx)(report, path)
        return path.read_bytes()


def _file_name(job: ReportJob) -> str:
    stamp = timezone.localdate().isoformat()
    if job.kind == ReportKind.RAAD:
        return (
            f"raadsrapportage-{job.parameters['start']}-{job.parameters['end']}.{job.file_format}"
        )
    base = {"stand": "stand-van-zaken", "evaluatie": "jaarevaluatie"}[job.kind]
    return f"{base}-{job.programme_id}-{stamp}.{job.file_format}"


def run_report(job_id: int) -> ReportJob:
    job = ReportJob.objects.select_related("programme").get(pk=job_id)
    try:
        if job.kind == ReportKind.RAAD:
            content = _council_report(job)
        else:
            document = _document(job)
            content = pdf_bytes(document) if job.file_format == "pdf" else xlsx_bytes(document)
    except Exception:
        job.failed = True
        job.finished_at = timezone.now()
        job.save(update_fields=["failed", "finished_at"])
        report_progress(job.pk, _("mislukt"), 1, 1)
        logger.exception("rapport mislukt", extra={"job": job.pk})
        return job
    job.content = content
    job.file_name = _file_name(job)
    job.finished_at = timezone.now()
    job.save(update_fields=["content", "file_name", "finished_at"])
    report_progress(job.pk, _("klaar"), 1, 1)
    return job


def job_for(actor: Actor, job_id: int) -> ReportJob:
    """A report job, only for the one who asked for it."""
    job = ReportJob.objects.defer("content").get(pk=job_id)
    if job.created_by_id != actor.user.pk:
        raise PermissionDenied
    return job


def municipality_choices() -> list[tuple[str, str]]:
    return list(Municipality.objects.order_by("name").values_list("code", "name"))
