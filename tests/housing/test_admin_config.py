"""The functional admin configures the region: facilities, units, capacity over time, response
norms and postal terms; validated in Dutch naming the field, kept as history, applied at once;
and the same settings as a YAML file (round trip; a bad file names the line and writes nothing)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from plek.accounts.context import Actor
from plek.accounts.models import ConfigChange, Membership
from plek.accounts.roles import Role
from plek.exchange import region_config
from plek.housing.models import CapacityPeriod, Facility, Unit
from plek.housing.services import admin
from plek.postal import rules
from plek.postal.terms import save_terms
from plek.signals.norms import deadline, response_norms
from plek.signals.services.norms import save_response_norms
from tests.factories import MunicipalityFactory, OrganisationFactory
from tests.housing.helpers import TODAY, facility

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheer(member: Callable[..., Membership]) -> Actor:
    membership = member(Role.BEHEER)
    return Actor(membership.user, membership)


def new_facility(**fields: object) -> Facility:
    values: dict[str, object] = {
        "external_id": "F-NIEUW",
        "name": "De Nieuwe Haven",
        "type": "nachtopvang",
        "provider": OrganisationFactory(kind="opvang_aanbieder"),
        "municipality": MunicipalityFactory(),
        "scope": "regional",
        "day_tariff": Decimal("85.50"),
    }
    values.update(fields)
    return Facility(**values)


class TestFacilities:
    def test_create_and_change_keep_history_per_field(self, beheer: Actor) -> None:
        made = admin.save_facility(beheer, new_facility(), [])
        assert made.category == "opvang"
        created = ConfigChange.objects.filter(area="voorziening", subject_key="F-NIEUW")
        assert created.filter(field="naam", old_value="", new_value="De Nieuwe Haven").exists()
        assert all(row.changed_by == beheer.user for row in created)
        made.day_tariff = Decimal("90.00")
        admin.save_facility(beheer, made)
        change = ConfigChange.objects.filter(field="dagtarief (euro)").first()
        assert change is not None
        assert (change.old_value, change.new_value) == ("85.50", "90.00")
        # Nothing changed: no history row.
        count = ConfigChange.objects.count()
        admin.save_facility(beheer, Facility.objects.get(pk=made.pk))
        assert ConfigChange.objects.count() == count

    def test_dutch_messages_name_the_field(self, beheer: Actor) -> None:
        with pytest.raises(ValidationError) as error:
            admin.save_facility(beheer, new_facility(name="", min_age=30, max_age=20))
        messages = error.value.message_dict
        assert messages["name"][0].startswith("Naam:")
        assert not Facility.objects.filter(external_id="F-NIEUW").exists()
        with pytest.raises(ValidationError) as error:
            admin.save_facility(beheer, new_facility(min_age=30, max_age=20))
        assert "Maximumleeftijd" in error.value.messages[0]
        assert not ConfigChange.objects.exists()

    def test_only_the_functional_admin(self, member: Callable[..., Membership]) -> None:
        membership = member(Role.TOEGANG)
        with pytest.raises(PermissionDenied):
            admin.save_facility(Actor(membership.user, membership), new_facility(), [])

    def test_unit_history(self, beheer: Actor) -> None:
        made = facility(units=0)
        unit = admin.save_unit(beheer, Unit(facility=made, code="A1", kind="kamer"))
        unit.accessible = True
        admin.save_unit(beheer, unit)
        rows = ConfigChange.objects.filter(area="eenheid", field="toegankelijk (rolstoel)")
        assert [(r.old_value, r.new_value) for r in rows] == [("nee", "ja"), ("", "nee")]
        with pytest.raises(ValidationError):
            admin.save_unit(beheer, Unit(facility=made, code="A1", kind="kamer"))
        assert Unit.objects.filter(facility=made).count() == 1


class TestCapacity:
    def test_add_from_today_or_later(self, beheer: Actor) -> None:
        made = facility(units=2)
        period = admin.add_capacity_period(beheer, made, TODAY + datetime.timedelta(days=7), 5)
        assert period.units == 5
        row = ConfigChange.objects.get(area="capaciteit")
        assert (row.old_value, row.new_value) == ("", "5")
        with pytest.raises(ValidationError) as error:
            admin.add_capacity_period(beheer, made, TODAY - datetime.timedelta(days=1), 3)
        assert error.value.message_dict["valid_from"][0].startswith("Geldig vanaf:")
        with pytest.raises(ValidationError) as error:
            admin.add_capacity_period(beheer, made, TODAY + datetime.timedelta(days=7), 3)
        assert "al een periode" in error.value.messages[0]

    def test_past_periods_are_read_only(self, beheer: Actor) -> None:
        made = facility(units=2)
        past = CapacityPeriod.objects.get(facility=made)
        assert admin.is_read_only(past)
        with pytest.raises(ValidationError):
            admin.change_capacity_period(beheer, past, 9)
        with pytest.raises(ValidationError):
            admin.delete_capacity_period(beheer, past)
        past.refresh_from_db()
        assert past.units == 2
        future = admin.add_capacity_period(beheer, made, TODAY + datetime.timedelta(days=3), 4)
        admin.change_capacity_period(beheer, future, 6)
        future.refresh_from_db()
        assert future.units == 6
        admin.delete_capacity_period(beheer, future)
        assert not CapacityPeriod.objects.filter(pk=future.pk).exists()


class TestNormsAndTerms:
    def test_norms_apply_at_once_and_keep_history(self, beheer: Actor) -> None:
        received = datetime.date(2026, 3, 2)
        assert deadline(received, "normaal") == received + datetime.timedelta(days=7)
        save_response_norms(beheer, {"spoed": 1, "hoog": 2, "normaal": 5})
        assert response_norms() == {"spoed": 1, "hoog": 2, "normaal": 5}
        assert deadline(received, "normaal") == received + datetime.timedelta(days=5)
        rows = ConfigChange.objects.filter(area="norm")
        assert {(r.old_value, r.new_value) for r in rows} == {("3", "2"), ("7", "5")}

    def test_bad_norms_named_and_nothing_written(self, beheer: Actor) -> None:
        with pytest.raises(ValidationError) as error:
            save_response_norms(beheer, {"spoed": 4, "hoog": 2, "normaal": -1})
        assert "Reactienorm Normaal" in " ".join(error.value.messages)
        with pytest.raises(ValidationError) as error:
            save_response_norms(beheer, {"spoed": 4, "hoog": 2, "normaal": 9})
        assert "Reactienorm Hoog" in error.value.messages[0]
        assert response_norms() == {"spoed": 1, "hoog": 3, "normaal": 7}
        assert not ConfigChange.objects.exists()

    def test_postal_terms(self, beheer: Actor) -> None:
        applied = datetime.date(2026, 1, 1)
        assert rules.decision_due(applied) == applied + datetime.timedelta(days=56)
        save_terms(beheer, {"decision_days": 42, "plan_days": 14, "review_months": 6})
        assert rules.decision_due(applied) == applied + datetime.timedelta(days=42)
        assert rules.next_review(applied, None) == datetime.date(2026, 7, 1)
        assert ConfigChange.objects.filter(area="briefadres").count() == 3
        with pytest.raises(ValidationError) as error:
            save_terms(beheer, {"decision_days": 0, "plan_days": 14, "review_months": 6})
        assert error.value.message_dict["decision_days"][0].startswith("Beslistermijn (dagen):")
        assert rules.terms().decision_days == 42


class TestYaml:
    def test_round_trip_into_an_empty_region(self, beheer: Actor) -> None:
        made = facility(units=3, min_age=18, max_age=27)
        made.origin_municipalities.set([made.municipality])
        save_response_norms(beheer, {"spoed": 1, "hoog": 2, "normaal": 6})
        text = region_config.export_yaml()
        exported = region_config.export_config()
        # A new region: the same organisations and municipalities, no facilities yet.
        Unit.objects.all().delete()
        CapacityPeriod.objects.all().delete()
        Facility.objects.all().delete()
        ConfigChange.objects.all().delete()
        plan = region_config.import_config(text, actor=None)
        assert plan.summary == {
            "voorzieningen": 1,
            "eenheden": 3,
            "capaciteitsperioden": 1,
            "tarieven": 0,
            "verdeelmodellen": 0,
        }
        assert region_config.export_config() == exported
        assert ConfigChange.objects.filter(source="yaml", area="eenheid").count() >= 3
        # Importing the same file again changes nothing and records nothing.
        count = ConfigChange.objects.count()
        region_config.import_config(text, actor=None)
        assert ConfigChange.objects.count() == count

    def test_bad_file_names_line_and_key_and_writes_nothing(self, beheer: Actor) -> None:
        made = facility(units=1)
        text = region_config.export_yaml()
        bad = (
            text.replace(f"naam: {made.name}", "naam: Andere naam")
            .replace("soort: nachtopvang", "soort: kasteel")
            .replace("normaal: 7", "normaal: -2")
        )
        before = region_config.export_config()
        with pytest.raises(region_config.RegionConfigError) as error:
            region_config.import_config(bad, actor=None)
        messages = error.value.messages
        line = next(i for i, t in enumerate(bad.splitlines(), 1) if "soort: kasteel" in t)
        assert any(m.startswith("Regel ") and "voorzieningen[1].soort" in m for m in messages)
        assert any("Reactienorm Normaal" in m for m in messages)
        assert line > 0
        assert region_config.export_config() == before
        assert not ConfigChange.objects.exists()

    def test_money_round_trip_and_bad_shares(self, beheer: Actor) -> None:
        from plek.finance.models import (
            AllocationModel,
            DayTariff,
            MunicipalityShare,
            ProductTariff,
            RegionalTotal,
        )
        from plek.protection.models import Product

        made = facility(units=1)
        product = Product.objects.create(code="BT-U", name="Begeleiding", unit="uur")
        ProductTariff.objects.create(
            product=product, valid_from=datetime.date(2025, 1, 1), amount=Decimal("61.50")
        )
        DayTariff.objects.create(
            facility=made, valid_from=datetime.date(2025, 1, 1), amount=Decimal("88.00")
        )
        model = AllocationModel.objects.create(name="Regio", first_year=2024, phase_out_years=5)
        MunicipalityShare.objects.create(
            model=model, municipality=made.municipality, historical=1, objective=1
        )
        RegionalTotal.objects.create(model=model, year=2025, amount=Decimal("1000000.00"))
        text = region_config.export_yaml()
        exported = region_config.export_config()
        assert exported["verdeelmodellen"][0]["aandelen"][0]["historisch"] == "1"
        DayTariff.objects.all().delete()
        ProductTariff.objects.all().delete()
        MunicipalityShare.objects.all().delete()
        RegionalTotal.objects.all().delete()
        AllocationModel.objects.all().delete()
        Product.objects.all().delete()
        region_config.import_config(text, actor=None)
        assert region_config.export_config() == exported
        assert ConfigChange.objects.filter(area="verdeelmodel", source="yaml").exists()
        before = region_config.export_config()
        bad = text.replace("historisch: '1'", "historisch: '0.5'").replace(
            "bedrag: '61.50'", "bedrag: '70.00'"
        )
        with pytest.raises(region_config.RegionConfigError) as error:
            region_config.import_config(bad, actor=None)
        messages = " ".join(error.value.messages)
        assert "verdeelmodellen[1].aandelen: de aandelen historisch tellen op tot 0.5" in messages
        assert "producttarieven[1].bedrag: dit tarief is al ingegaan" in messages
        assert region_config.export_config() == before

    def test_not_yaml(self) -> None:
        with pytest.raises(region_config.RegionConfigError) as error:
            region_config.import_config("plek-regio: [1\nvoorzieningen: {", actor=None)
        assert error.value.messages[0].startswith("Regel")

    def test_started_period_is_not_rewritten(self) -> None:
        facility(units=2)
        text = region_config.export_yaml().replace("plaatsen: 2", "plaatsen: 9")
        with pytest.raises(region_config.RegionConfigError) as error:
            region_config.import_config(text, actor=None)
        assert "al begonnen" in error.value.messages[0]

    def test_command(self, tmp_path) -> None:  # type: ignore[no-untyped-def]
        facility(units=1)
        path = tmp_path / "regio.yaml"
        call_command("region_config", "export", str(path))
        assert "voorzieningen:" in path.read_text()
        call_command("region_config", "import", str(path))
        path.write_text("plek-regio: 2\n")
        with pytest.raises(CommandError, match="Regel 1, plek-regio"):
            call_command("region_config", "import", str(path))


class TestPages:
    @pytest.fixture
    def client(self, client_as: Callable[..., Client]) -> Client:
        return client_as(Role.BEHEER)

    def test_only_beheer(self, client_as: Callable[..., Client]) -> None:
        other = client_as(Role.TOEGANG)
        for name in ("housing:admin-facilities", "housing:admin-norms", "housing:admin-history"):
            assert other.get(reverse(name)).status_code == 403
        assert other.get(reverse("postal:admin-terms")).status_code == 403
        assert other.get(reverse("exchange:region-config")).status_code == 403

    def test_list_search_sort_and_page_cost(
        self, client: Client, django_assert_max_num_queries
    ) -> None:  # type: ignore[no-untyped-def]
        for _ in range(30):
            facility(units=1)
        url = reverse("housing:admin-facilities")
        with django_assert_max_num_queries(12):
            response = client.get(url, {"sort": "dagtarief"})
        assert response.status_code == 200
        assert "Pagina 1 van 2" in response.content.decode()
        found = client.get(url, {"q": "F-NOPE"})
        assert "Niets gevonden." in found.content.decode()

    def test_history_page_cost_does_not_grow(
        self, client: Client, beheer: Actor, django_assert_max_num_queries
    ) -> None:  # type: ignore[no-untyped-def]
        made = facility(units=0)
        for number in range(40):
            admin.save_unit(beheer, Unit(facility=made, code=f"U{number}", kind="bed"))
        with django_assert_max_num_queries(10):
            response = client.get(reverse("housing:admin-history"), {"area": "eenheid"})
        assert "Pagina 1 van" in response.content.decode()

    def test_create_via_form_with_dutch_errors(self, client: Client) -> None:
        response = client.post(reverse("housing:admin-facility-create"), {"name": ""})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Kenmerk</a>: Dit veld is vereist." in html
        assert not Facility.objects.exists()

    def test_norms_page_and_history(self, client: Client) -> None:
        response = client.post(
            reverse("housing:admin-norms"), {"spoed": "1", "hoog": "4", "normaal": "8"}
        )
        assert response.status_code == 302
        history = client.get(reverse("housing:admin-history"), {"area": "norm"})
        html = history.content.decode()
        assert "Reactienorm Hoog (dagen)" in html

    def test_yaml_upload_error_shows_line(self, client: Client) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("regio.yaml", b"plek-regio: 1\nonbekend: 3\n")
        response = client.post(reverse("exchange:region-config"), {"config_file": upload})
        html = response.content.decode()
        assert "Regel 1, onbekend: onbekende sleutel." in html
        download = client.get(reverse("exchange:region-config-download"))
        assert download["Content-Disposition"].startswith("attachment")


def test_demo_history_is_recent_and_by_the_demo_admin(member: Callable[..., Membership]) -> None:
    from plek.accounts.models import User
    from plek.housing.demo_beheer import DEMO_USERNAME, enrich_history

    user = User.objects.create(username=DEMO_USERNAME)
    member(Role.BEHEER, user=user)
    facility(units=2)
    enrich_history()
    rows = list(ConfigChange.objects.all())
    assert rows
    assert {row.changed_by for row in rows} == {user}
    assert {row.area for row in rows} == {"capaciteit", "eenheid"}
    enrich_history()  # a second run adds nothing
    assert ConfigChange.objects.count() == len(rows)
