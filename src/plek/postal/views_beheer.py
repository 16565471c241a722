"""The functional admin's page for the terms of the postal-address process (/beheer/)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from plek.accounts.context import actor_from_request
from plek.accounts.decorators import functional_admin
from plek.core.forms import errors_onto_form
from plek.postal.rules import terms
from plek.postal.terms import as_dict, save_terms


class TermsForm(forms.Form):
    decision_days = forms.IntegerField(
        label=gettext_lazy("Beslistermijn (dagen)"),
        min_value=1,
        max_value=365,
        help_text=gettext_lazy("Dagen tussen aanvraag en besluit; ook de norm in de monitor."),
    )
    plan_days = forms.IntegerField(
        label=gettext_lazy("Termijn voor het plan (dagen)"),
        min_value=1,
        max_value=365,
        help_text=gettext_lazy("Dagen na het besluit waarin er een plan moet zijn."),
    )
    review_months = forms.IntegerField(
        label=gettext_lazy("Herbeoordeling elke (maanden)"),
        min_value=1,
        max_value=24,
        help_text=gettext_lazy("Maanden na het besluit of de vorige herbeoordeling."),
    )


@functional_admin
@require_http_methods(["GET", "POST"])
def admin_terms(request: HttpRequest) -> HttpResponse:
    form = TermsForm(request.POST or None, initial=as_dict(terms()))
    if request.method == "POST" and form.is_valid():
        try:
            save_terms(actor_from_request(request), form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Termijnen opgeslagen; ze gelden meteen."))
            return redirect("postal:admin-terms")
    title = _("Termijnen briefadres")
    context = {
        "title": title,
        "intro": _(
            "De termijnen van de aanvraag van een briefadres. Werklijsten en dossiers rekenen "
            "er meteen mee."
        ),
        "form": form,
        "back_url": reverse("beheer:index"),
        "crumbs": [
            (gettext_lazy("Start"), reverse("web:home")),
            (gettext_lazy("Beheer"), reverse("beheer:index")),
            (title, ""),
        ],
    }
    return render(request, "housing/beheer/form.html", context)
