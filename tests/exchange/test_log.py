"""plek import / export and the browser import log one row per person written or read (issue 9)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from plek.access.models import ProcessingLogEntry
from plek.accounts.models import Membership
from plek.exchange.importer import imported_person_ids
from plek.exchange.reader import read_directory
from plek.people.models import Person
from tests.monitor.conftest import REGION

pytestmark = pytest.mark.django_db


def _command(*args: str) -> None:
    call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())


def _verify_log() -> None:
    call_command("verify_log", stdout=io.StringIO(), stderr=io.StringIO())  # raises when broken


def test_plek_import_logs_one_row_per_distinct_person_as_the_system() -> None:
    _command("import", str(REGION))
    logged = ProcessingLogEntry.objects.filter(activity_code="gegevens.importeren")
    persons = sorted(Person.objects.values_list("pk", flat=True))
    assert len(persons) > 1
    assert sorted(logged.values_list("person_id", flat=True)) == persons  # once each
    assert {(e.action, e.purpose, e.username, e.user_id) for e in logged} == {
        ("create", "wmo_mo", "systeem", None)
    }
    _verify_log()


def test_the_persons_logged_are_the_files_persons_and_references() -> None:
    _command("import", str(REGION))
    bundle = read_directory(REGION)
    external = {row.values["id"] for row in bundle.rows["persons"]}
    assert sorted(imported_person_ids(bundle)) == sorted(
        Person.objects.filter(external_id__in=external).values_list("pk", flat=True)
    )


def test_plek_import_als_names_the_functional_admin(member: Callable[..., Membership]) -> None:
    admin = member("beheer")
    _command("import", str(REGION), "--als", admin.user.username)
    logged = ProcessingLogEntry.objects.filter(activity_code="gegevens.importeren")
    assert logged.exists()
    assert {(e.user_id, e.role) for e in logged} == {(admin.user.pk, "beheer")}
    _verify_log()


def test_als_refuses_who_is_not_an_active_functional_admin(
    member: Callable[..., Membership],
) -> None:
    worker = member("wijkteam")
    for name in (worker.user.username, "bestaat-niet"):
        with pytest.raises(CommandError, match="--als"):
            _command("import", str(REGION), "--als", name)
    assert not Person.objects.exists()
    assert not ProcessingLogEntry.objects.exists()


def test_plek_export_logs_one_read_per_person(
    tmp_path: Path, member: Callable[..., Membership]
) -> None:
    _command("import", str(REGION))
    admin = member("beheer")
    _command("export", str(tmp_path / "out"), "--als", admin.user.username)
    logged = ProcessingLogEntry.objects.filter(activity_code="gegevens.exporteren")
    assert sorted(logged.values_list("person_id", flat=True)) == sorted(
        Person.objects.values_list("pk", flat=True)
    )
    assert {(e.action, e.user_id) for e in logged} == {("read", admin.user.pk)}
    _verify_log()
