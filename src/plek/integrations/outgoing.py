"""Every call plek makes to another system, in the technical log (django-log-outgoing-requests).

The library hooks every ``requests`` session and hands each call to the logger
``log_outgoing_requests``; this handler writes one line per call with method, host, path,
status and duration, and nothing else: no query string, no headers (API keys, the user) and no
bodies (a BSN travels in the body). Who was looked up, by whom and why is in the processing log.
Loaded by Django's logging set-up, so it imports no models.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import structlog

outgoing_logger = structlog.get_logger("plek.outgoing")


class OutgoingCallHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        if not getattr(record, "_is_log_outgoing_requests", False):
            return
        response = getattr(record, "res", None)
        if response is not None:
            request = response.request
            url = urlsplit(request.url or "")
            outgoing_logger.info(
                "outgoing_request",
                method=request.method,
                host=url.hostname,
                path=url.path,
                status=response.status_code,
                response_ms=int(response.elapsed.total_seconds() * 1000),
            )
            return
        error = record.exc_info[1] if record.exc_info else None
        request = getattr(error, "request", None)
        url = urlsplit(getattr(request, "url", "") or "")
        outgoing_logger.warning(
            "outgoing_request_failed",
            method=getattr(request, "method", None),
            host=url.hostname,
            path=url.path,
            error=type(error).__name__ if error else None,
        )
