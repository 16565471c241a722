"""The BRP comparison as an action on the person's file (``plek.people.dossier``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plek.access.choices import Action
from plek.access.kinds import DataKind
from plek.people.dossier import DossierAction, register_dossier_action
from plek.people.models import Person


def _compare_url(person: Person) -> str:
    return reverse("brp:compare", args=[person.pk])


def _has_bsn(actor: object, person: Person) -> bool:
    return bool(person.bsn)


def register() -> None:
    register_dossier_action(
        DossierAction(
            key="integrations.brp-compare",
            label=_("Vergelijk met BRP"),
            url=_compare_url,
            # Copying changes name, birth date, sex and address: the relation must allow
            # changing contact data (every relation that does also opens identity).
            action=Action.CHANGE,
            kind=DataKind.CONTACT,
            group=_("Persoon"),
            order=805,
            available=_has_bsn,
        )
    )
