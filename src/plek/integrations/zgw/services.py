"""Registering a postal-address decision as a zaak, through an outbox that never loses it.

The decision commits first (plek.postal). Then ``queue_registration`` writes one
``ZaakRegistration`` row and hands its id to Celery. ``register`` does the calls in the order the
Zaken API allows: zaak, document (the decision letter), the link between them, the result and last
the end status (a zaak with an end status is closed, after which nothing can be added). Each object
made is stored at once, so a retry after a failure continues where the previous attempt stopped and
never makes a second zaak. A failing call leaves the row waiting with the next attempt further
away (exponential backoff); a refusal (4xx) or too many attempts mark it failed, and the postal
team can try again from the application page.
"""

from __future__ import annotations

import base64
import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.access.activities import ProcessingActivity
from plek.access.choices import Action, LogAction, Purpose
from plek.access.kinds import DataKind
from plek.access.policy import decide
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.core import dates
from plek.core.tasks import enqueue
from plek.integrations.models_zgw import RegistrationState, ZaakRegistration, ZgwConfiguration
from plek.integrations.zgw.client import CRS_HEADERS, Credentials, ZgwClient, ZgwError
from plek.people.bsn import is_valid_bsn
from plek.postal.letter import decision_letter_pdf
from plek.postal.models import Decision, PostalApplication

ZGW_SEND = ProcessingActivity(
    "briefadres.zaak_registreren",
    "Besluit briefadres met besluitbrief als zaak in het zaaksysteem vastleggen",
)
SENT_DATA_KINDS = ("naam", "adres", "briefadres", "besluit briefadres")
MAX_ATTEMPTS = 10
FIRST_DELAY = datetime.timedelta(minutes=1)
LONGEST_DELAY = datetime.timedelta(hours=6)
# While one worker is busy with a row, others leave it alone for this long.
LEASE = datetime.timedelta(minutes=5)


def configuration() -> ZgwConfiguration:
    return ZgwConfiguration.objects.order_by("pk").first() or ZgwConfiguration()


def backoff(attempts: int) -> datetime.timedelta:
    """1, 2, 4, 8 … minutes after the failed attempt, at most six hours."""
    return min(FIRST_DELAY * 2 ** max(attempts - 1, 0), LONGEST_DELAY)


def queue_registration(actor: Actor, application_id: int) -> None:
    """The postal hook: one outbox row per decided application, then Celery is asked to send it."""
    if not configuration().enabled:
        return
    registration, created = ZaakRegistration.objects.get_or_create(
        application_id=application_id,
        defaults={"requested_by": actor.user, "membership": actor.membership},
    )
    if created:
        dispatch(registration.pk)


def dispatch(registration_id: int) -> None:
    from plek.integrations.zgw.tasks import register_zaak

    # With the broker away the registration waits; celery beat's retry_due sends it later.
    transaction.on_commit(lambda: enqueue(register_zaak, registration_id), robust=True)


def retry(actor: Actor, application_id: int) -> ZaakRegistration:
    """'Opnieuw proberen' by someone who may change the application: a fresh series of attempts."""
    person_id = PostalApplication.objects.values_list("person_id", flat=True).get(pk=application_id)
    if not decide(actor, Action.CHANGE, person_id, kind=DataKind.POSTAL).allowed:
        raise PermissionDenied(_("U mag deze aanvraag niet wijzigen."))
    with transaction.atomic():
        registration = ZaakRegistration.objects.select_for_update().get(
            application_id=application_id
        )
        if registration.state != RegistrationState.DONE:
            registration.state = RegistrationState.WAITING
            registration.attempts = 0
            registration.next_attempt_at = None
            registration.save(update_fields=["state", "attempts", "next_attempt_at"])
            dispatch(registration.pk)
    return registration


