"""Acceptance: a property-based run of schemathesis against the committed v2 document.

Every operation gets generated requests (valid and invalid parameters and bodies), each sent as
every role (a logged-in professional, second factor passed) and as two system clients with every
scope (a social service's, and a signal source's own system). No answer may be a server error;
every 4xx must be application/problem+json; every answer carries API-Version. The run goes
through Django's WSGI handler in the test process, against the test database, so the policy and
the processing log run for real.

Examples per operation: PLEK_FUZZ_EXAMPLES (default 5): operations × 5 × 14 callers requests,
at least 2,000 (measured: see docs/api/README.md).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings

from plek.accounts.context import Actor
from plek.accounts.models import MembershipStatus
from plek.accounts.roles import Role
from plek.api import services as client_services
from plek.api.scopes import SCOPE_CODES
from plek.postal import services as postal_services
from plek.postal.models import Decision
from tests.conftest import login_fully
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RelationFactory,
)
from tests.postal.helpers import assessed, make_mdt

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi-v2.yaml"
EXAMPLES = int(os.environ.get("PLEK_FUZZ_EXAMPLES", "5"))
MINIMUM_REQUESTS = 2000 if EXAMPLES >= 5 else 0
PROBLEM = "application/problem+json"

pytestmark = pytest.mark.django_db


def callers() -> dict[str, dict[str, Any]]:
    """Headers and cookies per caller: every role, and one system client with every scope."""
    csrf = _get_new_csrf_string()
    mdt = make_mdt()
    application = assessed(mdt, PersonFactory().pk)
    postal_services.decide_application(mdt.actor(), application.pk, Decision.TOEGEKEND)
    found: dict[str, dict[str, Any]] = {}
    for role in Role.values:
        membership = mdt.first if role == Role.BRIEFADRES else MembershipFactory(role=role)
        for _ in range(3):
            RelationFactory(person=PersonFactory(), user=membership.user)
        session = login_fully(Client(), membership).cookies["sessionid"].value
        found[role] = {
            "cookies": {"sessionid": session, "csrftoken": csrf},
            "headers": {"X-CSRFToken": csrf},
        }
    admin = MembershipFactory(role=Role.BEHEER)
    second = MembershipFactory(role=Role.BEHEER)
    area = mdt.first.team.municipalities.get()
    client, secret = client_services.create_client(
        Actor(admin.user, admin),
        name="Uitkeringssysteem",
        client_id="fuzz",
        organisation=OrganisationFactory(kind="sociale_dienst", municipality=area),
        role=Role.TOEGANG,
        scopes=sorted(SCOPE_CODES),
    )
    from plek.accounts import services as account_services

    account_services.decide_membership(Actor(second.user, second), client.membership_id, True)
    token = jwt.encode({"client_id": "fuzz", "iat": int(time.time())}, secret, algorithm="HS256")
    found["systeemclient"] = {"cookies": {}, "headers": {"Authorization": f"Bearer {token}"}}
    # --- the signal source's own system: delivers, decides and reads its feedback (v2 feeds) ---
    source, source_secret = client_services.create_client(
        Actor(admin.user, admin),
        name="Bronsysteem",
        client_id="fuzz-bron",
        organisation=OrganisationFactory(kind="woningcorporatie"),
        role=Role.SIGNAALBRON,
        scopes=sorted(SCOPE_CODES),
    )
    if source.membership.status != MembershipStatus.APPROVED:
        account_services.decide_membership(Actor(second.user, second), source.membership_id, True)
    claims = {"client_id": "fuzz-bron", "iat": int(time.time())}
    source_token = jwt.encode(claims, source_secret, algorithm="HS256")
    found["bronsysteem"] = {"cookies": {}, "headers": {"Authorization": f"Bearer {source_token}"}}
    return found


def header(response: Any, name: str) -> str:
    for key, value in response.headers.items():
        if key.lower() == name.lower():
            return str(value[0] if isinstance(value, list) else value)
    return ""


def test_no_server_error_and_problem_json_for_every_4xx(settings_fixture: Any) -> None:
    started = time.monotonic()
    schema = schemathesis.openapi.from_path(str(DOCUMENT))
    schema.app = get_wsgi_application()
    who = callers()
    print(f"callers ready after {time.monotonic() - started:.1f}s")
    statuses: Counter[int] = Counter()
    failures: list[str] = []

    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            # The caller's own credentials, not the ones generated from the security schemes.
            case.headers = {
                key: value
                for key, value in (case.headers or {}).items()
                if key.lower() not in ("authorization", "cookie", "x-csrftoken")
            }
            case.cookies = {}
            for name, caller in who.items():
                response = case.call(headers=caller["headers"], cookies=caller["cookies"])
                statuses[response.status_code] += 1
                where = f"{name} {case.method} {case.formatted_path} -> {response.status_code}"
                content_type = header(response, "Content-Type")
                if response.status_code >= 500:
                    failures.append(f"{where}: {response.text[:300]}")
                elif response.status_code >= 400 and not content_type.startswith(PROBLEM):
                    failures.append(f"{where}: {content_type}")
                if not header(response, "API-Version"):
                    failures.append(f"{where}: no API-Version")

        run()

    total = sum(statuses.values())
    print(
        f"schemathesis: {total} requests in {time.monotonic() - started:.1f}s, "
        f"statuses {dict(sorted(statuses.items()))}"
    )
    assert not failures, "\n".join(failures[:20])
    assert total >= MINIMUM_REQUESTS, total


@pytest.fixture
def settings_fixture(settings: Any) -> Iterator[Any]:
    # The generated requests come from schemathesis' WSGI client, not Django's test client: allow
    # its host, and keep the test's database connection open between requests (as Django's own
    # test client does), so every request sees the test's data.
    settings.ALLOWED_HOSTS = ["*"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield settings
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
