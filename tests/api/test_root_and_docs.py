"""The API root lists what is there; the documentation page renders the schema on the server."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from plek.api import docs


@pytest.fixture
def api_client(client_as: Callable[..., Client]) -> Client:
    # A policy officer needs no second factor, so this is the plainest verified API user.
    return client_as("beleid")


def test_root_lists_schema_docs_and_endpoints(api_client: Client) -> None:
    response = api_client.get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    assert body["schema"].endswith("/api/v1/schema/")
    assert body["docs"].endswith("/api/v1/docs/")
    paths = {endpoint["path"] for endpoint in body["endpoints"]}
    assert {"/api/v1/", "/api/v1/schema/", "/api/v1/docs/"} <= paths
    assert all(path.startswith("/api/v1/") for path in paths)


def test_schema_is_served_to_a_verified_user(api_client: Client) -> None:
    response = api_client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3")


def test_docs_page_needs_nothing_from_elsewhere(api_client: Client) -> None:
    response = api_client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "plek API" in html
    # Closed networks and a strict CSP: nothing from another origin, no inline script or style.
    references = re.findall(r"""(?:src|href)=["']([^"']*)["']""", html)
    assert references and all(ref.startswith(("/", "#", "?")) for ref in references), references
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "style=" not in html and "<style" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_docs_page_is_html_whatever_the_client_accepts(client: Client) -> None:
    response = client.get("/api/v1/docs/", HTTP_ACCEPT="application/json")
    assert response.status_code == 403


SCHEMA = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/api/v1/things/{id}/": {
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "get": {
                "operationId": "things_retrieve",
                "tags": ["things"],
                "summary": "One thing",
                "responses": {
                    "200": {
                        "description": "",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                        },
                    }
                },
            },
            "patch": {
                "operationId": "things_partial_update",
                "tags": ["things"],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/PatchedThing"}
                        }
                    }
                },
                "responses": {"200": {"description": "ok"}},
            },
        }
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "integer", "readOnly": True},
                    "day": {"type": "string", "format": "date", "nullable": True},
                    "kind": {"$ref": "#/components/schemas/KindEnum"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            },
            "KindEnum": {"enum": ["a", "b"], "type": "string", "description": "soort"},
        }
    },
}


def test_docs_groups_operations_by_tag_with_shared_parameters() -> None:
    [tag] = docs.tags(SCHEMA)
    assert tag.name == "things"
    get, patch = tag.operations
    assert (get.method, get.path, get.anchor) == ("GET", "/api/v1/things/{id}/", "things_retrieve")
    assert [(p.name, p.location, p.type, p.required) for p in get.parameters] == [
        ("id", "path", "integer", True)
    ]
    assert get.responses[0].ref == "Thing"
    assert patch.request_body[0].ref == "PatchedThing"


def test_docs_describes_components_and_types() -> None:
    kind, thing = docs.components(SCHEMA)
    assert kind.values == ["a", "b"]
    fields = {f.name: f for f in thing.properties}
    assert fields["id"].type == "integer, alleen lezen" and fields["id"].required
    assert fields["day"].type == "string (date), mag leeg zijn"
    assert fields["kind"].ref == "KindEnum"
    assert fields["tags"].type == "lijst van string"
