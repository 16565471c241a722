"""The report job in a Celery worker, under a lease: a worker killed while making a report
leaves a job that reads as aborted (``ReportJob.aborted``), which ``plek jobs rerun ID`` makes
again."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.core.leases import heartbeat, lease_from_now, queue_deadline
from plek.core.tasks import resume_waiting
from plek.programs.jobs import run_report
from plek.programs.models import ReportJob


class RerunRefused(Exception):
    """A report job that may not be made again, with the Dutch reason."""


@shared_task(name="plek.programs.generate_report_job")
def generate_report_job(job_id: int) -> int:
    if claim(job_id):
        alive = ReportJob.objects.filter(pk=job_id, finished_at__isnull=True)
        with heartbeat(lambda end: alive.update(lease_expires_at=end)):
            run_report(job_id)
        ReportJob.objects.filter(pk=job_id).update(lease_expires_at=None)
    return job_id


def waiting_job_ids(before: datetime.datetime) -> list[int]:
    """Reports asked for before ``before`` that no worker has started (the broker was away)."""
    return list(
        ReportJob.objects.filter(
            started_at__isnull=True,
            finished_at__isnull=True,
            created_at__lt=before,
            lease_expires_at__gt=timezone.now(),
        ).values_list("pk", flat=True)
    )


resume_waiting(generate_report_job, waiting_job_ids)


def claim(job_id: int) -> bool:
    """Start a queued, unexpired job under a fresh lease; False if it started elsewhere."""
    now = timezone.now()
    return (
        ReportJob.objects.filter(
            pk=job_id, started_at__isnull=True, finished_at__isnull=True, lease_expires_at__gt=now
        ).update(started_at=now, lease_expires_at=lease_from_now())
        == 1
    )


def rerun(job_id: int) -> ReportJob:
    """Make an aborted report again, here and now."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().defer("content").get(pk=job_id)
        if not job.aborted:
            raise RerunRefused(
                _("Rapport %(job)s is niet afgebroken; alleen een afgebroken rapport kan opnieuw.")
                % {"job": job.pk}
            )
        ReportJob.objects.filter(pk=job.pk).update(
            started_at=None, lease_expires_at=queue_deadline()
        )
    generate_report_job(job_id)
    return ReportJob.objects.defer("content").get(pk=job_id)
