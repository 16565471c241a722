"""The BRP pages: the comparison on a person's file, and the functional admin's settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from plek.accounts import config_history
from plek.accounts.context import actor_from_request
from plek.accounts.decorators import functional_admin
from plek.core.forms import errors_onto_form
from plek.integrations.brp import client, selectors, services, services_admin
from plek.integrations.brp.forms import BrpConfigForm, CopyForm
from plek.people.models import Person


@require_http_methods(["GET", "POST"])
def compare(request: HttpRequest, person_id: int) -> HttpResponse:
    """GET: the BRP beside plek; POST: copy the ticked fields (from a fresh BRP answer)."""
    actor = actor_from_request(request)
    if request.method == "POST":
        form = CopyForm(request.POST, choices=list(services.COPYABLE.items()))  # type: ignore[arg-type]
        if form.is_valid():
            try:
                copies = services.copy_from_brp(actor, person_id, form.cleaned_data["chosen"])
            except Person.DoesNotExist as exc:
                raise Http404 from exc
            except client.BrpUnavailable as exc:
                messages.error(request, str(exc))
                return redirect("brp:compare", person_id=person_id)
            except ValidationError as exc:
                errors_onto_form(form, exc)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d gegeven uit de BRP overgenomen.",
                        "%(count)d gegevens uit de BRP overgenomen.",
                        len(copies),
                    )
                    % {"count": len(copies)},
                )
                return redirect("people:detail", person_id=person_id)
        error_form: CopyForm | None = form
    else:
        error_form = None
    try:
        comparison = services.compare(actor, person_id)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    except (client.BrpUnavailable, ValidationError) as exc:
        message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        return render(
            request,
            "integrations/brp_compare.html",
            {"error": message, "person_id": person_id},
        )
    differing = [(row.field, row.label) for row in comparison.rows if row.differs]
    form = error_form or CopyForm(choices=differing)
    context = {
        "person": comparison.person,
        "person_id": person_id,
        "comparison": comparison,
        "form": form,
        "differing": differing,
        "copies": selectors.copies_of(actor, person_id),
    }
    return render(request, "integrations/brp_compare.html", context)


@functional_admin
def config_edit(request: HttpRequest) -> HttpResponse:
    current = services.current_config()
    form = BrpConfigForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services_admin.save_config(actor_from_request(request), form)
        messages.success(request, _("De instellingen van de BRP-koppeling zijn opgeslagen."))
        return redirect("brp:config")
    context = {
        "form": form,
        "history": config_history.changes(services_admin.HISTORY_AREA)[:20],
        "key_from_environment": client.api_key(current) != current.api_key,
    }
    return render(request, "integrations/brp_config.html", context)
