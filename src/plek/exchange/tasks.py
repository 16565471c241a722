from __future__ import annotations

from celery import shared_task

from plek.exchange.services import run_import


@shared_task(name="plek.exchange.run_import_job")
def run_import_job(job_id: str) -> str:
    return str(run_import(job_id).status)
