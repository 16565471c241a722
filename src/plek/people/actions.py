"""The people app's own actions on the dossier (see ``plek.people.dossier``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plek.access.choices import Action
from plek.access.kinds import DataKind
from plek.people.dossier import DossierAction, register_dossier_action
from plek.people.models import Person

HOUSEHOLD = _("Huishouden")
PERSON = _("Persoon")


def _household_create(person: Person) -> str:
    return reverse("people:household-create", args=[person.pk])


def _contact_edit(person: Person) -> str:
    return reverse("people:contact-edit", args=[person.pk])


def _consents(person: Person) -> str:
    return reverse("people:consents", args=[person.pk])


def register() -> None:
    register_dossier_action(
        DossierAction(
            key="people.contact-edit",
            label=_("Contactgegevens en adres wijzigen"),
            url=_contact_edit,
            action=Action.CHANGE,
            kind=DataKind.CONTACT,
            group=PERSON,
            order=800,
        )
    )
    register_dossier_action(
        DossierAction(
            key="people.consents",
            label=_("Toestemmingen vastleggen of intrekken"),
            url=_consents,
            action=Action.CHANGE,
            kind=DataKind.HOUSEHOLD,
            group=PERSON,
            order=810,
        )
    )
    register_dossier_action(
        DossierAction(
            key="people.household-create",
            label=_("Huishouden aanmaken"),
            url=_household_create,
            action=Action.CREATE,
            kind=DataKind.HOUSEHOLD,
            group=HOUSEHOLD,
            order=900,
        )
    )
