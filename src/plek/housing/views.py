"""Pages of placement and flow: thin, over services and selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plek.accounts.context import actor_from_request
from plek.accounts.roles import Role
from plek.core import dates
from plek.core.forms import errors_onto_form
from plek.housing import selectors, services
from plek.housing.forms import (
    ExtendForm,
    FacilityRulesForm,
    ReasonForm,
    RegistrationForm,
    RespiteForm,
    UnitForm,
    WhatIfForm,
)
from plek.housing.models import Facility, Unit
from plek.housing.ranking import PART_KEYS
from plek.people.selectors import get_person
from plek.web.components import Cell, Table


def _has_role(request: HttpRequest) -> None:
    if actor_from_request(request).membership is None:
        raise PermissionDenied


@require_http_methods(["GET"])
def catalogue(request: HttpRequest) -> HttpResponse:
    _has_role(request)
    facilities = selectors.catalogue()
    capacity = selectors.capacity_on([f.pk for f in facilities], dates.today())
    table = Table(
        _("Voorzieningen"),
        [_("Naam"), _("Soort"), _("Aanbieder"), _("Gemeente"), _("Plaatsen"), _("Eenheden")],
        [
            [
                Cell(f.name, reverse("housing:board", args=[f.pk])),
                Cell(f.get_type_display()),
                Cell(f.provider.name),
                Cell(f.municipality.name),
                Cell(capacity.get(f.pk, 0), numeric=True),
                Cell(f.unit_count, numeric=True),  # type: ignore[attr-defined]
            ]
            for f in facilities
        ],
        caption_hidden=True,
    )
    return render(request, "housing/catalogue.html", {"table": table})


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    person = get_person(actor, person_id)
    form = RegistrationForm(request.POST or None, initial={"registered_on": dates.today()})
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.register_waiting(
                actor, person_id, services.Registration(**form.cleaned_data)
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Ingeschreven op de wachtlijst."))
            return redirect("housing:waiting-detail", entry_id=entry.pk)
    return render(
        request,
        "housing/form.html",
        {
            "title": _("Inschrijven op een wachtlijst"),
            "subject": person,
            "form": form,
            "submit": _("Inschrijven"),
        },
    )


@require_POST
def waiting_withdraw(request: HttpRequest, entry_id: int) -> HttpResponse:
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_waiting(
                actor_from_request(request), entry_id, form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("De inschrijving is ingetrokken."))
    else:
        messages.error(request, _("Reden: geef aan waarom de inschrijving vervalt."))
    return redirect("housing:waiting-detail", entry_id=entry_id)


@require_http_methods(["GET"])
def what_if(request: HttpRequest) -> HttpResponse:
    _has_role(request)
    actor = actor_from_request(request)
    form = WhatIfForm(request.GET or None)
    shifts = None
    counts_only = False
    if form.is_valid():
        facility_type = form.cleaned_data["facility_type"]
        current = services.weights_of(services.policy_for(facility_type))
        proposed = current
        for key in PART_KEYS:
            if form.cleaned_data.get(key) is not None:
                proposed = proposed.with_part(key, form.cleaned_data[key])
        counts_only = not selectors.may_see_waiting_rows(actor, facility_type)
    if form.is_valid() and counts_only:
        # Record-level positions and scores only for roles with a relation to the list.
        shifts = Table(
            _("Verschuivingen per urgentieklasse"),
            [_("Urgentie"), _("Omhoog"), _("Gelijk"), _("Omlaag")],
            [
                [
                    Cell(c.label),
                    Cell(selectors.small(c.up), numeric=True),
                    Cell(selectors.small(c.same), numeric=True),
                    Cell(selectors.small(c.down), numeric=True),
                ]
                for c in selectors.what_if_counts(facility_type, proposed)
            ],
        )
    elif form.is_valid():
        shifts = Table(
            _("Rangorde nu en met de andere weging"),
            [
                _("Inschrijving"),
                _("Positie nu"),
                _("Positie dan"),
                _("Verschuiving"),
                _("Score nu"),
                _("Score dan"),
            ],
            [
                [
                    Cell(s.entry_id),
                    Cell(s.before, numeric=True),
                    Cell(s.after, numeric=True),
                    Cell(f"{s.moved:+d}", numeric=True),
                    Cell(s.score_before, numeric=True),
                    Cell(s.score_after, numeric=True),
                ]
                for s in selectors.what_if_ranking(facility_type, proposed)
            ],
        )
    return render(
        request,
        "housing/what_if.html",
        {"form": form, "shifts": shifts, "counts_only": counts_only},
    )


@require_http_methods(["GET", "POST"])
def respite_book(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    person = get_person(actor, person_id)
    form = RespiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.book_respite(
                actor,
                person_id,
                data["unit"].pk,
                data["start_date"],
                data["end_date"],
                data["reason"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("De terugvalplek is geboekt."))
            return redirect("housing:respite")
    return render(
        request,
        "housing/form.html",
        {
            "title": _("Terugvalplek boeken"),
            "subject": person,
            "form": form,
            "submit": _("Boeken"),
        },
    )


@require_http_methods(["GET", "POST"])
def respite_extend(request: HttpRequest, booking_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    booking = selectors.respite_bookings_of(actor, booking_id)
    form = ExtendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.extend_respite(
                actor,
                booking_id,
                form.cleaned_data["end_date"],
                form.cleaned_data["extension_reason"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("De boeking is verlengd."))
            return redirect("housing:respite")
    return render(
        request,
        "housing/form.html",
        {
            "title": _("Terugvalboeking verlengen"),
            "subject": booking.person,
            "form": form,
            "submit": _("Verlengen"),
        },
    )


def _admin(request: HttpRequest) -> Any:
    actor = actor_from_request(request)
    if actor.role != Role.BEHEER:
        raise PermissionDenied
    return actor


@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest, facility_id: int) -> HttpResponse:
    actor = _admin(request)
    facility = get_object_or_404(Facility, pk=facility_id)
    form = UnitForm(request.POST or None, instance=Unit(facility=facility))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_unit(actor, form.instance)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Eenheid opgeslagen."))
            return redirect("housing:board", facility_id=facility.pk)
    return render(
        request,
        "housing/form.html",
        {
            "title": _("Nieuwe eenheid"),
            "subject": facility,
            "form": form,
            "submit": _("Opslaan"),
        },
    )


@require_http_methods(["GET", "POST"])
def facility_rules(request: HttpRequest, facility_id: int) -> HttpResponse:
    actor = _admin(request)
    facility = get_object_or_404(Facility, pk=facility_id)
    form = FacilityRulesForm(request.POST or None, instance=facility)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_facility_rules(actor, form.instance)
            form.save_m2m()
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Toelatingsregels opgeslagen."))
            return redirect("housing:board", facility_id=facility.pk)
    return render(
        request,
        "housing/form.html",
        {
            "title": _("Toelatingsregels"),
            "subject": facility,
            "form": form,
            "submit": _("Opslaan"),
        },
    )
