"""The load mix of issue 18 (item 1) for locust: casework users searching, reading dossiers,
looking at their worklists and recording contact attempts, aftercare coaches recording their
check-ins (contactmomenten), and a policy officer on the monitor.

Started by benchmarks/load/run.py (which makes the users, starts gunicorn and runs locust
headless); it reads the users from the JSON file in PLEK_LOAD_USERS. Each casework user aims at
one request a second (constant throughput), as does each coach, so the users give about that
many requests per second when the server keeps up. Every answer but 200 (or the redirect after a
recorded contact attempt or check-in) is a failure.
"""

from __future__ import annotations

import datetime
import itertools
import json
import os
import random
import sys
import threading
import uuid
from pathlib import Path
from typing import Any

from locust import HttpUser, constant_throughput, task
from locust.exception import StopUser

sys.path.insert(0, str(Path(__file__).resolve().parent))

import kit

_USERS = [kit.BenchUser(**u) for u in json.loads(Path(os.environ["PLEK_LOAD_USERS"]).read_text())]
_CASEWORK = itertools.cycle([u for u in _USERS if u.role in ("regisseur", "wijkteam")])
_POLICY = itertools.cycle([u for u in _USERS if u.role == "beleid"])
_COACHES = itertools.cycle([u for u in _USERS if u.role == "waakvlam"] or [None])
COACHES = sum(1 for u in _USERS if u.role == "waakvlam")
# A check-in puts a light on at least one life domain (plek.intake.zrm.Domain).
LIFE_DOMAIN = "huisvesting"
_TAKE = threading.Lock()


def post_write(user: Any, path: str, data: dict[str, str], *, referer: str, name: str) -> None:
    """A form post that writes: acknowledged only by the redirect after it (302)."""
    with user.client.post(
        path,
        data={**data, "csrfmiddlewaretoken": user.csrf},
        headers={"Referer": f"{user.host}{referer}"},
        allow_redirects=False,
        name=name,
        catch_response=True,
    ) as response:
        if response.status_code == 302:
            response.success()
        else:
            response.failure(f"status {response.status_code}")


def _next(pool: itertools.cycle[Any]) -> Any:
    with _TAKE:
        return next(pool)


class Casework(HttpUser):
    wait_time = constant_throughput(1)
    weight = 50

    def on_start(self) -> None:
        self.user = _next(_CASEWORK)
        self.random = random.Random(self.user.username)  # noqa: S311 - not a secret
        kit.log_in(self.host, self.user, session=self.client)
        self.csrf = kit.csrf_token(
            self.client.get("/personen/zoeken/", name="zoeken (formulier)").text
        )

    @task(3)
    def search(self) -> None:
        self.client.post(
            "/personen/zoeken/",
            data={
                "q": self.random.choice(self.user.search_texts),
                "csrfmiddlewaretoken": self.csrf,
            },
            headers={"Referer": f"{self.host}/personen/zoeken/"},
            name="zoeken",
        )

    @task(4)
    def dossier(self) -> None:
        person = self.random.choice(self.user.person_ids)
        self.client.get(f"/personen/{person}/", name="dossier")

    @task(2)
    def start_page(self) -> None:
        self.client.get("/", name="startpagina (werklijsten)")

    @task(1)
    def contact_attempt(self) -> None:
        if not self.user.signal_ids:
            self.client.get("/signalen/", name="signalen")
            return
        signal_id = self.random.choice(self.user.signal_ids)
        post_write(
            self,
            f"/signalen/{signal_id}/contactpoging/",
            {
                "attempted_on": datetime.date.today().isoformat(),
                "kind": "telefoon",
                "part_of_day": "middag",
                "reached": "nee",
                "note": f"load-{uuid.uuid4().hex}",
            },
            referer=f"/signalen/{signal_id}/",
            name="contactpoging",
        )


class AftercareCoach(HttpUser):
    """A waakvlam coach: the check-ins due, a dossier, and recording a check-in (each one once:
    the coach takes the next of its open check-ins, made by kit.prepare_users)."""

    wait_time = constant_throughput(1)
    fixed_count = COACHES

    def on_start(self) -> None:
        self.user = _next(_COACHES)
        if self.user is None:  # a users file without coaches
            raise StopUser
        self.random = random.Random(self.user.username)  # noqa: S311 - not a secret
        self.open = list(self.user.checkin_ids)
        kit.log_in(self.host, self.user, session=self.client)
        self.csrf = kit.csrf_token(
            self.client.get("/nazorg/contactmomenten/", name="contactmomenten (werklijst)").text
        )

    @task(2)
    def due_checkins(self) -> None:
        self.client.get("/nazorg/contactmomenten/", name="contactmomenten (werklijst)")

    @task(1)
    def dossier(self) -> None:
        self.client.get(f"/personen/{self.random.choice(self.user.person_ids)}/", name="dossier")

    @task(2)
    def checkin(self) -> None:
        if not self.open:
            self.due_checkins()
            return
        checkin_id = self.open.pop()
        post_write(
            self,
            f"/nazorg/contactmomenten/{checkin_id}/",
            {
                "done_on": datetime.date.today().isoformat(),
                f"light_{LIFE_DOMAIN}": "groen",
                "note": f"load-{uuid.uuid4().hex}",
            },
            referer=f"/nazorg/contactmomenten/{checkin_id}/",
            name="contactmoment vastleggen",
        )


class PolicyOfficer(HttpUser):
    """Opens the monitor dashboard now and then: one officer, one look a minute."""

    wait_time = constant_throughput(1 / 60)
    fixed_count = 1

    def on_start(self) -> None:
        self.user = _next(_POLICY)
        kit.log_in(self.host, self.user, session=self.client)

    @task
    def monitor(self) -> None:
        self.client.get("/monitor/", name="monitor (dashboard)", timeout=300)
