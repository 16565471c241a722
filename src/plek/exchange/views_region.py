"""The region's configuration as YAML in the browser: download, or upload and apply."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from plek.accounts.context import actor_from_request
from plek.accounts.decorators import functional_admin
from plek.exchange.region_config import RegionConfigError, export_yaml, import_config

MAX_BYTES = 2 * 1024 * 1024


class RegionConfigForm(forms.Form):
    config_file = forms.FileField(
        label=gettext_lazy("YAML-bestand met de configuratie"),
        help_text=gettext_lazy("Zoals de download hieronder; hooguit 2 MB."),
    )


@functional_admin
@require_http_methods(["GET", "POST"])
def region_config(request: HttpRequest) -> HttpResponse:
    form = RegionConfigForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["config_file"]
        try:
            if upload.size > MAX_BYTES:
                raise RegionConfigError([_("Het bestand is groter dan 2 MB.")])
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError as exc:
                raise RegionConfigError([_("Het bestand is geen UTF-8-tekst.")]) from exc
            plan = import_config(text, actor_from_request(request))
        except RegionConfigError as exc:
            problems = exc.messages
            form.add_error(
                "config_file", _("Niets ingelezen: het bestand heeft fouten (zie hieronder).")
            )
        else:
            counts = ", ".join(f"{count} {name}" for name, count in plan.summary.items())
            messages.success(request, _("Configuratie ingelezen: %(counts)s.") % {"counts": counts})
            return redirect("exchange:region-config")
    title = _("Regio-instellingen (YAML)")
    context = {
        "form": form,
        "problems": problems,
        "title": title,
        "crumbs": [
            (gettext_lazy("Start"), reverse("web:home")),
            (gettext_lazy("Beheer"), reverse("beheer:index")),
            (title, ""),
        ],
    }
    return render(request, "exchange/region_config.html", context)


@functional_admin
@require_http_methods(["GET"])
def region_config_download(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(export_yaml(), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="plek-regio.yaml"'
    return response
