"""Celery for production (Redis broker); in the embedded default tasks run eagerly in-process."""

import os
from typing import Any

from celery import Celery
from celery.signals import beat_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plek.settings")

app = Celery("plek")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# plek.core is no Django app; its tasks module resumes jobs that waited for the broker.
app.autodiscover_tasks(["plek.core"])


@worker_init.connect
@beat_init.connect
def _refuse_insecure_start(**kwargs: Any) -> None:
    # A worker or beat outside demo mode needs the real keys too (the log key above all).
    from plek.startup import refuse_insecure_start

    refuse_insecure_start()
