"""The BRP adapter against a local BRP API Personen 2.x (fake_servers.FakeBrp) over TLS.

Contract tests (what plek sends and how it reads the answer), the comparison page with the
processing log, copying with its history, and the refusals.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from plek.access.models import ProcessingLogEntry
from plek.accounts.models import ConfigChange, Membership
from plek.integrations.brp import client as brp_client
from plek.integrations.models_brp import BrpConfig, BrpCopy
from plek.people.models import Person
from tests.conftest import login_fully
from tests.factories import MembershipFactory, PersonFactory, RelationFactory
from tests.integrations.fake_servers import KNOWN_FIELDS, FakeBrp, brp_api, brp_person

pytestmark = pytest.mark.django_db

BSN = "999990019"


@pytest.fixture
def brp(tmp_path: Path) -> Iterator[tuple[FakeBrp, BrpConfig]]:
    with brp_api(tmp_path) as (fake, url, ca_bundle):
        fake.persons[BSN] = brp_person(
            BSN,
            voornamen="Anna Maria",
            geslachtsnaam="Vries",
            voorvoegsel="de",
            geboortedatum=datetime.date(1985, 4, 3),
            geslacht="V",
            straat="Laan van Meerdervoort",
            huisnummer=12,
            huisletter="a",
            postcode="2517AK",
        )
        config = BrpConfig.objects.create(
            pk=1,
            enabled=True,
            endpoint=url,
            api_key=fake.api_key,
            ca_bundle=str(ca_bundle),
            origin_oin="00000001234567890000",
            doelbinding="BRPACT-Wmo",
        )
        yield fake, config


@pytest.fixture
def worker() -> Membership:
    return MembershipFactory(role="wijkteam")


@pytest.fixture
def person(worker: Membership) -> Person:
    person = PersonFactory(
        bsn=BSN,
        initials="A.",
        family_name="Vries",
        birth_date=datetime.date(1985, 4, 3),
        sex="X",
        street="Oude straat",
        house_number="1",
        postcode="1234AB",
    )
    RelationFactory(person=person, user=worker.user)
    return person


# --- contract: the request ---------------------------------------------------------------------


def test_request_carries_the_operation_the_fields_and_the_protocol_headers(
    brp: tuple[FakeBrp, BrpConfig], worker: Membership, person: Person
) -> None:
    fake, config = brp
    login_fully(Client(), worker).get(f"/personen/{person.pk}/brp/")
    [sent] = fake.requests
    assert sent["path"] == "/personen"
    body = json.loads(sent["raw"])
    assert body == {
        "type": "RaadpleegMetBurgerservicenummer",
        "burgerservicenummer": [BSN],
        "fields": list(brp_client.FIELDS),
    }
    # Data minimisation: only fields the contract knows, none plek does not show.
    assert set(body["fields"]) <= KNOWN_FIELDS
    assert not {"nationaliteiten", "partners", "kinderen", "ouders"} & set(body["fields"])
    headers = sent["headers"]
    assert headers["x-doelbinding"] == "BRPACT-Wmo"
    assert headers["x-verwerking"] == "wmo_mo@brp.raadplegen"
    assert headers["x-gebruiker"] == worker.user.username
    assert headers["x-origin-oin"] == config.origin_oin
    assert headers["x-api-key"] == fake.api_key
    assert headers["content-type"] == "application/json"
    assert BSN not in sent["path"]


def test_the_fake_refuses_what_the_contract_refuses(brp: tuple[FakeBrp, BrpConfig]) -> None:
    """The fake checks the contract, so the request test above can fail."""
    import requests

    fake, config = brp
    url = config.endpoint + "/personen"
    headers = {"x-api-key": fake.api_key, "x-doelbinding": "x", "x-verwerking": "x"}
    body = {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": [BSN]}
    response = requests.post(url, json=body, headers=headers, verify=config.ca_bundle, timeout=5)
    assert response.status_code == 400
    names = {problem["name"] for problem in response.json()["invalidParams"]}
    assert names == {"x-gebruiker", "x-origin-oin"}
    headers.update({"x-gebruiker": "a", "x-origin-oin": "1"})
    response = requests.post(
        url, json={**body, "fields": ["bsn"]}, headers=headers, verify=config.ca_bundle, timeout=5
    )
    assert response.json()["invalidParams"][0]["name"] == "fields[0]"


# --- contract: the answer ----------------------------------------------------------------------


def test_answer_shaped_like_the_2x_contract_is_read_into_plek_terms() -> None:
    answer = {
        "type": "RaadpleegMetBurgerservicenummer",
        "personen": [
            {
                "naam": {
                    "voornamen": "Jan Pieter",
                    "voorletters": "J.P.",
                    "voorvoegsel": "van der",
                    "geslachtsnaam": "Berg",
                },
                "geboorte": {
                    "datum": {
                        "type": "Datum",
                        "datum": "1970-01-31",
                        "langFormaat": "31 januari 1970",
                    }
                },
                "geslacht": {"code": "M", "omschrijving": "man"},
                "verblijfplaats": {
                    "type": "Adres",
                    "verblijfadres": {
                        "officieleStraatnaam": "Kerkstraat",
                        "korteStraatnaam": "Kerkstr",
                        "huisnummer": 7,
                        "huisletter": "b",
                        "huisnummertoevoeging": "2",
                        "postcode": "3311 AB",
                    },
                },
            }
        ],
    }
    found = brp_client.parse_response(answer)
    assert found == brp_client.BrpPerson(
        initials="J.P.",
        first_names="Jan Pieter",
        family_name="van der Berg",
        birth_date=datetime.date(1970, 1, 31),
        sex="M",
        street="Kerkstraat",
        house_number="7b-2",
        postcode="3311AB",
    )


def test_answers_without_a_person_or_with_partial_dates() -> None:
    assert (
        brp_client.parse_response({"type": "RaadpleegMetBurgerservicenummer", "personen": []})
        is None
    )
    partial = brp_client.parse_response(
        {
            "type": "RaadpleegMetBurgerservicenummer",
            "personen": [
                {
                    "naam": {"geslachtsnaam": "Smit"},
                    "geboorte": {"datum": {"type": "JaarDatum", "jaar": 1960}},
                }
            ],
        }
    )
    assert partial is not None and partial.birth_date is None and partial.street == ""
    with pytest.raises(ValueError):
        brp_client.parse_response({"type": "ZoekMetGeslachtsnaamEnGeboortedatum", "personen": []})


# --- the page, the log, the copy ----------------------------------------------------------------


def test_comparison_shows_both_and_is_in_the_processing_log(
    brp: tuple[FakeBrp, BrpConfig], worker: Membership, person: Person
) -> None:
    page = login_fully(Client(), worker).get(f"/personen/{person.pk}/brp/").content.decode()
    assert "Oude straat" in page and "Laan van Meerdervoort" in page
    assert "de Vries" in page and "1985-04-03" in page
    consulted = ProcessingLogEntry.objects.get(activity_code="brp.raadplegen")
    assert (consulted.person_id, consulted.purpose, consulted.user_id) == (
        person.pk,
        "wmo_mo",
        worker.user.pk,
    )
    assert consulted.action == "read"


def test_copying_takes_the_ticked_fields_from_a_fresh_answer_and_keeps_history(
    brp: tuple[FakeBrp, BrpConfig], worker: Membership, person: Person
) -> None:
    fake, _config = brp
    client = login_fully(Client(), worker)
    response = client.post(
        f"/personen/{person.pk}/brp/", {"chosen": ["family_name", "street", "house_number"]}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.family_name, person.street, person.house_number) == (
        "de Vries",
        "Laan van Meerdervoort",
        "12a",
    )
    # Not ticked, not changed.
    assert (person.postcode, person.sex) == ("1234AB", "X")
    copies = {copy.field: (copy.old_value, copy.new_value) for copy in BrpCopy.objects.all()}
    assert copies == {
        "family_name": ("Vries", "de Vries"),
        "street": ("Oude straat", "Laan van Meerdervoort"),
        "house_number": ("1", "12a"),
    }
    assert len(fake.requests) == 1  # the copy asked the BRP itself
    changed = ProcessingLogEntry.objects.get(activity_code="brp.overnemen")
    assert (changed.person_id, changed.action, changed.purpose) == (person.pk, "change", "wmo_mo")
    history = client.get(f"/personen/{person.pk}/brp/").content.decode()
    assert "Eerder overgenomen uit de BRP" in history


def test_copy_needs_a_choice_and_refuses_an_address_for_no_fixed_address(
    brp: tuple[FakeBrp, BrpConfig], worker: Membership, person: Person
) -> None:
    client = login_fully(Client(), worker)
    page = client.post(f"/personen/{person.pk}/brp/", {}).content.decode()
    assert "kies ten minste één gegeven" in page
    Person.objects.filter(pk=person.pk).update(
        street="", house_number="", postcode="", no_fixed_address=True
    )
    page = client.post(f"/personen/{person.pk}/brp/", {"chosen": ["street"]}).content.decode()
    assert "zonder vaste woon- of verblijfplaats" in page
    assert not BrpCopy.objects.exists()
    assert Person.objects.get(pk=person.pk).street == ""


def test_without_a_relation_nothing_is_asked_or_logged(
    brp: tuple[FakeBrp, BrpConfig], person: Person
) -> None:
    fake, _config = brp
    stranger = login_fully(Client(), MembershipFactory(role="wijkteam"))
    assert stranger.get(f"/personen/{person.pk}/brp/").status_code == 403
    assert stranger.post(f"/personen/{person.pk}/brp/", {"chosen": ["street"]}).status_code == 403
    assert fake.requests == []
    assert not ProcessingLogEntry.objects.filter(activity_code__startswith="brp.").exists()


def test_tls_is_verified(
    brp: tuple[FakeBrp, BrpConfig], worker: Membership, person: Person
) -> None:
    """Without the CA that signed the fake's certificate plek refuses to talk to it."""
    fake, config = brp
    config.ca_bundle = ""
    config.save()
    page = login_fully(Client(), worker).get(f"/personen/{person.pk}/brp/").content.decode()
    assert "De BRP is nu niet bereikbaar" in page
    assert fake.requests == []


