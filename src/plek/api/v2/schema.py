"""The v2 OpenAPI document: its own settings, the bearer-token scheme, and keeping v1's apart.

`make schema` writes both committed files: docs/api/openapi.yaml (v1) and
docs/api/openapi-v2.yaml (this one, from ``plek.api.v2.schema_urls`` with ``V2_SETTINGS``).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.views import SpectacularJSONAPIView

from plek.api.middleware import V1_END_DATE, V2_VERSION

V2_SETTINGS: dict[str, Any] = {
    "TITLE": "plek API",
    "VERSION": V2_VERSION,
    "DESCRIPTION": (
        "Versie 2 van de API van plek, volgens de API Design Rules: Nederlandse veldnamen in "
        "camelCase, UUID's als identificatie, één lijstvorm (count, next, previous, results), "
        "filters op elke lijst en fouten als application/problem+json. Systemen melden zich "
        "met een JWT per client (HS256, met client_id en iat); personen met hun sessie. "
        f"Versie 1 blijft werken tot {V1_END_DATE}."
    ),
    "SCHEMA_PATH_PREFIX": "/api/v2",
    "TAGS": [
        {"name": "personen", "description": "Personen met wie u een relatie heeft."},
        {"name": "huishoudens", "description": "Huishoudens en hun leden door de tijd."},
        {"name": "signalen", "description": "Vroegsignalen van het team."},
        {"name": "briefadressen", "description": "Briefadresaanvragen en hun gebeurtenissen."},
        {"name": "voorzieningen", "description": "Voorzieningen en vrije plaatsen."},
        {"name": "wachtlijst", "description": "Inschrijvingen op de wachtlijst en hun positie."},
        {"name": "plannen", "description": "Plannen met doelen, acties en evaluaties."},
        {
            "name": "aanleveringen",
            "description": "Aanleveringen en terugmeldingen (signaalpartners).",
        },
        {"name": "verwerkingen", "description": "Het verwerkingenlog (privacy officer)."},
        {"name": "voorstellen", "description": "Voorstellen van kandidaten voor vrije eenheden."},
        {"name": "verblijven", "description": "Verblijven in een voorziening."},
        {"name": "terugval", "description": "Terugvalplekken voor wie al zelfstandig woont."},
        {"name": "intakes", "description": "Integrale intakes en ZRM-metingen."},
        {"name": "overdrachten", "description": "Overdrachten van de regie over een plan."},
        {"name": "nazorg", "description": "Nazorgtrajecten, contactmomenten en signaleringen."},
    ],
    "PREPROCESSING_HOOKS": ["plek.api.v2.schema.only_v2"],
    "CONTACT": {"name": "plek", "url": "https://github.com/plek"},
    "APPEND_COMPONENTS": {
        "headers": {
            "API-Version": {
                "description": "De versie van de API die antwoordt (semver).",
                "schema": {"type": "string", "example": V2_VERSION},
            }
        }
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "plek.api.v2.schema.add_version_header",
    ],
}


def only_v1(endpoints: list[Any], **kwargs: Any) -> list[Any]:
    """The v1 document leaves v2 out (v2 has its own)."""
    return [endpoint for endpoint in endpoints if not endpoint[0].startswith("/api/v2")]


def only_v2(endpoints: list[Any], **kwargs: Any) -> list[Any]:
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v2")]


def add_version_header(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Every answer of every operation carries the API-Version header."""
    reference = {"$ref": "#/components/headers/API-Version"}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for response in operation.get("responses", {}).values():
                response.setdefault("headers", {})["API-Version"] = reference
    return result


class ClientTokenScheme(OpenApiAuthenticationExtension):
    target_class = "plek.api.auth.ClientTokenAuthentication"
    name = "clientToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "JWT per systeemclient, HS256 ondertekend met het geheim van de "
            "client, met de claims client_id en iat.",
        }


class SchemaView(SpectacularJSONAPIView):
    urlconf = "plek.api.v2.schema_urls"
    custom_settings = V2_SETTINGS
