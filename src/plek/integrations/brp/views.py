"""The BRP pages: the comparison on a person's file, and the functional admin's settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from plek.access.exceptions import AccessDenied
from plek.access.policy import may_read_person_files
from plek.accounts import config_history
from plek.accounts.context import actor_from_request
from plek.accounts.decorators import functional_admin
from plek.core.forms import errors_onto_form
from plek.integrations.brp import client, selectors, services, services_admin
from plek.integrations.brp.forms import BrpConfigForm, CopyForm, LookupForm
from plek.people.forms import PersonForm
from plek.people.models import Person

# The BRP's answer between the look-up and the prefilled registration form (server-side session,
# removed when the form is shown).
REGISTRATION_SESSION_KEY = "plek_brp_registration"


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


@require_http_methods(["GET", "POST"])
def registration(request: HttpRequest) -> HttpResponse:
    """Before registering: look the BSN up in the BRP, tick what to take over, and get plek's
    registration form filled with it (which then runs the usual duplicate check)."""
    actor = actor_from_request(request)
    if not may_read_person_files(actor):
        raise AccessDenied()
    if request.method == "POST" and request.POST.get("step") == "prefill":
        return _prefilled_registration(request)
    lookup = LookupForm(request.POST or None)
    context: dict[str, object] = {"lookup": lookup}
    if request.method == "POST" and lookup.is_valid():
        bsn = lookup.cleaned_data["bsn"]
        try:
            values = services.consult_for_registration(actor, bsn)
        except client.BrpUnavailable as exc:
            context["error"] = str(exc)
        except ValidationError as exc:
            errors_onto_form(lookup, exc)
        else:
            if values is None:
                context["not_found"] = True
            else:
                texts = {name: services.as_text(value) for name, value in values.items()}
                request.session[REGISTRATION_SESSION_KEY] = {"bsn": bsn, "values": texts}
                context["rows"] = [
                    (name, label, texts[name]) for name, label in services.COPYABLE.items()
                ]
    return render(request, "integrations/brp_registration.html", context)


def _prefilled_registration(request: HttpRequest) -> HttpResponse:
    stored = request.session.pop(REGISTRATION_SESSION_KEY, None)
    if stored is None:
        messages.error(request, _("Zoek het BSN eerst op in de BRP."))
        return redirect("brp:registration")
    form = CopyForm(request.POST, choices=list(services.COPYABLE.items()))  # type: ignore[arg-type]
    chosen = form.cleaned_data["chosen"] if form.is_valid() else []
    initial = {"bsn": stored["bsn"]}
    initial.update({name: stored["values"][name] for name in chosen if stored["values"][name]})
    context = {"form": PersonForm(initial=initial), "report": None, "from_brp": True}
    return render(request, "people/person_form.html", context)
