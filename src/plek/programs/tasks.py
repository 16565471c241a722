from __future__ import annotations

from celery import shared_task

from plek.programs.jobs import run_report


@shared_task(name="plek.programs.generate_report_job")
def generate_report_job(job_id: int) -> int:
    return run_report(job_id).pk
