"""The privacy officer's register of access requests: thin, through selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plek.accounts.context import actor_from_request
from plek.core.forms import errors_onto_form
from plek.inzage import selectors, services
from plek.inzage.forms import CloseForm, ExtendForm, IdentifyForm, RequestForm
from plek.inzage.models import AccessRequest
from plek.people.inzage_letter import letter_context


def _crumbs(label: str = "") -> list[tuple[str, str]]:
    crumbs = [
        (_("Start"), reverse("web:home")),
        (_("Inzageverzoeken"), reverse("inzage:list")),
    ]
    if label:
        crumbs.append((label, ""))
    return crumbs


@require_http_methods(["GET"])
def request_list(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    query = request.GET.get("zoek", "")
    sort = request.GET.get("sorteer", "termijn")
    only_open = request.GET.get("alle") != "1"
    page = selectors.requests_page(actor, query, sort, only_open, request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "sort": sort,
        "sorts": [
            ("termijn", _("Termijn (te late eerst)")),
            ("-ontvangen", _("Ontvangen, nieuwste eerst")),
            ("ontvangen", _("Ontvangen, oudste eerst")),
            ("aanvrager", _("Naam aanvrager")),
        ],
        "only_open": only_open,
        "crumbs": _crumbs(),
    }
    return render(request, "inzage/request_list.html", context)


@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.register_request(
                actor,
                services.RequestInput(
                    data["received_on"],
                    data["requester_name"],
                    data["channel"],
                    data["requester_address"],
                ),
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            messages.success(request, _("Het inzageverzoek is geregistreerd."))
            return HttpResponseRedirect(reverse("inzage:detail", args=[created.pk]))
    elif request.method == "GET":
        selectors.requests(actor)
    return render(
        request,
        "inzage/request_form.html",
        {"form": form, "crumbs": _crumbs(_("Inzageverzoek registreren"))},
    )


def _detail(
    request: HttpRequest, access_request_id: int, status: int = 200, **forms: Form
) -> HttpResponse:
    try:
        access_request = selectors.open_request(actor_from_request(request), access_request_id)
    except AccessRequest.DoesNotExist as exc:
        raise Http404 from exc
    context: dict[str, Any] = {
        "item": access_request,
        "identify_form": forms.get("identify_form") or IdentifyForm(),
        "extend_form": forms.get("extend_form") or ExtendForm(),
        "close_form": forms.get("close_form") or CloseForm(),
        "crumbs": _crumbs(access_request.reference),
    }
    return render(request, "inzage/request_detail.html", context, status=status)


@require_http_methods(["GET"])
def request_detail(request: HttpRequest, access_request_id: int) -> HttpResponse:
    return _detail(request, access_request_id)


def _post(
    request: HttpRequest, access_request_id: int, form: Form, key: str, action: Any, done: str
) -> HttpResponse:
    if form.is_valid():
        try:
            action(actor_from_request(request), access_request_id, *form.cleaned_data.values())
        except AccessRequest.DoesNotExist as exc:
            raise Http404 from exc
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            messages.success(request, done)
            return HttpResponseRedirect(reverse("inzage:detail", args=[access_request_id]))
    return _detail(request, access_request_id, 400, **{key: form})


@require_POST
def request_identify(request: HttpRequest, access_request_id: int) -> HttpResponse:
    return _post(
        request,
        access_request_id,
        IdentifyForm(request.POST),
        "identify_form",
        services.identify_person,
        _("De persoon is gevonden en aan het verzoek gekoppeld."),
    )


@require_POST
def request_extend(request: HttpRequest, access_request_id: int) -> HttpResponse:
    return _post(
        request,
        access_request_id,
        ExtendForm(request.POST),
        "extend_form",
        services.extend,
        _(
            "De termijn is met twee maanden verlengd. "
            "Laat de aanvrager dit binnen de eerste maand weten."
        ),
    )


@require_POST
def request_close(request: HttpRequest, access_request_id: int) -> HttpResponse:
    return _post(
        request,
        access_request_id,
        CloseForm(request.POST),
        "close_form",
        services.close,
        _("Het inzageverzoek is afgehandeld."),
    )


def _letter(request: HttpRequest, access_request_id: int) -> tuple[Any, dict[str, Any]]:
    actor = actor_from_request(request)
    try:
        access_request = selectors.open_request(actor, access_request_id)
    except AccessRequest.DoesNotExist as exc:
        raise Http404 from exc
    if access_request.person_id is None:
        raise Http404
    lines = [line for line in access_request.requester_address.splitlines() if line.strip()]
    context = letter_context(actor, access_request.person_id, access_request.requester_name, lines)
    services.letter_made(actor, access_request_id)
    return access_request, context


@require_http_methods(["GET"])
def request_letter(request: HttpRequest, access_request_id: int) -> HttpResponse:
    access_request, context = _letter(request, access_request_id)
    context.update({"item": access_request, "crumbs": _crumbs(_("Brief aan de bewoner"))})
    return render(request, "inzage/letter.html", context)


@require_http_methods(["GET"])
def request_letter_pdf(request: HttpRequest, access_request_id: int) -> HttpResponse:
    from weasyprint import HTML

    access_request, context = _letter(request, access_request_id)
    pdf = HTML(string=render_to_string("people/inzage_pdf.html", context)).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{access_request.reference}.pdf"'
    return response
