"""The functional admin's page for the retention periods, with the latest runs of the job."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from plek.accounts.context import actor_from_request
from plek.accounts.decorators import functional_admin
from plek.core.forms import errors_onto_form
from plek.retention import selectors, services
from plek.retention.forms import PeriodsForm
from plek.web.components import Cell, Table


@functional_admin
@require_http_methods(["GET", "POST"])
def periods(request: HttpRequest) -> HttpResponse:
    form = PeriodsForm(request.POST or None, initial=services.period_years())
    if request.method == "POST" and form.is_valid():
        try:
            services.set_periods(actor_from_request(request), form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Bewaartermijnen opgeslagen; de volgende run past ze toe."))
            return redirect("retention:admin-periods")
    runs = Table(
        gettext_lazy("Laatste runs"),
        (
            gettext_lazy("Gestart"),
            gettext_lazy("Proefdraai"),
            gettext_lazy("Verwijderd of geanonimiseerd"),
            gettext_lazy("Logregels opgeruimd"),
        ),
        [
            [
                Cell(timezone.localtime(run.started_at).strftime("%d-%m-%Y %H:%M")),
                Cell(_("ja") if run.dry_run else _("nee")),
                Cell(sum(int(c.get("done", 0)) for c in run.counts.values()), numeric=True),
                Cell(run.log_rows_pruned, numeric=True),
            ]
            for run in selectors.latest_runs()
        ],
        empty_text=gettext_lazy("Nog geen runs."),
    )
    title = _("Bewaartermijnen")
    context = {
        "title": title,
        "form": form,
        "runs": runs,
        "back_url": reverse("beheer:index"),
        "crumbs": [
            (gettext_lazy("Start"), reverse("web:home")),
            (gettext_lazy("Beheer"), reverse("beheer:index")),
            (title, ""),
        ],
    }
    return render(request, "retention/periods.html", context)
