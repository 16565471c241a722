"""Informal-care pages: thin; services change, selectors read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plek.accounts.context import Actor, actor_from_request
from plek.accounts.roles import Role
from plek.core.forms import errors_onto_form
from plek.informal import selectors, services
from plek.informal.forms import (
    AppreciationForm,
    CarerActionForm,
    CarerForm,
    CheckInForm,
    CircleForm,
    CloseForm,
    ConcernForm,
    DayForm,
    FollowUpForm,
    HelpRequestForm,
    MeetingForm,
    MemberForm,
    PaymentStatusForm,
    SupportForm,
    VolunteerForm,
)
from plek.informal.models import (
    Carer,
    Circle,
    HelpRequest,
    Match,
    RequestStatus,
    Volunteer,
)

NOT_FOUND = (Carer.DoesNotExist, HelpRequest.DoesNotExist, Match.DoesNotExist)


def _flash(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _person_for_bsn(request: HttpRequest, form: forms.Form, field: str) -> int | None:
    from plek.people.selectors import find_file

    bsn = (form.cleaned_data.get(field) or "").strip()
    if not bsn:
        return None
    try:
        person_id = find_file(actor_from_request(request), bsn)
    except ValueError:
        form.add_error(field, _("BSN: dit is geen geldig BSN."))
        return None
    if person_id is None:
        form.add_error(field, _("BSN: er is geen persoon met dit BSN."))
    return person_id


# --- carers -------------------------------------------------------------------------------


@require_http_methods(["GET"])
def carer_list(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    services.casework_membership(actor)
    page = selectors.carers_page(actor, request.GET.get("page"))
    requests = selectors.own_help_requests(actor)
    return render(request, "informal/carers.html", {"page": page, "requests": requests})


@require_http_methods(["GET", "POST"])
def carer_new(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    services.casework_membership(actor)
    form = CarerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cared_for = _person_for_bsn(request, form, "cared_for_bsn")
        carer_person = _person_for_bsn(request, form, "carer_bsn")
        if not form.errors:
            data = form.cleaned_data
            try:
                carer = services.register_carer(
                    actor,
                    services.CarerInput(
                        municipality_id=data["municipality"].pk,
                        first_name=data["first_name"],
                        family_name=data["family_name"],
                        postcode=data["postcode"],
                        house_number=data["house_number"],
                        cared_for_id=cared_for,
                        relation_kind=data["relation_kind"],
                        consent_on=data["consent_on"],
                        start_on=data["start_on"],
                        person_id=carer_person,
                        phone=data["phone"],
                        young_carer=data["young_carer"],
                        hours_per_week=data["hours_per_week"],
                        shared_summary=data["shared_summary"],
                    ),
                )
            except ValidationError as exc:
                errors_onto_form(form, exc)
            else:
                messages.success(request, _("De mantelzorger is geregistreerd."))
                return redirect("informal:carer", carer.pk)
    return render(
        request,
        "informal/form.html",
        _form_context(form, _("Mantelzorger registreren"), _("Registreren")),
    )


def _form_context(form: forms.Form, title: str, submit: str, intro: str = "") -> dict[str, Any]:
    return {"form": form, "title": title, "submit": submit, "intro": intro}


@require_http_methods(["GET"])
def carer_detail(request: HttpRequest, carer_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        file = selectors.open_carer(actor, carer_id)
    except NOT_FOUND as exc:
        raise Http404 from exc
    return render(
        request,
        "informal/carer.html",
        {
            "file": file,
            "carer": file.carer,
            "action_form": CarerActionForm(actions=file.plan_actions),
            "support_form": SupportForm(auto_id="support_%s"),
            "appreciation_form": AppreciationForm(auto_id="appreciation_%s"),
        },
    )


@require_http_methods(["GET", "POST"])
def carer_checkin(request: HttpRequest, carer_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        file = selectors.open_carer(actor, carer_id)
    except NOT_FOUND as exc:
        raise Http404 from exc
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.record_checkin(
                actor,
                carer_id,
                form.answers(),
                form.cleaned_data["done_on"],
                form.cleaned_data["note"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            if result.signal is not None:
                messages.warning(
                    request,
                    _(
                        "Score %(score)d: de mantelzorger is overbelast. Er staat een signaal "
                        "‘overbelaste mantelzorger’ in de signalenlijst van uw team."
                    )
                    % {"score": result.checkin.score},
                )
            else:
                messages.success(
                    request,
                    _("De belastingcheck is vastgelegd (score %(score)d).")
                    % {"score": result.checkin.score},
                )
            return redirect("informal:carer", carer_id)
    title = _("Belastingcheck voor %(name)s") % {"name": file.carer}
    return render(request, "informal/form.html", _form_context(form, title, _("Check vastleggen")))


def _post_on_carer(
    request: HttpRequest,
    carer_id: int,
    form: forms.Form,
    change: Callable[[Actor, dict[str, Any]], object],
    done: str,
    invalid: str = "",
) -> HttpResponse:
    """A small form posted from the carer's page: the change, its message, back to the page."""
    if form.is_valid():
        try:
            change(actor_from_request(request), form.cleaned_data)
            messages.success(request, done)
        except ValidationError as exc:
            _flash(request, exc)
    elif invalid:
        messages.error(request, invalid)
    return redirect("informal:carer", carer_id)


