"""Pages of the ZGW adapter: the functional admin's configuration, and 'opnieuw proberen'."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from plek.accounts.context import actor_from_request
from plek.accounts.decorators import functional_admin
from plek.core.forms import errors_onto_form
from plek.integrations.models_zgw import RegistrationState, ZaakRegistration
from plek.integrations.zgw import selectors, services
from plek.integrations.zgw.forms import ZgwConfigurationForm
from plek.postal.models import PostalApplication


@functional_admin
@require_http_methods(["GET", "POST"])
def configuration(request: HttpRequest) -> HttpResponse:
    current = services.configuration()
    form = ZgwConfigurationForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data.get(name) for name in services.CONFIG_FIELDS}
        try:
            services.save_configuration(actor_from_request(request), values)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("De koppeling met het zaaksysteem is opgeslagen."))
            return redirect("integrations:zgw-config")
    counts = selectors.state_counts()
    title = _("Zaaksysteem (ZGW)")
    context = {
        "title": title,
        "form": form,
        "counts": [(RegistrationState(state).label, number) for state, number in counts.items()],
        "back_url": reverse("beheer:index"),
        "crumbs": [
            (gettext_lazy("Start"), reverse("web:home")),
            (gettext_lazy("Beheer"), reverse("beheer:index")),
            (title, ""),
        ],
    }
    return render(request, "integrations/zgw_config.html", context)


@require_POST
def retry(request: HttpRequest, application_id: int) -> HttpResponse:
    try:
        services.retry(actor_from_request(request), application_id)
    except (PostalApplication.DoesNotExist, ZaakRegistration.DoesNotExist) as exc:
        raise Http404 from exc
    messages.success(request, _("De zaak wordt opnieuw naar het zaaksysteem gestuurd."))
    return redirect(reverse("postal:detail", args=[application_id]))
