"""The route walker shows both path() routes and a router's regex routes the same way."""

from __future__ import annotations

import pytest

from plek.api.routes import display_path, iter_routes


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("api/v1/^things/(?P<pk>[^/.]+)/$", "/api/v1/things/{pk}/"),
        ("api/v1/^things/$", "/api/v1/things/"),
        ("api/v1/personen/<int:person_id>/", "/api/v1/personen/{person_id}/"),
    ],
)
def test_display_path(raw: str, shown: str) -> None:
    assert display_path(raw) == shown


def test_routes_carry_names_and_parameter_kinds() -> None:
    routes = {route.path: route for route in iter_routes()}
    assert routes["/health/"].name == "health"
    assert routes["/api/v1/schema/"].name == "api-schema"
    with_params = [route for route in routes.values() if route.params]
    assert all(
        set(route.params) <= set(route.path.replace("}", "{").split("{")) for route in with_params
    )
