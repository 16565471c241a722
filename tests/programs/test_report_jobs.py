"""The report job under a lease: it cannot stay "running" after its worker died, and
`plek jobs rerun ID` makes it again."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from plek.accounts.roles import Role
from plek.programs import selectors
from plek.programs.models import Programme, ReportJob


@pytest.fixture
def client(client_as: Any) -> Client:
    client: Client = client_as(Role.BELEID)
    return client


def ask_for_report(client: Client, programme: Programme, capture: Any, execute: bool) -> ReportJob:
    moment = selectors.moments(programme)[1]
    with capture(execute=execute):
        response = client.post(f"/programmas/momenten/{moment.pk}/rapport/", {"file_format": "pdf"})
    assert response.status_code == 302
    return ReportJob.objects.defer("content").get()


def test_a_report_that_ran_ends_without_a_lease(
    programme: Programme, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    job = ask_for_report(client, programme, django_capture_on_commit_callbacks, execute=True)
    assert job.finished and not job.failed and not job.aborted
    assert job.started_at is not None and job.lease_expires_at is None


def test_a_report_whose_worker_died_reads_aborted_and_one_command_makes_it(
    programme: Programme,
    client: Client,
    django_capture_on_commit_callbacks: Any,
    capsys: Any,
) -> None:
    job = ask_for_report(client, programme, django_capture_on_commit_callbacks, execute=False)
    assert not job.finished and not job.aborted  # waiting in the queue
    with pytest.raises(CommandError, match="niet afgebroken"):
        call_command("jobs", "rerun", str(job.pk))
    # A worker took it and was killed: the lease it renewed runs out.
    ReportJob.objects.filter(pk=job.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=2),
        lease_expires_at=timezone.now() - datetime.timedelta(seconds=5),
    )
    job.refresh_from_db()
    assert job.aborted and job.finished
    partial = client.get(f"/programmas/rapporten/{job.pk}/voortgang/").content.decode()
    assert "hx-trigger" not in partial and "afgebroken" in partial
    assert client.get(f"/programmas/rapporten/{job.pk}/download/").status_code == 404
    call_command("jobs", "list")
    assert f"rapport {job.pk}" in capsys.readouterr().out

    call_command("jobs", "rerun", str(job.pk))
    assert f"Rapport {job.pk} opnieuw gemaakt" in capsys.readouterr().out
    job.refresh_from_db()
    assert job.finished_at is not None and not job.failed and not job.aborted
    download = client.get(f"/programmas/rapporten/{job.pk}/download/")
    assert download.status_code == 200 and download.content.startswith(b"%PDF")


def test_a_report_task_delivered_twice_is_made_once(
    programme: Programme, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    from plek.programs.tasks import claim

    job = ask_for_report(client, programme, django_capture_on_commit_callbacks, execute=False)
    assert claim(job.pk) is True
    assert claim(job.pk) is False
