"""The functional admin's pages for the region's provisions, under /beheer/.

Facilities (with eligibility rules), their units and capacity over time, the response norms
per urgency and the change history. Views are thin: forms validate, ``services.admin`` and
``plek.signals.services.norms`` change and keep the history, ``selectors_beheer`` read.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from plek.accounts import config_history
from plek.accounts.context import actor_from_request
from plek.accounts.decorators import functional_admin
from plek.core import dates
from plek.core.forms import errors_onto_form
from plek.housing import selectors_beheer
from plek.housing.forms_beheer import (
    FACILITY_SORTS,
    CapacityChangeForm,
    CapacityForm,
    FacilityForm,
    FacilitySearchForm,
    HistorySearchForm,
    NormsForm,
    UnitForm,
)
from plek.housing.models import CapacityPeriod, Facility, Unit
from plek.housing.services import admin
from plek.signals.norms import response_norms
from plek.signals.services.norms import save_response_norms
from plek.web.components import Cell, Table, Text

PAGE_SIZE = 25
HISTORY_COLUMNS: tuple[Text, ...] = (
    gettext_lazy("Wanneer"),
    gettext_lazy("Wat"),
    gettext_lazy("Veld"),
    gettext_lazy("Oud"),
    gettext_lazy("Nieuw"),
    gettext_lazy("Door"),
    gettext_lazy("Via"),
)


def _crumbs(*trail: tuple[Text, str]) -> list[tuple[Text, str]]:
    return [
        (gettext_lazy("Start"), reverse("web:home")),
        (gettext_lazy("Beheer"), reverse("beheer:index")),
        *trail,
    ]


def _list_crumb() -> tuple[Text, str]:
    return (gettext_lazy("Voorzieningen"), reverse("housing:admin-facilities"))


def _history_rows(rows: Any) -> list[list[Cell]]:
    return [
        [
            Cell(date_format(timezone.localtime(row.changed_at), "j F Y H:i")),
            Cell(row.subject),
            Cell(row.field),
            Cell(row.old_value or "—"),
            Cell(row.new_value or "—"),
            Cell(row.changed_by.username if row.changed_by else _("opdrachtregel")),
            Cell(row.source),
        ]
        for row in rows
    ]


# --- facilities --------------------------------------------------------------------------------


@functional_admin
def facility_list(request: HttpRequest) -> HttpResponse:
    search = FacilitySearchForm(request.GET)
    query, sort = "", "naam"
    if search.is_valid():
        query = search.cleaned_data["q"]
        sort = search.cleaned_data["sort"] or "naam"
    rows = selectors_beheer.facilities(query, FACILITY_SORTS[sort], dates.today())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    table = Table(
        _("Voorzieningen"),
        (
            _("Naam"),
            _("Kenmerk"),
            _("Soort"),
            _("Aanbieder"),
            _("Gemeente"),
            _("Dagtarief (euro)"),
            _("Plaatsen nu"),
            _("Eenheden"),
        ),
        [
            [
                Cell(f.name, reverse("housing:admin-facility", args=[f.pk])),
                Cell(f.external_id),
                Cell(f.get_type_display()),
                Cell(f.provider.name),
                Cell(f.municipality.name),
                Cell(localize(f.day_tariff), numeric=True),
                Cell(_places(f), numeric=True),
                Cell(getattr(f, "unit_count", 0), numeric=True),
            ]
            for f in page
        ],
        empty_text=_("Niets gevonden.") if query else _("Nog geen voorzieningen."),
        caption_hidden=True,
    )
    context = {
        "search": search,
        "page": page,
        "table": table,
        "crumbs": _crumbs((_("Voorzieningen"), "")),
    }
    return render(request, "housing/beheer/facility_list.html", context)


@functional_admin
@require_http_methods(["GET", "POST"])
def facility_create(request: HttpRequest) -> HttpResponse:
    form = FacilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            facility = admin.save_facility(
                actor_from_request(request),
                form.save(commit=False),
                form.cleaned_data["origin_municipalities"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Voorziening opgeslagen: %(name)s.") % {"name": facility})
            return redirect("housing:admin-facility", facility_id=facility.pk)
    context = {
        "title": _("Nieuwe voorziening"),
        "form": form,
        "back_url": reverse("housing:admin-facilities"),
        "crumbs": _crumbs(_list_crumb(), (_("Nieuwe voorziening"), "")),
    }
    return render(request, "housing/beheer/form.html", context)


@functional_admin
@require_http_methods(["GET", "POST"])
def facility_edit(request: HttpRequest, facility_id: int) -> HttpResponse:
    facility = get_object_or_404(
        Facility.objects.select_related("provider", "municipality"), pk=facility_id
    )
    form = FacilityForm(request.POST or None, instance=facility)
    if request.method == "POST" and form.is_valid():
        try:
            admin.save_facility(
                actor_from_request(request),
                form.save(commit=False),
                form.cleaned_data["origin_municipalities"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Voorziening opgeslagen: %(name)s.") % {"name": facility})
            return redirect("housing:admin-facility", facility_id=facility.pk)
    return _facility_page(request, facility, form, CapacityForm())


def _facility_page(
    request: HttpRequest, facility: Facility, form: FacilityForm, capacity_form: CapacityForm
) -> HttpResponse:
    today = dates.today()
    units = Table(
        _("Eenheden"),
        (
            _("Code"),
            _("Soort"),
            _("Gezin"),
            _("Toegankelijk"),
            _("Alleen vrouwen"),
            _("In gebruik"),
        ),
        [
            [
                Cell(u.code, reverse("housing:admin-unit", args=[u.pk])),
                Cell(u.get_kind_display()),
                Cell(_yes_no(u.family_suitable)),
                Cell(_yes_no(u.accessible)),
                Cell(_yes_no(u.women_only)),
                Cell(_yes_no(u.active)),
            ]
            for u in selectors_beheer.units_of(facility)
        ],
        empty_text=_("Nog geen eenheden."),
    )
    periods = Table(
        _("Capaciteit door de tijd"),
        (_("Geldig vanaf"), _("Aantal plaatsen"), _("Wijzigen")),
        [
            [
                Cell(date_format(p.valid_from, "j F Y")),
                Cell(p.units, numeric=True),
                Cell(_("alleen-lezen (al begonnen)"))
                if admin.is_read_only(p, today)
                else Cell(
                    _("Periode vanaf %(day)s wijzigen")
                    % {"day": date_format(p.valid_from, "j F Y")},
                    reverse("housing:admin-capacity", args=[p.pk]),
                ),
            ]
            for p in selectors_beheer.periods_of(facility)
        ],
        empty_text=_("Nog geen capaciteit vastgelegd."),
    )
    history = Table(
        _("Recente wijzigingen van deze voorziening"),
        HISTORY_COLUMNS,
        _history_rows(config_history.changes().filter(subject_key=facility.external_id)[:10]),
        empty_text=_("Nog geen wijzigingen."),
    )
    context = {
        "facility": facility,
        "title": str(facility),
        "form": form,
        "capacity_form": capacity_form,
        "units_table": units,
        "periods_table": periods,
        "history_table": history,
        "crumbs": _crumbs(_list_crumb(), (str(facility), "")),
    }
    return render(request, "housing/beheer/facility.html", context)


def _places(facility: Facility) -> object:
    places = getattr(facility, "places_now", None)
    return "—" if places is None else places


def _yes_no(value: bool) -> str:
    return _("Ja") if value else _("Nee")


@functional_admin
@require_POST
def capacity_add(request: HttpRequest, facility_id: int) -> HttpResponse:
    facility = get_object_or_404(Facility, pk=facility_id)
    capacity_form = CapacityForm(request.POST)
    if capacity_form.is_valid():
        try:
            admin.add_capacity_period(
                actor_from_request(request),
                facility,
                capacity_form.cleaned_data["valid_from"],
                capacity_form.cleaned_data["units"],
            )
        except ValidationError as exc:
            errors_onto_form(capacity_form, exc)
        else:
            messages.success(request, _("Capaciteitsperiode toegevoegd."))
            return redirect("housing:admin-facility", facility_id=facility.pk)
    return _facility_page(request, facility, FacilityForm(instance=facility), capacity_form)


@functional_admin
@require_http_methods(["GET", "POST"])
def capacity_edit(request: HttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(CapacityPeriod.objects.select_related("facility"), pk=period_id)
    facility = period.facility
    form = CapacityChangeForm(request.POST or None, initial={"units": period.units})
    actor = actor_from_request(request)
    if request.method == "POST" and request.POST.get("delete") == "1":
        try:
            admin.delete_capacity_period(actor, period)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Capaciteitsperiode verwijderd."))
        return redirect("housing:admin-facility", facility_id=facility.pk)
    if request.method == "POST" and form.is_valid():
        try:
            admin.change_capacity_period(actor, period, form.cleaned_data["units"])
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Capaciteitsperiode gewijzigd."))
            return redirect("housing:admin-facility", facility_id=facility.pk)
    title = _("Capaciteit vanaf %(day)s") % {"day": date_format(period.valid_from, "j F Y")}
    context = {
        "title": title,
        "subject": facility,
        "form": form,
        "read_only": admin.is_read_only(period),
        "can_delete": not admin.is_read_only(period),
        "back_url": reverse("housing:admin-facility", args=[facility.pk]),
        "crumbs": _crumbs(
            _list_crumb(),
            (str(facility), reverse("housing:admin-facility", args=[facility.pk])),
            (title, ""),
        ),
    }
    return render(request, "housing/beheer/form.html", context)


# --- units -------------------------------------------------------------------------------------


@functional_admin
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest, facility_id: int) -> HttpResponse:
    facility = get_object_or_404(Facility, pk=facility_id)
    return _unit_form(request, facility, Unit(facility=facility), _("Nieuwe eenheid"))


@functional_admin
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("facility"), pk=unit_id)
    title = _("Eenheid %(code)s") % {"code": unit.code}
    return _unit_form(request, unit.facility, unit, title)


def _unit_form(request: HttpRequest, facility: Facility, unit: Unit, title: str) -> HttpResponse:
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            admin.save_unit(actor_from_request(request), form.instance)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Eenheid opgeslagen: %(code)s.") % {"code": unit.code})
            return redirect("housing:admin-facility", facility_id=facility.pk)
    back = reverse("housing:admin-facility", args=[facility.pk])
    context = {
        "title": title,
        "subject": facility,
        "form": form,
        "back_url": back,
        "crumbs": _crumbs(_list_crumb(), (str(facility), back), (title, "")),
    }
    return render(request, "housing/beheer/form.html", context)


# --- norms and history -------------------------------------------------------------------------


@functional_admin
@require_http_methods(["GET", "POST"])
def norms(request: HttpRequest) -> HttpResponse:
    current = response_norms()
    form = NormsForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            save_response_norms(actor_from_request(request), form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Reactienormen opgeslagen; ze gelden meteen."))
            return redirect("housing:admin-norms")
    title = _("Reactienormen per urgentie")
    context = {
        "title": title,
        "intro": _(
            "Binnen hoeveel kalenderdagen na ontvangst een signaal contact moet krijgen. "
            "De termijnen op de werklijsten van de wijkteams volgen deze normen meteen."
        ),
        "form": form,
        "back_url": reverse("beheer:index"),
        "crumbs": _crumbs((title, "")),
    }
    return render(request, "housing/beheer/form.html", context)


@functional_admin
def history(request: HttpRequest) -> HttpResponse:
    search = HistorySearchForm(request.GET)
    query, area = "", ""
    if search.is_valid():
        query, area = search.cleaned_data["q"], search.cleaned_data["area"]
    page = Paginator(config_history.changes(area, query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    table = Table(
        _("Wijzigingen van de configuratie"),
        HISTORY_COLUMNS,
        _history_rows(page),
        empty_text=_("Niets gevonden.") if query or area else _("Nog geen wijzigingen."),
        caption_hidden=True,
    )
    context = {
        "search": search,
        "page": page,
        "table": table,
        "crumbs": _crumbs((_("Wijzigingshistorie"), "")),
    }
    return render(request, "housing/beheer/history.html", context)
