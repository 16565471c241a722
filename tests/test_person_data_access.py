"""Every person-scoped page and API endpoint × every role × relation × kind of data, as
docs/domain.md and the matrix in docs/security.md say.

Reads: with a relation to the person, the roles that work on case files may read what the
relation's purpose opens (one processing-log row per read); the others (signal sources, policy
officers, functional admins, privacy officers) never may. Without a relation nobody may, and a
denied read logs nothing. Actions: without a relation every role is refused, by GET and POST.
The URL resolver is walked, so a new person-scoped route that is not registered here fails.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from plek.access.kinds import kinds_for
from plek.access.models import ProcessingLogEntry
from plek.accounts.models import Membership
from plek.accounts.roles import Role, profile
from tests.factories import PersonFactory, RelationFactory
from tests.person_endpoints import ACTIONS, ELSEWHERE, ENDPOINTS, PERSON_KWARGS, Endpoint

ROLES = list(Role.values)
# No relation; one that opens every kind (the case lead); one for the postal process only.
RELATIONS = [None, "regisseur", "briefadres"]


def _routes(patterns: list[object], namespace: str = "") -> Iterator[tuple[str, set[str]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            prefix = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _routes(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, set(pattern.pattern.converters)


def person_scoped_routes() -> set[str]:
    return {name for name, params in _routes(get_resolver().url_patterns) if params & PERSON_KWARGS}


def test_every_person_scoped_route_is_covered() -> None:
    routes = person_scoped_routes()
    covered = {e.url_name for e in ENDPOINTS} | {e.url_name for e in ACTIONS} | set(ELSEWHERE)
    assert len(routes) >= 49
    assert sorted(routes - covered) == []
    # And nothing registered that no longer exists.
    assert sorted(covered - routes) == []


def _get(client: Client, endpoint: Endpoint, url: str) -> int:
    accept = "application/json" if endpoint.api else "text/html"
    return client.get(url, HTTP_ACCEPT=accept).status_code


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("relation", RELATIONS, ids=lambda r: r or "zonder-relatie")
def test_person_data_is_shown_only_as_the_policy_says(
    endpoint: Endpoint, role: str, relation: str | None, member: Callable[..., Membership]
) -> None:
    from tests.conftest import login_fully

    membership = member(role)
    person = PersonFactory()
    url = reverse(endpoint.url_name, kwargs=endpoint.arrange(person))
    if relation:
        RelationFactory(person=person, user=membership.user, kind=relation)
    client = login_fully(Client(), membership)
    before = ProcessingLogEntry.objects.filter(person_id=person.pk).count()

    status = _get(client, endpoint, url)

    allowed = (
        relation is not None
        and profile(role).reads_person_files
        and endpoint.kind in kinds_for(f"relatie:{relation}")
    )
    reads = ProcessingLogEntry.objects.filter(person_id=person.pk).count() - before
    if allowed:
        assert status == 200, (endpoint, role, relation)
        assert reads == 1
    else:
        assert status == 403, (endpoint, role, relation, status)
        assert reads == 0


@pytest.mark.parametrize("endpoint", ACTIONS, ids=str)
@pytest.mark.parametrize("role", ROLES)
def test_nobody_acts_on_a_person_without_a_relation(
    endpoint: Endpoint, role: str, member: Callable[..., Membership]
) -> None:
    from tests.conftest import login_fully

    membership = member(role)
    person = PersonFactory()
    url = reverse(endpoint.url_name, kwargs=endpoint.arrange(person))
    client = login_fully(Client(), membership)
    before = ProcessingLogEntry.objects.filter(person_id=person.pk).count()
    accept = "application/json" if endpoint.api else "text/html"
    answers = {
        client.get(url, HTTP_ACCEPT=accept).status_code,
        client.post(url, {}, HTTP_ACCEPT=accept).status_code,
    }
    # Refused (403), not a method the route takes (405), or an empty form refused before
    # anything is looked up (400); never shown, never done.
    assert answers <= {400, 403, 405}, (endpoint, role, answers)
    assert answers != {405}
    assert ProcessingLogEntry.objects.filter(person_id=person.pk).count() == before
