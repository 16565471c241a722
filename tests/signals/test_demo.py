"""The demo enrichment: imported signals get teams, sources, attempts; the source deliveries."""

from __future__ import annotations

import datetime
import random
from pathlib import Path

import pytest
from django.utils import timezone

from plek.demo.flows import generate
from plek.demo.region import load_demo_region
from plek.exchange.importer import import_directory
from plek.signals import demo
from plek.signals.models import ContactAttempt, Delivery, Signal

pytestmark = pytest.mark.django_db


def test_enrich_gives_imported_signals_their_chain(tmp_path: Path) -> None:
    load_demo_region()
    today = timezone.localdate()
    generate(tmp_path, today - datetime.timedelta(days=150), today, seed=3)
    assert import_directory(tmp_path).ok

    demo.enrich(random.Random(3))

    signals = Signal.objects.all()
    assert signals.exists()
    assert not signals.filter(team__isnull=True).exists()
    rent = signals.filter(source="huurachterstand")
    assert not rent.exclude(source_organisation__external_id="demo-woonstichting").exists()
    assert not rent.filter(arrear_amount__isnull=True).exists()
    assert not signals.filter(person__isnull=True, postcode="").exists()
    for signal in signals.filter(first_contact_on__isnull=False)[:50]:
        reached = ContactAttempt.objects.filter(signal=signal, reached=True)
        assert reached.get().attempted_on == signal.first_contact_on
    deliveries = Delivery.objects.filter(organisation__external_id="demo-woonstichting")
    assert sorted(deliveries.values_list("status", flat=True)) == ["pending", "stored"]
    assert deliveries.get(status="pending").error_count == 1
    assert signals.filter(worker__username="demo-wijkteam").exists()
