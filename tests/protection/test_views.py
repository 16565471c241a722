"""The pages: the consultant's worklist and extension, the provider's arrangement form, errors
named by field, and the policy page for aggregates only."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plek.accounts.roles import Role
from plek.protection.models import Arrangement, Indication
from tests.conftest import login_fully
from tests.factories import OrganisationFactory, PersonFactory
from tests.protection import kit
from tests.protection.helpers import consultant, hourly_product, indication, provider_staff

pytestmark = pytest.mark.django_db


def test_consultant_sees_expiring_indication_on_start_page_and_extends_it() -> None:
    toegang = consultant()
    today = timezone.localdate()
    made = indication(
        toegang,
        PersonFactory(family_name="Vlinder"),
        valid_from=today - datetime.timedelta(days=100),
        valid_until=today + datetime.timedelta(days=10),
    )
    assert toegang.membership is not None
    client = login_fully(Client(), toegang.membership)
    start = client.get("/")
    assert "Indicaties die binnenkort aflopen" in start.content.decode()
    assert "Vlinder" in start.content.decode()
    url = reverse("protection:indication-extend", args=[made.pk])
    bad = client.post(url, {"valid_until": "", "reason": ""})
    assert bad.status_code == 400
    assert "Nieuwe einddatum (tot en met)</a>: Dit veld is vereist." in bad.content.decode()
    new_until = today + datetime.timedelta(days=200)
    response = client.post(url, {"valid_until": new_until.isoformat(), "reason": "Herstel"})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.valid_until == new_until


def test_provider_registers_arrangement_on_the_form() -> None:
    provider = OrganisationFactory(kind="zorgaanbieder")
    person = PersonFactory()
    today = timezone.localdate()
    made = indication(
        consultant(),
        person,
        valid_from=today,
        valid_until=today + datetime.timedelta(days=365),
        provider=provider,
    )
    staff = provider_staff(provider)
    assert staff.membership is not None
    client = login_fully(Client(), staff.membership)
    assert "Indicaties beschermd thuis zonder arrangement" in client.get("/").content.decode()
    url = reverse("protection:arrangement-new", args=[made.pk])
    product = hourly_product()
    missing = client.post(
        url, {"kind": "beschermd_thuis", "product": product.pk, "start_date": today.isoformat()}
    )
    assert missing.status_code == 200
    assert "Uren per week: vul het aantal uren in." in missing.content.decode()
    response = client.post(
        url,
        {
            "kind": "beschermd_thuis",
            "product": product.pk,
            "hours_per_week": "6",
            "start_date": today.isoformat(),
        },
    )
    assert response.status_code == 302
    assert Arrangement.objects.get().indication_id == made.pk


@pytest.mark.parametrize("role", list(Role.values))
def test_policy_page_is_for_aggregates_only(role: str, member) -> None:
    kit.build()
    client = login_fully(Client(), member(role))
    response = client.get(reverse("finance:overview"), {"year": "2024"})
    if role == Role.BELEID:
        assert response.status_code == 200
        text = response.content.decode()
        assert "Kitgemeente A" in text
        assert "€ 54.480,00" in text
        assert "Verdeelmodel Kitmodel: 60,0%" in text
        assert "A.B. Testpersoon" not in text
    else:
        assert response.status_code == 403
    assert Indication.objects.count() == 4


def test_provider_concludes_a_tryout_on_the_arrangement_page() -> None:
    from decimal import Decimal

    from plek.protection import services
    from tests.protection.helpers import bw_stay

    provider = OrganisationFactory(kind="zorgaanbieder")
    staff = provider_staff(provider)
    today = timezone.localdate()
    stay = bw_stay(provider, start=today - datetime.timedelta(days=100))
    tryout = services.start_tryout(
        staff,
        stay.pk,
        hourly_product().pk,
        today - datetime.timedelta(days=20),
        today + datetime.timedelta(days=100),
        Decimal("10"),
    )
    assert staff.membership is not None
    client = login_fully(Client(), staff.membership)
    page = client.get(reverse("protection:arrangement", args=[tryout.arrangement_id]))
    assert "Probeerplek afronden" in page.content.decode()
    response = client.post(
        reverse("protection:tryout-conclude", args=[tryout.pk]),
        {"outcome": "terug", "on": today.isoformat()},
    )
    assert response.status_code == 302
    tryout.refresh_from_db()
    assert tryout.outcome == "terug"
    stay.refresh_from_db()
    assert stay.end_date is None
