"""Worklists of indications and arrangements on the start pages of access and providers."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.core.dates import today
from plek.protection import selectors
from plek.web.components import WorklistItem
from plek.web.worklists import WorklistSpec, register_worklist


def expiring_indications(actor: Actor) -> list[WorklistItem]:
    return [
        WorklistItem(
            label=str(indication.person),
            href=reverse("protection:indication", args=[indication.pk]),
            detail=indication.get_kind_display(),
            due=indication.valid_until,
            overdue=indication.valid_until < today(),
        )
        for indication in selectors.expiring_indications(actor)
    ]


def waiting_for_arrangement(actor: Actor) -> list[WorklistItem]:
    return [
        WorklistItem(
            label=str(indication.person),
            href=reverse("protection:arrangement-new", args=[indication.pk]),
            detail=_("indicatie beschermd thuis, arrangement nodig vanaf de start"),
            due=indication.valid_from,
            overdue=indication.valid_from < today(),
        )
        for indication in selectors.waiting_for_arrangement(actor)
    ]


def arrangements_to_review(actor: Actor) -> list[WorklistItem]:
    return [
        WorklistItem(
            label=str(arrangement.person),
            href=reverse("protection:arrangement", args=[arrangement.pk]),
            detail=_("evaluatie"),
            due=arrangement.review_on,
            overdue=bool(arrangement.review_on and arrangement.review_on < today()),
        )
        for arrangement in selectors.arrangements_to_review(actor)
    ]


def register() -> None:
    register_worklist(
        WorklistSpec(
            "protection.expiring-indications",
            gettext_lazy("Indicaties die binnenkort aflopen"),
            (Role.TOEGANG,),
            expiring_indications,
            gettext_lazy("Binnen acht weken of net verlopen; de vroegste eerst"),
            order=20,
        )
    )
    register_worklist(
        WorklistSpec(
            "protection.waiting-for-arrangement",
            gettext_lazy("Indicaties beschermd thuis zonder arrangement"),
            (Role.AANBIEDER,),
            waiting_for_arrangement,
            gettext_lazy("Leg de ondersteuning thuis vast"),
            order=60,
        )
    )
    register_worklist(
        WorklistSpec(
            "protection.arrangements-to-review",
            gettext_lazy("Arrangementen met een evaluatie binnenkort"),
            (Role.AANBIEDER,),
            arrangements_to_review,
            order=70,
        )
    )
