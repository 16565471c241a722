"""What the intake app shows and offers at the top of the dossier (``plek.people.dossier``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plek.access.choices import Action
from plek.access.kinds import DataKind
from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.intake.selectors import (
    dossier_status,
    intake_or_assessment_presence,
    intake_presence,
    running_intake_of,
)
from plek.people.dossier import (
    DossierAction,
    DossierStatus,
    register_dossier_action,
    register_dossier_status,
)
from plek.people.models import Person

INTAKE = _("Intake en zelfredzaamheid")
# The roles that do the integrated intake and score the ZRM.
INTAKE_ROLES = frozenset({Role.WIJKTEAM, Role.REGISSEUR, Role.TOEGANG})


def _running(person: Person) -> int | None:
    """The running intake, asked once per dossier page (remembered on the person object)."""
    cache = person.__dict__.setdefault("_plek_running_intake", [])
    if not cache:
        cache.append(running_intake_of(person))
    intake_id: int | None = cache[0]
    return intake_id


def _does_intakes(actor: Actor) -> bool:
    return actor.membership is not None and actor.membership.role in INTAKE_ROLES


def _none_running(actor: Actor, person: Person) -> bool:
    return _running(person) is None


def _one_running(actor: Actor, person: Person) -> bool:
    return _running(person) is not None


def _start(person: Person) -> str:
    return reverse("intake:start", args=[person.pk])


def _continue(person: Person) -> str:
    return reverse("intake:detail", args=[_running(person)])


def _score(person: Person) -> str:
    url = reverse("intake:assessment-new", args=[person.pk])
    intake_id = _running(person)
    return f"{url}?intake={intake_id}" if intake_id else url


def _zrm(person: Person) -> str:
    return reverse("intake:zrm", args=[person.pk])


def register() -> None:
    register_dossier_status(
        DossierStatus(
            key="intake.state",
            title=_("Intake en ZRM"),
            lines=dossier_status,
            kind=DataKind.INTAKE,
            order=20,
            present=intake_or_assessment_presence,
        )
    )
    common = {"group": INTAKE, "allowed_for": _does_intakes}
    register_dossier_action(
        DossierAction(
            key="intake.start",
            label=_("Intake starten"),
            url=_start,
            # Starting reads who lives in the household (the service's own decision).
            action=Action.CREATE,
            kind=DataKind.HOUSEHOLD,
            order=200,
            available=_none_running,
            present=intake_presence,
            if_absent=True,
            **common,  # type: ignore[arg-type]
        )
    )
    register_dossier_action(
        DossierAction(
            key="intake.continue",
            label=_("Intake voortzetten"),
            url=_continue,
            action=Action.CHANGE,
            kind=DataKind.INTAKE,
            order=210,
            available=_one_running,
            present=intake_presence,
            **common,  # type: ignore[arg-type]
        )
    )
    register_dossier_action(
        DossierAction(
            key="intake.zrm-score",
            label=_("ZRM scoren"),
            url=_score,
            action=Action.CREATE,
            kind=DataKind.INTAKE,
            order=220,
            **common,  # type: ignore[arg-type]
        )
    )
    register_dossier_action(
        DossierAction(
            key="intake.zrm-history",
            label=_("ZRM-verloop bekijken"),
            url=_zrm,
            action=Action.VIEW,
            kind=DataKind.INTAKE,
            order=230,
            group=INTAKE,
        )
    )
