"""Local stand-ins for the external systems plek talks to, started by the tests: an OpenID
Connect provider and a BRP API Personen (Haal Centraal 2.x). Each runs an http.server in a thread
on a free port of 127.0.0.1 and records what it was asked."""

from __future__ import annotations

import base64
import datetime
import hashlib
import ipaddress
import json
import secrets
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _reply(self, status: int, body: Any, content_type: str = "application/json") -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_GET(self) -> None:
        self.server.app.get(self)

    def do_POST(self) -> None:
        self.server.app.post(self)


class _Server(ThreadingHTTPServer):
    app: Any


@contextmanager
def serve(app: Any, tls: ssl.SSLContext | None = None) -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.app = app
    scheme = "http"
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --- OpenID Connect provider ---------------------------------------------------------------------


@dataclass
class FakeOidcProvider:
    """Auto-approves every authorisation for one account (``subject``, ``email``)."""

    client_id: str = "plek-test"
    client_secret: str = "geheim-van-de-test"
    subject: str = "idp-user-1"
    email: str = "medewerker@gemeente.test"
    email_verified: bool = True
    base_url: str = ""
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    kid: str = "test-key-1"
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)

    @property
    def issuer(self) -> str:
        return self.base_url

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.base_url}/authorize",
            "token_endpoint": f"{self.base_url}/token",
            "userinfo_endpoint": f"{self.base_url}/userinfo",
            "jwks_uri": f"{self.base_url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def get(self, handler: _Handler) -> None:
        url = urlsplit(handler.path)
        self.calls.append(f"GET {url.path}")
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        if url.path == "/.well-known/openid-configuration":
            handler._reply(200, self.discovery())
        elif url.path == "/jwks":
            public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
            public.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
            handler._reply(200, {"keys": [public]})
        elif url.path == "/authorize":
            self._authorize(handler, query)
        elif url.path == "/userinfo":
            token = (handler.headers.get("Authorization") or "").removeprefix("Bearer ")
            if token not in self.tokens:
                handler._reply(401, {"error": "invalid_token"})
                return
            handler._reply(
                200,
                {"sub": self.subject, "email": self.email, "email_verified": self.email_verified},
            )
        else:
            handler._reply(404, {"error": "not_found"})

    def _authorize(self, handler: _Handler, query: dict[str, str]) -> None:
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            handler._reply(400, {"error": "invalid_request"})
            return
        if "openid" not in query.get("scope", "").split() or not query.get("code_challenge"):
            handler._reply(400, {"error": "invalid_request"})
            return
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "nonce": query.get("nonce", ""),
            "redirect_uri": query["redirect_uri"],
            "challenge": query["code_challenge"],
        }
        handler._redirect(
            f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
        )

    def post(self, handler: _Handler) -> None:
        url = urlsplit(handler.path)
        self.calls.append(f"POST {url.path}")
        if url.path != "/token":
            handler._reply(404, {"error": "not_found"})
            return
        form = {key: values[0] for key, values in parse_qs(handler._body().decode()).items()}
        grant = self.codes.pop(form.get("code", ""), None)
        verifier = form.get("code_verifier", "")
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        if (
            grant is None
            or form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
            or form.get("redirect_uri") != grant["redirect_uri"]
            or challenge != grant["challenge"]
        ):
            handler._reply(400, {"error": "invalid_grant"})
            return
        now = int(time.time())
        id_token = jwt.encode(
            {
                "iss": self.issuer,
                "sub": self.subject,
                "aud": self.client_id,
                "iat": now,
                "exp": now + 300,
                "nonce": grant["nonce"],
                "email": self.email,
            },
            self.key,
            algorithm="RS256",
            headers={"kid": self.kid},
        )
        access_token = secrets.token_urlsafe(16)
        self.tokens[access_token] = self.subject
        handler._reply(
            200,
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            },
        )


@contextmanager
def oidc_provider(**kwargs: Any) -> Iterator[FakeOidcProvider]:
    provider = FakeOidcProvider(**kwargs)
    with serve(provider) as url:
        provider.base_url = url
        yield provider


