"""Aftercare pages: thin; services change, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plek.accounts.context import actor_from_request
from plek.aftercare import selectors, services
from plek.aftercare.forms import CheckInForm, CoachForm, StartTrackForm
from plek.aftercare.models import AftercareTrack, AlertKind, CheckIn
from plek.core.forms import errors_onto_form
from plek.housing.models import Stay
from plek.people.selectors import find_file


@require_http_methods(["GET", "POST"])
def start_track(request: HttpRequest, stay_id: int | None = None) -> HttpResponse:
    actor = actor_from_request(request)
    stay = None
    if stay_id is not None:
        try:
            stay = selectors.proposal_stay(actor, stay_id)
        except Stay.DoesNotExist as exc:
            raise Http404 from exc
    form = StartTrackForm(request.POST or None, with_bsn=stay is None)
    if stay is not None and request.method == "GET" and stay.end_date:
        form.initial["started_on"] = stay.end_date
    if request.method == "POST" and form.is_valid():
        person_id = stay.person_id if stay else None
        if stay is None:
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
    return render(request, "aftercare/start.html", {"form": form, "stay": stay})


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
    alerts = selectors.alert_inbox(actor_from_request(request))
    return render(request, "aftercare/alerts.html", {"alerts": alerts})


@require_POST
def acknowledge(request: HttpRequest) -> HttpResponse:
    try:
        kind = request.POST.get("kind", "")
        if kind not in AlertKind.values:
            raise ValidationError({"kind": _("Signalering: onbekende soort.")})
        services.acknowledge_alert(
            actor_from_request(request),
            kind,
            int(request.POST.get("object_id", "0")),
            int(request.POST.get("track_id", "0")),
        )
        messages.success(request, _("De signalering is als gezien gemarkeerd."))
    except (ValueError, ValidationError) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("aftercare:alerts")
