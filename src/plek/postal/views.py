"""Postal-address pages: thin; services change, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plek.accounts.context import actor_from_request
from plek.core.forms import errors_onto_form
from plek.core.text import is_digits
from plek.people.models import Person
from plek.people.selectors import find_file
from plek.postal import hooks, selectors, services
from plek.postal.forms import (
    STATUS_CHOICES,
    ApplicationForm,
    ApplicationSearchForm,
    AssessmentForm,
    DecisionForm,
    EndForm,
    ReviewForm,
)
from plek.postal.letter import decision_letter_pdf
from plek.postal.models import PostalApplication


def _flash(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_http_methods(["GET", "POST"])
def new_application(request: HttpRequest, person_id: int | None = None) -> HttpResponse:
    actor = actor_from_request(request)
    person = None
    if person_id is not None:
        try:
            person = selectors.person_for_application(actor, person_id)
        except Person.DoesNotExist as exc:
            raise Http404 from exc
    form = ApplicationForm(request.POST or None, role=actor.role, with_bsn=person is None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if person is None:
            try:
                person_id = find_file(actor, data["bsn"].strip())
            except ValueError:
                person_id = None
                form.add_error("bsn", _("BSN van de aanvrager: dit is geen geldig BSN."))
            else:
                if person_id is None:
                    form.add_error(
                        "bsn", _("BSN van de aanvrager: er is geen persoon met dit BSN.")
                    )
        if person_id is not None:
            try:
                application = services.apply(
                    actor,
                    services.ApplicationInput(
                        person_id=person_id,
                        applied_on=data["applied_on"],
                        ground=data["ground"],
                        giver=data["giver"],
                        giver_person_name=data["giver_person_name"],
                        giver_person_address=data["giver_person_address"],
                        giver_consent=data["giver_consent"],
                        home_address_registered=data["home_address_registered"],
                        team=data.get("team"),
                    ),
                )
            except ValidationError as exc:
                errors_onto_form(form, exc)
            else:
                messages.success(request, _("De aanvraag is vastgelegd."))
                return redirect("postal:detail", application.pk)
    return render(request, "postal/new.html", {"form": form, "person": person})


@require_http_methods(["GET"])
def application_list(request: HttpRequest) -> HttpResponse:
    """The team's applications: search by name or reference, status, period; the overdue
    deadlines (decision term, review) flagged; pages of 25."""
    actor = actor_from_request(request)
    form = ApplicationSearchForm(request.GET or None)
    search = form.search() if form.is_bound else selectors.ApplicationSearch()
    page = selectors.applications_page(actor, search, request.GET.get("page"))
    return render(request, "postal/list.html", {"form": form, "page": page})


@require_http_methods(["GET"])
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    try:
        file = selectors.open_application(actor_from_request(request), application_id)
    except PostalApplication.DoesNotExist as exc:
        raise Http404 from exc
    criteria_rows = [(criterion, file.checks.get(criterion.pk)) for criterion in file.criteria]
    return render(
        request,
        "postal/detail.html",
        {
            "file": file,
            "application": file.application,
            "criteria_rows": criteria_rows,
            "status_choices": STATUS_CHOICES,
            "assessment_form": AssessmentForm(auto_id="advies_%s"),
            "decision_form": DecisionForm(auto_id="besluit_%s"),
            "review_form": ReviewForm(auto_id="herbeoordeling_%s"),
            "end_form": EndForm(auto_id="einde_%s"),
            "panels": hooks.panels(actor_from_request(request), application_id),
        },
    )


def _back(application_id: int) -> HttpResponse:
    return redirect(reverse("postal:detail", args=[application_id]))


def _application_or_404(application_id: int) -> None:
    if not selectors.application_exists(application_id):
        raise Http404


@require_POST
def register_temporarily(request: HttpRequest, application_id: int) -> HttpResponse:
    _application_or_404(application_id)
    try:
        services.register_temporarily(actor_from_request(request), application_id)
        messages.success(
            request, _("De persoon is direct tijdelijk ingeschreven op het briefadres.")
        )
    except ValidationError as exc:
        _flash(request, exc)
    return _back(application_id)


@require_POST
def check_criteria(request: HttpRequest, application_id: int) -> HttpResponse:
    _application_or_404(application_id)
    results = {}
    for key, value in request.POST.items():
        if key.startswith("status_") and is_digits(key[7:]) and value:
            criterion_id = int(key[7:])
            results[criterion_id] = (str(value), str(request.POST.get(f"note_{criterion_id}", "")))
    try:
        services.check_criteria(actor_from_request(request), application_id, results)
        messages.success(request, _("De toetsing aan de criteria is vastgelegd."))
    except ValidationError as exc:
        _flash(request, exc)
    return _back(application_id)


@require_POST
def record_assessment(request: HttpRequest, application_id: int) -> HttpResponse:
    _application_or_404(application_id)
    form = AssessmentForm(request.POST)
    form.is_valid()
    try:
        services.record_assessment(
            actor_from_request(request),
            application_id,
            request.POST.get("opinion", ""),
            request.POST.get("note", ""),
        )
        messages.success(request, _("Uw advies is vastgelegd."))
    except ValidationError as exc:
        _flash(request, exc)
    return _back(application_id)


@require_POST
def decide(request: HttpRequest, application_id: int) -> HttpResponse:
    _application_or_404(application_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}")
        return _back(application_id)
    try:
        services.decide_application(
            actor_from_request(request),
            application_id,
            form.cleaned_data["decision"],
            form.cleaned_data["reasons"],
            form.cleaned_data["decided_on"],
        )
        messages.success(request, _("Het besluit is vastgelegd; de besluitbrief staat klaar."))
    except ValidationError as exc:
        _flash(request, exc)
    return _back(application_id)


@require_POST
def review(request: HttpRequest, application_id: int) -> HttpResponse:
    _application_or_404(application_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Herbeoordeeld op: vul een geldige datum en de bevindingen in."))
        return _back(application_id)
    try:
        services.record_review(
            actor_from_request(request),
            application_id,
            form.cleaned_data["reviewed_on"],
            form.cleaned_data["note"],
        )
        messages.success(request, _("De herbeoordeling is vastgelegd."))
    except ValidationError as exc:
        _flash(request, exc)
    return _back(application_id)


@require_POST
def end(request: HttpRequest, application_id: int) -> HttpResponse:
    _application_or_404(application_id)
    form = EndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Beëindigd op: vul een geldige datum en de reden in."))
        return _back(application_id)
    try:
        services.end_address(
            actor_from_request(request),
            application_id,
            form.cleaned_data["ended_on"],
            form.cleaned_data["end_reason"],
            form.cleaned_data["note"],
        )
        messages.success(
            request, _("Het briefadres is beëindigd; de sociale dienst is geïnformeerd.")
        )
    except ValidationError as exc:
        _flash(request, exc)
    return _back(application_id)


@require_http_methods(["GET"])
def letter(request: HttpRequest, application_id: int) -> HttpResponse:
    try:
        application = selectors.letter_application(actor_from_request(request), application_id)
    except PostalApplication.DoesNotExist as exc:
        raise Http404 from exc
    response = HttpResponse(decision_letter_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="besluit-{application.external_id}.pdf"'
    return response
