"""Starting, running and rerunning a plek-csv import from the browser (functional admins only).

The uploaded files go to the ``imports`` storage (settings.STORAGES), which the web nodes and
the Celery workers share; the worker copies them to a private temporary directory for the
import and removes them from the storage as soon as the job's end is recorded. A job whose
worker died keeps them, so that ``plek jobs rerun ID`` can run it again (or ``plek jobs discard
ID`` removes them).
"""

from __future__ import annotations

import datetime
import logging
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.core.events import emit
from plek.core.leases import expired, heartbeat, lease_from_now, queue_deadline
from plek.core.tasks import enqueue_on_commit
from plek.exchange import progress
from plek.exchange.importer import ImportResult, import_directory
from plek.exchange.models import ImportJob, ImportStatus
from plek.exchange.reader import Problem
from plek.exchange.spec import FILES

logger = logging.getLogger(__name__)

KNOWN_FILES = {spec.filename for spec in FILES}
MAX_FILE_BYTES = 200 * 1024 * 1024
# The job keeps this many problem lines (the page pages through them) and counts the rest; a
# garbage file must not turn into a job row of tens of megabytes.
MAX_STORED_PROBLEMS = 1000
MAX_PROBLEM_CHARS = 500
STORAGE = "imports"
# The private copy a worker imports from; named after the job so a restarted worker can remove
# what a killed one left behind (remove_stale_copies).
COPY_PREFIX = "plek-import-"
CHUNK_BYTES = 1024 * 1024
# An upload of nothing: no file chosen, or a chosen folder without files in it.
NOTHING_CHOSEN = gettext_lazy(
    "Kies een of meer plek-csv-bestanden (zoals persons.csv); er is niets gekozen of de map is "
    "leeg."
)


class RerunRefused(Exception):
    """A job that may not be run again, with the Dutch reason."""


def upload_storage() -> Storage:
    return storages[STORAGE]


def stored_name(job: ImportJob, file_name: str) -> str:
    return f"{job.pk}/{file_name}"


def start_import(actor: Actor, uploads: Iterable[UploadedFile]) -> ImportJob:
    """Store the uploaded plek-csv files and queue their import; refuses unknown file names."""
    if actor.role != Role.BEHEER:
        raise PermissionDenied
    files = list(uploads)
    _validate_uploads(files)
    job = ImportJob.objects.create(
        created_by=actor.user,
        membership=actor.membership,
        files=sorted(Path(str(upload.name)).name for upload in files),
    )
    try:
        _store_uploads(job, files)
    except Exception:
        discard_uploads(job)
        job.delete()
        raise
    progress.report(job.pk, "wachtrij", 0, 3)
    emit("import.started", job_id=str(job.pk), file_count=len(files))
    _queue(job)
    return job


def _queue(job: ImportJob) -> None:
    from plek.exchange.tasks import run_import_job

    # With the broker away the job stays queued and plek.core.tasks resumes it later.
    job.handover = enqueue_on_commit(run_import_job, str(job.pk))


def waiting_job_ids(before: datetime.datetime) -> list[str]:
    """Jobs stored as queued before ``before`` and still alive: their message may never have
    reached a worker (the broker was away), so plek.core.tasks hands them over again."""
    return [
        str(pk)
        for pk in ImportJob.objects.filter(
            status=ImportStatus.QUEUED, created_at__lt=before, lease_expires_at__gt=timezone.now()
        ).values_list("pk", flat=True)
    ]


def _store_uploads(job: ImportJob, files: list[UploadedFile]) -> None:
    storage = upload_storage()
    for upload in files:
        wanted = stored_name(job, Path(str(upload.name)).name)
        upload.seek(0)
        saved = storage.save(wanted, upload)
        if saved != wanted:  # a storage that renames would lose the file's plek-csv name
            raise RuntimeError(f"de opslag bewaarde {wanted} als {saved}")


def discard_uploads(job: ImportJob) -> None:
    """Remove the job's uploaded files (personal data) from the shared storage."""
    storage = upload_storage()
    for name in job.files:
        storage.delete(stored_name(job, name))
    # A file system storage leaves the job's empty folder; other storages have no folders.
    location = getattr(storage, "location", None)
    if location:
        shutil.rmtree(Path(location) / str(job.pk), ignore_errors=True)


def _validate_uploads(files: list[UploadedFile]) -> None:
    if not files:
        raise ValidationError({"files": str(NOTHING_CHOSEN)})
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
        if not upload.size:
            raise ValidationError(
                {
                    "files": _("'%(name)s' is leeg: er staat zelfs geen kopregel in.")
                    % {"name": name}
                }
            )
    if not any(_has_data_rows(upload) for upload in files):
        raise ValidationError(
            {
                "files": _(
                    "De bestanden bevatten alleen kopregels en geen gegevens: er is niets om te "
                    "importeren."
                )
            }
        )


def _has_data_rows(upload: UploadedFile) -> bool:
    """Whether anything but white space follows the header line (read in chunks, not whole)."""
    upload.seek(0)
    header_done = False
    try:
        for chunk in upload.chunks():
            if not header_done:
                end = chunk.find(b"\n")
                if end < 0:
                    continue
                header_done, chunk = True, chunk[end + 1 :]
            if chunk.strip():
                return True
        return False
    finally:
        upload.seek(0)


