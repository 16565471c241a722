"""Import plek-csv from the browser: upload, progress, the error report. Functional admins only."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plek.accounts.context import actor_from_request
from plek.accounts.decorators import functional_admin
from plek.core.tasks import tell_if_waiting
from plek.exchange import progress, selectors, services
from plek.exchange.forms import ImportForm
from plek.exchange.models import ImportJob


@functional_admin
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    # Bound on every POST, also one without files (an empty folder sends none).
    posted = request.method == "POST"
    form = ImportForm(request.POST, request.FILES) if posted else ImportForm()
    if posted and form.is_valid():
        try:
            job = services.start_import(actor, form.cleaned_data["csv_files"])
        except ValidationError as error:
            form.add_error("csv_files", error.message_dict.get("files", error.messages))
        else:
            tell_if_waiting(request, job.handover)
            return redirect("exchange:job", job_id=job.pk)
    context = {
        "form": form,
        "jobs": selectors.recent_jobs(actor),
        "crumbs": [(_("Beheer"), reverse("beheer:index")), (_("Gegevens importeren"), "")],
    }
    return render(request, "exchange/upload.html", context)


def _job(request: HttpRequest, job_id: str) -> ImportJob:
    try:
        return selectors.job(actor_from_request(request), job_id)
    except (ImportJob.DoesNotExist, ValidationError) as error:
        raise Http404 from error


PROBLEMS_PER_PAGE = 100


def _columns(line: str) -> list[str]:
    """`file:row:column: message` as four cells (a message may hold colons itself)."""
    cells = line.split(":", 3)
    return [*cells, *[""] * (4 - len(cells))]


@functional_admin
@require_http_methods(["GET"])
def job_detail(request: HttpRequest, job_id: str) -> HttpResponse:
    job = _job(request, job_id)
    # The stored list is bounded (services.MAX_STORED_PROBLEMS); the page shows it in pages.
    page = Paginator(job.problems, PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "job": job,
        "progress": progress.current(job.pk),
        "page": page,
        "problems": [_columns(line) for line in page.object_list],
        "crumbs": [
            (_("Beheer"), reverse("beheer:index")),
            (_("Gegevens importeren"), reverse("exchange:upload")),
            (str(job), ""),
        ],
    }
    return render(request, "exchange/job.html", context)


@functional_admin
@require_http_methods(["GET"])
def job_progress(request: HttpRequest, job_id: str) -> HttpResponse:
    """The progress bar alone, polled by htmx while the import runs."""
    job = _job(request, job_id)
    return render(
        request, "exchange/_progress.html", {"job": job, "progress": progress.current(job.pk)}
    )
