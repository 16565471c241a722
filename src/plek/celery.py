"""Celery for production (Redis broker); in the embedded default tasks run eagerly in-process.

Loaded by ``plek.core.tasks`` (every way plek hands work to Celery passes there) and by
``celery -A plek.celery``; not with Django itself, so that a command that sends no task does
not pay for importing Celery, kombu and redis.
"""

import os
from typing import Any

from celery import Celery
from celery.schedules import crontab
from celery.signals import beat_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plek.settings")

app = Celery("plek")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# plek.core is no Django app; its tasks module resumes jobs that waited for the broker. The ZGW
# tasks live in a package of the integrations app.
app.autodiscover_tasks(["plek.core", "plek.integrations.zgw"])


def _nightly_schedule() -> dict[str, dict[str, Any]]:
    from django.conf import settings

    hour, minute = settings.RETENTION_RUN_AT
    return {
        "apply-retention-periods": {
            "task": "plek.retention.run",
            "schedule": crontab(hour=hour, minute=minute),
        }
    }


app.conf.beat_schedule = {**app.conf.beat_schedule, **_nightly_schedule()}


@worker_init.connect
@beat_init.connect
def _refuse_insecure_start(**kwargs: Any) -> None:
    # A worker or beat outside demo mode needs the real keys too (the log key above all).
    from plek.startup import refuse_insecure_start

    refuse_insecure_start()
