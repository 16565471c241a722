"""Starting and running a plek-csv import from the browser (functional admins only)."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.core.events import emit
from plek.exchange import progress
from plek.exchange.importer import import_directory
from plek.exchange.models import ImportJob, ImportStatus
from plek.exchange.spec import FILES

KNOWN_FILES = {spec.filename for spec in FILES}
MAX_FILE_BYTES = 200 * 1024 * 1024


def job_directory(job: ImportJob) -> Path:
    return Path(settings.VAR_DIR) / "imports" / str(job.pk)


def start_import(actor: Actor, uploads: Iterable[UploadedFile]) -> ImportJob:
    """Store the uploaded plek-csv files and queue their import; refuses unknown file names."""
    if actor.role != Role.BEHEER:
        raise PermissionDenied
    files = list(uploads)
    _validate_uploads(files)
    job = ImportJob.objects.create(
        created_by=actor.user,
        membership=actor.membership,
        files=sorted(str(upload.name) for upload in files),
    )
    directory = job_directory(job)
    directory.mkdir(parents=True, exist_ok=True)
    for upload in files:
        with (directory / Path(str(upload.name)).name).open("wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
    progress.report(job.pk, "wachtrij", 0, 3)
    emit("import.started", job_id=str(job.pk), file_count=len(files))
    from plek.exchange.tasks import run_import_job

    # After the commit, so a worker elsewhere finds the job; eager in the embedded default.
    transaction.on_commit(lambda: run_import_job.delay(str(job.pk)))
    return job


def _validate_uploads(files: list[UploadedFile]) -> None:
    if not files:
        raise ValidationError({"files": _("Kies een of meer plek-csv-bestanden.")})
    for upload in files:
        name = Path(str(upload.name)).name
        if name not in KNOWN_FILES:
            raise ValidationError(
                {
                    "files": _("'%(name)s' is geen plek-csv-bestand; toegestaan zijn: %(known)s.")
                    % {"name": name, "known": ", ".join(sorted(KNOWN_FILES))}
                }
            )
        if upload.size and upload.size > MAX_FILE_BYTES:
            raise ValidationError({"files": _("'%(name)s' is groter dan 200 MB.") % {"name": name}})


def run_import(job_id: str) -> ImportJob:
    """Run a queued import: all or nothing, with progress in the cache and problems on the job.

    Whatever happens (a problem in the files, the database gone, a bug), the job ends as done or
    failed and the uploaded files, personal data, are removed.
    """
    job = ImportJob.objects.select_related("created_by", "membership").get(pk=job_id)
    try:
        _run(job)
    except Exception as error:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED,
            problems=[f"::: de import brak af ({type(error).__name__}); er is niets opgeslagen"],
            finished_at=timezone.now(),
        )
        job.refresh_from_db()
    finally:
        progress.report(job.pk, "klaar", 3, 3)
        shutil.rmtree(job_directory(job), ignore_errors=True)
    emit("import.finished", job_id=str(job.pk), status=job.status, problem_count=len(job.problems))
    return job


def _run(job: ImportJob) -> None:
    actor = Actor(user=job.created_by, membership=job.membership)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    result = import_directory(
        job_directory(job),
        lambda stage, done, total: progress.report(job.pk, stage, done, total),
        actor=actor,  # logs one row per person written, inside the import's transaction
    )
    with transaction.atomic():
        job.status = ImportStatus.DONE if result.ok else ImportStatus.FAILED
        job.rows = result.rows
        # file:row:column: message, as the page shows them in columns; the rest only counted.
        job.problems = [str(problem) for problem in result.problems] + (
            [f":::… en nog {result.more_problems} problemen (niet getoond)"]
            if result.more_problems
            else []
        )
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "rows", "problems", "finished_at"])
