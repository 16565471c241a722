"""Pages for indications and arrangements: thin; services change, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plek.accounts.context import actor_from_request
from plek.core.forms import errors_onto_form
from plek.people.selectors import get_person
from plek.protection import selectors, services
from plek.protection.forms import (
    ArrangementForm,
    ConcludeTryOutForm,
    EndArrangementForm,
    EndIndicationForm,
    ExtendIndicationForm,
    OriginChangeForm,
)
from plek.protection.models import Arrangement, Indication, TryOut


@require_http_methods(["GET"])
def expiring(request: HttpRequest) -> HttpResponse:
    indications = selectors.expiring_indications(actor_from_request(request), limit=None)
    return render(request, "protection/expiring.html", {"indications": indications})


def _indication_page(
    request: HttpRequest,
    indication_id: int,
    extend_form: ExtendIndicationForm | None = None,
    end_form: EndIndicationForm | None = None,
) -> HttpResponse:
    try:
        indication, events = selectors.open_indication(actor_from_request(request), indication_id)
    except Indication.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "protection/indication.html",
        {
            "indication": indication,
            "events": events,
            "extend_form": extend_form
            or ExtendIndicationForm(
                initial={"review_on": indication.review_on}, auto_id="verlengen_%s"
            ),
            "end_form": end_form or EndIndicationForm(auto_id="beeindigen_%s"),
        },
        status=400 if (extend_form or end_form) else 200,
    )


@require_http_methods(["GET"])
def indication_detail(request: HttpRequest, indication_id: int) -> HttpResponse:
    return _indication_page(request, indication_id)


@require_POST
def extend_indication(request: HttpRequest, indication_id: int) -> HttpResponse:
    form = ExtendIndicationForm(request.POST, auto_id="verlengen_%s")
    if form.is_valid():
        try:
            services.extend_indication(
                actor_from_request(request),
                indication_id,
                form.cleaned_data["valid_until"],
                form.cleaned_data["reason"],
                form.cleaned_data["review_on"],
            )
        except Indication.DoesNotExist as exc:
            raise Http404 from exc
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("De indicatie is verlengd."))
            return redirect("protection:indication", indication_id)
    return _indication_page(request, indication_id, extend_form=form)


@require_POST
def end_indication(request: HttpRequest, indication_id: int) -> HttpResponse:
    form = EndIndicationForm(request.POST, auto_id="beeindigen_%s")
    if form.is_valid():
        try:
            services.end_indication(
                actor_from_request(request),
                indication_id,
                form.cleaned_data["ended_on"],
                form.cleaned_data["reason"],
            )
        except Indication.DoesNotExist as exc:
            raise Http404 from exc
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("De indicatie is beëindigd."))
            return redirect("protection:indication", indication_id)
    return _indication_page(request, indication_id, end_form=form)


@require_http_methods(["GET", "POST"])
def new_arrangement(request: HttpRequest, indication_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        indication, _events = selectors.open_indication(actor, indication_id)
    except Indication.DoesNotExist as exc:
        raise Http404 from exc
    form = ArrangementForm(request.POST or None, initial={"kind": "beschermd_thuis"})
    if request.method == "POST" and form.is_valid():
        try:
            arrangement = services.register_arrangement(
                actor,
                indication.person_id,
                form.cleaned_data["kind"],
                form.cleaned_data["product"].pk,
                form.cleaned_data["start_date"],
                form.cleaned_data["hours_per_week"],
                form.cleaned_data["review_on"],
                indication_id=indication.pk,
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Het arrangement is vastgelegd."))
            return redirect("protection:arrangement", arrangement.pk)
    return render(
        request, "protection/arrangement_form.html", {"form": form, "indication": indication}
    )


def _arrangement_page(
    request: HttpRequest, arrangement_id: int, end_form: EndArrangementForm | None = None
) -> HttpResponse:
    try:
        arrangement = selectors.open_arrangement(actor_from_request(request), arrangement_id)
    except Arrangement.DoesNotExist as exc:
        raise Http404 from exc
    tryout = selectors.tryout_of(arrangement.pk)
    return render(
        request,
        "protection/arrangement.html",
        {
            "arrangement": arrangement,
            "tryout": tryout,
            "end_form": end_form or EndArrangementForm(),
            "conclude_form": ConcludeTryOutForm(auto_id="probeerplek_%s"),
        },
        status=400 if end_form else 200,
    )


@require_http_methods(["GET"])
def arrangement_detail(request: HttpRequest, arrangement_id: int) -> HttpResponse:
    return _arrangement_page(request, arrangement_id)


@require_POST
def end_arrangement(request: HttpRequest, arrangement_id: int) -> HttpResponse:
    form = EndArrangementForm(request.POST)
    if form.is_valid():
        try:
            services.end_arrangement(
                actor_from_request(request),
                arrangement_id,
                form.cleaned_data["end_date"],
                form.cleaned_data["end_reason"],
            )
        except Arrangement.DoesNotExist as exc:
            raise Http404 from exc
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Het arrangement is beëindigd."))
            return redirect("protection:arrangement", arrangement_id)
    return _arrangement_page(request, arrangement_id, end_form=form)


@require_POST
def conclude_tryout(request: HttpRequest, tryout_id: int) -> HttpResponse:
    try:
        arrangement_id = selectors.tryout_arrangement_id(tryout_id)
    except TryOut.DoesNotExist as exc:
        raise Http404 from exc
    form = ConcludeTryOutForm(request.POST, auto_id="probeerplek_%s")
    if not form.is_valid():
        messages.error(request, _("Uitkomst en datum: vul beide in."))
    else:
        try:
            services.conclude_tryout(
                actor_from_request(request),
                tryout_id,
                form.cleaned_data["outcome"],
                form.cleaned_data["on"],
            )
            messages.success(request, _("De probeerplek is afgerond."))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    return redirect("protection:arrangement", arrangement_id)


@require_http_methods(["GET", "POST"])
def change_origin(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    person = get_person(actor, person_id)
    form = OriginChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_origin(
                actor,
                person_id,
                form.cleaned_data["municipality"].pk,
                form.cleaned_data["valid_from"],
                form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("De gemeente van herkomst is gewijzigd."))
            return redirect("people:detail", person_id)
    return render(request, "protection/origin.html", {"form": form, "person": person})