def test_unknown_in_the_brp(
    brp: tuple[FakeBrp, BrpConfig], worker: Membership, person: Person
) -> None:
    fake, _config = brp
    fake.persons.clear()
    page = login_fully(Client(), worker).get(f"/personen/{person.pk}/brp/").content.decode()
    assert "De BRP kent geen persoon met dit BSN." in page


def test_technical_log_has_the_call_but_no_personal_data_or_key(
    brp: tuple[FakeBrp, BrpConfig],
    worker: Membership,
    person: Person,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake, _config = brp
    with caplog.at_level(logging.INFO, logger="plek.outgoing"):
        login_fully(Client(), worker).get(f"/personen/{person.pk}/brp/")
    lines = [str(record.msg) for record in caplog.records if record.name == "plek.outgoing"]
    assert len(lines) == 1
    assert "outgoing_request" in lines[0] and "/personen" in lines[0] and "200" in lines[0]
    for secret in (BSN, fake.api_key, worker.user.username, "Vries"):
        assert secret not in lines[0]


def test_dossier_offers_the_comparison(
    brp: tuple[FakeBrp, BrpConfig], worker: Membership, person: Person
) -> None:
    page = login_fully(Client(), worker).get(f"/personen/{person.pk}/").content.decode()
    assert f'href="/personen/{person.pk}/brp/"' in page
    assert "Vergelijk met BRP" in page


def test_functional_admin_configures_https_only_with_history(
    brp: tuple[FakeBrp, BrpConfig],
) -> None:
    admin = login_fully(Client(), MembershipFactory(role="beheer"))
    form = {
        "enabled": "on",
        "endpoint": "http://brp.gemeente.test",
        "api_key": "",
        "origin_oin": "00000001234567890000",
        "doelbinding": "BRPACT-Wmo-2",
        "timeout_seconds": "10",
    }
    page = admin.post("/beheer/brp/", form).content.decode()
    assert "alleen https://" in page
    form["endpoint"] = "https://brp.gemeente.test/api"
    assert admin.post("/beheer/brp/", form).status_code == 302
    config = BrpConfig.objects.get()
    assert config.api_key == brp[0].api_key  # left empty: the stored key stays
    assert ConfigChange.objects.filter(area="brp", new_value="BRPACT-Wmo-2").exists()
    assert brp[0].api_key not in admin.get("/beheer/brp/").content.decode()


# --- at registration ----------------------------------------------------------------------------


def test_registration_looks_up_the_bsn_and_prefills_the_ticked_fields(
    brp: tuple[FakeBrp, BrpConfig], worker: Membership
) -> None:
    fake, _config = brp
    client = login_fully(Client(), worker)
    assert 'href="/personen/nieuw/brp/"' in client.get("/personen/nieuw/").content.decode()
    page = client.post("/personen/nieuw/brp/", {"bsn": BSN}).content.decode()
    assert "Laan van Meerdervoort" in page and "de Vries" in page
    [consulted] = ProcessingLogEntry.objects.filter(activity_code="brp.raadplegen_registratie")
    assert (consulted.person_id, consulted.purpose, consulted.user_id) == (
        None,
        "wmo_mo",
        worker.user.pk,
    )
    assert json.loads(fake.requests[0]["raw"])["burgerservicenummer"] == [BSN]
    form = client.post(
        "/personen/nieuw/brp/", {"step": "prefill", "chosen": ["family_name", "birth_date"]}
    ).content.decode()
    assert 'value="de Vries"' in form and 'value="1985-04-03"' in form
    assert f'value="{BSN}"' in form
    assert "Laan van Meerdervoort" not in form  # not ticked
    assert 'action="/personen/nieuw/"' in form
    # The answer is not kept once the form is filled.
    assert "plek_brp_registration" not in client.session
    client.post(
        "/personen/nieuw/",
        {"bsn": BSN, "family_name": "de Vries", "birth_date": "1985-04-03", "sex": "X"},
    )
    assert Person.objects.get(bsn=BSN).family_name == "de Vries"


def test_registration_lookup_refuses_bad_bsns_and_other_roles(
    brp: tuple[FakeBrp, BrpConfig], worker: Membership
) -> None:
    fake, _config = brp
    page = login_fully(Client(), worker).post("/personen/nieuw/brp/", {"bsn": "123456789"})
    assert "voldoen aan de elfproef" in page.content.decode()
    admin = login_fully(Client(), MembershipFactory(role="beheer"))
    assert admin.post("/personen/nieuw/brp/", {"bsn": BSN}).status_code == 403
    assert fake.requests == []
    assert not ProcessingLogEntry.objects.filter(activity_code__startswith="brp.").exists()
