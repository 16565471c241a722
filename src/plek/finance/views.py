"""The policy page on protected living and its money: aggregates only, never a person."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from plek.finance import overview
from plek.finance.forms import YearForm
from plek.monitor.views import aggregates_only


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
