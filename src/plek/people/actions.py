"""The people app's own actions on the dossier (see ``plek.people.dossier``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plek.access.choices import Action
from plek.access.kinds import DataKind
from plek.people.dossier import DossierAction, register_dossier_action
from plek.people.models import Person

HOUSEHOLD = _("Huishouden")


def _household_create(person: Person) -> str:
    return reverse("people:household-create", args=[person.pk])


def register() -> None:
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
