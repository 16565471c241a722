"""Refuse to serve outside demo mode with the demo keys (issue 9, item 7).

Called where plek starts serving: the WSGI application (gunicorn), `plek serve` / `runserver`
and the Celery worker and beat. Management commands for set-up (migrate, compilemessages,
spectacular) keep working without the keys.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def insecure_start_problems() -> list[str]:
    """What forbids starting: empty in demo mode, or when both keys are set properly."""
    if settings.DEMO_MODE:
        return []
    problems = []
    if settings.SECRET_KEY == settings.DEMO_SECRET_KEY:
        problems.append(
            "PLEK_SECRET_KEY is niet gezet: plek draait dan met de demosleutel. Zet een lange, "
            "geheime willekeurige waarde (PLEK_SECRET_KEY is not set: set a long random secret)."
        )
    if settings.LOG_KEY == settings.DEMO_LOG_KEY:
        problems.append(
            "PLEK_LOG_KEY is niet gezet: het verwerkingenlog heeft een eigen geheime sleutel "
            "nodig, buiten de database (PLEK_LOG_KEY is not set: the processing log needs its "
            "own secret key)."
        )
    return problems


def refuse_insecure_start() -> None:
    problems = insecure_start_problems()
    if problems:
        raise ImproperlyConfigured(
            "plek start niet buiten de demomodus (PLEK_DEMO_MODE):\n- " + "\n- ".join(problems)
        )
