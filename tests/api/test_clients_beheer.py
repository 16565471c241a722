"""The functional admin manages system clients on the pages: create (secret shown once), scopes,
revoke, with the history on the client's page; other roles are refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plek.api.models import SystemClient
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_admin_creates_scopes_and_revokes_a_client(client_as) -> None:  # type: ignore[no-untyped-def]
    admin = client_as("beheer")
    organisation = OrganisationFactory(kind="sociale_dienst")
    assert admin.get(reverse("api-clients:list")).status_code == 200
    created = admin.post(
        reverse("api-clients:create"),
        {
            "name": "Uitkeringssysteem",
            "client_id": "uitkeringen",
            "organisation": organisation.pk,
            "role": "toegang",
            "scopes": ["briefadressen.gebeurtenissen.lezen"],
        },
    )
    assert created.status_code == 200
    client = SystemClient.objects.get(client_id="uitkeringen")
    assert client.secret in created.content.decode()
    page = admin.get(reverse("api-clients:detail", args=[client.pk]))
    # Never shown again.
    assert client.secret not in page.content.decode()
    admin.post(
        reverse("api-clients:detail", args=[client.pk]),
        {"scopes": ["briefadressen.gebeurtenissen.lezen", "personen.lezen"]},
    )
    client.refresh_from_db()
    assert client.scopes == ["briefadressen.gebeurtenissen.lezen", "personen.lezen"]
    admin.post(reverse("api-clients:revoke", args=[client.pk]))
    client.refresh_from_db()
    assert client.revoked_at is not None
    history = admin.get(reverse("api-clients:detail", args=[client.pk])).content.decode()
    assert "personen.lezen" in history and "ingetrokken op" in history


def test_a_duplicate_client_id_is_refused_in_dutch(client_as) -> None:  # type: ignore[no-untyped-def]
    admin = client_as("beheer")
    organisation = OrganisationFactory()
    data = {"name": "A", "client_id": "dubbel", "organisation": organisation.pk, "role": "beleid"}
    admin.post(reverse("api-clients:create"), data)
    again = admin.post(reverse("api-clients:create"), data)
    assert "al in gebruik" in again.content.decode()
    assert SystemClient.objects.count() == 1


@pytest.mark.parametrize("role", ["wijkteam", "privacy", "beleid"])
def test_other_roles_are_refused(client_as, role: str) -> None:  # type: ignore[no-untyped-def]
    assert client_as(role).get(reverse("api-clients:list")).status_code == 403
