"""The import from the browser: functional admins upload plek-csv, see progress and the report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from plek.access.models import ProcessingLogEntry
from plek.exchange.models import ImportJob, ImportStatus
from plek.housing.models import Stay
from plek.people.models import Person
from tests.monitor.conftest import REGION


def uploads(
    directory: Path, replace: tuple[str, str, str] | None = None
) -> list[SimpleUploadedFile]:
    files = []
    for path in sorted(directory.glob("*.csv")):
        content = path.read_text()
        if replace and path.name == replace[0]:
            content = content.replace(replace[1], replace[2], 1)
        files.append(SimpleUploadedFile(path.name, content.encode(), content_type="text/csv"))
    return files


@pytest.fixture
def admin(client_as: Callable[..., Client]) -> Client:
    return client_as("beheer")


@pytest.fixture(autouse=True)
def imports_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """The shared upload storage of the test: a folder of its own (never the project's var/)."""
    directory = tmp_path / "shared-imports"
    settings.STORAGES = {
        **settings.STORAGES,
        "imports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(directory)},
        },
    }
    return directory


def post(client: Client, files: list[SimpleUploadedFile], capture) -> object:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return client.post(reverse("exchange:upload"), {"csv_files": files})


def test_a_functional_admin_imports_a_directory(
    admin: Client, django_capture_on_commit_callbacks, imports_dir: Path
) -> None:
    response = post(admin, uploads(REGION), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exchange:job", args=[job.pk])
    assert (job.status, job.rows, job.problems) == (ImportStatus.DONE, 51, [])
    assert Stay.objects.count() == 7
    page = admin.get(reverse("exchange:job", args=[job.pk])).content.decode()
    assert "51 rijen geïmporteerd" in page
    assert 'value="100"' in page
    # One row per person written, each naming the admin who started the import (issue 9).
    logged = ProcessingLogEntry.objects.filter(activity_code="gegevens.importeren")
    assert sorted(logged.values_list("person_id", flat=True)) == sorted(
        Person.objects.values_list("pk", flat=True)
    )
    assert {entry.user_id for entry in logged} == {job.created_by_id}
    # The uploaded personal data is gone from the shared storage once the job has ended.
    assert job.lease_expires_at is None
    assert list(imports_dir.iterdir()) == []


def test_a_bad_cell_stores_nothing_and_the_report_names_file_row_and_column(
    admin: Client, django_capture_on_commit_callbacks, imports_dir: Path
) -> None:
    bad = ("stays.csv", "s5,p1,f1,2024-08-01", "s5,p1,f1,2024-13-01")
    post(admin, uploads(REGION, bad), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert job.problems == [
        "stays.csv:6:start_date: '2024-13-01' is geen geldige datum (verwacht JJJJ-MM-DD)"
    ]
    assert Stay.objects.count() == 0
    page = admin.get(reverse("exchange:job", args=[job.pk])).content.decode()
    assert "Foutenrapport" in page
    assert '<td class="utrecht-table__cell">start_date</td>' in page
    assert ProcessingLogEntry.objects.filter(activity_code="gegevens.importeren").count() == 0
    # The uploaded personal data does not stay behind in the shared storage.
    assert list(imports_dir.iterdir()) == []


def test_an_import_whose_files_are_gone_ends_failed_not_running(
    admin: Client, django_capture_on_commit_callbacks, imports_dir: Path
) -> None:
    import shutil

    from plek.exchange.services import run_import

    with django_capture_on_commit_callbacks(execute=False):
        admin.post(reverse("exchange:upload"), {"csv_files": uploads(REGION)})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.QUEUED
    assert sorted(path.name for path in (imports_dir / str(job.pk)).iterdir()) == job.files
    shutil.rmtree(imports_dir / str(job.pk))  # e.g. a worker whose storage is not the shared one
    finished = run_import(str(job.pk))
    assert finished.status == ImportStatus.FAILED
    assert finished.problems == [
        "aftercare.csv:0:: het geüploade bestand is niet (meer) in de gedeelde opslag; "
        "upload opnieuw"
    ]


def test_an_unknown_file_is_refused_in_dutch(admin: Client) -> None:
    files = [SimpleUploadedFile("klanten.csv", b"a,b\n1,2\n", content_type="text/csv")]
    response = admin.post(reverse("exchange:upload"), {"csv_files": files})
    assert response.status_code == 200
    assert "&#x27;klanten.csv&#x27; is geen plek-csv-bestand" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_progress_partial_polls_while_running(admin: Client, member) -> None:  # type: ignore[no-untyped-def]
    job = ImportJob.objects.create(created_by=member("beheer").user, status=ImportStatus.RUNNING)
    partial = admin.get(reverse("exchange:job-progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in partial
    job.status = ImportStatus.DONE
    job.save()
    partial = admin.get(reverse("exchange:job-progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in partial


@pytest.mark.parametrize("role", ["wijkteam", "beleid", "privacy", "signaalbron"])
def test_only_functional_admins_import(client_as: Callable[..., Client], role: str) -> None:
    assert client_as(role).get(reverse("exchange:upload")).status_code == 403
