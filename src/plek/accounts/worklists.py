"""The functional admin's worklist (registered from ``AccountsConfig.ready``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from plek.accounts import selectors
from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.accounts.roles import Role
from plek.web.components import WorklistItem
from plek.web.worklists import WorklistSpec, register_worklist


def memberships_ending_soon(actor: Actor) -> list[WorklistItem]:
    return [_ending_item(membership) for membership in selectors.memberships_ending_soon()]


def _ending_item(membership: Membership) -> WorklistItem:
    # The end date is exclusive: the first day the membership no longer holds.
    ends = date_format(membership.end_date) if membership.end_date else ""
    return WorklistItem(
        label=str(membership),
        href=reverse("beheer:membership-update", args=[membership.pk]),
        detail=_("geldt niet meer vanaf %(date)s") % {"date": ends},
    )


def memberships_awaiting_approval(actor: Actor) -> list[WorklistItem]:
    href = reverse("beheer:membership-approvals")
    return [
        WorklistItem(
            label=str(membership),
            href=href,
            detail=_("aangevraagd door %(name)s")
            % {"name": membership.requested_by.display_name if membership.requested_by else "—"},
        )
        for membership in selectors.memberships_awaiting_approval()[:20]
    ]


def case_file_role_changes(actor: Actor) -> list[WorklistItem]:
    href = reverse("accounts-privacy:role-changes")
    return [
        WorklistItem(
            label=f"{change.user.username} · {change.get_role_display()}",
            href=href,
            detail=f"{change.get_event_display()} · {change.changed_by.username}",
        )
        for change in selectors.case_file_role_changes()[:10]
    ]


def register() -> None:
    register_worklist(
        WorklistSpec(
            "accounts.memberships-awaiting-approval",
            _("Dossierrollen die wachten op goedkeuring"),
            (Role.BEHEER,),
            memberships_awaiting_approval,
            _("Een tweede beheerder keurt ze goed"),
            order=5,
        )
    )
    register_worklist(
        WorklistSpec(
            "accounts.case-file-role-changes",
            _("Recente wijzigingen in dossierrollen"),
            (Role.PRIVACY,),
            case_file_role_changes,
            _("Nieuwste eerst"),
            order=30,
        )
    )
    register_worklist(
        WorklistSpec(
            "accounts.memberships-ending",
            _("Lidmaatschappen die binnenkort eindigen"),
            (Role.BEHEER,),
            memberships_ending_soon,
            format_lazy(_("Binnen {days} dagen"), days=selectors.ENDING_SOON_DAYS),
            order=10,
        )
    )
