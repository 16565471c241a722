"""A local fake of the ZGW APIs (Zaken 1.5, Documenten 1.4, Catalogi 1.3), started by the tests.

It checks what the published OpenAPI contracts require of a create request (the ``required``
fields of each request schema, the CRS headers of the Zaken API, the JWT of the ZGW
authorisation: HS256 with ``client_id`` and ``iat``), the formats the tests rely on, and two rules
of the Zaken API that bite clients (an end status needs a result first; a closed zaak takes
nothing more). It answers 201 with the object and its ``url``, as the real APIs do.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt

CLIENT_ID = "plek-test"
SECRET = "geheim-van-de-test-met-genoeg-lengte"

# The required fields of each create request, from the request schemas of the OpenAPI files.
REQUIRED = {
    "/zaken/api/v1/zaken": (
        "bronorganisatie",
        "zaaktype",
        "verantwoordelijkeOrganisatie",
        "startdatum",
    ),
    "/zaken/api/v1/statussen": ("zaak", "statustype", "datumStatusGezet"),
    "/zaken/api/v1/resultaten": ("zaak", "resultaattype"),
    "/zaken/api/v1/zaakinformatieobjecten": ("zaak", "informatieobject"),
    "/documenten/api/v1/enkelvoudiginformatieobjecten": (
        "bronorganisatie",
        "creatiedatum",
        "titel",
        "auteur",
        "taal",
        "informatieobjecttype",
    ),
}
RSIN_FIELDS = ("bronorganisatie", "verantwoordelijkeOrganisatie")
DATE_FIELDS = ("startdatum", "creatiedatum", "registratiedatum")


@dataclass
class FakeZgw:
    base_url: str = ""
    down: bool = False
    down_paths: set[str] = field(default_factory=set)
    requests: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def zaaktype(self) -> str:
        return f"{self.base_url}/catalogi/api/v1/zaaktypen/{ZAAKTYPE_ID}"

    @property
    def informatieobjecttype(self) -> str:
        return f"{self.base_url}/catalogi/api/v1/informatieobjecttypen/{IOT_ID}"

    def created(self, resource: str) -> list[dict[str, Any]]:
        return [body for url, body in self.objects.items() if f"/api/v1/{resource}/" in url]

    def catalogue(self, path: str, zaaktype: str) -> list[dict[str, Any]]:
        root = f"{self.base_url}/catalogi/api/v1"
        if zaaktype != self.zaaktype:
            return []
        if path.endswith("/statustypen"):
            return [
                {"url": f"{root}/statustypen/ontvangen", "volgnummer": 1, "isEindstatus": False},
                {"url": f"{root}/statustypen/besloten", "volgnummer": 2, "isEindstatus": True},
            ]
        return [
            {"url": f"{root}/resultaattypen/{name.lower()}", "omschrijving": name}
            for name in ("Toegekend", "Afgewezen", "Ingetrokken")
        ]


ZAAKTYPE_ID = "a1b2c3d4-0000-4000-8000-000000000001"
IOT_ID = "a1b2c3d4-0000-4000-8000-000000000002"


def _problems(path: str, body: dict[str, Any], headers: Any) -> dict[str, str]:
    problems = {name: "required" for name in REQUIRED[path] if not body.get(name)}
    for name in RSIN_FIELDS:
        if name in body and not re.fullmatch(r"[0-9]{9}", str(body[name])):
            problems[name] = "invalid"
    for name in DATE_FIELDS:
        if name in body:
            try:
                datetime.date.fromisoformat(str(body[name]))
            except ValueError:
                problems[name] = "invalid date"
    if path.endswith("/zaken"):
        for header in ("Accept-Crs", "Content-Crs"):
            if headers.get(header) != "EPSG:4326":
                problems[header] = "missing header"
    if path.endswith("/enkelvoudiginformatieobjecten"):
        if len(str(body.get("taal", ""))) != 3:
            problems["taal"] = "ISO 639-2/B, three letters"
        try:
            base64.b64decode(str(body.get("inhoud", "")), validate=True)
        except binascii.Error:
            problems["inhoud"] = "not base64"
    if path.endswith("/statussen"):
        try:
            datetime.datetime.fromisoformat(str(body.get("datumStatusGezet", "")))
        except ValueError:
            problems["datumStatusGezet"] = "invalid date-time"
    return problems


def _handler(fake: FakeZgw) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet in the test output
            pass

        def _answer(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _authorised(self) -> bool:
            header = self.headers.get("Authorization", "")
            if not header.startswith("Bearer "):
                return False
            try:
                claims = jwt.decode(header[7:], SECRET, algorithms=["HS256"])
            except jwt.PyJWTError:
                return False
            return claims.get("client_id") == CLIENT_ID and isinstance(claims.get("iat"), int)

        def _refused(self, path: str) -> bool:
            if fake.down or path in fake.down_paths:
                self._answer(503, {"title": "Service Unavailable"})
                return True
            if not self._authorised():
                self._answer(403, {"title": "Niet geautoriseerd"})
                return True
            return False

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if self._refused(parts.path):
                return
            query = parse_qs(parts.query)
            items = fake.catalogue(parts.path, query.get("zaaktype", [""])[0])
            # One item a page: the client must follow ``next``.
            page = int(query.get("page", ["1"])[0])
            following = None
            if page < len(items):
                following = (
                    f"{fake.base_url}{parts.path}?zaaktype={query['zaaktype'][0]}&page={page + 1}"
                )
            self._answer(
                200,
                {
                    "count": len(items),
                    "next": following,
                    "previous": None,
                    "results": items[page - 1 : page],
                },
            )

        def do_POST(self) -> None:
            path = urlsplit(self.path).path
            if self._refused(path):
                return
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            fake.requests.append(("POST", path, body))
            if path not in REQUIRED:
                self._answer(404, {"title": "Not found"})
                return
            problems = _problems(path, body, self.headers)
            problems.update(self._rules(path, body))
            if problems:
                self._answer(
                    400,
                    {
                        "title": "Invalid input.",
                        "invalidParams": [
                            {"name": name, "reason": reason} for name, reason in problems.items()
                        ],
                    },
                )
                return
            url = f"{fake.base_url}{path}/{uuid.uuid4()}"
            stored = {**body, "url": url}
            if path.endswith("/zaken"):
                stored["identificatie"] = f"ZAAK-{len(fake.created('zaken')) + 1:04d}"
            fake.objects[url] = stored
            self._answer(201, stored)

        def _rules(self, path: str, body: dict[str, Any]) -> dict[str, str]:
            zaak = body.get("zaak")
            if not zaak:
                return {}
            if zaak not in fake.objects:
                return {"zaak": "does not exist"}
            statuses = [s for s in fake.created("statussen") if s["zaak"] == zaak]
            if any(s["statustype"].endswith("/besloten") for s in statuses):
                return {"zaak": "zaak is closed"}
            closing = path.endswith("/statussen") and body["statustype"].endswith("/besloten")
            if closing and not any(r["zaak"] == zaak for r in fake.created("resultaten")):
                return {"statustype": "an end status needs a result"}
            if (
                path.endswith("/zaakinformatieobjecten")
                and body["informatieobject"] not in fake.objects
            ):
                return {"informatieobject": "does not exist"}
            return {}

    return Handler


def start() -> tuple[FakeZgw, ThreadingHTTPServer]:
    fake = FakeZgw()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake, server