def run_import(job_id: str) -> ImportJob:
    """Run a queued import: all or nothing, with progress in the cache and problems on the job.

    Only a queued job that is still alive is taken (a task delivered twice runs once). Whatever
    happens in the import (a problem in the files, the database gone, a bug), the job ends done
    or failed and the uploaded files are removed. If even that end cannot be written, or the
    process dies, the lease runs out and the job reads as aborted, files kept for a rerun.
    """
    if not _claim(job_id):
        return ImportJob.objects.get(pk=job_id)
    job = ImportJob.objects.select_related("created_by", "membership").get(pk=job_id)
    alive = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING)
    try:
        with heartbeat(lambda end: alive.update(lease_expires_at=end)):
            result = _import_stored_files(job)
        _record(job, result)
    except Exception as error:
        logger.exception("import.crashed", extra={"job": str(job.pk)})
        _record_crash(job, error)
    discard_uploads(job)
    progress.report(job.pk, "klaar", 3, 3)
    job.refresh_from_db()
    emit("import.finished", job_id=str(job.pk), status=job.status, problem_count=job.problem_count)
    return job


def _claim(job_id: str) -> bool:
    """Mark a queued, unexpired job running under a fresh lease; False if another has it."""
    claimed = ImportJob.objects.filter(
        pk=job_id, status=ImportStatus.QUEUED, lease_expires_at__gt=timezone.now()
    ).update(status=ImportStatus.RUNNING, lease_expires_at=lease_from_now())
    return claimed == 1


def _import_stored_files(job: ImportJob) -> ImportResult:
    actor = Actor(user=job.created_by, membership=job.membership)
    storage = upload_storage()
    with tempfile.TemporaryDirectory(prefix=f"{COPY_PREFIX}{job.pk}-") as copy:
        for name in job.files:
            try:
                source = storage.open(stored_name(job, name), "rb")
            except FileNotFoundError:
                message = (
                    "het geüploade bestand is niet (meer) in de gedeelde opslag; upload opnieuw"
                )
                return ImportResult([Problem(name, 0, "", message)])
            with source, (Path(copy) / name).open("wb") as target:
                shutil.copyfileobj(source, target, CHUNK_BYTES)
        return import_directory(
            Path(copy),
            lambda stage, done, total: progress.report(job.pk, stage, done, total),
            actor=actor,  # logs one row per person written, inside the import's transaction
        )


def stored_problems(result: ImportResult) -> tuple[list[str], int]:
    """The problem lines a job keeps (bounded, each line too) and the number of problems."""
    lines = [str(problem)[:MAX_PROBLEM_CHARS] for problem in result.problems]
    total = len(lines) + result.more_problems
    kept = lines[:MAX_STORED_PROBLEMS]
    if total > len(kept):
        kept.append(f":::… en nog {total - len(kept)} problemen (niet getoond)")
    return kept, total


def _record(job: ImportJob, result: ImportResult) -> None:
    problems, count = stored_problems(result)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE if result.ok else ImportStatus.FAILED,
        rows=result.rows,
        problems=problems,
        problem_count=count,
        finished_at=timezone.now(),
        lease_expires_at=None,
    )


def _record_crash(job: ImportJob, error: Exception) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.FAILED,
        problems=[f"::: de import brak af ({type(error).__name__}); er is niets opgeslagen"],
        problem_count=1,
        finished_at=timezone.now(),
        lease_expires_at=None,
    )


def rerun_import(job_id: str) -> ImportJob:
    """Run an aborted import again, here and now, from the files it kept."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.state != ImportStatus.ABORTED:
            raise RerunRefused(
                _(
                    "Import %(job)s is niet afgebroken maar '%(state)s'; alleen een afgebroken "
                    "import kan opnieuw."
                )
                % {"job": job.pk, "state": job.state.label}
            )
        storage = upload_storage()
        missing = [name for name in job.files if not storage.exists(stored_name(job, name))]
        if missing:
            raise RerunRefused(
                _(
                    "De bestanden van import %(job)s zijn niet meer bewaard (%(files)s); upload ze "
                    "opnieuw."
                )
                % {"job": job.pk, "files": ", ".join(missing)}
            )
        job.status = ImportStatus.QUEUED
        job.lease_expires_at = queue_deadline()
        job.attempts += 1
        job.save(update_fields=["status", "lease_expires_at", "attempts"])
    return run_import(str(job.pk))


def discard_import(job_id: str) -> ImportJob:
    """Give an aborted import up: mark it so and remove its kept files."""
    job = ImportJob.objects.get(pk=job_id)
    if job.state != ImportStatus.ABORTED:
        raise RerunRefused(
            _("Import %(job)s is niet afgebroken maar '%(state)s'.")
            % {"job": job.pk, "state": job.state.label}
        )
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.ABORTED, finished_at=timezone.now(), lease_expires_at=None
    )
    discard_uploads(job)
    job.refresh_from_db()
    return job


def remove_stale_copies() -> list[str]:
    """Remove private copies a killed worker left in this host's temporary directory.

    A copy belongs to a job that is no longer alive (ended, or its lease ran out); a live job's
    copy, perhaps of another worker on the same host, is left alone.
    """
    folders = {
        path.name[len(COPY_PREFIX) : len(COPY_PREFIX) + 36]: path
        for path in Path(tempfile.gettempdir()).glob(f"{COPY_PREFIX}*")
        if path.is_dir()
    }
    if not folders:
        return []
    alive = {
        str(pk)
        for pk, status, lease in ImportJob.objects.filter(
            pk__in=[key for key in folders if _is_uuid(key)]
        ).values_list("pk", "status", "lease_expires_at")
        if status in {ImportStatus.QUEUED, ImportStatus.RUNNING} and not expired(lease)
    }
    removed = []
    for key, path in folders.items():
        if key not in alive:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


def _is_uuid(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
