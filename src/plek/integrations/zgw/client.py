"""A small client for the ZGW APIs: JSON over HTTPS with the JWT the ZGW standard prescribes.

Each call gets a fresh token (HS256, signed with the client's secret, with ``client_id`` and
``iat``), as Open Zaak expects. Calls go through ``requests``, so django-log-outgoing-requests
records every one once it is installed; a structlog line per call (method, host and path, status,
milliseconds: no body, no person) is written here as well.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jwt
import requests
import structlog

logger = structlog.get_logger("plek.integrations.zgw")

# The Zaken API wants the coordinate system named on every zaak, even one without a geometry.
CRS_HEADERS = {"Accept-Crs": "EPSG:4326", "Content-Crs": "EPSG:4326"}


class ZgwError(Exception):
    """The case system did not do what was asked; ``reason`` is technical, without person data."""

    def __init__(self, reason: str, *, retry: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


@dataclass(frozen=True)
class Credentials:
    client_id: str
    secret: str


def token(credentials: Credentials, now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    claims = {
        "iss": credentials.client_id,
        "iat": issued,
        "client_id": credentials.client_id,
        "user_id": credentials.client_id,
        "user_representation": "plek",
    }
    return jwt.encode(claims, credentials.secret, algorithm="HS256")


class ZgwClient:
    def __init__(self, credentials: Credentials, timeout: float) -> None:
        self.credentials = credentials
        self.timeout = timeout
        self.session = requests.Session()

    def _call(
        self,
        method: str,
        url: str,
        *,
        json: Any = None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        started = time.monotonic()
        all_headers = {
            "Authorization": f"Bearer {token(self.credentials)}",
            "Accept": "application/json",
            **(headers or {}),
        }
        parts = urlsplit(url)
        where = f"{method} {parts.netloc}{parts.path}"
        try:
            response = self.session.request(
                method, url, json=json, params=params, headers=all_headers, timeout=self.timeout
            )
        except requests.RequestException as exc:
            logger.warning("zgw.call", call=where, status=None, error=type(exc).__name__)
            raise ZgwError(f"{where}: geen verbinding ({type(exc).__name__})") from exc
        elapsed = round((time.monotonic() - started) * 1000)
        logger.info("zgw.call", call=where, status=response.status_code, ms=elapsed)
        if response.status_code >= 500 or response.status_code in (408, 429):
            raise ZgwError(f"{where}: antwoord {response.status_code}")
        if response.status_code >= 400:
            # A 4xx will not pass by waiting: the configuration or the data must change first.
            raise ZgwError(f"{where}: geweigerd met {response.status_code}", retry=False)
        try:
            return response.json()
        except ValueError as exc:
            raise ZgwError(f"{where}: geen JSON in het antwoord") from exc

    def post(self, url: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
        return self._call("POST", url, json=body, headers=headers)

    def get_all(self, url: str, params: dict[str, str]) -> list[dict[str, Any]]:
        """Every item of a paginated ZGW list (count/next/previous/results)."""
        items: list[dict[str, Any]] = []
        page: Any = self._call("GET", url, params=params)
        while True:
            items.extend(page.get("results", []))
            following = page.get("next")
            if not following:
                return items
            page = self._call("GET", following)
