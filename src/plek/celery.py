"""Celery for production (Redis broker); in the embedded default tasks run eagerly in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plek.settings")

app = Celery("plek")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
