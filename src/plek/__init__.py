"""plek: the platform for the closed-loop support chain of the Dutch social domain."""

from typing import Any

__all__ = ["celery_app"]


def __getattr__(name: str) -> Any:
    # The Celery app loads when work is first handed to it (plek.core.tasks), not on a bare
    # `import plek` or with Django: a command that sends no task should not pay for Celery.
    if name == "celery_app":
        from plek.celery import app

        return app
    raise AttributeError(name)
