"""Every person-data page and API endpoint × every role, as docs/domain.md says.

With a relation to the person, the roles that work on case files may read (one processing-log
row per read); the others (signal sources, policy officers, functional admins, privacy officers)
never may. Without a relation nobody may, and a denied read logs nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from plek.access.models import ProcessingLogEntry
from plek.accounts.models import Membership
from plek.accounts.roles import Role, profile
from tests.factories import PersonFactory, RelationFactory
from tests.person_endpoints import ENDPOINTS

ROLES = list(Role.values)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("related", [True, False], ids=["met-relatie", "zonder-relatie"])
def test_person_data_is_shown_only_as_the_policy_says(
    endpoint, role: str, related: bool, member: Callable[..., Membership]
) -> None:
    from tests.conftest import login_fully

    membership = member(role)
    person = PersonFactory()
    url = reverse(endpoint.url_name, kwargs=endpoint.arrange(person))
    if related:
        RelationFactory(person=person, user=membership.user)
    client = login_fully(Client(), membership)
    before = ProcessingLogEntry.objects.filter(person_id=person.pk).count()

    response = client.get(url, HTTP_ACCEPT="application/json" if endpoint.api else "text/html")

    allowed = related and profile(role).reads_person_files
    reads = ProcessingLogEntry.objects.filter(person_id=person.pk).count() - before
    if allowed:
        assert response.status_code == 200, (endpoint, role)
        assert reads == 1
    else:
        assert response.status_code == 403, (endpoint, role, response.status_code)
        assert reads == 0