# --- BRP API Personen 2.x ----------------------------------------------------------------------

# The fields of the published contract (BRP API Personen 2.x, RaadpleegMetBurgerservicenummer)
# this fake knows; a request asking for anything else is refused as the API does (400).
KNOWN_FIELDS = frozenset(
    {
        "burgerservicenummer",
        "naam",
        "naam.voornamen",
        "naam.voorletters",
        "naam.voorvoegsel",
        "naam.geslachtsnaam",
        "naam.adellijkeTitelPredicaat",
        "geboorte",
        "geboorte.datum",
        "geboorte.plaats",
        "geboorte.land",
        "geslacht",
        "leeftijd",
        "verblijfplaats",
        "verblijfplaats.verblijfadres",
        "verblijfplaats.verblijfadres.officieleStraatnaam",
        "verblijfplaats.verblijfadres.korteStraatnaam",
        "verblijfplaats.verblijfadres.huisnummer",
        "verblijfplaats.verblijfadres.huisletter",
        "verblijfplaats.verblijfadres.huisnummertoevoeging",
        "verblijfplaats.verblijfadres.postcode",
        "verblijfplaats.verblijfadres.woonplaats",
        "gemeenteVanInschrijving",
        "nationaliteiten",
        "partners",
        "kinderen",
        "ouders",
    }
)
REQUIRED_HEADERS = ("x-doelbinding", "x-verwerking", "x-gebruiker", "x-origin-oin")


def brp_person(
    bsn: str,
    *,
    voornamen: str,
    geslachtsnaam: str,
    voorvoegsel: str = "",
    geboortedatum: datetime.date,
    geslacht: str = "V",
    straat: str = "",
    huisnummer: int | None = None,
    huisletter: str = "",
    postcode: str = "",
) -> dict[str, Any]:
    """A person as the 2.x contract shapes one (every field; the fake cuts to those asked)."""
    person: dict[str, Any] = {
        "burgerservicenummer": bsn,
        "naam": {
            "voornamen": voornamen,
            "voorletters": " ".join(f"{name[0]}." for name in voornamen.split()),
            "geslachtsnaam": geslachtsnaam,
        },
        "geboorte": {
            "datum": {
                "type": "Datum",
                "datum": geboortedatum.isoformat(),
                "langFormaat": geboortedatum.strftime("%-d-%-m-%Y"),
            },
            "plaats": {"code": "0518", "omschrijving": "'s-Gravenhage"},
        },
        "geslacht": {
            "code": geslacht,
            "omschrijving": {"V": "vrouw", "M": "man"}.get(geslacht, "onbekend"),
        },
        "leeftijd": 40,
        "gemeenteVanInschrijving": {"code": "0518", "omschrijving": "'s-Gravenhage"},
    }
    if voorvoegsel:
        person["naam"]["voorvoegsel"] = voorvoegsel
    if straat:
        address: dict[str, Any] = {
            "officieleStraatnaam": straat,
            "korteStraatnaam": straat[:24],
            "huisnummer": huisnummer,
            "postcode": postcode,
            "woonplaats": "'s-Gravenhage",
        }
        if huisletter:
            address["huisletter"] = huisletter
        person["verblijfplaats"] = {"type": "Adres", "verblijfadres": address}
    return person


