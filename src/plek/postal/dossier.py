"""The postal-address part of the person's dossier: the timeline section, the status line at
its top (the application or the running address, the decision term or the next review as a
deadline) and the buttons (apply, decide, record a review, end the address). Registered from
``PostalConfig.ready``."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import cast

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plek.access.choices import Action
from plek.access.kinds import DataKind
from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.people.dossier import (
    DossierAction,
    DossierSection,
    DossierStatus,
    StatusLine,
    TimelineEntry,
    register_dossier_action,
    register_dossier_section,
    register_dossier_status,
)
from plek.people.models import Person
from plek.postal.activities import POSTAL_DATA_KINDS
from plek.postal.models import Decision
from plek.postal.selectors import (
    current_application_id,
    dossier_presence,
    may_apply,
    person_applications,
    person_postal,
)


def entries(actor: Actor, person: Person) -> Iterable[TimelineEntry]:
    for application in person_applications(person.pk):
        url = reverse("postal:detail", args=[application.pk])
        yield TimelineEntry(
            application.applied_on,
            _("Briefadres aangevraagd (%(kenmerk)s)") % {"kenmerk": application.external_id},
            application.get_ground_display() if application.ground else "",
            url,
        )
        if application.temporary_from:
            yield TimelineEntry(
                application.temporary_from, _("Tijdelijk ingeschreven op briefadres"), "", url
            )
        if application.decided_on:
            yield TimelineEntry(
                application.decided_on,
                _("Besluit briefadres: %(decision)s")
                % {"decision": application.get_decision_display()},
                application.refusal_reasons,
                url,
            )
        if application.ended_on:
            yield TimelineEntry(
                application.ended_on,
                _("Briefadres beëindigd"),
                application.get_end_reason_display() if application.end_reason else "",
                url,
            )


SECTION = DossierSection(
    key="postal",
    # Lazy, so the title follows the language of each request.
    title=cast(str, gettext_lazy("Briefadres")),
    data_kinds=POSTAL_DATA_KINDS,
    entries=entries,
    order=60,
    kind="briefadres",
    present=dossier_presence,
)


# --- the summary at the top of the dossier, and the buttons ---------------------------------


def _day(day: datetime.date | None) -> str:
    return date_format(day, "j F Y") if day else ""


def status_lines(actor: Actor, person: Person) -> Iterable[StatusLine]:
    state = person_postal(person.pk)
    application = state.application
    if application is None:
        return
    url = reverse("postal:detail", args=[application.pk])
    if application.ended_on:
        yield StatusLine(
            _("Briefadres beëindigd op %(day)s") % {"day": _day(application.ended_on)}, url
        )
    elif application.decision == Decision.TOEGEKEND:
        yield StatusLine(
            _("Briefadres sinds %(day)s bij %(giver)s")
            % {
                "day": _day(application.decided_on),
                "giver": application.giver_label or _("onbekende briefadresgever"),
            },
            url,
        )
        if state.next_review is not None:
            yield StatusLine(
                _("Herbeoordeling briefadres"),
                url,
                due=state.next_review,
                alert=state.next_review < state.today,
            )
    elif application.decision:
        yield StatusLine(
            _("Aanvraag %(decision)s op %(day)s")
            % {
                "decision": application.get_decision_display().lower(),
                "day": _day(application.decided_on),
            },
            url,
        )
    else:
        text = (
            _("Aanvraag sinds %(day)s, tijdelijk ingeschreven")
            if application.temporary_from
            else _("Aanvraag sinds %(day)s, in behandeling")
        ) % {"day": _day(application.applied_on)}
        yield StatusLine(
            text,
            url,
            due=state.decision_due,
            alert=state.decision_due is not None and state.decision_due < state.today,
        )


STATUS = DossierStatus(
    key="postal",
    title=gettext_lazy("Briefadres"),
    lines=status_lines,
    kind=DataKind.POSTAL,
    order=60,
    present=dossier_presence,
)

POSTAL = gettext_lazy("Briefadres")


def _mdt(actor: Actor) -> bool:
    return actor.role == Role.BRIEFADRES


def _can_apply(actor: Actor, person: Person) -> bool:
    return may_apply(person.pk)


def _has_open(actor: Actor, person: Person) -> bool:
    return current_application_id(person.pk, open=True) is not None


def _has_running(actor: Actor, person: Person) -> bool:
    return current_application_id(person.pk, running=True) is not None


def _detail(anchor: str, **states: bool) -> Callable[[Person], str]:
    def url(person: Person) -> str:
        application_id = current_application_id(person.pk, **states)
        if application_id is None:
            return ""
        return reverse("postal:detail", args=[application_id]) + f"#{anchor}"

    return url


ACTIONS = (
    DossierAction(
        key="postal.apply",
        label=gettext_lazy("Briefadres aanvragen"),
        url=lambda person: reverse("postal:new-for-person", args=[person.pk]),
        action=Action.CREATE,
        kind=DataKind.POSTAL,
        group=POSTAL,
        order=600,
        available=_can_apply,
        present=dossier_presence,
        if_absent=True,
    ),
    DossierAction(
        key="postal.decide",
        label=gettext_lazy("Aanvraag beoordelen en besluiten"),
        url=_detail("besluit", open=True),
        action=Action.CHANGE,
        kind=DataKind.POSTAL,
        group=POSTAL,
        order=610,
        allowed_for=_mdt,
        available=_has_open,
        present=dossier_presence,
    ),
    DossierAction(
        key="postal.review",
        label=gettext_lazy("Herbeoordeling vastleggen"),
        url=_detail("herbeoordeling", running=True),
        action=Action.CHANGE,
        kind=DataKind.POSTAL,
        group=POSTAL,
        order=620,
        allowed_for=_mdt,
        available=_has_running,
        present=dossier_presence,
    ),
    DossierAction(
        key="postal.end",
        label=gettext_lazy("Briefadres beëindigen"),
        url=_detail("einde", running=True),
        action=Action.CHANGE,
        kind=DataKind.POSTAL,
        group=POSTAL,
        order=630,
        allowed_for=_mdt,
        available=_has_running,
        present=dossier_presence,
    ),
)


def register() -> None:
    register_dossier_section(SECTION)
    register_dossier_status(STATUS)
    for action in ACTIONS:
        register_dossier_action(action)
