"""What the plans app shows and offers at the top of the dossier (``plek.people.dossier``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plek.access.choices import Action
from plek.access.kinds import DataKind
from plek.accounts.context import Actor
from plek.people.dossier import (
    DossierAction,
    DossierStatus,
    register_dossier_action,
    register_dossier_status,
)
from plek.people.models import Person
from plek.plans.models import CASE_LEAD_ROLES
from plek.plans.selectors import (
    plan_existence_status,
    plan_presence,
    plan_status,
    running_plan_of,
)

PLAN = _("Plan en regie")


def _may_lead(actor: Actor) -> bool:
    return actor.membership is not None and actor.membership.role in CASE_LEAD_ROLES


def _no_plan(actor: Actor, person: Person) -> bool:
    return running_plan_of(person) is None


def _has_plan(actor: Actor, person: Person) -> bool:
    return running_plan_of(person) is not None


def _start(person: Person) -> str:
    return reverse("plans:start", args=[person.pk])


def _open(person: Person) -> str:
    plan = running_plan_of(person)
    assert plan is not None  # shown only when available
    return reverse("plans:detail", args=[plan.pk])


def register() -> None:
    register_dossier_status(
        DossierStatus(
            key="plans.lead",
            title=_("Plan en regisseur"),
            lines=plan_existence_status,
            kind=DataKind.PLAN_EXISTENCE,
            order=40,
        )
    )
    register_dossier_status(
        DossierStatus(
            key="plans.deadlines",
            title=_("Evaluatie en acties"),
            lines=plan_status,
            kind=DataKind.PLAN,
            order=41,
            present=plan_presence,
        )
    )
    register_dossier_action(
        DossierAction(
            key="plans.start",
            label=_("Plan starten"),
            url=_start,
            action=Action.CREATE,
            kind=DataKind.PLAN,
            group=PLAN,
            order=300,
            allowed_for=_may_lead,
            available=_no_plan,
            present=plan_presence,
            if_absent=True,
        )
    )
    register_dossier_action(
        DossierAction(
            key="plans.open",
            label=_("Plan openen"),
            url=_open,
            action=Action.VIEW,
            kind=DataKind.PLAN,
            group=PLAN,
            order=310,
            available=_has_plan,
            present=plan_presence,
        )
    )
