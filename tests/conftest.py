"""Fixtures every test package may use: members in a role, and clients logged in as them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from plek.accounts.models import Membership
from plek.accounts.verification import DEMO_SKIP_SESSION_KEY
from tests.factories import MembershipFactory

# Browser tests skip without Chromium locally and fail without it in CI; their fixtures live in
# a plugin so that every package may use them without importing another package's conftest.
# PostgreSQL tests skip without it locally and fail in CI, in a plugin of their own too.
pytest_plugins = ["tests.conftest_chromium", "tests.conftest_postgres", "tests.browser"]

TEST_PASSWORD = "correct-horse-battery-1"


@pytest.fixture(autouse=True)
def dutch_by_default() -> Iterator[None]:
    """Each test starts in Dutch, whatever language an earlier request in this worker chose."""
    from django.utils import translation

    with translation.override("nl"):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Argon2 is slow by design, and the tests make users and log in thousands of times.

    Only the hashing speed changes; the test that a new password is stored with argon2 puts the
    production hashers back (tests/accounts/test_admin_ui.py).
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_relation_statements() -> None:
    """Each test compiles the relation sources' statements again (plek.core.compiled): a test
    may change what a source reads (a setting, a constant), which a running server never does."""
    from plek.core import compiled

    compiled.forget()


@pytest.fixture(autouse=True)
def log_anchor_dir(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Each test has its own directory for processing-log checkpoints (never the project's var/)."""
    directory = tmp_path_factory.mktemp("log-anchors")
    settings.LOG_ANCHOR_DIR = directory
    return directory


@pytest.fixture(autouse=True, scope="session")
def _flush_past_the_append_only_log() -> Iterator[None]:
    """Let transactional tests on SQLite empty the processing log after them.

    SQLite empties tables with DELETE, which the log's append-only triggers refuse; the flush
    lifts them for its own duration. PostgreSQL truncates, which the triggers leave alone.
    """
    from django.db.backends.sqlite3.base import DatabaseWrapper

    from plek.access.triggers import append_only_suspended

    operations = DatabaseWrapper.ops_class
    original = operations.execute_sql_flush

    def execute_sql_flush(self: Any, sql_list: Any) -> None:
        with append_only_suspended(self.connection.alias):
            original(self, sql_list)

    operations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign]
    yield
    operations.execute_sql_flush = original  # type: ignore[method-assign]


@pytest.fixture
def member(db: None) -> Callable[..., Membership]:
    """Make a user with one active membership in the given role: member("wijkteam")."""

    def make(role: str = "wijkteam", **kwargs: object) -> Membership:
        return MembershipFactory(role=role, **kwargs)

    return make


def login_fully(client: Client, membership: Membership) -> Client:
    """Log the client in as a fully verified user (second factor passed) in this membership."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(membership.user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=membership.user, name="test", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session["plek_membership_id"] = membership.pk
    session.save()
    return client


@pytest.fixture
def client_as(member: Callable[..., Membership]) -> Callable[..., Client]:
    """A test client logged in (second factor passed) as a new member in the given role."""

    def make(role: str = "wijkteam", **kwargs: object) -> Client:
        return login_fully(Client(), member(role, **kwargs))

    return make


__all__ = ["DEMO_SKIP_SESSION_KEY", "TEST_PASSWORD", "login_fully"]
