"""Demo access requests for the privacy officer, relative to today: a new one, one near its
deadline, one overdue, one extended and one closed. Deterministic."""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from plek.accounts.models import User
from plek.core import dates
from plek.inzage.models import AccessRequest, RequestStatus
from plek.people.models import Person


def enrich(rng: random.Random) -> None:
    officer = User.objects.filter(username="demo-privacy").first()
    if officer is None:
        return
    today = dates.today()
    persons = list(
        Person.objects.filter(bsn__isnull=False, merged_into__isnull=True).order_by("pk")[:5]
    )
    if len(persons) < 5:
        return

    def received(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    def request(
        days: int, requester: Person, person: Person | None, channel: str, **extra: object
    ) -> AccessRequest:
        day = received(days)
        return AccessRequest(
            received_on=day,
            requester_name=str(requester),
            requester_address=requester.address_line,
            channel=channel,
            person=person,
            due_on=dates.add_months(day, 1),
            registered_by=officer,
            **extra,
        )

    rows = [
        # New: the requester is still to be found in plek.
        request(2, persons[0], None, "email"),
        # Near its deadline: found, the letter still to be made.
        request(27, persons[1], persons[1], "post"),
        # Overdue: nobody has picked it up.
        request(36, persons[2], None, "balie"),
        request(
            40,
            persons[3],
            persons[3],
            "web",
            extended_until=dates.add_months(received(40), 3),
            extension_reason="Gegevens bij vier organisaties; de aanvrager is op de hoogte.",
        ),
        request(
            50,
            persons[4],
            persons[4],
            "post",
            status=RequestStatus.CLOSED,
            letter_made_on=received(30),
            closed_on=received(30),
            closed_by=officer,
            closing_note="Brief per post verstuurd.",
        ),
    ]
    with transaction.atomic():
        AccessRequest.objects.bulk_create(rows)
