"""plek: the platform for the closed-loop support chain of the Dutch social domain."""

from typing import Any

__all__ = ["celery_app"]


def __getattr__(name: str) -> Any:
    # The Celery app loads with Django (plek.accounts' ready()), so shared tasks use its
    # settings; not on a bare `import plek`, which `plek --help` should not pay seconds for.
    if name == "celery_app":
        from plek.celery import app

        return app
    raise AttributeError(name)
