"""The ZGW adapter against a local fake of the Zaken, Documenten and Catalogi APIs."""

from __future__ import annotations

import base64
import datetime

import jwt
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from plek.access.models import ProcessingLogEntry
from plek.accounts.models import ConfigChange
from plek.accounts.roles import Role
from plek.integrations.models_zgw import RegistrationState, ZaakRegistration
from plek.integrations.zgw import client, selectors, services, tasks
from plek.postal import services as postal_services
from tests.factories import MembershipFactory, PersonFactory
from tests.integrations import fake_zgw
from tests.integrations.conftest import configure
from tests.postal.helpers import assessed, make_mdt

pytestmark = pytest.mark.django_db


def decide(mdt, decision: str = "toegekend", reasons: str = "", capture=None) -> int:  # type: ignore[no-untyped-def]
    application = assessed(mdt, PersonFactory().pk)
    with capture(execute=True):
        postal_services.decide_application(mdt.actor(), application.pk, decision, reasons)
    return application.pk


def test_a_decision_becomes_a_closed_zaak_with_its_letter(
    fake: fake_zgw.FakeZgw, django_capture_on_commit_callbacks
) -> None:
    configure(fake)
    mdt = make_mdt()
    application_id = decide(mdt, capture=django_capture_on_commit_callbacks)

    registration = ZaakRegistration.objects.get(application_id=application_id)
    assert registration.state == RegistrationState.DONE
    assert registration.zaak_identificatie == "ZAAK-0001"
    # The calls in the order the Zaken API allows: the end status last.
    assert [path.rsplit("/", 1)[-1] for _m, path, _b in fake.requests] == [
        "zaken",
        "enkelvoudiginformatieobjecten",
        "zaakinformatieobjecten",
        "resultaten",
        "statussen",
    ]
    [zaak] = fake.created("zaken")
    assert zaak["zaaktype"] == fake.zaaktype and zaak["bronorganisatie"] == "002220647"
    [document] = fake.created("enkelvoudiginformatieobjecten")
    assert base64.b64decode(document["inhoud"]).startswith(b"%PDF")
    [result] = fake.created("resultaten")
    assert result["resultaattype"].endswith("/toegekend")  # found on the second catalogue page
    [status] = fake.created("statussen")
    assert status["statustype"].endswith("/besloten")
    # The letter left plek: one processing-log entry, under the decider's name and purpose.
    entry = ProcessingLogEntry.objects.get(activity_code=services.ZGW_SEND.code)
    assert entry.purpose == "briefadres" and entry.user_id == mdt.first.user_id
    # The zaak's title carries the reference, never the person.
    person = ZaakRegistration.objects.get(pk=registration.pk).application.person
    assert person.family_name not in zaak["omschrijving"]
    panel = selectors.panel(mdt.actor(), application_id)
    assert panel is not None and str(panel.state) == "Zaak aangemaakt"


def test_a_refusal_gets_the_refusal_result(
    fake: fake_zgw.FakeZgw, django_capture_on_commit_callbacks
) -> None:
    configure(fake)
    decide(make_mdt(), "afgewezen", "Geen binding.", capture=django_capture_on_commit_callbacks)
    [result] = fake.created("resultaten")
    assert result["resultaattype"].endswith("/afgewezen")


def test_without_configuration_nothing_is_queued(
    fake: fake_zgw.FakeZgw, django_capture_on_commit_callbacks
) -> None:
    configure(fake, enabled=False)
    application_id = decide(make_mdt(), capture=django_capture_on_commit_callbacks)
    assert not ZaakRegistration.objects.filter(application_id=application_id).exists()
    assert fake.requests == []


def test_case_system_down_keeps_the_decision_and_a_later_retry_succeeds(
    fake: fake_zgw.FakeZgw, django_capture_on_commit_callbacks
) -> None:
    configure(fake)
    fake.down = True
    mdt = make_mdt()
    application_id = decide(mdt, capture=django_capture_on_commit_callbacks)

    registration = ZaakRegistration.objects.get(application_id=application_id)
    assert registration.application.decision == "toegekend"  # the local decision stands
    assert registration.state == RegistrationState.WAITING
    assert registration.attempts == 1 and "503" in registration.last_error
    assert registration.next_attempt_at is not None
    assert str(selectors.panel(mdt.actor(), application_id).state) == "Wachtend"  # type: ignore[union-attr]
    # Not yet due: the sweep leaves it alone.
    assert tasks.retry_due() == 0

    fake.down = False
    with time_machine.travel(timezone.now() + services.backoff(1) + datetime.timedelta(seconds=1)):
        assert tasks.retry_due() == 1
    registration.refresh_from_db()
    assert registration.state == RegistrationState.DONE and registration.attempts == 2
    assert len(fake.created("zaken")) == 1


def test_a_retry_continues_where_it_stopped(
    fake: fake_zgw.FakeZgw, django_capture_on_commit_callbacks
) -> None:
    configure(fake)
    fake.down_paths = {"/documenten/api/v1/enkelvoudiginformatieobjecten"}
    application_id = decide(make_mdt(), capture=django_capture_on_commit_callbacks)
    registration = ZaakRegistration.objects.get(application_id=application_id)
    assert registration.zaak_url and not registration.document_url

    fake.down_paths = set()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        services.register(registration.pk)
    registration.refresh_from_db()
    assert registration.state == RegistrationState.DONE
    assert len(fake.created("zaken")) == 1  # no second zaak
    assert len(fake.created("enkelvoudiginformatieobjecten")) == 1


