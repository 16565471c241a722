from __future__ import annotations

from typing import Any

from celery import shared_task
from celery.signals import worker_ready

from plek.core.tasks import resume_waiting
from plek.exchange.services import remove_stale_copies, run_import, waiting_job_ids


@shared_task(name="plek.exchange.run_import_job")
def run_import_job(job_id: str) -> str:
    return str(run_import(job_id).status)


resume_waiting(run_import_job, waiting_job_ids)


@worker_ready.connect
def _remove_copies_of_killed_workers(**kwargs: Any) -> None:
    # A worker killed mid-import leaves its private copy of the files (personal data) behind.
    remove_stale_copies()
