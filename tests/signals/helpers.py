"""Helpers for the signals tests: synthetic signals, a delivery file, actors."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone

from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.signals.models import Signal

_numbers = itertools.count(1)
HEADER = (
    "reference,bsn,initials,family_name,birth_date,postcode,house_number,"
    "house_number_addition,kind,amount,arrear_since,eviction_date,crisis"
)


def actor_of(membership: Membership) -> Actor:
    return Actor(user=membership.user, membership=membership, request_id="test-signals")


def make_signal(**fields: Any) -> Signal:
    values: dict[str, Any] = {
        "external_id": f"test-sig-{next(_numbers)}",
        "source": "huurachterstand",
        "urgency": "normaal",
        "received_on": timezone.localdate(),
    }
    values.update(fields)
    return Signal.objects.create(**values)


def delivery_csv(rows: int, bad: dict[int, str] | None = None, prefix: str = "ref") -> bytes:
    """``rows`` valid rows; ``bad`` maps a data row number (2 = first after the header) to a
    replacement line."""
    bad = bad or {}
    since = (timezone.localdate() - datetime.timedelta(days=60)).isoformat()
    lines = [HEADER]
    for n in range(rows):
        row_number = n + 2
        if row_number in bad:
            lines.append(bad[row_number])
            continue
        lines.append(
            f"{prefix}-{n},,J.,Proefpersoon {n},1980-01-01,{3300 + n % 600}AB,{n % 200 + 1},,"
            f"huurachterstand,{100 + n % 900}.50,{since},,nee"
        )
    return ("\n".join(lines) + "\n").encode()