@require_POST
def carer_support(request: HttpRequest, carer_id: int) -> HttpResponse:
    return _post_on_carer(
        request,
        carer_id,
        SupportForm(request.POST),
        lambda actor, data: services.add_support(
            actor, carer_id, data["kind"], data["start_on"], data["end_on"], data["note"]
        ),
        _("De ondersteuning is vastgelegd."),
        _("Ondersteuning: kies een soort en een begindatum."),
    )


@require_POST
def carer_appreciation(request: HttpRequest, carer_id: int) -> HttpResponse:
    return _post_on_carer(
        request,
        carer_id,
        AppreciationForm(request.POST),
        lambda actor, data: services.sign_up_appreciation(
            actor, carer_id, data["year"], data["carer_day"], data["amount"]
        ),
        _("De mantelzorger is aangemeld voor de waardering."),
        _("Waardering: vul het jaar en het bedrag in."),
    )


@require_POST
def appreciation_status(request: HttpRequest, carer_id: int, appreciation_id: int) -> HttpResponse:
    return _post_on_carer(
        request,
        carer_id,
        PaymentStatusForm(request.POST),
        lambda actor, data: services.set_payment_status(actor, appreciation_id, data["status"]),
        _("De status van de waardering is bijgewerkt."),
    )


@require_POST
def carer_action(request: HttpRequest, carer_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        file = selectors.open_carer(actor, carer_id)
    except NOT_FOUND as exc:
        raise Http404 from exc
    form = CarerActionForm(request.POST, actions=file.plan_actions)
    if not form.is_valid():
        messages.error(request, _("Actie in het plan: kies een actie."))
        return redirect("informal:carer", carer_id)
    try:
        action = services.add_carer_to_action(actor, carer_id, form.cleaned_data["action"])
    except ValidationError as exc:
        _flash(request, exc)
        return redirect("informal:carer", carer_id)
    messages.success(
        request, _("%(name)s staat nu bij deze actie in het plan.") % {"name": file.carer}
    )
    return redirect("plans:detail", action.goal.plan_id)


# --- help requests ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    coordinator = actor.role == Role.VRIJWILLIGERS
    if coordinator:
        services.coordinator_membership(actor)
        tracks: list[Any] = []
    else:
        services.casework_membership(actor)
        tracks = selectors.tracks_for_buddy(actor)
    form = HelpRequestForm(request.POST or None, coordinator=coordinator, tracks=tracks)
    if request.method == "POST" and form.is_valid():
        person_id = None if coordinator else _person_for_bsn(request, form, "bsn")
        if not form.errors:
            data = form.cleaned_data
            try:
                help_request = services.submit_help_request(
                    actor,
                    services.HelpRequestInput(
                        municipality_id=data["municipality"].pk,
                        first_name=data["first_name"],
                        area=data["area"],
                        question=data["question"],
                        skill_id=data["skill"],
                        urgency=data["urgency"],
                        period_start=data["period_start"],
                        period_end=data["period_end"],
                        consent_on=data["consent_on"],
                        requester_kind=data.get("requester_kind", "professional"),
                        person_id=person_id,
                        aftercare_track_id=data.get("aftercare_track"),
                        morning=data["morning"],
                        afternoon=data["afternoon"],
                        evening=data["evening"],
                        weekend=data["weekend"],
                    ),
                )
            except ValidationError as exc:
                errors_onto_form(form, exc)
            else:
                messages.success(
                    request, _("De hulpvraag is doorgegeven aan de vrijwilligerscentrale.")
                )
                if coordinator:
                    return redirect("informal:request", help_request.pk)
                return redirect("informal:carers")
    intro = (
        ""
        if coordinator
        else _(
            "De vrijwilligerscentrale ziet alleen de voornaam, de wijk en wat er gevraagd wordt, "
            "en alleen met toestemming van de bewoner."
        )
    )
    return render(
        request,
        "informal/form.html",
        _form_context(form, _("Hulpvraag voor een vrijwilliger"), _("Hulpvraag indienen"), intro),
    )


@require_http_methods(["GET"])
def request_list(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    status = request.GET.get("status", "open")
    if status not in ("open", RequestStatus.GEKOPPELD, RequestStatus.AFGESLOTEN):
        status = "open"
    page = selectors.request_page(actor, status, request.GET.get("page"))
    tabs = [
        ("open", _("Open")),
        (RequestStatus.GEKOPPELD, _("Gekoppeld")),
        (RequestStatus.AFGESLOTEN, _("Afgesloten")),
    ]
    return render(request, "informal/requests.html", {"page": page, "status": status, "tabs": tabs})


@require_http_methods(["GET"])
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        file = selectors.open_request(actor, request_id)
    except NOT_FOUND as exc:
        raise Http404 from exc
    return render(
        request,
        "informal/request.html",
        {
            "file": file,
            "help": file.request,
            "close_form": CloseForm(),
            "day_form": DayForm(auto_id="intro_%s"),
            "follow_up_form": FollowUpForm(auto_id="follow_%s"),
            "concern_form": ConcernForm(),
        },
    )


@require_POST
def request_take(request: HttpRequest, request_id: int) -> HttpResponse:
    try:
        services.take_request(actor_from_request(request), request_id)
        messages.success(request, _("U heeft de hulpvraag in behandeling genomen."))
    except ValidationError as exc:
        _flash(request, exc)
    except HelpRequest.DoesNotExist as exc:
        raise Http404 from exc
    return redirect("informal:request", request_id)


@require_POST
def request_match(request: HttpRequest, request_id: int) -> HttpResponse:
    try:
        volunteer_id = int(request.POST.get("volunteer", ""))
    except ValueError:
        messages.error(request, _("Vrijwilliger: kies een vrijwilliger van de shortlist."))
        return redirect("informal:request", request_id)
    try:
        services.match_volunteer(actor_from_request(request), request_id, volunteer_id)
        messages.success(request, _("De vrijwilliger is gekoppeld aan de hulpvraag."))
    except ValidationError as exc:
        _flash(request, exc)
    except HelpRequest.DoesNotExist as exc:
        raise Http404 from exc
    return redirect("informal:request", request_id)


@require_POST
def request_close(request: HttpRequest, request_id: int) -> HttpResponse:
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Uitkomst: kies een uitkomst."))
        return redirect("informal:request", request_id)
    try:
        services.close_request(
            actor_from_request(request), request_id, form.cleaned_data["outcome"]
        )
        messages.success(request, _("De hulpvraag is afgesloten."))
    except ValidationError as exc:
        _flash(request, exc)
    except HelpRequest.DoesNotExist as exc:
        raise Http404 from exc
    return redirect("informal:request", request_id)


def _match_step(request: HttpRequest, match_id: int, step: str) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        request_id = selectors.volunteer_summary(actor, match_id)[1].pk
    except Match.DoesNotExist as exc:
        raise Http404 from exc
    try:
        if step == "introduction":
            form: forms.Form = DayForm(request.POST)
            if form.is_valid():
                services.record_introduction(actor, match_id, form.cleaned_data["day"])
                messages.success(request, _("De kennismaking is vastgelegd."))
        elif step == "follow-up":
            form = FollowUpForm(request.POST)
            if form.is_valid():
                services.record_follow_up(
                    actor, match_id, form.cleaned_data["day"], form.cleaned_data["note"]
                )
                messages.success(request, _("Het nazorggesprek is vastgelegd."))
        else:
            form = ConcernForm(request.POST)
            if form.is_valid():
                services.raise_buddy_concern(actor, match_id, form.cleaned_data["text"])
                messages.success(request, _("De zorg van het maatje is doorgegeven aan de nazorg."))
        if not form.is_valid():
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                messages.error(request, f"{label}: {' '.join(str(e) for e in errors)}")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("informal:request", request_id)


@require_POST
def match_introduction(request: HttpRequest, match_id: int) -> HttpResponse:
    return _match_step(request, match_id, "introduction")


@require_POST
def match_follow_up(request: HttpRequest, match_id: int) -> HttpResponse:
    return _match_step(request, match_id, "follow-up")


@require_POST
def match_concern(request: HttpRequest, match_id: int) -> HttpResponse:
    return _match_step(request, match_id, "concern")


@require_http_methods(["GET"])
def match_summary(request: HttpRequest, match_id: int) -> HttpResponse:
    """The introduction for the volunteer: what they may know of the request, nothing more."""
    try:
        match, help_request = selectors.volunteer_summary(actor_from_request(request), match_id)
    except Match.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "informal/match_summary.html", {"match": match, "help": help_request})


# --- volunteers ---------------------------------------------------------------------------


@require_http_methods(["GET"])
def volunteer_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    queryset = selectors.volunteers(actor_from_request(request), search)
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    return render(request, "informal/volunteers.html", {"page": page, "search": search})


@require_http_methods(["GET", "POST"])
def volunteer_new(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    services.coordinator_membership(actor)
    form = VolunteerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            volunteer = services.register_volunteer(
                actor,
                services.VolunteerInput(
                    first_name=data["first_name"],
                    family_name=data["family_name"],
                    area=data["area"],
                    skill_ids=data["skills"],
                    email=data["email"],
                    phone=data["phone"],
                    morning=data["morning"],
                    afternoon=data["afternoon"],
                    evening=data["evening"],
                    weekend=data["weekend"],
                    trained_on=data["trained_on"],
                    vog_status=data["vog_status"],
                    vog_issued_on=data["vog_issued_on"],
                    insured=data["insured"],
                ),
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("De vrijwilliger is ingeschreven."))
            return redirect("informal:volunteer", volunteer.pk)
    return render(
        request,
        "informal/form.html",
        _form_context(form, _("Vrijwilliger inschrijven"), _("Inschrijven")),
    )


@require_http_methods(["GET"])
def volunteer_detail(request: HttpRequest, volunteer_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        volunteer = selectors.volunteer(actor, volunteer_id)
    except Volunteer.DoesNotExist as exc:
        raise Http404 from exc
    matches = selectors.volunteer_matches(actor, volunteer_id)
    return render(request, "informal/volunteer.html", {"volunteer": volunteer, "matches": matches})


# --- circles ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def circle_list(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    membership = services.coordinator_membership(actor)
    leads = list(selectors.volunteers(actor).filter(ended_on__isnull=True)[:200])
    form = CircleForm(
        request.POST or None,
        leads=leads,
        municipalities=services.coordinator_municipality_ids(membership),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            circle = services.start_circle(
                actor,
                data["municipality"].pk,
                data["name"],
                data["area"],
                data["lead"],
                data["organises"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("De buurtcirkel is gestart."))
            return redirect("informal:circle", circle.pk)
    return render(
        request, "informal/circles.html", {"circles": selectors.circles(actor), "form": form}
    )


@require_http_methods(["GET", "POST"])
def circle_detail(request: HttpRequest, circle_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        circle = selectors.circle(actor, circle_id)
    except Circle.DoesNotExist as exc:
        raise Http404 from exc
    member_form = MemberForm(request.POST if "first_name" in request.POST else None)
    meeting_form = MeetingForm(
        request.POST if "topic" in request.POST else None, auto_id="meeting_%s"
    )
    try:
        if member_form.is_bound and member_form.is_valid():
            services.add_circle_member(actor, circle_id, member_form.cleaned_data["first_name"])
            messages.success(request, _("Het lid is toegevoegd."))
            return redirect("informal:circle", circle_id)
        if meeting_form.is_bound and meeting_form.is_valid():
            data = meeting_form.cleaned_data
            services.add_circle_meeting(
                actor, circle_id, data["held_on"], data["attendees"], data["topic"]
            )
            messages.success(request, _("De bijeenkomst is vastgelegd."))
            return redirect("informal:circle", circle_id)
    except ValidationError as exc:
        _flash(request, exc)
    return render(
        request,
        "informal/circle.html",
        {"circle": circle, "member_form": member_form, "meeting_form": meeting_form},
    )
