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
from plek.core.tasks import WAITING
from plek.monitor.dashboard import build_dashboard, stored_dashboard
from plek.monitor.engine import Period
from plek.monitor.forms import PeriodForm
from plek.monitor.tasks import computes_in_background, queue_dashboard


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
        context.update(_dashboard_context(period))
    return render(request, "monitor/dashboard.html", context)


def _dashboard_context(period: Period) -> dict[str, Any]:
    """With a background worker the page shows stored figures and queues what is missing or
    stale; a national computation takes minutes and must not hold a web worker that long."""
    if not computes_in_background():
        return {"dashboard": build_dashboard(period)}
    dashboard, reading = stored_dashboard(period)
    if dashboard is not None and not reading.stale:
        return {"dashboard": dashboard}
    queued = queue_dashboard(period)
    if dashboard is None and not queued:
        return {"dashboard": build_dashboard(period)}  # no worker to wait for: compute here
    return {
        "dashboard": dashboard,
        "pending": True,
        "computed_at": reading.oldest,
        "waiting": WAITING if not queued else "",
    }
