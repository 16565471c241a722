"""Pages of placement and flow: thin, over services and selectors."""

from __future__ import annotations

import datetime
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
    AcceptForm,
    DeclineForm,
    EndForm,
    ExtendForm,
    FacilityRulesForm,
    ReasonForm,
    RegistrationForm,
    RespiteForm,
    TransferForm,
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


@require_http_methods(["GET"])
def board(request: HttpRequest, facility_id: int) -> HttpResponse:
    _has_role(request)
    actor = actor_from_request(request)
    facility = get_object_or_404(Facility, pk=facility_id)
    data = selectors.occupancy_board(actor, facility.pk)
    if not selectors.may_see_unit_detail(actor, facility):
        # Totals only: per-unit occupancy and expected departures are for the provider and toegang.
        return render(
            request,
            "housing/board.html",
            {
                "facility": facility,
                "board": data,
                "unit_detail": False,
                "may_manage": actor.role == Role.BEHEER,
            },
        )
    rows = []
    for item in data.units:
        if item.stay is None:
            who: Cell = Cell(_("vrij"))
        elif item.person is not None:
            who = Cell(str(item.person), reverse("housing:stay-detail", args=[item.stay.pk]))
        else:
            who = Cell(_("bezet"))
        rows.append(
            [
                Cell(item.unit.code),
                Cell(item.unit.get_kind_display()),
                who,
                Cell(item.proposals, numeric=True),
            ]
        )
    table = Table(
        _("Bezetting per eenheid"),
        [_("Eenheid"), _("Soort"), _("Bewoner"), _("Open voorstellen")],
        rows,
    )
    departures = Table(
        _("Verwacht vertrek (14 dagen)"),
        [_("Datum"), _("Eenheid"), _("Bewoner")],
        [
            [
                Cell(stay.expected_end_date),
                Cell(stay.unit.code if stay.unit else "–"),
                Cell(str(person) if person else _("bezet")),
            ]
            for stay, person in data.departures
        ],
    )
    context = {
        "facility": facility,
        "board": data,
        "table": table,
        "departures": departures,
        "unit_detail": True,
        "may_propose": services.is_provider_staff(actor, facility),
        "may_manage": actor.role == Role.BEHEER,
        "open_proposals": facility.units.filter(proposals__status="open").exists(),
    }
    if context["may_propose"]:
        context["proposals"] = [
            (p, reverse("housing:proposal-detail", args=[p.pk]))
            for unit in data.units
            for p in unit.unit.proposals.filter(status="open")
        ]
    return render(request, "housing/board.html", context)


@require_http_methods(["GET"])
def overview(request: HttpRequest) -> HttpResponse:
    _has_role(request)
    rows = selectors.regional_overview()
    table = Table(
        _("Vrije plaatsen per soort voorziening"),
        [_("Soort"), _("Plaatsen"), _("Bezet"), _("Vrij")],
        [
            [
                Cell(r.label),
                Cell(r.capacity, numeric=True),
                Cell(r.occupied, numeric=True),
                Cell(r.free, numeric=True),
            ]
            for r in rows
        ],
        caption_hidden=True,
    )
    return render(request, "housing/overview.html", {"table": table, "day": dates.today()})


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
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    view = selectors.open_proposal(actor, proposal_id)
    accept = AcceptForm(initial={"start_date": max(view.proposal.available_on, dates.today())})
    decline = DeclineForm()
    if request.method == "POST":
        try:
            if "accept" in request.POST:
                accept = AcceptForm(request.POST)
                if accept.is_valid():
                    stay = services.accept_proposal(
                        actor, proposal_id, accept.cleaned_data["start_date"]
                    )
                    messages.success(request, _("Voorstel geaccepteerd; het verblijf is gestart."))
                    return redirect("housing:stay-detail", stay_id=stay.pk)
            else:
                decline = DeclineForm(request.POST)
                if decline.is_valid():
                    services.decline_proposal(
                        actor,
                        proposal_id,
                        decline.cleaned_data["reason"],
                        decline.cleaned_data["park"],
                    )
                    messages.success(request, _("Voorstel afgewezen."))
                    return redirect("housing:board", facility_id=view.proposal.unit.facility_id)
        except ValidationError as exc:
            errors_onto_form(accept if "accept" in request.POST else decline, exc)
    return render(
        request,
        "housing/proposal_detail.html",
        {
            "view": view,
            "proposal": view.proposal,
            "accept": accept,
            "decline": decline,
            "may_decide": services.is_provider_staff(actor, view.proposal.unit.facility)
            and view.proposal.status == "open",
        },
    )


@require_http_methods(["GET", "POST"])
def stay_detail(request: HttpRequest, stay_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    stay = selectors.open_stay(actor, stay_id)
    transfer = TransferForm(initial={"on": dates.today()})
    end = EndForm(initial={"end_date": dates.today()})
    if request.method == "POST":
        try:
            if "transfer" in request.POST:
                transfer = TransferForm(request.POST)
                if transfer.is_valid():
                    new = services.transfer_stay(
                        actor,
                        stay_id,
                        transfer.cleaned_data["unit"].pk,
                        transfer.cleaned_data["on"],
                    )
                    messages.success(request, _("Overgeplaatst; een nieuw verblijf is gestart."))
                    return redirect("housing:stay-detail", stay_id=new.pk)
            else:
                end = EndForm(request.POST)
                if end.is_valid():
                    services.end_stay(
                        actor,
                        stay_id,
                        end.cleaned_data["end_date"],
                        end.cleaned_data["exit_destination"],
                    )
                    messages.success(request, _("Het verblijf is beëindigd."))
                    return redirect("housing:stay-detail", stay_id=stay_id)
        except ValidationError as exc:
            errors_onto_form(transfer if "transfer" in request.POST else end, exc)
    return render(
        request,
        "housing/stay_detail.html",
        {
            "stay": stay,
            "transfer": transfer,
            "end": end,
            "may_change": services.is_provider_staff(actor, stay.facility)
            and stay.end_date is None,
        },
    )


@require_http_methods(["GET"])
def respite(request: HttpRequest) -> HttpResponse:
    _has_role(request)
    start = dates.today()
    rows = selectors.respite_calendar(start, 28)
    days = [start + datetime.timedelta(days=i) for i in range(28)]
    return render(request, "housing/respite.html", {"rows": rows, "days": days})


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
