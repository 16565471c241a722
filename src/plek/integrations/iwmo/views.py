"""The functional admin's iWmo page: make allocations, download what waits, upload answers."""

from __future__ import annotations

import io
import zipfile

from django import forms
from django.contrib import messages as flash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from plek.accounts.context import actor_from_request
from plek.accounts.decorators import functional_admin
from plek.core import dates
from plek.integrations.iwmo import selectors, services
from plek.integrations.iwmo.messages import MessageError

MAX_UPLOAD = 5 * 1024 * 1024


class UploadForm(forms.Form):
    bestand = forms.FileField(label=gettext_lazy("Retourbericht of start-/stopbericht (XML)"))


@functional_admin
@require_http_methods(["GET", "POST"])
def overview(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["bestand"]
        try:
            if upload.size > MAX_UPLOAD:
                raise MessageError(_("%(file)s: groter dan 5 MB.") % {"file": upload.name})
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError as exc:
                raise MessageError(
                    _("%(file)s: geen UTF-8-tekst.") % {"file": upload.name}
                ) from exc
            incoming = services.import_message(actor_from_request(request), upload.name, text)
        except MessageError as exc:
            flash.error(request, str(exc))
        else:
            flash.success(
                request,
                _("%(kind)s %(id)s is ingelezen.")
                % {"kind": incoming.get_kind_display(), "id": incoming.identification},
            )
            return redirect("integrations:iwmo")
    title = _("iWmo-berichten")
    context = {
        "title": title,
        "form": form,
        "rows": selectors.recent_messages(),
        "waiting": selectors.waiting_count(),
        "crumbs": [
            (gettext_lazy("Start"), reverse("web:home")),
            (gettext_lazy("Beheer"), reverse("beheer:index")),
            (title, ""),
        ],
    }
    return render(request, "integrations/iwmo.html", context)


@functional_admin
@require_POST
def allocate(request: HttpRequest) -> HttpResponse:
    try:
        made = services.allocate(actor_from_request(request))
    except MessageError as exc:
        flash.error(request, str(exc))
    else:
        flash.success(
            request, _("%(count)d toewijzingsbericht(en) klaargezet.") % {"count": len(made)}
        )
    return redirect("integrations:iwmo")


@functional_admin
@require_POST
def download(request: HttpRequest) -> HttpResponse:
    taken = services.take_pending(actor_from_request(request))
    if not taken:
        flash.info(request, _("Er staan geen berichten klaar."))
        return redirect("integrations:iwmo")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for message in taken:
            archive.writestr(message.file_name, message.xml)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    name = f"iwmo-{dates.today().isoformat()}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
