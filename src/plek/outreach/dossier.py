"""What street outreach adds to the person's dossier: a section, a status line and actions."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plek.access.choices import Action
from plek.access.kinds import DataKind
from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.outreach import selectors
from plek.people.dossier import (
    DossierAction,
    DossierSection,
    DossierStatus,
    register_dossier_action,
    register_dossier_section,
    register_dossier_status,
)
from plek.people.models import Person

OUTREACH = _("Veldwerk")


def _is_outreach_worker(actor: Actor) -> bool:
    return actor.membership is not None and actor.membership.role == Role.VELDWERK


def _has_own_contact(actor: Actor, person: Person) -> bool:
    return selectors.latest_own_contact(actor, person.pk) is not None


def _record_url(person: Person) -> str:
    return f"{reverse('outreach:create')}?persoon={person.pk}"


def _refer_url(person: Person) -> str:
    return reverse("outreach:refer-person", args=[person.pk])


def register() -> None:
    register_dossier_section(
        DossierSection(
            key="veldwerk",
            title=str(_("Veldwerk")),
            data_kinds=("straatcontacten", "doorverwijzingen"),
            entries=selectors.dossier_entries,
            order=15,
            kind=DataKind.SIGNALS,
            export=selectors.dossier_export,
            present=selectors.dossier_presence,
        )
    )
    register_dossier_status(
        DossierStatus(
            key="outreach",
            title=OUTREACH,
            lines=selectors.dossier_status,
            kind=DataKind.SIGNALS,
            order=15,
            present=selectors.dossier_presence,
        )
    )
    register_dossier_action(
        DossierAction(
            key="outreach.record",
            label=_("Straatcontact vastleggen"),
            url=_record_url,
            action=Action.CREATE,
            kind=DataKind.SIGNALS,
            group=OUTREACH,
            order=150,
            allowed_for=_is_outreach_worker,
        )
    )
    register_dossier_action(
        DossierAction(
            key="outreach.refer",
            label=_("Doorverwijzen naar wijkteam"),
            url=_refer_url,
            action=Action.CREATE,
            kind=DataKind.SIGNALS,
            group=OUTREACH,
            order=151,
            allowed_for=_is_outreach_worker,
            available=_has_own_contact,
            present=selectors.dossier_presence,
        )
    )
