"""In a fresh demo (as `make run` loads it), every professional's start page has work in every list.

The demo region and its chain are loaded once (about half a minute on SQLite), then each demo
user's start page is rendered as they would see it after logging in. A failure
names every empty list by user and title, so after a merge it shows what still lacks demo data.
"""

from __future__ import annotations

import csv
import datetime
import html
import re
from pathlib import Path

from django.db import connection
from django.db.models import Q, QuerySet
from django.test import Client
from django.urls import reverse

from plek.access.policy import visible_person_ids
from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.core.dates import today
from plek.demo.chain import SEED, load_demo_chain
from plek.demo.flows import generate
from plek.demo.region import load_demo_region, user_specs
from plek.housing.demo import UNASSIGNED
from plek.housing.models import Stay
from plek.people.models import Person
from plek.protection.models import Indication
from tests.conftest import login_fully

PANEL = re.compile(r'<section class="plek-panel">(.*?)</section>', re.S)
HEADING = re.compile(r"<h\d[^>]*>(.*?)</h\d>", re.S)
USERNAMES = [spec.username for spec in user_specs()]


def _lists(html: str) -> tuple[tuple[str, bool], ...]:
    found = []
    for panel in PANEL.findall(html):
        heading = HEADING.search(panel)
        title = re.sub(r"\s+", " ", heading.group(1)).strip() if heading else "?"
        if "plek-worklist" in panel:
            found.append((title, True))
        elif "plek-empty" in panel:
            found.append((title, False))
    return tuple(found)


def test_every_professional_start_page_has_work_in_every_list(db: None) -> None:
    load_demo_region()
    assert load_demo_chain(today()) > 0
    assert not _tables_with_stale_statistics(), "De demo laat de planner op oude tellingen werken"
    empty, without = [], []
    for username in USERNAMES:
        membership = Membership.objects.select_related("user").get(user__username=username)
        response = login_fully(Client(), membership).get("/")
        assert response.status_code == 200, username
        lists = _lists(response.content.decode())
        if not lists:
            without.append(username)
        empty += [f"{username}: {title}" for title, filled in lists if not filled]
    # A role whose start page has no list yet is shown, not failed: that is no demo data gap.
    print("Startpagina's zonder werklijst:", ", ".join(without) or "geen")
    assert not empty, "Lege werklijsten in de demo:\n" + "\n".join(empty)
    _assert_steady_state_with_units()
    _search_finds_demo_family_names()
    _ranking_history_has_a_change()


def _ranking_history_has_a_change() -> None:
    """The functional admin's ranking page shows a change in its history, not an empty list."""
    membership = Membership.objects.select_related("user").get(user__username="demo-beheer")
    page = login_fully(Client(), membership).get(reverse("housing:ranking-policy"))
    assert page.status_code == 200
    assert "Nog niet gewijzigd." not in page.content.decode()


def _tables_with_stale_statistics() -> list[str]:
    """Tables whose planner row count (reltuples) is far from their rows after the demo load.

    On stale counts the first pages are planned as if the tables were (nearly) empty: in the
    suite that made the policy's statements take 12-27 s each, depending on earlier tests.
    """
    if connection.vendor != "postgresql":
        return []
    stale = []
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True):
            # The table names are Django's own, from the catalog: nothing from outside.
            name = connection.ops.quote_name(table)
            sql = f"SELECT (SELECT count(*) FROM {name}), reltuples FROM pg_class"  # noqa: S608
            cursor.execute(sql + " WHERE oid = %s::regclass", [table])
            rows, planned = cursor.fetchone()
            if abs(rows - max(planned, 0)) > max(10, rows / 5):
                stale.append(f"{table}: {rows} rijen, planner {planned:.0f}")
    return stale


def _search_finds_demo_family_names() -> None:
    """Searching demo family names from the header finds those persons (policy applied: the
    wijkteam professional's own clients, shown with a link to their file)."""
    membership = Membership.objects.select_related("user").get(user__username="demo-wijkteam")
    client = login_fully(Client(), membership)
    actor = Actor(user=membership.user, membership=membership)
    every = list(
        Person.objects.filter(pk__in=visible_person_ids(actor))
        .order_by("family_name")
        .values_list("family_name", flat=True)
        .distinct()
    )
    # A spread of them (with tussenvoegsels and diacritics among the demo names): each search
    # is a page under the policy with its log rows, and the suite runs on two cores.
    names = every[:: max(1, len(every) // 12)]
    search = reverse("people:search")
    missing = [
        name
        for name in names
        if name not in html.unescape(client.post(search, {"q": name}).content.decode())
    ]
    assert names and not missing, "Niet gevonden: " + ", ".join(missing)


def _assert_steady_state_with_units() -> None:
    """The demo starts as an ordinary day (guests in the shelters on its first day, ~440 in
    protected living) and every stay running today has a unit, one stay per unit."""
    day = today()
    first = datetime.date(day.year - 1, 1, 1)

    def present(on: datetime.date) -> QuerySet[Stay]:
        return Stay.objects.filter(start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=on)
        )

    assert present(first).filter(facility__type="nachtopvang").count() >= 8
    assert 400 <= present(first).filter(facility__type="beschermd_wonen").count() <= 480
    assert not present(first).filter(facility__type="vrouwenopvang").exclude(person__sex="V")
    running = present(day)
    without_unit = running.filter(unit__isnull=True)
    # Only the demo provider's few left for its staff to assign (housing.demo.UNASSIGNED).
    assert 0 < without_unit.count() <= UNASSIGNED
    assert set(without_unit.values_list("facility__type", flat=True)) <= {"nachtopvang"}
    units = list(running.filter(unit__isnull=False).values_list("unit_id", flat=True))
    assert len(units) == len(set(units))
    # Every resident of protected living has an indication.
    residents = set(
        running.filter(facility__type="beschermd_wonen").values_list("person_id", flat=True)
    )
    indicated = set(Indication.objects.values_list("person_id", flat=True))
    assert residents and not residents - indicated


def test_demo_family_names_are_realistic(tmp_path: Path) -> None:
    day = today()
    generate(tmp_path, datetime.date(day.year - 1, 1, 1), day, seed=SEED, steady=True)
    with (tmp_path / "persons.csv").open(encoding="utf-8") as handle:
        names = {row["family_name"] for row in csv.DictReader(handle)}
    assert len(names) >= 60
    # Dutch names, some with a tussenvoegsel and some with diacritics; no made-up markers.
    assert any(re.match(r"(van|de|van der|van den|ter|in 't) ", name) for name in names)
    assert any(re.search(r"[^\x00-\x7f]", name) for name in names)
    assert not any("demo" in name.lower() for name in names)
