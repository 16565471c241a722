"""Aftercare pages: thin; services change, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plek.accounts.context import Actor, actor_from_request
from plek.aftercare import selectors, services
from plek.aftercare.forms import (
    AlertFilterForm,
    CheckInForm,
    CoachForm,
    EndTrackForm,
    PlanCheckInForm,
    StartTrackForm,
)
from plek.aftercare.models import AftercareTrack, CheckIn
from plek.aftercare.selectors import AlertFilter, AlertKey, parse_alert_key
from plek.core import dates
from plek.core.forms import errors_onto_form
from plek.housing.models import Stay
from plek.people.models import Person
from plek.people.selectors import find_file


@require_http_methods(["GET", "POST"])
def start_track(
    request: HttpRequest, stay_id: int | None = None, person_id: int | None = None
) -> HttpResponse:
    actor = actor_from_request(request)
    stay = None
    person = None
    if stay_id is not None:
        try:
            stay = selectors.proposal_stay(actor, stay_id)
        except Stay.DoesNotExist as exc:
            raise Http404 from exc
    elif person_id is not None:
        try:
            person = selectors.person_for_start(actor, person_id)
        except Person.DoesNotExist as exc:
            raise Http404 from exc
    form = StartTrackForm(request.POST or None, with_bsn=stay is None and person is None)
    if stay is not None and request.method == "GET" and stay.end_date:
        form.initial["started_on"] = stay.end_date
    if request.method == "POST" and form.is_valid():
        person_id = stay.person_id if stay else person.pk if person else None
        if stay is None and person is None:
            try:
                person_id = find_file(actor, form.cleaned_data["bsn"].strip())
            except ValueError:
                form.add_error("bsn", _("BSN van de bewoner: dit is geen geldig BSN."))
            else:
                if person_id is None:
                    form.add_error("bsn", _("BSN van de bewoner: er is geen persoon met dit BSN."))
        if person_id is not None:
            try:
                track = services.start_track(
                    actor,
                    person_id,
                    form.cleaned_data["started_on"],
                    form.cleaned_data["coach"],
                    origin_stay_id=stay.pk if stay else None,
                )
            except ValidationError as exc:
                errors_onto_form(form, exc)
            else:
                messages.success(
                    request, _("Het nazorgtraject is gestart en de contactmomenten zijn gepland.")
                )
                return redirect("aftercare:track", track.pk)
    return render(request, "aftercare/start.html", {"form": form, "stay": stay, "person": person})


@require_http_methods(["GET"])
def track_detail(request: HttpRequest, track_id: int) -> HttpResponse:
    try:
        file = selectors.open_track(actor_from_request(request), track_id)
    except AftercareTrack.DoesNotExist as exc:
        raise Http404 from exc
    coach_form = CoachForm(initial={"coach": file.track.coach_id}, auto_id="coach_%s")
    return render(
        request,
        "aftercare/track.html",
        {"file": file, "track": file.track, "coach_form": coach_form},
    )


@require_POST
def assign_coach(request: HttpRequest, track_id: int) -> HttpResponse:
    if not selectors.track_exists(track_id):
        raise Http404
    form = CoachForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Coach: kies een waakvlamcoach."))
    else:
        try:
            services.assign_coach(actor_from_request(request), track_id, form.cleaned_data["coach"])
            messages.success(request, _("De coach is toegewezen."))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    return redirect("aftercare:track", track_id)


@require_http_methods(["GET", "POST"])
def record_checkin(request: HttpRequest, checkin_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        checkin = selectors.checkin_for_form(actor, checkin_id)
    except CheckIn.DoesNotExist as exc:
        raise Http404 from exc
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_checkin(
                actor,
                checkin_id,
                form.cleaned_data["done_on"],
                form.lights(),
                form.cleaned_data["note"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Het contactmoment is vastgelegd."))
            return redirect("aftercare:track", checkin.track_id)
    return render(request, "aftercare/checkin.html", {"form": form, "checkin": checkin})


@require_http_methods(["GET"])
def alert_inbox(request: HttpRequest) -> HttpResponse:
    """The alert inbox: filters (kind, coach, period, seen), order, pages of 25."""
    actor = actor_from_request(request)
    form = AlertFilterForm(request.GET or None, coaches=selectors.inbox_coaches(actor))
    filters = form.filters() if form.is_bound else AlertFilter()
    page = selectors.alert_page(actor, filters, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "aftercare/alerts.html",
        {"form": form, "page": page, "alerts": page.object_list, "query": query.urlencode()},
    )


def _alert_keys(request: HttpRequest) -> list[AlertKey]:
    """The alerts a POST names: one row's button (``one``), the ticked boxes (``alert``), or
    the single alert's three fields (the older form)."""
    if request.POST.get("one"):
        return [parse_alert_key(request.POST["one"])]
    if request.POST.getlist("alert"):
        return [parse_alert_key(value) for value in request.POST.getlist("alert")]
    if request.POST.get("kind"):
        return [
            parse_alert_key(
                f"{request.POST['kind']}:{request.POST.get('object_id', '')}"
                f":{request.POST.get('track_id', '')}"
            )
        ]
    return []


@require_POST
def acknowledge(request: HttpRequest) -> HttpResponse:
    """Mark one alert or a selection as seen (one POST, one set-based update)."""
    try:
        keys = _alert_keys(request)
    except (KeyError, ValueError):
        messages.error(request, _("Signaleringen: onbekende signalering."))
    else:
        try:
            count = services.acknowledge_alerts(actor_from_request(request), keys)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            if len(keys) == 1:
                messages.success(request, _("De signalering is als gezien gemarkeerd."))
            else:
                messages.success(
                    request,
                    _("%(count)d signaleringen zijn als gezien gemarkeerd.") % {"count": count},
                )
    # Back to the inbox as it was filtered (only the query string, never another address).
    query = QueryDict(request.POST.get("query", "")).urlencode()
    return redirect(reverse("aftercare:alerts") + (f"?{query}" if query else ""))


@require_http_methods(["GET"])
def checkin_list(request: HttpRequest) -> HttpResponse:
    """The coach's open check-ins: late first, then by date; pages of 25."""
    page = selectors.checkins_page(actor_from_request(request), request.GET.get("page"))
    return render(request, "aftercare/checkins.html", {"page": page, "today": dates.today()})


def _track_or_404(actor: Actor, track_id: int) -> AftercareTrack:
    try:
        return selectors.track_for_form(actor, track_id)
    except AftercareTrack.DoesNotExist as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
def plan_checkin(request: HttpRequest, track_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    track = _track_or_404(actor, track_id)
    form = PlanCheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            checkin = services.plan_checkin(actor, track_id, form.cleaned_data["due_on"])
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(
                request,
                _("Het contactmoment is gepland op %(day)s.")
                % {"day": date_format(checkin.due_on, "j F Y")},
            )
            return redirect("aftercare:track", track_id)
    return render(request, "aftercare/plan_checkin.html", {"form": form, "track": track})


@require_http_methods(["GET", "POST"])
def end_track(request: HttpRequest, track_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    track = _track_or_404(actor, track_id)
    form = EndTrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_track(
                actor, track_id, form.cleaned_data["ended_on"], form.cleaned_data["end_reason"]
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Het nazorgtraject is beëindigd."))
            return redirect("aftercare:track", track_id)
    return render(request, "aftercare/end.html", {"form": form, "track": track})
