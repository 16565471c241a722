"""The aftercare part of the person's dossier: the timeline section, the status lines at its
top (track, coach, light, next check-in, open alerts) and the buttons (start, record a check-in,
plan the next one, end the track). Registered from ``AftercareConfig.ready``."""

from __future__ import annotations

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
from plek.aftercare.activities import AFTERCARE_DATA_KINDS
from plek.aftercare.models import Light
from plek.aftercare.selectors import (
    dossier_presence,
    missed_before,
    next_open_checkin_id,
    person_aftercare,
    person_tracks,
    running_track_id,
)
from plek.people.dossier import (
    DossierAction,
    DossierSection,
    DossierStatus,
    StatusLine,
    TimelineEntry,
    register_dossier_action,
    register_dossier_section,
    register_dossier_status,
    remembered,
)
from plek.people.models import Person


def entries(actor: Actor, person: Person) -> Iterable[TimelineEntry]:
    for track in person_tracks(person.pk):
        url = reverse("aftercare:track", args=[track.pk])
        yield TimelineEntry(track.started_on, _("Nazorgtraject (waakvlam) gestart"), "", url)
        for checkin in track.checkins.all():
            if checkin.done_on:
                yield TimelineEntry(
                    checkin.done_on,
                    _("Contactmoment nazorg: %(light)s") % {"light": checkin.get_light_display()},
                    checkin.note,
                    url,
                )
        if track.ended_on:
            yield TimelineEntry(
                track.ended_on, _("Nazorgtraject beëindigd"), track.end_reason_label, url
            )


SECTION = DossierSection(
    key="aftercare",
    # Lazy, so the title follows the language of each request.
    title=cast(str, gettext_lazy("Nazorg (waakvlam)")),
    data_kinds=AFTERCARE_DATA_KINDS,
    entries=entries,
    order=70,
    kind="nazorg",
    present=dossier_presence,
)


# --- the summary at the top of the dossier, and the buttons ---------------------------------


def status_lines(actor: Actor, person: Person) -> Iterable[StatusLine]:
    """The track, its coach and light, the next check-in (a deadline) and unseen alerts."""
    state = person_aftercare(actor, person.pk)
    track = state.track
    if track is None:
        return
    url = reverse("aftercare:track", args=[track.pk])
    coach = (
        (track.coach.get_full_name() or track.coach.get_username())
        if track.coach
        else _("nog geen coach")
    )
    light = Light(state.last_light).label if state.last_light else _("nog geen contactmoment")
    if track.ended_on is None:
        yield StatusLine(
            _("Traject sinds %(day)s, coach %(coach)s, stoplicht: %(light)s")
            % {"day": date_format(track.started_on, "j F Y"), "coach": coach, "light": light},
            url,
            alert=state.last_light == Light.ROOD,
        )
    else:
        yield StatusLine(
            _("Traject beëindigd op %(day)s (%(reason)s)")
            % {"day": date_format(track.ended_on, "j F Y"), "reason": track.end_reason_label},
            url,
        )
    if state.next_checkin is not None:
        yield StatusLine(
            _("Volgend contactmoment"),
            reverse("aftercare:checkin", args=[state.next_checkin.pk]),
            due=state.next_checkin.due_on,
            alert=state.next_checkin.due_on < missed_before(state.today),
        )
    for alert in state.alerts:
        yield StatusLine(
            _("Signalering: %(kind)s (%(text)s)") % {"kind": alert.kind_label, "text": alert.text},
            url,
            alert=True,
        )


STATUS = DossierStatus(
    key="aftercare",
    title=gettext_lazy("Nazorg (waakvlam)"),
    lines=status_lines,
    kind=DataKind.AFTERCARE,
    order=70,
    present=dossier_presence,
)

AFTERCARE = gettext_lazy("Nazorg (waakvlam)")
CASE_LEAD_OR_COACH = (Role.REGISSEUR, Role.WAAKVLAM)


def _case_lead_or_coach(actor: Actor) -> bool:
    return actor.role in CASE_LEAD_OR_COACH


def _track_id(person: Person) -> int | None:
    # Three action checks and two links want it: one query per page.
    return remembered(person, "aftercare.track", lambda: running_track_id(person.pk))


def _checkin_id(person: Person) -> int | None:
    return remembered(person, "aftercare.checkin", lambda: next_open_checkin_id(person.pk))


def _no_running_track(actor: Actor, person: Person) -> bool:
    return _track_id(person) is None


def _running_track(actor: Actor, person: Person) -> bool:
    return _track_id(person) is not None


def _open_checkin(actor: Actor, person: Person) -> bool:
    return _checkin_id(person) is not None


def _track_url(name: str) -> Callable[[Person], str]:
    def url(person: Person) -> str:
        track_id = _track_id(person)
        return reverse(name, args=[track_id]) if track_id else ""

    return url


def _checkin_url(person: Person) -> str:
    checkin_id = _checkin_id(person)
    return reverse("aftercare:checkin", args=[checkin_id]) if checkin_id else ""


ACTIONS = (
    DossierAction(
        key="aftercare.start",
        label=gettext_lazy("Nazorg starten"),
        url=lambda person: reverse("aftercare:start-for-person", args=[person.pk]),
        action=Action.CREATE,
        kind=DataKind.AFTERCARE,
        group=AFTERCARE,
        order=700,
        allowed_for=_case_lead_or_coach,
        available=_no_running_track,
        present=dossier_presence,
        if_absent=True,
    ),
    DossierAction(
        key="aftercare.checkin",
        label=gettext_lazy("Contactmoment vastleggen"),
        url=_checkin_url,
        action=Action.CHANGE,
        kind=DataKind.AFTERCARE,
        group=AFTERCARE,
        order=710,
        allowed_for=_case_lead_or_coach,
        available=_open_checkin,
        present=dossier_presence,
    ),
    DossierAction(
        key="aftercare.plan-checkin",
        label=gettext_lazy("Volgend contactmoment plannen"),
        url=_track_url("aftercare:plan-checkin"),
        action=Action.CHANGE,
        kind=DataKind.AFTERCARE,
        group=AFTERCARE,
        order=720,
        allowed_for=_case_lead_or_coach,
        available=_running_track,
        present=dossier_presence,
    ),
    DossierAction(
        key="aftercare.end",
        label=gettext_lazy("Nazorgtraject beëindigen"),
        url=_track_url("aftercare:end"),
        action=Action.CHANGE,
        kind=DataKind.AFTERCARE,
        group=AFTERCARE,
        order=730,
        allowed_for=_case_lead_or_coach,
        available=_running_track,
        present=dossier_presence,
    ),
)


def register() -> None:
    register_dossier_section(SECTION)
    register_dossier_status(STATUS)
    for action in ACTIONS:
        register_dossier_action(action)