def _only(data: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """The person cut down to the fields asked for (the API's data minimisation)."""
    result: dict[str, Any] = {}
    for path in fields:
        source: Any = data
        parts = path.split(".")
        for part in parts:
            source = source.get(part) if isinstance(source, dict) else None
        if source is None:
            continue
        target = result
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = source
    # The API adds the type of a verblijfplaats whenever part of it is asked.
    if "verblijfplaats" in result and "verblijfplaats" in data:
        result["verblijfplaats"]["type"] = data["verblijfplaats"]["type"]
    return result


def _problem(status: int, title: str, invalid: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "type": "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.1",
        "title": title,
        "status": status,
        "invalidParams": invalid,
    }


@dataclass
class FakeBrp:
    api_key: str = "brp-test-sleutel"
    persons: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)

    def get(self, handler: _Handler) -> None:
        handler._reply(405, _problem(405, "Method not allowed", []))

    def post(self, handler: _Handler) -> None:
        body_bytes = handler._body()
        headers = {key.lower(): value for key, value in handler.headers.items()}
        self.requests.append({"path": handler.path, "headers": headers, "raw": body_bytes})
        if urlsplit(handler.path).path != "/personen":
            handler._reply(404, _problem(404, "Not found", []), "application/problem+json")
            return
        if headers.get("x-api-key") != self.api_key:
            handler._reply(
                401, _problem(401, "Niet geauthenticeerd", []), "application/problem+json"
            )
            return
        missing = [name for name in REQUIRED_HEADERS if not headers.get(name)]
        if missing:
            invalid = [
                {"name": name, "code": "required", "reason": "Header is verplicht."}
                for name in missing
            ]
            handler._reply(
                400,
                _problem(400, "Ten minste één parameter moet worden opgegeven.", invalid),
                "application/problem+json",
            )
            return
        try:
            body = json.loads(body_bytes)
        except ValueError:
            handler._reply(400, _problem(400, "Ongeldige JSON", []), "application/problem+json")
            return
        invalid = self._invalid(body)
        if invalid:
            handler._reply(
                400,
                _problem(400, "Een of meerdere parameters zijn niet correct.", invalid),
                "application/problem+json",
            )
            return
        found = [
            _only(self.persons[bsn], body["fields"])
            for bsn in body["burgerservicenummer"]
            if bsn in self.persons
        ]
        handler._reply(200, {"type": "RaadpleegMetBurgerservicenummer", "personen": found})

    @staticmethod
    def _invalid(body: Any) -> list[dict[str, str]]:
        problems = []
        if not isinstance(body, dict) or body.get("type") != "RaadpleegMetBurgerservicenummer":
            return [{"name": "type", "code": "value", "reason": "Onbekend type."}]
        bsns = body.get("burgerservicenummer")
        if (
            not isinstance(bsns, list)
            or not 1 <= len(bsns) <= 20
            or not all(isinstance(b, str) and len(b) == 9 and b.isdigit() for b in bsns)
        ):
            problems.append(
                {"name": "burgerservicenummer", "code": "pattern", "reason": "9 cijfers."}
            )
        fields = body.get("fields")
        if not isinstance(fields, list) or not fields:
            problems.append(
                {"name": "fields", "code": "required", "reason": "Parameter is verplicht."}
            )
        else:
            for index, name in enumerate(fields):
                if name not in KNOWN_FIELDS:
                    problems.append(
                        {"name": f"fields[{index}]", "code": "field", "reason": "Onbekend."}
                    )
        extra = set(body) - {
            "type",
            "burgerservicenummer",
            "fields",
            "gemeenteVanInschrijving",
            "inclusiefOverledenPersonen",
        }
        problems.extend(
            {"name": name, "code": "unknownParam", "reason": "Onbekende parameter."}
            for name in sorted(extra)
        )
        return problems


def self_signed_tls(directory: Path) -> tuple[ssl.SSLContext, Path]:
    """A certificate for 127.0.0.1 and a server context; the certificate file is the CA bundle a
    client must be given to trust it."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake-brp.test")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path = directory / "fake-brp.pem"
    key_path = directory / "fake-brp.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context, cert_path


@contextmanager
def brp_api(directory: Path, **kwargs: Any) -> Iterator[tuple[FakeBrp, str, Path]]:
    """The fake BRP over TLS: (the fake, its base URL, the CA bundle that trusts it)."""
    fake = FakeBrp(**kwargs)
    context, ca_bundle = self_signed_tls(directory)
    with serve(fake, tls=context) as url:
        yield fake, url, ca_bundle
