"""Pages for running stays: the occupancy board with its figures, the stays list, proposals for
the provider, a stay's page (transfer, end), unit assignment, the regional overview and the
respite calendar. Thin: services change, selectors read and log."""

from __future__ import annotations

import datetime
from typing import Any

import altair as alt
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from plek.access.policy import decide
from plek.accounts.context import actor_from_request
from plek.accounts.roles import Role
from plek.core import dates
from plek.core.forms import errors_onto_form
from plek.core.text import is_digits
from plek.housing import selectors, selectors_stays, services
from plek.housing.choices import ExitDestination, ProposalStatus
from plek.housing.forms import DATE, AcceptForm, DeclineForm
from plek.housing.models import Facility, Proposal, Stay, Unit
from plek.housing.services.proposals import closed_message
from plek.people.selectors import get_person
from plek.web.components import Cell, Table


def _has_role(request: HttpRequest) -> None:
    if actor_from_request(request).membership is None:
        raise PermissionDenied


def _day(day: datetime.date | None) -> str:
    return date_format(day, "j F Y") if day else "–"


# --- forms ---------------------------------------------------------------------------------------


class StaysFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Zoek op naam"), required=False, max_length=100)
    voorziening = forms.TypedChoiceField(
        label=gettext_lazy("Voorziening"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Welke verblijven"),
        required=False,
        choices=[
            (selectors_stays.STATUS_RUNNING, gettext_lazy("Lopend")),
            (selectors_stays.STATUS_DEPARTURE, gettext_lazy("Vertrek nog te registreren")),
            (selectors_stays.STATUS_NO_UNIT, gettext_lazy("Zonder eenheid")),
            (selectors_stays.STATUS_ENDED, gettext_lazy("Beëindigd (laatste 30 dagen)")),
        ],
    )
    sort = forms.ChoiceField(
        label=gettext_lazy("Sorteren op"),
        required=False,
        choices=[
            ("vertrek", gettext_lazy("Verwacht vertrek")),
            ("begin", gettext_lazy("Begindatum, oudste eerst")),
            ("-begin", gettext_lazy("Begindatum, nieuwste eerst")),
            ("naam", gettext_lazy("Achternaam")),
        ],
    )

    def __init__(self, *args: Any, facilities: list[Facility], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["voorziening"].choices = [  # type: ignore[attr-defined]
            ("", _("Alle voorzieningen")),
            *[(f.pk, f.name) for f in facilities],
        ]


class StayTransferForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Naar eenheid"), queryset=Unit.objects.none())
    on = forms.DateField(label=gettext_lazy("Datum overplaatsing"), widget=DATE)

    def __init__(self, *args: Any, stay: Stay, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        field.queryset = selectors_stays.transfer_units(stay)  # type: ignore[attr-defined]
        field.label_from_instance = lambda unit: f"{unit.facility.name} · {unit.code}"  # type: ignore[attr-defined]
        field.help_text = _(
            "Alleen eenheden van uw organisatie die vandaag vrij zijn, in een voorziening met "
            "een plaats over; geen terugvalplekken."
        )


class StayEndForm(forms.Form):
    end_date = forms.DateField(label=gettext_lazy("Einddatum"), widget=DATE)
    exit_destination = forms.ChoiceField(
        label=gettext_lazy("Uitstroombestemming"),
        choices=[("", gettext_lazy("Kies een bestemming")), *ExitDestination.choices],
    )


class PlaceForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Eenheid"), queryset=Unit.objects.none())
    start = forms.DateField(label=gettext_lazy("Begindatum"), widget=DATE)
    expected_end = forms.DateField(
        label=gettext_lazy("Verwacht vertrek"), widget=DATE, required=False
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        field.queryset = units  # type: ignore[attr-defined]
        field.label_from_instance = lambda unit: f"{unit.facility.name} · {unit.code}"  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    """A free unit for a stay without one; the choices come ready (no query per form)."""

    unit = forms.TypedChoiceField(label=gettext_lazy("Eenheid"), coerce=int)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.code) for u in units]  # type: ignore[attr-defined]


# --- the occupancy board -------------------------------------------------------------------------


def _night_chart(nights: list[tuple[datetime.date, int, int]]) -> dict[str, Any]:
    taken, places = _("Bezet"), _("Plaatsen")
    values = []
    for day, capacity, count in nights:
        values.append({"nacht": day.isoformat(), "soort": taken, "aantal": count})
        values.append({"nacht": day.isoformat(), "soort": places, "aantal": capacity})
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_line(point=True)
        .encode(
            x=alt.X("nacht:T", title=_("Nacht"), axis=alt.Axis(format="%d-%m")),
            y=alt.Y("aantal:Q", title=_("Aantal")),
            color=alt.Color(
                "soort:N",
                title="",
                scale=alt.Scale(domain=[taken, places], range=["#01689b", "#8fcae7"]),
            ),
            tooltip=["nacht:T", "soort:N", "aantal:Q"],
        )
        .properties(width="container", height=220)
    )
    spec: dict[str, Any] = chart.to_dict()
    return spec


def _person_cell(row: selectors_stays.StayRow) -> Cell:
    href = reverse("housing:stay-detail", args=[row.stay.pk])
    return Cell(str(row.person), href) if row.person else Cell(_("bezet"))


@require_http_methods(["GET"])
def board(request: HttpRequest, facility_id: int) -> HttpResponse:
    _has_role(request)
    actor = actor_from_request(request)
    facility = get_object_or_404(Facility.objects.select_related("provider"), pk=facility_id)
    detail = selectors.may_see_unit_detail(actor, facility)
    staff = services.is_provider_staff(actor, facility)
    data = selectors_stays.board(actor, facility, names=staff and detail)
    nights = Table(
        _("Bezetting per nacht, komende vier weken"),
        [_("Nacht"), _("Plaatsen"), _("Bezet"), _("Vrij")],
        [
            [
                Cell(_day(day)),
                Cell(capacity, numeric=True),
                Cell(count, numeric=True),
                Cell(max(0, capacity - count), numeric=True),
            ]
            for day, capacity, count in data.nights
        ],
    )
    context: dict[str, Any] = {
        "facility": facility,
        "board": data,
        "unit_detail": detail,
        "may_propose": staff,
        "may_manage": actor.role == Role.BEHEER,
        "nights": nights,
        "night_chart": _night_chart(data.nights),
    }
    if not detail:
        return render(request, "housing/stays_board.html", context)
    rows = []
    for item in data.units:
        if item.stay is not None:
            who = (
                Cell(str(item.person), reverse("housing:stay-detail", args=[item.stay.pk]))
                if item.person
                else Cell(_("bezet"))
            )
        elif item.respite is not None:
            who = Cell(_("terugvalboeking tot %(day)s") % {"day": _day(item.respite.end_date)})
        else:
            who = Cell(_("vrij"))
        rows.append(
            [
                Cell(item.unit.code),
                Cell(item.unit.get_kind_display()),
                who,
                Cell(_day(item.stay.expected_end_date) if item.stay else "–"),
                Cell(item.proposals, numeric=True),
            ]
        )
    context["table"] = Table(
        _("Bezetting per eenheid"),
        [_("Eenheid"), _("Soort"), _("Bewoner"), _("Verwacht vertrek"), _("Open voorstellen")],
        rows,
    )
    context["departures"] = Table(
        _("Verwacht vertrek (14 dagen)"),
        [_("Datum"), _("Eenheid"), _("Bewoner")],
        [
            [
                Cell(
                    _("%(day)s (verstreken)") % {"day": _day(r.stay.expected_end_date)}
                    if r.overdue
                    else _day(r.stay.expected_end_date)
                ),
                Cell(r.stay.unit.code if r.stay.unit else _("zonder eenheid")),
                _person_cell(r),
            ]
            for r in data.departures
        ],
    )
    if staff:
        context["assign_forms"] = [
            (
                row,
                AssignForm(units=data.free_units, prefix=f"s{row.stay.pk}"),
            )
            for row in data.unitless
        ]
        context["proposals"] = [
            (p, reverse("housing:proposal-detail", args=[p.pk]))
            for p in selectors_stays.facility_proposals(facility)
        ]
    return render(request, "housing/stays_board.html", context)


@require_POST
def assign_unit(request: HttpRequest, stay_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    facility_id = selectors_stays.facility_of_stay(stay_id)
    raw = request.POST.get(f"s{stay_id}-unit") or request.POST.get("unit") or ""
    try:
        if not is_digits(raw):
            raise ValidationError({"unit": _("Eenheid: kies een vrije eenheid.")})
        services.assign_unit(actor, stay_id, int(raw))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De eenheid is toegewezen."))
    return redirect(reverse("housing:board", args=[facility_id]) + "#zonder-eenheid")


@require_POST
def assign_automatically(request: HttpRequest, facility_id: int) -> HttpResponse:
    facility = get_object_or_404(Facility, pk=facility_id)
    try:
        count = services.assign_units_automatically(actor_from_request(request), facility.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(n)s verblijven hebben een eenheid gekregen.") % {"n": count})
    return redirect("housing:board", facility_id=facility.pk)


# --- lists for provider staff --------------------------------------------------------------------


def _provider_only(request: HttpRequest) -> Any:
    actor = actor_from_request(request)
    if actor.role != Role.AANBIEDER:
        raise PermissionDenied
    return actor


@require_http_methods(["GET"])
def stays_list(request: HttpRequest) -> HttpResponse:
    actor = _provider_only(request)
    facilities = list(selectors_stays.own_facilities(actor))
    form = StaysFilterForm(request.GET or None, facilities=facilities)
    values: dict[str, Any] = {}
    if form.is_valid():
        values = form.cleaned_data
    page, rows = selectors_stays.stays_page(
        actor,
        request.GET.get("page"),
        facility_id=values.get("voorziening"),
        status=values.get("status") or selectors_stays.STATUS_RUNNING,
        search=values.get("q") or "",
        sort=values.get("sort") or "vertrek",
    )
    table = Table(
        _("Verblijven"),
        [
            _("Bewoner"),
            _("Voorziening"),
            _("Eenheid"),
            _("Begindatum"),
            _("Verwacht vertrek"),
            _("Einde"),
        ],
        [
            [
                _person_cell(r),
                Cell(r.stay.facility.name, reverse("housing:board", args=[r.stay.facility_id])),
                Cell(r.stay.unit.code if r.stay.unit else _("geen (nog toewijzen)")),
                Cell(_day(r.stay.start_date)),
                Cell(
                    _("%(day)s (verstreken)") % {"day": _day(r.stay.expected_end_date)}
                    if r.overdue
                    else _day(r.stay.expected_end_date)
                ),
                Cell(
                    f"{_day(r.stay.end_date)}: {r.stay.get_exit_destination_display()}"
                    if r.stay.end_date
                    else _("lopend")
                ),
            ]
            for r in rows
        ],
        caption_hidden=True,
    )
    return render(
        request,
        "housing/stays_list.html",
        {"form": form, "table": table, "page": page, "total": page.paginator.count},
    )


@require_http_methods(["GET"])
def proposals_list(request: HttpRequest) -> HttpResponse:
    actor = _provider_only(request)
    rows = selectors_stays.open_proposals(actor, limit=None)
    table = Table(
        _("Voorstellen voor plaatsing"),
        [_("Kandidaat"), _("Voorziening"), _("Eenheid"), _("Vrij op"), _("Score")],
        [
            [
                Cell(
                    str(r.person) if r.person else _("kandidaat"),
                    reverse("housing:proposal-detail", args=[r.proposal.pk]),
                ),
                Cell(r.proposal.unit.facility.name),
                Cell(r.proposal.unit.code),
                Cell(_day(r.proposal.available_on)),
                Cell(r.proposal.score, numeric=True),
            ]
            for r in rows
        ],
        caption_hidden=True,
    )
    return render(request, "housing/proposals_list.html", {"table": table})


# --- a proposal, a stay -------------------------------------------------------------------------


def _closed(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    """A proposal decided by someone else (or lapsed): say so, and go to the facility."""
    messages.error(request, closed_message(proposal))
    return redirect("housing:board", facility_id=proposal.unit.facility_id)


@require_http_methods(["GET", "POST"])
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    proposal = selectors_stays.proposal_state(proposal_id)
    staff = services.is_provider_staff(actor, proposal.unit.facility)
    if (
        staff
        and proposal.status != ProposalStatus.OPEN
        and not decide(actor, "view", proposal.person_id).allowed
    ):
        # Lost an accept race: the relation the proposal gave is gone; no break-the-glass offer.
        return _closed(request, proposal)
    accept = AcceptForm(initial={"start_date": max(proposal.available_on, dates.today())})
    decline = DeclineForm()
    if request.method == "POST" and staff:
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
                    return redirect("housing:board", facility_id=proposal.unit.facility_id)
        except (ValidationError, PermissionDenied) as exc:
            proposal = selectors_stays.proposal_state(proposal_id)
            if proposal.status != ProposalStatus.OPEN:
                return _closed(request, proposal)
            if isinstance(exc, PermissionDenied):
                raise
            errors_onto_form(accept if "accept" in request.POST else decline, exc)
    view = selectors.open_proposal(actor, proposal_id)
    return render(
        request,
        "housing/proposal_detail.html",
        {
            "view": view,
            "proposal": view.proposal,
            "accept": accept,
            "decline": decline,
            "may_decide": staff and view.proposal.status == ProposalStatus.OPEN,
        },
    )


@require_http_methods(["GET", "POST"])
def stay_detail(request: HttpRequest, stay_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    stay = selectors.open_stay(actor, stay_id)
    may_change = services.is_provider_staff(actor, stay.facility) and stay.end_date is None
    transfer = StayTransferForm(initial={"on": dates.today()}, stay=stay)
    end = StayEndForm(initial={"end_date": dates.today()})
    if request.method == "POST" and may_change:
        try:
            if "transfer" in request.POST:
                transfer = StayTransferForm(request.POST, stay=stay)
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
                end = StayEndForm(request.POST)
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
    assign = None
    if may_change and stay.unit_id is None:
        data = selectors_stays.board(actor, stay.facility, names=False)
        assign = AssignForm(units=data.free_units, prefix=f"s{stay.pk}")
    return render(
        request,
        "housing/stay_detail.html",
        {
            "stay": stay,
            "transfer": transfer,
            "end": end,
            "assign": assign,
            "may_change": may_change,
            "overdue": stay.end_date is None
            and stay.expected_end_date is not None
            and stay.expected_end_date < dates.today(),
        },
    )


@require_http_methods(["GET", "POST"])
def place_person(request: HttpRequest, person_id: int) -> HttpResponse:
    """A walk-in: provider staff place a person they have a relation with in a free unit."""
    actor = _provider_only(request)
    person = get_person(actor, person_id)
    form = PlaceForm(
        request.POST or None,
        units=selectors_stays.placeable_units(actor),
        initial={"start": dates.today()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stay = services.place(
                actor, person_id, data["unit"].pk, data["start"], data.get("expected_end")
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Geplaatst; het verblijf is gestart."))
            return redirect("housing:stay-detail", stay_id=stay.pk)
    return render(
        request,
        "housing/form.html",
        {
            "title": _("Plaatsen in een voorziening"),
            "subject": person,
            "form": form,
            "submit": _("Plaatsen"),
        },
    )


# --- region and respite ---------------------------------------------------------------------------


@require_http_methods(["GET"])
def overview(request: HttpRequest) -> HttpResponse:
    _has_role(request)
    rows = selectors_stays.regional_figures()
    table = Table(
        _("Plaatsen per soort voorziening"),
        [_("Soort"), _("Plaatsen"), _("Bezet"), _("Vrij"), _("Wachtend")],
        [
            [
                Cell(r.label),
                Cell(r.capacity, numeric=True),
                Cell(r.occupied, numeric=True),
                Cell(r.free, numeric=True),
                Cell(r.waiting, numeric=True),
            ]
            for r in rows
        ],
        caption_hidden=True,
    )
    return render(request, "housing/overview.html", {"table": table, "day": dates.today()})


RESPITE_DAYS = 14


@require_http_methods(["GET"])
def respite(request: HttpRequest) -> HttpResponse:
    _has_role(request)
    actor = actor_from_request(request)
    today = dates.today()
    try:
        start = datetime.date.fromisoformat(request.GET.get("vanaf", ""))
    except ValueError:
        start = today
    start = max(
        today - datetime.timedelta(days=28), min(start, today + datetime.timedelta(days=84))
    )
    rows = selectors.respite_calendar(start, RESPITE_DAYS)
    days = [start + datetime.timedelta(days=i) for i in range(RESPITE_DAYS)]
    step = datetime.timedelta(days=RESPITE_DAYS)
    bookings = selectors_stays.respite_bookings_running(start, start + step)
    return render(
        request,
        "housing/respite.html",
        {
            "rows": rows,
            "days": days,
            "bookings": bookings,
            "may_extend": actor.role in services.RESPITE_EXTENSION_ROLES,
            "previous": (start - step).isoformat(),
            "next": (start + step).isoformat(),
        },
    )
