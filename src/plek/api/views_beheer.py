"""The functional admin's pages for system clients, under /beheer/systeemclients/.

Create a client (its secret is shown once, on the answer to the create), set its scopes, revoke
it; each client's page shows its history. Views are thin: ``plek.api.services`` changes and
keeps the history.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from plek.accounts.context import actor_from_request
from plek.accounts.decorators import functional_admin
from plek.accounts.models import ConfigChange
from plek.api import services
from plek.api.forms import ClientForm, ScopesForm
from plek.api.models import SystemClient
from plek.core.forms import errors_onto_form
from plek.web.components import Cell, Table, Text

PAGE_SIZE = 25


def _crumbs(*trail: tuple[Text, str]) -> list[tuple[Text, str]]:
    return [
        (gettext_lazy("Start"), reverse("web:home")),
        (gettext_lazy("Beheer"), reverse("beheer:index")),
        (gettext_lazy("Systeemclients"), reverse("api-clients:list")),
        *trail,
    ]


@functional_admin
def client_list(request: HttpRequest) -> HttpResponse:
    clients = SystemClient.objects.select_related("organisation").order_by("name", "id")
    page = Paginator(clients, PAGE_SIZE).get_page(request.GET.get("page"))
    table = Table(
        _("Systeemclients"),
        (_("Naam"), _("Client-id"), _("Organisatie"), _("Rol"), _("Scopes"), _("Status")),
        [
            [
                Cell(c.name, reverse("api-clients:detail", args=[c.pk])),
                Cell(c.client_id),
                Cell(c.organisation.name),
                Cell(c.get_role_display()),
                Cell(", ".join(c.scopes) or "—"),
                Cell(_("actief") if c.active else _("ingetrokken")),
            ]
            for c in page
        ],
        empty_text=_("Nog geen systeemclients."),
        caption_hidden=True,
    )
    crumbs = [*_crumbs()[:-1], (_("Systeemclients"), "")]
    context = {"page": page, "table": table, "crumbs": crumbs}
    return render(request, "api/beheer/client_list.html", context)


@functional_admin
@require_http_methods(["GET", "POST"])
def client_create(request: HttpRequest) -> HttpResponse:
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            client, secret = services.create_client(
                actor_from_request(request),
                name=data["name"],
                client_id=data["client_id"],
                organisation=data["organisation"],
                role=data["role"],
                scopes=data["scopes"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            # Shown once, in this answer only: it is not stored in the session or a URL.
            context = {
                "client": client,
                "secret": secret,
                "crumbs": _crumbs((client.name, "")),
            }
            return render(request, "api/beheer/client_secret.html", context)
    context = {
        "title": _("Nieuwe systeemclient"),
        "form": form,
        "back_url": reverse("api-clients:list"),
        "crumbs": _crumbs((_("Nieuwe systeemclient"), "")),
    }
    return render(request, "api/beheer/form.html", context)


@functional_admin
@require_http_methods(["GET", "POST"])
def client_detail(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = get_object_or_404(SystemClient.objects.select_related("organisation"), pk=client_pk)
    form = ScopesForm(request.POST or None, initial={"scopes": client.scopes})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_scopes(actor_from_request(request), client.pk, form.cleaned_data["scopes"])
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Scopes opgeslagen."))
            return redirect("api-clients:detail", client_pk=client.pk)
    changes = ConfigChange.objects.filter(area=services.AREA, subject_key=client.client_id)
    history = Table(
        _("Wijzigingen"),
        (_("Wanneer"), _("Veld"), _("Oud"), _("Nieuw"), _("Door")),
        [
            [
                Cell(date_format(timezone.localtime(row.changed_at), "j F Y H:i")),
                Cell(row.field),
                Cell(row.old_value or "—"),
                Cell(row.new_value or "—"),
                Cell(row.changed_by.username if row.changed_by else "—"),
            ]
            for row in changes.select_related("changed_by")[:100]
        ],
        empty_text=_("Nog geen wijzigingen."),
    )
    context = {
        "client": client,
        "form": form,
        "history": history,
        "crumbs": _crumbs((client.name, "")),
    }
    return render(request, "api/beheer/client_detail.html", context)


@functional_admin
@require_POST
def client_revoke(request: HttpRequest, client_pk: int) -> HttpResponse:
    try:
        client = services.revoke_client(actor_from_request(request), client_pk)
    except SystemClient.DoesNotExist:
        return redirect("api-clients:list")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Client ingetrokken: %(name)s.") % {"name": client.name})
    return redirect("api-clients:detail", client_pk=client_pk)
