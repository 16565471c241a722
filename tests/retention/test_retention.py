"""Retention with frozen time: what passed its period is gone or anonymised, the processing log
says so and still verifies, and the monitor's published figures for earlier periods stay."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from plek.access import chain
from plek.access.models import ProcessingLogEntry
from plek.accounts.models import ConfigChange
from plek.accounts.roles import Role
from plek.aftercare.models import AftercareTrack
from plek.core.retention import kinds
from plek.exchange.importer import import_directory
from plek.housing.models import Facility, Stay
from plek.monitor import precomputed
from plek.monitor.dashboard import build_dashboard
from plek.monitor.engine import Period, compute
from plek.people.models import Person
from plek.people.retention import ANONYMOUS_NAME
from plek.plans.models import Plan
from plek.retention import services
from plek.retention.models import RetentionPeriod
from plek.signals.models import Signal

pytestmark = pytest.mark.django_db

REGION = Path(__file__).parents[1] / "monitor" / "golden" / "region"
LOADED = datetime.datetime(2024, 12, 1, 12, 0, tzinfo=datetime.UTC)
# 15 years and a half after the golden region's year: every stay, plan and signal that ended in
# 2024 has passed its period (15 and 5 years); open ones never expire.
LATER = datetime.datetime(2040, 6, 15, 3, 0, tzinfo=datetime.UTC)
TODAY = LATER.date()


def _load() -> Person:
    """The golden region, loaded in 2024, plus a person whose only record is a stay that ended."""
    with time_machine.travel(LOADED, tick=False):
        result = import_directory(REGION)
        assert result.ok, [str(problem) for problem in result.problems]
        lone = Person.objects.create(
            bsn="999990020", initials="D.", family_name="Smit", birth_date=datetime.date(1970, 2, 3)
        )
        Stay.objects.create(
            external_id="lone-stay",
            person=lone,
            facility=Facility.objects.get(external_id="f1"),
            start_date=datetime.date(2024, 3, 1),
            end_date=datetime.date(2024, 3, 20),
            exit_destination="eigen_woning",
        )
        chain.anchor()
    return lone


def _published(today: datetime.date) -> dict[str, object]:
    """What the monitor shows for 2024: the year, a quarter and a month, region and a city."""
    return {
        f"{start}/{end}/{area}": {
            code: value
            for code, value in precomputed.figures(Period(start, end, today, area)).items()
            if code != "period"
        }
        for start, end in (
            (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
            (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31)),
            (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
        )
        for area in (None, "GM0505")
    }


def test_expired_records_go_the_log_says_so_and_published_figures_stay() -> None:
    lone = _load()
    with time_machine.travel(LATER, tick=False):
        before = _published(TODAY)
        build_dashboard(Period(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), TODAY))
        outcome = services.run()

        # Records past their period are gone; running ones stay.
        assert set(Stay.objects.values_list("external_id", flat=True)) == set(
            Stay.objects.filter(end_date__isnull=True).values_list("external_id", flat=True)
        )
        assert Stay.objects.filter(end_date__isnull=True).exists()
        assert list(Plan.objects.values_list("external_id", flat=True)) == ["pl1"]
        assert sorted(Signal.objects.values_list("external_id", flat=True)) == ["g2", "g5"]
        assert list(AftercareTrack.objects.values_list("external_id", flat=True)) == ["t1"]
        assert outcome.kinds["verblijf"].done >= 5
        assert outcome.kinds["signaal"].done == 4

        # The person whose last record went is anonymised; the others are still needed.
        lone.refresh_from_db()
        assert (lone.family_name, lone.bsn, lone.birth_date) == (ANONYMOUS_NAME, None, None)
        assert Person.objects.filter(family_name="Jansen").exists()

        # The processing log names every person concerned, and still verifies.
        deleted = ProcessingLogEntry.objects.filter(activity_code="bewaartermijn.verwijderen")
        assert deleted.filter(action="delete", person_id=lone.pk, username="systeem").exists()
        assert deleted.filter(person_id=Person.objects.get(family_name="Jansen").pk).exists()
        anonymised = ProcessingLogEntry.objects.filter(
            activity_code="bewaartermijn.anonimiseren", person_id=lone.pk
        )
        assert anonymised.count() == 1
        assert chain.verify().intact

        # The monitor for 2024 shows what it showed, although a fresh count differs.
        after = _published(TODAY)
        assert after == before
        year = Period(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), TODAY)
        fresh = {code: value for code, value in compute(year).items() if code != "period"}
        assert fresh != after[f"{year.start}/{year.end}/None"]
        # Pruning the precomputed store (the nightly refresh) keeps the sealed figures.
        precomputed.prune(TODAY + datetime.timedelta(days=1))
        assert _published(TODAY + datetime.timedelta(days=1)) == before

        # A second run finds nothing more to do.
        again = services.run()
        assert sum(result.done for result in again.kinds.values()) == 0


def test_dry_run_counts_and_changes_nothing() -> None:
    _load()
    stays = Stay.objects.count()
    with time_machine.travel(LATER, tick=False):
        entries = ProcessingLogEntry.objects.count()
        out = io.StringIO()
        call_command("retention", "run", "--dry-run", stdout=out)
        assert "zouden worden verwijderd" in out.getvalue()
        assert Stay.objects.count() == stays
        assert ProcessingLogEntry.objects.count() == entries
        ended = Stay.objects.filter(end_date__isnull=False).count()
        assert f"verblijf (15 jaar): {ended} verlopen, {ended} zouden worden" in out.getvalue()


def test_a_longer_period_keeps_the_records() -> None:
    _load()
    RetentionPeriod.objects.create(kind="verblijf", years=20)
    with time_machine.travel(LATER, tick=False):
        outcome = services.run()
    assert outcome.kinds["verblijf"].done == 0
    assert Stay.objects.filter(external_id="s1").exists()


def test_the_functional_admin_sets_periods_with_history(
    client_as: Callable[..., Client],
) -> None:
    client = client_as(Role.BEHEER)
    url = reverse("retention:admin-periods")
    page = client.get(url)
    assert page.status_code == 200
    assert "Plan van aanpak (Wmo)" in page.content.decode()
    # Every registered kind can be set, the processing log's minimum too.
    for kind in kinds():
        assert escape(str(kind.label)) in page.content.decode(), kind.code
    assert {kind.code for kind in kinds()} | {services.LOG_KIND} <= set(services.period_years())
    values = {code: str(years) for code, years in services.period_years().items()}
    refused = client.post(url, {**values, "signaal": "0"})
    assert "minstens 1 jaar" in refused.content.decode()
    assert not RetentionPeriod.objects.exists()
    saved = client.post(url, {**values, "signaal": "7"})
    assert saved.status_code == 302
    assert RetentionPeriod.objects.get(kind="signaal").years == 7
    change = ConfigChange.objects.get(area=services.AREA)
    assert (change.old_value, change.new_value) == ("5", "7")
    assert client_as(Role.TOEGANG).get(url).status_code == 403
