"""Technical logging with structlog: JSON lines in production, readable lines on a laptop.

Technical logs are for operators and hold no personal data: no names, BSNs, addresses or
free text about residents. Who read or changed whose data belongs in the processing log
(plek.access), never here. As a last line of defence, values under keys that usually carry
personal data are replaced before anything is written, and tracebacks never include locals.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import Any

import structlog
from structlog.tracebacks import ExceptionDictTransformer

REDACTED = "[verwijderd]"
# Keys whose values are personal data or secrets in this domain; matched case-insensitively.
SENSITIVE_KEYS = frozenset(
    {
        "address",
        "adres",
        "birth_date",
        "bsn",
        "email",
        "first_name",
        "geboortedatum",
        "last_name",
        "naam",
        "name",
        "password",
        "phone",
        "telefoon",
        "token",
        "wachtwoord",
    }
)


# Nine digits on their own: a BSN (or something like it) in a URL, a query string or a message.
BSN_LIKE = re.compile(r"(?<!\d)\d{9}(?!\d)")
BSN_REDACTED = "[bsn?]"


# Values plek makes itself, never from a request: the request id is a random hex uuid, which
# holds nine digits in a row in a few percent of requests; redacting those would break the tie
# between a log line, the response's X-Request-ID and the processing log. (A client's own id,
# ``client_request_id``, is redacted like any other value.)
NOT_REDACTED = frozenset({"timestamp", "request_id"})


def redact_bsn_like(
    logger: Any, method_name: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Replace BSN-like numbers in every string value (the request line of an access log too)."""
    for key, value in event_dict.items():
        if isinstance(value, str) and key not in NOT_REDACTED:
            event_dict[key] = BSN_LIKE.sub(BSN_REDACTED, value)
    return event_dict


def redact_personal_data(
    logger: Any, method_name: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    for key in event_dict:
        if key.lower() in SENSITIVE_KEYS:
            event_dict[key] = REDACTED
    return event_dict


SHARED_PROCESSORS: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    redact_personal_data,
    redact_bsn_like,
]


def _renderers(json: bool) -> list[Any]:
    if json:
        # Locals in a traceback could hold a resident's data: leave them out.
        tracebacks = ExceptionDictTransformer(show_locals=False)
        return [
            structlog.processors.ExceptionRenderer(tracebacks),
            structlog.processors.JSONRenderer(),
        ]
    return [structlog.dev.ConsoleRenderer(colors=False)]


def logging_config(*, json: bool, level: str) -> dict[str, Any]:
    """Django's LOGGING: every record, from stdlib or structlog, through one formatter."""
    handler = {"handlers": ["console"], "level": level, "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plek": {
                "()": structlog.stdlib.ProcessorFormatter,
                "foreign_pre_chain": SHARED_PROCESSORS,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    *_renderers(json),
                ],
            }
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plek"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Replace Django's own handlers so nothing is printed twice or in another format.
            "django": handler,
            "django.server": handler,
            # SQL with parameters could show personal data; never below WARNING.
            "django.db.backends": {"level": "WARNING"},
            # WeasyPrint and fontTools narrate every step of a PDF at INFO.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }


def configure_structlog() -> None:
    structlog.configure(
        processors=[
            *SHARED_PROCESSORS,
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
