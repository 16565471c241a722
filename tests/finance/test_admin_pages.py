"""The functional admin's money pages: tariffs from today on and the allocation model, validated
in Dutch, kept as history, nothing stored when a column of shares does not add up to 1."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from plek.accounts.context import Actor
from plek.accounts.models import ConfigChange, Membership
from plek.accounts.roles import Role
from plek.core.dates import today
from plek.finance import services_admin
from plek.finance.models import AllocationModel, MunicipalityShare, ProductTariff
from tests.factories import MunicipalityFactory
from tests.protection.helpers import hourly_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheer(member: Callable[..., Membership]) -> Actor:
    membership = member(Role.BEHEER)
    return Actor(membership.user, membership)


def model_with_two() -> tuple[AllocationModel, int, int]:
    model = AllocationModel.objects.create(name="Regio", first_year=2024, phase_out_years=5)
    a, b = MunicipalityFactory(), MunicipalityFactory()
    MunicipalityShare.objects.create(
        model=model, municipality=a, historical=Decimal("0.6"), objective=Decimal("0.5")
    )
    MunicipalityShare.objects.create(
        model=model, municipality=b, historical=Decimal("0.4"), objective=Decimal("0.5")
    )
    return model, a.pk, b.pk


def test_product_tariff_from_today_with_history(beheer: Actor) -> None:
    product = hourly_product()
    start = today() + datetime.timedelta(days=1)
    services_admin.save_product_tariff(beheer, product, start, Decimal("61.20"))
    services_admin.save_product_tariff(beheer, product, start, Decimal("63.00"))
    rows = ConfigChange.objects.filter(area="tarief").order_by("id")
    assert [(r.old_value, r.new_value) for r in rows] == [("", "61.20"), ("61.20", "63.00")]
    with pytest.raises(ValidationError) as error:
        services_admin.save_product_tariff(
            beheer, product, today() - datetime.timedelta(days=1), Decimal("1")
        )
    assert error.value.message_dict["valid_from"][0].startswith("Geldig vanaf:")
    assert ProductTariff.objects.count() == 1


def test_allocation_shares_must_add_up_and_keep_history(beheer: Actor) -> None:
    model, a, b = model_with_two()
    with pytest.raises(ValidationError) as error:
        services_admin.save_allocation(
            beheer,
            model,
            2024,
            4,
            {a: (Decimal("0.7"), Decimal("0.5")), b: (Decimal("0.4"), Decimal("0.5"))},
        )
    assert "historische aandelen tellen op tot 1.1" in error.value.messages[0]
    model.refresh_from_db()
    assert model.phase_out_years == 5
    assert not ConfigChange.objects.exists()
    services_admin.save_allocation(
        beheer,
        model,
        2024,
        4,
        {a: (Decimal("0.7"), Decimal("0.5")), b: (Decimal("0.3"), Decimal("0.5"))},
    )
    fields = set(ConfigChange.objects.filter(area="verdeelmodel").values_list("field", flat=True))
    assert "afbouwperiode (jaren)" in fields
    assert any(field.startswith("historisch aandeel") for field in fields)
    assert MunicipalityShare.objects.get(municipality_id=b).historical == Decimal("0.3")


def test_pages(client_as: Callable[..., Client]) -> None:
    client = client_as(Role.BEHEER)
    hourly_product()
    model_with_two()
    response = client.get(reverse("finance:admin-tariffs"))
    assert response.status_code == 200
    response = client.post(
        reverse("finance:admin-tariffs"),
        {
            "kind": "product",
            "p-product": hourly_product().pk,
            "p-valid_from": "2001-01-01",
            "p-amount": "5",
        },
    )
    assert "Geldig vanaf: een tarief in het verleden" in response.content.decode()
    page = client.get(reverse("finance:admin-allocation"))
    html = page.content.decode()
    assert "Afbouw: gewicht van het historische aandeel per jaar" in html
    assert "80%" in html
    other = client_as(Role.BELEID)
    assert other.get(reverse("finance:admin-tariffs")).status_code == 403
    assert other.get(reverse("finance:admin-allocation")).status_code == 403


def test_new_product_named_errors_and_history(beheer: Actor) -> None:
    from plek.protection.models import Product

    services_admin.save_product(beheer, Product(code="BT-W", name="Beschermd thuis", unit="week"))
    assert ConfigChange.objects.filter(area="tarief", subject_key="BT-W").count() == 3
    with pytest.raises(ValidationError) as error:
        services_admin.save_product(beheer, Product(code="BT-W", name="", unit="maand"))
    messages = error.value.message_dict
    assert messages["name"][0].startswith("Naam:")
    assert messages["unit"][0].startswith("Eenheid:")
    assert messages["code"][0].startswith("Productcode:")