def test_backoff_grows_and_gives_up(
    fake: fake_zgw.FakeZgw, django_capture_on_commit_callbacks
) -> None:
    assert [services.backoff(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert services.backoff(30) == services.LONGEST_DELAY
    configure(fake)
    fake.down = True
    application_id = decide(make_mdt(), capture=django_capture_on_commit_callbacks)
    registration = ZaakRegistration.objects.get(application_id=application_id)
    moment = timezone.now()
    for _ in range(services.MAX_ATTEMPTS - 1):
        moment += services.LONGEST_DELAY
        with time_machine.travel(moment):
            services.register(registration.pk)
    registration.refresh_from_db()
    assert registration.state == RegistrationState.FAILED
    assert registration.attempts == services.MAX_ATTEMPTS


def test_a_refusal_by_the_case_system_fails_at_once_and_the_team_can_retry(
    fake: fake_zgw.FakeZgw, django_capture_on_commit_callbacks
) -> None:
    configure(fake, secret="een-ander-geheim-dat-niet-klopt-1234")
    mdt = make_mdt()
    application_id = decide(mdt, capture=django_capture_on_commit_callbacks)
    registration = ZaakRegistration.objects.get(application_id=application_id)
    assert registration.state == RegistrationState.FAILED and "403" in registration.last_error
    panel = selectors.panel(mdt.actor(), application_id)
    assert panel is not None and panel.action_url.endswith("/zaak/opnieuw/")

    configure(fake)
    outsider = MembershipFactory(role=Role.BRIEFADRES)
    from plek.accounts.context import Actor

    with pytest.raises(PermissionDenied):
        services.retry(Actor(user=outsider.user, membership=outsider), application_id)
    with django_capture_on_commit_callbacks(execute=True):
        services.retry(mdt.actor(), application_id)
    registration.refresh_from_db()
    assert registration.state == RegistrationState.DONE


def test_the_token_is_the_zgw_jwt() -> None:
    credentials = client.Credentials("plek", "s" * 32)
    claims = jwt.decode(
        client.token(credentials, now=1_700_000_000), "s" * 32, algorithms=["HS256"]
    )
    assert claims["client_id"] == "plek" and claims["iat"] == 1_700_000_000
    assert jwt.get_unverified_header(client.token(credentials))["alg"] == "HS256"


def test_configuration_is_checked_and_kept_in_the_history() -> None:
    admin = MembershipFactory(role=Role.BEHEER)
    from plek.accounts.context import Actor

    actor = Actor(user=admin.user, membership=admin)
    with pytest.raises(ValidationError) as caught:
        services.save_configuration(actor, {"enabled": True, "bronorganisatie": "123456789"})
    assert "bronorganisatie" in caught.value.message_dict
    assert "zaken_api_root" in caught.value.message_dict
    services.save_configuration(actor, {"client_id": "plek", "secret": "x" * 32})
    services.save_configuration(actor, {"client_id": "plek2", "secret": ""})
    assert services.configuration().secret == "x" * 32  # empty keeps the secret
    changes = ConfigChange.objects.filter(area=services.CONFIG_AREA)
    assert changes.filter(new_value="plek2").exists()
    assert not changes.filter(new_value="x" * 32).exists()  # the secret never in the history
    caseworker = MembershipFactory(role=Role.BRIEFADRES)
    with pytest.raises(PermissionDenied):
        services.save_configuration(Actor(user=caseworker.user, membership=caseworker), {})


def test_the_configuration_page_and_its_menu_entry(fake: fake_zgw.FakeZgw, client) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import login_fully

    login_fully(client, MembershipFactory(role=Role.BEHEER))
    page = client.get("/beheer/zaaksysteem/")
    assert page.status_code == 200
    values = {
        "enabled": "on",
        "zaken_api_root": f"{fake.base_url}/zaken/api/v1/",
        "documenten_api_root": f"{fake.base_url}/documenten/api/v1/",
        "catalogi_api_root": f"{fake.base_url}/catalogi/api/v1/",
        "client_id": fake_zgw.CLIENT_ID,
        "secret": fake_zgw.SECRET,
        "zaaktype": fake.zaaktype,
        "informatieobjecttype": fake.informatieobjecttype,
        "bronorganisatie": "002220648",
        "verantwoordelijke_organisatie": "002220647",
        "result_granted": "Toegekend",
        "result_refused": "Afgewezen",
        "result_withdrawn": "Ingetrokken",
        "timeout_seconds": "10",
    }
    refused = client.post("/beheer/zaaksysteem/", values)
    assert "geen geldig RSIN" in refused.content.decode()
    values["bronorganisatie"] = "002220647"
    assert client.post("/beheer/zaaksysteem/", values).status_code == 302
    assert services.configuration().enabled and services.configuration().secret == fake_zgw.SECRET
