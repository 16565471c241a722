"""The policy page on protected living and its money: aggregates only, never a person."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from plek.accounts.context import actor_from_request
from plek.accounts.roles import profile
from plek.finance import overview
from plek.finance.forms import YearForm


def aggregates_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For the roles that see aggregates only (policy officers), like the monitor pages."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        role = actor_from_request(request).role
        if role is None or not profile(role).aggregates_only:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@aggregates_only
@require_http_methods(["GET"])
def overview_page(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        page = overview.build(form.cleaned_data["year"], form.cleaned_data["municipality"])
        context["page"] = page
        context["phase_text"] = overview.phase_text(page.phase) if page.phase else ""
    return render(request, "finance/overview.html", context)
