"""plek: the platform for the closed-loop support chain of the Dutch social domain."""

# Load the Celery app with Django, so shared tasks use its settings (eager without Redis).
from plek.celery import app as celery_app

__all__ = ["celery_app"]
