"""The monitor pages for policy officers: aggregates only, never a person."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from plek.accounts.context import actor_from_request
from plek.accounts.roles import profile
from plek.monitor.dashboard import build_dashboard
from plek.monitor.engine import Period
from plek.monitor.forms import PeriodForm


def aggregates_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The monitor is for the roles that see aggregates only (policy officers)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        role = actor_from_request(request).role
        if role is None or not profile(role).aggregates_only:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@aggregates_only
@require_http_methods(["GET"])
def dashboard(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        municipality = form.cleaned_data["municipality"]
        period = Period(
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            as_of=timezone.localdate(),
            municipality=municipality.code if municipality else None,
        )
        context["dashboard"] = build_dashboard(period)
    return render(request, "monitor/dashboard.html", context)
