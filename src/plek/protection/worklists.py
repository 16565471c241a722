"""Worklists of indications and arrangements on the start pages of access and providers."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from plek.accounts.context import Actor
from plek.protection import selectors
from plek.web.components import WorklistItem


def expiring_indications(actor: Actor) -> list[WorklistItem]:
    return [
        WorklistItem(
            label=str(indication.person),
            href=reverse("protection:indication", args=[indication.pk]),
            detail=_("%(kind)s, geldig tot en met %(day)s")
            % {
                "kind": indication.get_kind_display(),
                "day": indication.valid_until.strftime("%d-%m-%Y"),
            },
        )
        for indication in selectors.expiring_indications(actor)
    ]


def waiting_for_arrangement(actor: Actor) -> list[WorklistItem]:
    return [
        WorklistItem(
            label=str(indication.person),
            href=reverse("protection:arrangement-new", args=[indication.pk]),
            detail=_("indicatie beschermd thuis vanaf %(day)s")
            % {"day": indication.valid_from.strftime("%d-%m-%Y")},
        )
        for indication in selectors.waiting_for_arrangement(actor)
    ]


def arrangements_to_review(actor: Actor) -> list[WorklistItem]:
    return [
        WorklistItem(
            label=str(arrangement.person),
            href=reverse("protection:arrangement", args=[arrangement.pk]),
            detail=_("evaluatie op %(day)s")
            % {"day": arrangement.review_on.strftime("%d-%m-%Y") if arrangement.review_on else ""},
        )
        for arrangement in selectors.arrangements_to_review(actor)
    ]
