"""Browser import jobs that can be trusted: a lease instead of a status that can stay "running",
the uploaded files in the shared storage only while needed, a bounded problem list, `plek jobs`."""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plek.exchange import services
from plek.exchange.importer import ImportResult
from plek.exchange.models import ImportJob, ImportStatus
from plek.exchange.reader import Problem
from plek.people.models import Person
from tests.exchange.test_upload import uploads
from tests.monitor.conftest import REGION

PAST = datetime.timedelta(seconds=5)


@pytest.fixture(autouse=True)
def imports_dir(settings: Any, tmp_path: Path) -> Path:
    directory = tmp_path / "shared-imports"
    settings.STORAGES = {
        **settings.STORAGES,
        "imports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(directory)},
        },
    }
    return directory


@pytest.fixture
def admin(client_as: Callable[..., Client]) -> Client:
    return client_as("beheer")


def queue(admin: Client, capture: Any, files: list[SimpleUploadedFile] | None = None) -> ImportJob:
    """Upload the files without running the task: the job waits, its files in the storage."""
    with capture(execute=False):
        response = admin.post(reverse("exchange:upload"), {"csv_files": files or uploads(REGION)})
    assert response.status_code == 302, response.content.decode()
    return ImportJob.objects.get()


def kill_worker(job: ImportJob) -> None:
    """What a worker killed mid-import leaves: a running job whose lease nobody renews."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, lease_expires_at=timezone.now() - PAST
    )


def test_a_job_whose_lease_ran_out_reads_aborted_on_the_page_the_list_and_the_cli(
    admin: Client, django_capture_on_commit_callbacks: Any, capsys: Any
) -> None:
    job = queue(admin, django_capture_on_commit_callbacks)
    kill_worker(job)
    job.refresh_from_db()
    assert (job.status, job.state, job.finished) == ("bezig", ImportStatus.ABORTED, True)
    page = admin.get(reverse("exchange:job", args=[job.pk])).content.decode()
    assert "Afgebroken" in page and f"plek jobs rerun {job.pk}" in page
    partial = admin.get(reverse("exchange:job-progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in partial and "Er is niets opgeslagen" in partial
    listing = admin.get(reverse("exchange:upload")).content.decode()
    assert '<td class="utrecht-table__cell">Afgebroken</td>' in listing
    call_command("jobs", "list")
    assert f"import  {job.pk}  Afgebroken" in capsys.readouterr().out


def test_a_running_job_with_a_live_lease_still_polls_and_cannot_be_rerun(
    admin: Client, django_capture_on_commit_callbacks: Any
) -> None:
    job = queue(admin, django_capture_on_commit_callbacks)
    assert job.state == ImportStatus.QUEUED and not job.finished
    partial = admin.get(reverse("exchange:job-progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in partial
    with pytest.raises(CommandError, match="niet afgebroken maar 'In de wachtrij'"):
        call_command("jobs", "rerun", str(job.pk))


def test_the_rerun_command_imports_an_aborted_job_from_its_kept_files(
    admin: Client, django_capture_on_commit_callbacks: Any, imports_dir: Path, capsys: Any
) -> None:
    job = queue(admin, django_capture_on_commit_callbacks)
    kill_worker(job)
    assert not Person.objects.exists()
    call_command("jobs", "rerun", str(job.pk))
    assert "opnieuw uitgevoerd: 51 rijen" in capsys.readouterr().out
    job.refresh_from_db()
    assert (job.status, job.rows, job.attempts, job.lease_expires_at) == ("klaar", 51, 1, None)
    assert Person.objects.exists()
    assert list(imports_dir.iterdir()) == []
    # Done is done: a second rerun is refused.
    with pytest.raises(CommandError, match="niet afgebroken maar 'Geïmporteerd'"):
        call_command("jobs", "rerun", str(job.pk))


def test_a_task_delivered_twice_runs_once(
    admin: Client, django_capture_on_commit_callbacks: Any
) -> None:
    job = queue(admin, django_capture_on_commit_callbacks)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, lease_expires_at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert services.run_import(str(job.pk)).status == ImportStatus.RUNNING
    assert not Person.objects.exists()


def test_discard_removes_the_kept_files_of_an_aborted_job(
    admin: Client, django_capture_on_commit_callbacks: Any, imports_dir: Path
) -> None:
    job = queue(admin, django_capture_on_commit_callbacks)
    kill_worker(job)
    call_command("jobs", "discard", str(job.pk))
    job.refresh_from_db()
    assert (job.status, job.state) == ("afgebroken", ImportStatus.ABORTED)
    assert list(imports_dir.iterdir()) == []
    with pytest.raises(CommandError, match="niet meer bewaard"):
        call_command("jobs", "rerun", str(job.pk))


def test_an_import_that_crashes_ends_failed_and_leaves_no_files(
    admin: Client, django_capture_on_commit_callbacks: Any, imports_dir: Path
) -> None:
    job = queue(admin, django_capture_on_commit_callbacks)
    # A stored "file" the worker cannot read as one: the import breaks off unexpectedly.
    stored = imports_dir / str(job.pk) / "persons.csv"
    stored.unlink()
    stored.mkdir()
    finished = services.run_import(str(job.pk))
    assert finished.status == ImportStatus.FAILED and finished.state == ImportStatus.FAILED
    assert finished.problems == [
        "::: de import brak af (IsADirectoryError); er is niets opgeslagen"
    ]
    assert finished.lease_expires_at is None and finished.finished_at is not None
    assert list(imports_dir.iterdir()) == []
    assert not Person.objects.exists()


def test_a_long_problem_list_is_stored_bounded_and_shown_in_pages(
    admin: Client, django_capture_on_commit_callbacks: Any
) -> None:
    rows = "".join(f"x{n},,A.,Fout,1980-13-01\n" for n in range(1500))
    persons = SimpleUploadedFile(
        "persons.csv", f"id,bsn,initials,family_name,birth_date\n{rows}".encode()
    )
    job = queue(admin, django_capture_on_commit_callbacks, [persons])
    job = services.run_import(str(job.pk))
    assert job.status == ImportStatus.FAILED
    assert job.problem_count >= 1500
    assert len(job.problems) <= services.MAX_STORED_PROBLEMS + 1
    assert job.problems_cut and job.problems[-1].startswith(":::… en nog ")
    page = admin.get(reverse("exchange:job", args=[job.pk])).content.decode()
    assert f"{job.problem_count} problemen gevonden" in page
    assert page.count('<tr class="utrecht-table__row">') == 1 + 100  # header and one page
    assert "Pagina 1 van" in page
    last = admin.get(reverse("exchange:job", args=[job.pk]) + "?page=11").content.decode()
    assert "… en nog" in last


def test_stored_problems_are_capped_in_number_and_length() -> None:
    problems = [Problem("persons.csv", n, "bsn", "x" * 2000) for n in range(3000)]
    lines, count = services.stored_problems(ImportResult(problems, more_problems=7))
    assert count == 3007
    assert len(lines) == services.MAX_STORED_PROBLEMS + 1
    assert max(len(line) for line in lines) == services.MAX_PROBLEM_CHARS
    assert lines[-1] == ":::… en nog 2007 problemen (niet getoond)"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([], "Kies een of meer plek-csv-bestanden (zoals persons.csv); er is niets gekozen"),
        (
            [SimpleUploadedFile("persons.csv", b"")],
            "&#x27;persons.csv&#x27; is leeg: er staat zelfs geen kopregel in.",
        ),
        (
            [
                SimpleUploadedFile("persons.csv", b"id,bsn,initials,family_name\n"),
                SimpleUploadedFile("stays.csv", b"id,person,facility,start_date\n\n"),
            ],
            "De bestanden bevatten alleen kopregels en geen gegevens",
        ),
    ],
    ids=["nothing-chosen", "empty-file", "headers-only"],
)
def test_an_empty_upload_gets_a_dutch_message_on_the_form(
    admin: Client, files: list[SimpleUploadedFile], message: str
) -> None:
    response = admin.post(reverse("exchange:upload"), {"csv_files": files})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_restarted_worker_removes_copies_left_by_a_killed_one(
    admin: Client,
    django_capture_on_commit_callbacks: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = queue(admin, django_capture_on_commit_callbacks)
    kill_worker(dead)
    live = ImportJob.objects.create(created_by=dead.created_by, status=ImportStatus.RUNNING)
    for job in (dead, live):
        copy = tmp_path / f"{services.COPY_PREFIX}{job.pk}-abc"
        copy.mkdir()
        (copy / "persons.csv").write_text("id\n")
    assert services.remove_stale_copies() == [f"{services.COPY_PREFIX}{dead.pk}-abc"]
    assert (tmp_path / f"{services.COPY_PREFIX}{live.pk}-abc").exists()


def test_a_job_is_named_by_its_start_in_the_users_time_zone() -> None:
    started = datetime.datetime(2026, 12, 6, 22, 43, tzinfo=datetime.UTC)
    job = ImportJob(created_at=started, status=ImportStatus.DONE)
    assert str(job) == "2026-12-06 23:43 · Geïmporteerd"
