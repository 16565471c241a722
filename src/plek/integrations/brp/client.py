"""A client for the BRP API Personen (Haal Centraal BRP Personen 2.x): one operation,
``RaadpleegMetBurgerservicenummer``, asking only for the fields plek shows.

Requests go out with ``requests`` so django-log-outgoing-requests records each call (method, URL,
status, timing; bodies are not stored, see settings). The BSN travels in the POST body, never in
the URL, as the API intends.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from typing import Any

import requests
from django.utils.translation import gettext as _

from plek.integrations.models_brp import BrpConfig

PERSONEN_PATH = "/personen"
QUERY_TYPE = "RaadpleegMetBurgerservicenummer"
# Data minimisation: exactly what the comparison shows, nothing more.
FIELDS = (
    "naam.voornamen",
    "naam.voorletters",
    "naam.voorvoegsel",
    "naam.geslachtsnaam",
    "geboorte.datum",
    "geslacht",
    "verblijfplaats.verblijfadres.officieleStraatnaam",
    "verblijfplaats.verblijfadres.korteStraatnaam",
    "verblijfplaats.verblijfadres.huisnummer",
    "verblijfplaats.verblijfadres.huisletter",
    "verblijfplaats.verblijfadres.huisnummertoevoeging",
    "verblijfplaats.verblijfadres.postcode",
)


class BrpUnavailable(Exception):
    """The BRP could not be asked or gave no usable answer; the message is for the user."""


@dataclass(frozen=True)
class BrpPerson:
    """The answer, in plek's terms (the fields a ``Person`` has)."""

    initials: str
    first_names: str
    family_name: str
    birth_date: datetime.date | None
    sex: str
    street: str
    house_number: str
    postcode: str


@dataclass(frozen=True)
class Protocol:
    """Who asks and why (the BRP's protocol headers)."""

    purpose: str
    processing: str
    user: str


def request_body(bsn: str) -> dict[str, Any]:
    return {"type": QUERY_TYPE, "burgerservicenummer": [bsn], "fields": list(FIELDS)}


def api_key(config: BrpConfig) -> str:
    return os.environ.get("PLEK_BRP_API_KEY") or config.api_key


def request_headers(config: BrpConfig, protocol: Protocol) -> dict[str, str]:
    headers = {
        "Accept": "application/json",
        "Content-Type": "application/json",
        "x-doelbinding": config.doelbinding or protocol.purpose,
        "x-verwerking": protocol.processing,
        "x-gebruiker": protocol.user,
    }
    if config.origin_oin:
        headers["x-origin-oin"] = config.origin_oin
    key = api_key(config)
    if key:
        headers["X-API-KEY"] = key
    return headers


def _tls(config: BrpConfig) -> dict[str, Any]:
    """TLS verification is always on, at most against another CA bundle than the system's.
    Passed with each request: a session's ``verify`` would lose to REQUESTS_CA_BUNDLE."""
    options: dict[str, Any] = {"verify": config.ca_bundle or True}
    if config.client_certificate:
        options["cert"] = (
            (config.client_certificate, config.client_key)
            if config.client_key
            else config.client_certificate
        )
    return options


def consult(config: BrpConfig, bsn: str, protocol: Protocol) -> BrpPerson | None:
    """The person with this BSN in the BRP, or None when the BRP does not know them."""
    url = config.endpoint.rstrip("/") + PERSONEN_PATH
    try:
        response = requests.post(
            url,
            json=request_body(bsn),
            headers=request_headers(config, protocol),
            timeout=config.timeout_seconds,
            **_tls(config),
        )
    except requests.RequestException as exc:
        raise BrpUnavailable(_("De BRP is nu niet bereikbaar. Probeer het later opnieuw.")) from exc
    if response.status_code != 200:
        raise BrpUnavailable(
            _("De BRP gaf een fout (HTTP %(status)d). Probeer het later opnieuw.")
            % {"status": response.status_code}
        )
    try:
        return parse_response(response.json())
    except (ValueError, TypeError, KeyError) as exc:
        raise BrpUnavailable(_("Het antwoord van de BRP was niet te lezen.")) from exc


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def parse_response(body: dict[str, Any]) -> BrpPerson | None:
    """The first (only) person of a ``RaadpleegMetBurgerservicenummer`` answer."""
    if body.get("type") != QUERY_TYPE:
        raise ValueError("onverwacht antwoordtype")
    persons = body["personen"]
    if not persons:
        return None
    found = persons[0]
    name = found.get("naam") or {}
    birth = (found.get("geboorte") or {}).get("datum") or {}
    birth_date = None
    if birth.get("type") == "Datum" and birth.get("datum"):
        birth_date = datetime.date.fromisoformat(birth["datum"])
    address = (found.get("verblijfplaats") or {}).get("verblijfadres") or {}
    number = "".join(_text(address.get(part)) for part in ("huisnummer", "huisletter")) + (
        f"-{_text(address['huisnummertoevoeging'])}" if address.get("huisnummertoevoeging") else ""
    )
    family = " ".join(
        part for part in (_text(name.get("voorvoegsel")), _text(name.get("geslachtsnaam"))) if part
    )
    return BrpPerson(
        initials=_text(name.get("voorletters")).replace(" ", ""),
        first_names=_text(name.get("voornamen")),
        family_name=family,
        birth_date=birth_date,
        sex=_text((found.get("geslacht") or {}).get("code")).upper(),
        street=_text(address.get("officieleStraatnaam") or address.get("korteStraatnaam")),
        house_number=number,
        postcode=_text(address.get("postcode")).replace(" ", "").upper(),
    )
