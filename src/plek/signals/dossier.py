"""What the signals app shows and offers at the top of the dossier (``plek.people.dossier``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plek.access.choices import Action
from plek.access.kinds import DataKind
from plek.access.policy import may_read_person_files
from plek.accounts.context import Actor
from plek.people.dossier import (
    DossierAction,
    DossierStatus,
    register_dossier_action,
    register_dossier_status,
)
from plek.people.models import Person
from plek.signals.selectors import dossier_presence, dossier_status

SIGNALS = _("Signalen")


def _register_signal(person: Person) -> str:
    return f"{reverse('signals:create')}?persoon={person.pk}"


def _casework(actor: Actor) -> bool:
    return may_read_person_files(actor)


def register() -> None:
    register_dossier_status(
        DossierStatus(
            key="signals.open",
            title=_("Open signalen"),
            lines=dossier_status,
            kind=DataKind.SIGNALS,
            order=10,
            present=dossier_presence,
        )
    )
    register_dossier_action(
        DossierAction(
            key="signals.register",
            label=_("Signaal vastleggen"),
            url=_register_signal,
            action=Action.CREATE,
            kind=DataKind.SIGNALS,
            group=SIGNALS,
            order=100,
            allowed_for=_casework,
        )
    )