def due_registration_ids(now: datetime.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(
        ZaakRegistration.objects.filter(state=RegistrationState.WAITING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _claim(registration_id: int) -> bool:
    """Take the row for one attempt; False when it is done, failed, not due, or another has it."""
    now = timezone.now()
    claimed = (
        ZaakRegistration.objects.filter(pk=registration_id, state=RegistrationState.WAITING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(next_attempt_at=now + LEASE)
    )
    return claimed == 1


def register(registration_id: int) -> ZaakRegistration:
    """One attempt: every step not yet done. Never raises for a problem of the case system."""
    registration = ZaakRegistration.objects.get(pk=registration_id)
    if not _claim(registration_id):
        return registration
    config = configuration()
    client = ZgwClient(Credentials(config.client_id, config.secret), config.timeout_seconds)
    try:
        for step in STEPS:
            step(registration, config, client)
    except ZgwError as exc:
        return _failed(registration, exc)
    registration.state = RegistrationState.DONE
    registration.completed_at = timezone.now()
    registration.next_attempt_at = None
    registration.last_error = ""
    registration.attempts += 1
    registration.save()
    return registration


def _failed(registration: ZaakRegistration, exc: ZgwError) -> ZaakRegistration:
    registration.attempts += 1
    registration.last_error = exc.reason[:300]
    if not exc.retry or registration.attempts >= MAX_ATTEMPTS:
        registration.state = RegistrationState.FAILED
        registration.next_attempt_at = None
    else:
        registration.next_attempt_at = timezone.now() + backoff(registration.attempts)
    registration.save()
    return registration


def _url(root: str, path: str) -> str:
    return root.rstrip("/") + "/" + path


def _created_url(answer: Any, what: str) -> str:
    url = answer.get("url") if isinstance(answer, dict) else None
    if not url:
        raise ZgwError(f"{what}: het antwoord noemt geen url", retry=False)
    return str(url)


def _application(registration: ZaakRegistration) -> PostalApplication:
    return PostalApplication.objects.select_related("person", "giver").get(
        pk=registration.application_id
    )


def _create_zaak(
    registration: ZaakRegistration, config: ZgwConfiguration, client: ZgwClient
) -> None:
    if registration.zaak_url:
        return
    application = _application(registration)
    body = {
        "bronorganisatie": config.bronorganisatie,
        "zaaktype": config.zaaktype,
        "verantwoordelijkeOrganisatie": config.verantwoordelijke_organisatie,
        "startdatum": application.applied_on.isoformat(),
        "registratiedatum": dates.today().isoformat(),
        # The application's reference only: the person is in the letter, not in the zaak's title.
        "omschrijving": f"Briefadres {application.external_id}",
        "vertrouwelijkheidaanduiding": "vertrouwelijk",
    }
    answer = client.post(_url(config.zaken_api_root, "zaken"), body, headers=CRS_HEADERS)
    registration.zaak_url = _created_url(answer, "zaak")
    registration.zaak_identificatie = str(answer.get("identificatie", ""))[:40]
    registration.save(update_fields=["zaak_url", "zaak_identificatie"])


def _create_document(
    registration: ZaakRegistration, config: ZgwConfiguration, client: ZgwClient
) -> None:
    if registration.document_url:
        return
    application = _application(registration)
    pdf = decision_letter_pdf(application)
    body = {
        "bronorganisatie": config.bronorganisatie,
        "creatiedatum": (application.decided_on or dates.today()).isoformat(),
        "titel": f"Besluit briefadres {application.external_id}",
        "auteur": "plek",
        "taal": "dut",
        "formaat": "application/pdf",
        "bestandsnaam": f"besluit-{application.external_id}.pdf",
        "informatieobjecttype": config.informatieobjecttype,
        "vertrouwelijkheidaanduiding": "vertrouwelijk",
        "status": "definitief",
        "inhoud": base64.b64encode(pdf).decode("ascii"),
    }
    answer = client.post(_url(config.documenten_api_root, "enkelvoudiginformatieobjecten"), body)
    with transaction.atomic():
        registration.document_url = _created_url(answer, "document")
        registration.save(update_fields=["document_url"])
        # The letter names the person and their address: it has now left plek.
        record_processing(
            Actor(user=registration.requested_by, membership=registration.membership),
            LogAction.CHANGE,
            ZGW_SEND,
            application.person_id,
            SENT_DATA_KINDS,
            Purpose.BRIEFADRES,
        )


def _link_document(
    registration: ZaakRegistration, config: ZgwConfiguration, client: ZgwClient
) -> None:
    if registration.zaakinformatieobject_url:
        return
    body = {"zaak": registration.zaak_url, "informatieobject": registration.document_url}
    answer = client.post(_url(config.zaken_api_root, "zaakinformatieobjecten"), body)
    registration.zaakinformatieobject_url = _created_url(answer, "zaakinformatieobject")
    registration.save(update_fields=["zaakinformatieobject_url"])


def _result_description(config: ZgwConfiguration, decision: str) -> str:
    return {
        Decision.TOEGEKEND: config.result_granted,
        Decision.AFGEWEZEN: config.result_refused,
        Decision.INGETROKKEN: config.result_withdrawn,
    }[Decision(decision)]


def _set_result(
    registration: ZaakRegistration, config: ZgwConfiguration, client: ZgwClient
) -> None:
    if registration.resultaat_url:
        return
    decision = PostalApplication.objects.values_list("decision", flat=True).get(
        pk=registration.application_id
    )
    wanted = _result_description(config, decision).strip().lower()
    types = client.get_all(
        _url(config.catalogi_api_root, "resultaattypen"), {"zaaktype": config.zaaktype}
    )
    match = [item for item in types if str(item.get("omschrijving", "")).strip().lower() == wanted]
    if not match:
        raise ZgwError(f"Catalogi API: geen resultaattype '{wanted}' bij het zaaktype", retry=False)
    body = {"zaak": registration.zaak_url, "resultaattype": match[0]["url"]}
    answer = client.post(_url(config.zaken_api_root, "resultaten"), body)
    registration.resultaat_url = _created_url(answer, "resultaat")
    registration.save(update_fields=["resultaat_url"])


def _set_end_status(
    registration: ZaakRegistration, config: ZgwConfiguration, client: ZgwClient
) -> None:
    if registration.status_url:
        return
    types = client.get_all(
        _url(config.catalogi_api_root, "statustypen"), {"zaaktype": config.zaaktype}
    )
    if not types:
        raise ZgwError("Catalogi API: het zaaktype heeft geen statustypen", retry=False)
    ends = [item for item in types if item.get("isEindstatus")]
    final = ends[0] if ends else max(types, key=lambda item: int(item.get("volgnummer", 0)))
    body = {
        "zaak": registration.zaak_url,
        "statustype": final["url"],
        "datumStatusGezet": timezone.now().isoformat(timespec="seconds"),
        "statustoelichting": "Besluit genomen",
    }
    answer = client.post(_url(config.zaken_api_root, "statussen"), body)
    registration.status_url = _created_url(answer, "status")
    registration.save(update_fields=["status_url"])


STEPS: tuple[Callable[[ZaakRegistration, ZgwConfiguration, ZgwClient], None], ...] = (
    _create_zaak,
    _create_document,
    _link_document,
    _set_result,
    _set_end_status,
)


# --- configuration (functional admin) ------------------------------------------------------------

CONFIG_AREA = "zaaksysteem"
CONFIG_FIELDS = (
    "enabled",
    "zaken_api_root",
    "documenten_api_root",
    "catalogi_api_root",
    "client_id",
    "secret",
    "zaaktype",
    "informatieobjecttype",
    "bronorganisatie",
    "verantwoordelijke_organisatie",
    "result_granted",
    "result_refused",
    "result_withdrawn",
    "timeout_seconds",
)
NEEDED_WHEN_ENABLED = (
    "zaken_api_root",
    "documenten_api_root",
    "catalogi_api_root",
    "client_id",
    "secret",
    "zaaktype",
    "informatieobjecttype",
    "bronorganisatie",
    "verantwoordelijke_organisatie",
)


def _label(name: str) -> str:
    return str(getattr(ZgwConfiguration._meta.get_field(name), "verbose_name", name))


def _snapshot(config: ZgwConfiguration) -> dict[str, str]:
    from plek.accounts.config_history import as_text

    values = {name: as_text(getattr(config, name)) for name in CONFIG_FIELDS}
    # The history shows that the secret changed, never the secret.
    values["secret"] = "••••••" if config.secret else ""
    return values


def save_configuration(actor: Actor, values: dict[str, Any]) -> ZgwConfiguration:
    """Store the case system's configuration; every changed field goes into the change history."""
    from django.core.exceptions import ValidationError

    from plek.accounts import config_history
    from plek.accounts.roles import Role

    if actor.role != Role.BEHEER:
        raise PermissionDenied(_("Alleen functioneel beheerders."))
    with transaction.atomic():
        config = (
            ZgwConfiguration.objects.select_for_update().order_by("pk").first()
            or ZgwConfiguration()
        )
        before = _snapshot(config)
        for name in CONFIG_FIELDS:
            if name == "secret" and not values.get("secret"):
                continue  # left empty: keep the current secret
            if name in values:
                setattr(config, name, values[name])
        errors: dict[str, str] = {}
        for name in ("bronorganisatie", "verantwoordelijke_organisatie"):
            value = getattr(config, name)
            # The RSIN passes the same 11-test as a BSN (weights 9 … 2 and −1).
            if value and not is_valid_bsn(value):
                label = _label(name)
                errors[name] = _("%(label)s: geen geldig RSIN (elfproef).") % {"label": label}
        if config.enabled:
            for name in NEEDED_WHEN_ENABLED:
                if not getattr(config, name) and name not in errors:
                    label = _label(name)
                    errors[name] = _("%(label)s: nodig om zaken te registreren.") % {"label": label}
        if errors:
            raise ValidationError(errors)
        config.full_clean()
        config.save()
        labels = {name: _label(name) for name in CONFIG_FIELDS}
        config_history.record(
            actor, CONFIG_AREA, _("Zaaksysteem (ZGW)"), before, _snapshot(config), labels
        )
    return config
