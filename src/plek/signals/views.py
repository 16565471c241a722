"""Signal pages: thin, through selectors and services only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plek.accounts.context import actor_from_request
from plek.core.forms import errors_onto_form
from plek.core.text import is_digits
from plek.signals import selectors, services
from plek.signals.forms import (
    AssignForm,
    ContactAttemptForm,
    DeliveryUploadForm,
    OutcomeForm,
    SignalForm,
)
from plek.signals.models import Delivery, Signal
from plek.web.components import Cell, Table

PAGE_SIZE = 50


def _signal_crumbs(label: str = "") -> list[tuple[str, str]]:
    crumbs = [(_("Start"), reverse("web:home")), (_("Signalen"), reverse("signals:list"))]
    if label:
        crumbs.append((label, ""))
    return crumbs


@require_http_methods(["GET"])
def signal_list(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    only_open = request.GET.get("alle") != "1"
    page = Paginator(selectors.team_signals(actor, only_open), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    signals: list[Any] = selectors.read_signal_page(actor, list(page.object_list))
    rows = []
    for signal in signals:
        deadline = date_format(signal.deadline_on)
        state = (
            _("te laat")
            if signal.overdue
            else (
                _("afgerond")
                if signal.outcome
                else (_("contact gehad") if signal.first_contact_on else _("wacht op contact"))
            )
        )
        rows.append(
            [
                Cell(signal.get_source_display(), reverse("signals:detail", args=[signal.pk])),
                Cell(selectors.subject_label(signal)),
                Cell(signal.current_urgency),
                Cell(deadline),
                Cell(state.upper() if signal.overdue else state),
                Cell(signal.worker.display_name if signal.worker else "–"),
            ]
        )
    table = Table(
        _("Signalen van mijn team"),
        [
            _("Bron"),
            _("Over"),
            _("Urgentie nu"),
            _("Contact uiterlijk"),
            _("Stand"),
            _("Medewerker"),
        ],
        rows,
        empty_text=_("Er zijn geen signalen."),
        caption_hidden=True,
    )
    context = {
        "table": table,
        "page": page,
        "only_open": only_open,
        "crumbs": _signal_crumbs(),
    }
    return render(request, "signals/signal_list.html", context)


@require_http_methods(["GET", "POST"])
def signal_create(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    initial = {}
    if is_digits(request.GET.get("persoon", "")):
        initial["person_id"] = int(request.GET["persoon"])
    form = SignalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signal = services.register_signal(
                actor,
                services.SignalInput(
                    source=data["source"],
                    urgency=data["urgency"],
                    received_on=data["received_on"],
                    person_id=data.get("person_id"),
                    postcode=data.get("postcode", ""),
                    house_number=data.get("house_number"),
                    house_number_addition=data.get("house_number_addition", ""),
                    arrear_amount=data.get("arrear_amount"),
                    arrear_since=data.get("arrear_since"),
                    eviction_date=data.get("eviction_date"),
                    crisis=data.get("crisis", False),
                ),
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            messages.success(request, _("Het signaal is vastgelegd."))
            return HttpResponseRedirect(reverse("signals:detail", args=[signal.pk]))
    elif request.method == "GET":
        # Only casework roles may register signals; others learn that before filling a form.
        selectors.team_signals(actor)
    context = {"form": form, "crumbs": _signal_crumbs(_("Signaal vastleggen"))}
    return render(request, "signals/signal_form.html", context)


def _detail_context(request: HttpRequest, signal_id: int, **forms: Form) -> dict[str, Any]:
    try:
        opened = selectors.open_signal(actor_from_request(request), signal_id)
    except Signal.DoesNotExist as exc:
        raise Http404 from exc
    return {
        "opened": opened,
        "signal": opened.signal,
        "subject": selectors.subject_label(opened.signal),
        "attempt_form": forms.get("attempt_form") or ContactAttemptForm(),
        "outcome_form": forms.get("outcome_form") or OutcomeForm(),
        "assign_form": forms.get("assign_form")
        or AssignForm(colleagues=selectors.colleagues(opened.signal.team_id)),
        "crumbs": _signal_crumbs(opened.signal.get_source_display()),
    }


@require_http_methods(["GET"])
def signal_detail(request: HttpRequest, signal_id: int) -> HttpResponse:
    return render(request, "signals/signal_detail.html", _detail_context(request, signal_id))


@require_POST
def contact_attempt(request: HttpRequest, signal_id: int) -> HttpResponse:
    form = ContactAttemptForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_contact_attempt(
                actor_from_request(request),
                signal_id,
                services.AttemptInput(
                    data["attempted_on"],
                    data["kind"],
                    data["part_of_day"],
                    data["reached"],
                    data["note"],
                ),
            )
        except Signal.DoesNotExist as exc:
            raise Http404 from exc
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            messages.success(request, _("De contactpoging is vastgelegd."))
            return HttpResponseRedirect(reverse("signals:detail", args=[signal_id]))
    context = _detail_context(request, signal_id, attempt_form=form)
    return render(request, "signals/signal_detail.html", context, status=400)


@require_POST
def outcome(request: HttpRequest, signal_id: int) -> HttpResponse:
    form = OutcomeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_outcome(
                actor_from_request(request),
                signal_id,
                data["outcome"],
                data["outcome_on"],
                report_back=data["report_back"],
            )
        except Signal.DoesNotExist as exc:
            raise Http404 from exc
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            messages.success(request, _("De uitkomst is vastgelegd."))
            return HttpResponseRedirect(reverse("signals:detail", args=[signal_id]))
    context = _detail_context(request, signal_id, outcome_form=form)
    return render(request, "signals/signal_detail.html", context, status=400)


@require_POST
def assign(request: HttpRequest, signal_id: int) -> HttpResponse:
    """Take the signal on ("aan mij") or give it to a colleague of its team."""
    actor = actor_from_request(request)
    try:
        if request.POST.get("aan") == "mij":
            services.assign_to_me(actor, signal_id)
            messages.success(request, _("Het signaal is aan u toegewezen."))
            return HttpResponseRedirect(reverse("signals:detail", args=[signal_id]))
        team_id = selectors.team_of_signal(signal_id)
    except Signal.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return HttpResponseRedirect(reverse("signals:detail", args=[signal_id]))
    form = AssignForm(request.POST, colleagues=selectors.colleagues(team_id))
    if form.is_valid() and team_id is not None:
        worker = form.cleaned_data["worker"]
        try:
            services.assign_signal(actor, signal_id, team_id, worker.pk)
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            messages.success(
                request,
                _("Het signaal is toegewezen aan %(name)s.") % {"name": worker.display_name},
            )
            return HttpResponseRedirect(reverse("signals:detail", args=[signal_id]))
    context = _detail_context(request, signal_id, assign_form=form)
    return render(request, "signals/signal_detail.html", context, status=400)


# --- signal sources -------------------------------------------------------------------------------


def _delivery_crumbs(label: str = "") -> list[tuple[str, str]]:
    crumbs = [
        (_("Start"), reverse("web:home")),
        (_("Aanleveringen"), reverse("signals:deliveries")),
    ]
    if label:
        crumbs.append((label, ""))
    return crumbs


@require_http_methods(["GET", "POST"])
def deliveries(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    own = selectors.own_deliveries(actor)
    form = DeliveryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        delivery = services.upload_delivery(actor, upload.name, upload.read())
        return HttpResponseRedirect(reverse("signals:delivery", args=[delivery.pk]))
    page = Paginator(own, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        [
            Cell(date_format(d.uploaded_at, "j F Y H:i"), reverse("signals:delivery", args=[d.pk])),
            Cell(d.filename),
            Cell(d.get_status_display()),
            Cell(d.row_count, numeric=True),
            Cell(d.error_count, numeric=True),
            Cell(d.stored_count, numeric=True),
        ]
        for d in page.object_list
    ]
    table = Table(
        _("Eerdere aanleveringen"),
        [
            _("Aangeleverd op"),
            _("Bestand"),
            _("Status"),
            _("Rijen"),
            _("Met fouten"),
            _("Opgeslagen"),
        ],
        rows,
        empty_text=_("U heeft nog niets aangeleverd."),
        numeric_columns=frozenset({3, 4, 5}),
    )
    context = {"form": form, "table": table, "page": page, "crumbs": _delivery_crumbs()}
    return render(request, "signals/deliveries.html", context, status=400 if form.errors else 200)


def _own_delivery(request: HttpRequest, delivery_id: int) -> Delivery:
    try:
        return selectors.own_delivery(actor_from_request(request), delivery_id)
    except Delivery.DoesNotExist as exc:
        raise Http404 from exc


@require_http_methods(["GET"])
def delivery_detail(request: HttpRequest, delivery_id: int) -> HttpResponse:
    delivery = _own_delivery(request, delivery_id)
    problems = Paginator(selectors.delivery_problems(delivery), 200).get_page(
        request.GET.get("page")
    )
    rows = [
        [Cell(row.row_number, numeric=True), Cell(error["column"]), Cell(error["message"])]
        for row in problems.object_list
        for error in row.errors
    ]
    table = Table(
        _("Rijen met fouten"),
        [_("Rij"), _("Kolom"), _("Melding")],
        rows,
        empty_text=_("Geen fouten gevonden."),
        numeric_columns=frozenset({0}),
    )
    context = {
        "delivery": delivery,
        "table": table,
        "page": problems,
        "duplicates": list(selectors.delivery_duplicates(delivery)[:50]),
        "crumbs": _delivery_crumbs(delivery.filename),
    }
    return render(request, "signals/delivery_detail.html", context)


@require_POST
def delivery_decide(request: HttpRequest, delivery_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    choice = request.POST.get("keuze")
    try:
        if choice == "opslaan":
            delivery = services.store_delivery(actor, delivery_id)
            messages.success(
                request,
                _("%(count)d signalen zijn opgeslagen.") % {"count": delivery.stored_count},
            )
        elif choice == "annuleren":
            services.cancel_delivery(actor, delivery_id)
            messages.success(request, _("De aanlevering is geannuleerd; er is niets opgeslagen."))
        else:
            messages.error(request, _("Keuze: kies opslaan of annuleren."))
    except Delivery.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return HttpResponseRedirect(reverse("signals:delivery", args=[delivery_id]))


@require_http_methods(["GET"])
def feedback(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    page = Paginator(selectors.own_feedback(actor), PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    selectors.log_feedback_read(actor, len(items))
    rows = [
        [
            Cell(item.signal.source_reference or "–"),
            Cell(item.signal.get_source_display()),
            Cell(item.get_outcome_display()),
            Cell(date_format(item.reported_on)),
        ]
        for item in items
    ]
    table = Table(
        _("Teruggemelde eindresultaten"),
        [_("Uw referentie"), _("Soort"), _("Eindresultaat"), _("Teruggemeld op")],
        rows,
        empty_text=_("Er zijn nog geen eindresultaten teruggemeld."),
        caption_hidden=True,
    )
    crumbs = [(_("Start"), reverse("web:home")), (_("Terugmeldingen"), "")]
    return render(
        request, "signals/feedback.html", {"table": table, "page": page, "crumbs": crumbs}
    )
