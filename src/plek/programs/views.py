"""Programme pages: every role reads, policy officers and functional admins edit. No person data."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plek.accounts.context import Actor, actor_from_request
from plek.core.dates import today as plek_today
from plek.core.tasks import tell_if_waiting
from plek.programs import indicators, interchange, jobs, planning, reports, selectors, services
from plek.programs.forms import (
    ActionForm,
    CouncilReportForm,
    EvaluationForm,
    ImportForm,
    MilestoneForm,
    MomentForm,
    ReportFormatForm,
    StatusForm,
    ValueForm,
    last_year,
)
from plek.programs.models import (
    Action,
    Indicator,
    Milestone,
    Programme,
    ReportingMoment,
    ReportJob,
    ReportKind,
)


def _crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Uitvoeringsprogramma's"), reverse("programs:list")), *pairs]


def _editor(request: HttpRequest) -> Actor:
    actor = actor_from_request(request)
    if not services.may_edit(actor):
        raise PermissionDenied
    return actor


def _programme(pk: int) -> Programme:
    try:
        return selectors.programme(pk)
    except Programme.DoesNotExist as error:
        raise Http404 from error


def _apply_errors(form: Any, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@require_http_methods(["GET"])
def programme_list(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    context = {
        "programmes": selectors.programmes(),
        "may_edit": services.may_edit(actor),
        "crumbs": [(_("Uitvoeringsprogramma's"), "")],
    }
    return render(request, "programs/list.html", context)


@require_http_methods(["GET", "POST"])
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    form = MomentForm(request.POST or None)
    if request.method == "POST":
        actor = _editor(request)
        if form.is_valid():
            try:
                moment = services.record_moment(
                    actor,
                    programme,
                    form.cleaned_data["title"],
                    form.cleaned_data["reference_date"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Het rapportagemoment is aangemaakt."))
                return redirect("programs:moment", pk=moment.pk)
    return _detail(request, programme, form=form)


def _detail(
    request: HttpRequest,
    programme: Programme,
    form: MomentForm | None = None,
    action_form: ActionForm | None = None,
) -> HttpResponse:
    actor = actor_from_request(request)
    latest = selectors.latest_moment(programme)
    today = timezone.localdate()
    cache = indicators.FigureCache(today)
    readings = [
        indicators.read(row, today, cache, with_trend=False)
        for row in selectors.indicators(programme)
    ]
    context = {
        "programme": programme,
        "themes": programme.themes.all(),
        "statuses": selectors.statuses(programme, latest),
        "latest": latest,
        "moments": selectors.moments(programme),
        "readings": readings,
        "form": form or MomentForm(),
        "action_form": action_form or ActionForm(programme_id=programme.pk, prefix="actie"),
        "may_edit": services.may_edit(actor),
        "crumbs": _crumbs((programme.name, "")),
    }
    return render(request, "programs/detail.html", context)


@require_http_methods(["POST"])
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    """An action added mid-term or after a council motion."""
    actor = _editor(request)
    programme = _programme(pk)
    form = ActionForm(request.POST, programme_id=programme.pk, prefix="actie")
    if form.is_valid():
        data = form.cleaned_data
        try:
            action = services.add_action(
                actor,
                programme,
                theme=data["theme"],
                number=data["number"],
                title=data["title"],
                lead_organisation=data["lead_organisation"],
                origin=data["origin"],
                motion_reference=data["motion_reference"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("De actie is toegevoegd."))
            return redirect("programs:action", pk=action.pk)
    return _detail(request, programme, action_form=form)


@require_http_methods(["GET"])
def programme_planning(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    latest = selectors.latest_moment(programme)
    plan = planning.build(programme, selectors.statuses(programme, latest), timezone.localdate())
    context = {
        "programme": programme,
        "planning": plan,
        "latest": latest,
        "crumbs": _crumbs(
            (programme.name, reverse("programs:detail", args=[pk])), (_("Planning"), "")
        ),
    }
    return render(request, "programs/planning.html", context)


@require_http_methods(["GET", "POST"])
def moment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    moment = get_object_or_404(ReportingMoment.objects.select_related("programme"), pk=pk)
    programme = moment.programme
    actor = actor_from_request(request)
    form = StatusForm(request.POST or None, programme_id=programme.pk)
    if request.method == "POST":
        actor = _editor(request)
        if form.is_valid():
            try:
                services.record_status(
                    actor,
                    form.cleaned_data["action"],
                    moment,
                    form.cleaned_data["status"],
                    form.cleaned_data["note"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("De status is vastgelegd."))
                return redirect("programs:moment", pk=moment.pk)
    document = reports.stand_van_zaken(programme, moment)
    context = {
        "moment": moment,
        "programme": programme,
        "document": document,
        "form": form,
        "format_form": ReportFormatForm(),
        "may_edit": services.may_edit(actor),
        "crumbs": _crumbs(
            (programme.name, reverse("programs:detail", args=[programme.pk])), (moment.title, "")
        ),
    }
    return render(request, "programs/moment.html", context)


@require_http_methods(["POST"])
def moment_settle(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _editor(request)
    moment = get_object_or_404(ReportingMoment, pk=pk)
    services.settle_moment(actor, moment)
    messages.success(request, _("Het rapportagemoment is vastgesteld."))
    return redirect("programs:moment", pk=pk)


@require_http_methods(["GET", "POST"])
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("programme", "theme"), pk=pk)
    actor = actor_from_request(request)
    if request.method == "POST":
        actor = _editor(request)
        milestone = get_object_or_404(Milestone, pk=request.POST.get("milestone"), action=action)
        form = MilestoneForm(request.POST)
        if form.is_valid():
            try:
                services.reach_milestone(actor, milestone, form.cleaned_data["reached_on"])
            except ValidationError as error:
                for problems in error.message_dict.values():
                    for problem in problems:
                        messages.error(request, problem)
            else:
                messages.success(request, _("De mijlpaal is bijgewerkt."))
            return redirect("programs:action", pk=pk)
    today = timezone.localdate()
    context = {
        "action": action,
        "milestones": [(m, m.late_on(today)) for m in action.milestones.all()],
        "history": selectors.history(action),
        "may_edit": services.may_edit(actor),
        "crumbs": _crumbs(
            (action.programme.name, reverse("programs:detail", args=[action.programme_id])),
            (f"{action.number} {action.title}", ""),
        ),
    }
    return render(request, "programs/action.html", context)


@require_http_methods(["GET", "POST"])
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(
        Indicator.objects.select_related("programme", "municipality", "theme", "action"), pk=pk
    )
    actor = actor_from_request(request)
    form = ValueForm(request.POST or None)
    if request.method == "POST":
        actor = _editor(request)
        if form.is_valid():
            try:
                services.record_value(
                    actor,
                    indicator,
                    form.cleaned_data["on_date"],
                    form.cleaned_data["value"],
                    form.cleaned_data["note"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("De waarde is vastgelegd."))
                return redirect("programs:indicator", pk=pk)
    reading = indicators.read(indicator, timezone.localdate())
    context = {
        "indicator": indicator,
        "reading": reading,
        "spec": indicators.trend_spec(reading),
        "form": form,
        "may_edit": services.may_edit(actor) and indicator.manual,
        "crumbs": _crumbs(
            (indicator.programme.name, reverse("programs:detail", args=[indicator.programme_id])),
            (indicator.name, ""),
        ),
    }
    return render(request, "programs/indicator.html", context)


# -- reports -------------------------------------------------------------------------------------


@require_http_methods(["POST"])
def moment_report(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _editor(request)
    moment = get_object_or_404(ReportingMoment, pk=pk)
    form = ReportFormatForm(request.POST)
    file_format = form.cleaned_data["file_format"] if form.is_valid() else "pdf"
    job = jobs.start_report(
        actor, ReportKind.STAND, file_format, {"moment": moment.pk}, moment.programme_id
    )
    tell_if_waiting(request, job.handover)
    return redirect("programs:report", pk=job.pk)


@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    actor = _editor(request)
    default_year = timezone.localdate().year - 1
    form = EvaluationForm(
        request.POST or None, initial={"year": default_year, "file_format": "pdf"}
    )
    if request.method == "POST" and form.is_valid():
        job = jobs.start_report(
            actor,
            ReportKind.EVALUATIE,
            form.cleaned_data["file_format"],
            {"year": form.cleaned_data["year"]},
            programme.pk,
        )
        tell_if_waiting(request, job.handover)
        return redirect("programs:report", pk=job.pk)
    context = {
        "programme": programme,
        "form": form,
        "crumbs": _crumbs(
            (programme.name, reverse("programs:detail", args=[pk])), (_("Jaarevaluatie"), "")
        ),
    }
    return render(request, "programs/evaluation.html", context)


@require_http_methods(["GET", "POST"])
def council_report(request: HttpRequest) -> HttpResponse:
    actor = _editor(request)
    start, end = last_year()
    form = CouncilReportForm(
        request.POST or None, initial={"start": start, "end": end, "file_format": "pdf"}
    )
    if request.method == "POST" and form.is_valid():
        municipality = form.cleaned_data["municipality"]
        job = jobs.start_report(
            actor,
            ReportKind.RAAD,
            form.cleaned_data["file_format"],
            {
                "start": form.cleaned_data["start"].isoformat(),
                "end": form.cleaned_data["end"].isoformat(),
                "municipality": municipality.code if municipality else "",
            },
            None,
        )
        tell_if_waiting(request, job.handover)
        return redirect("programs:report", pk=job.pk)
    context = {"form": form, "crumbs": _crumbs((_("Raadsrapportage monitor"), ""))}
    return render(request, "programs/council.html", context)


def _job(request: HttpRequest, pk: int) -> ReportJob:
    try:
        return jobs.job_for(actor_from_request(request), pk)
    except ReportJob.DoesNotExist as error:
        raise Http404 from error


@require_http_methods(["GET"])
def report_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    context = {
        "job": job,
        "progress": jobs.current_progress(job.pk),
        "crumbs": _crumbs(
            *(
                [(job.programme.name, reverse("programs:detail", args=[job.programme_id]))]
                if job.programme
                else []
            ),
            (str(job), ""),
        ),
    }
    return render(request, "programs/report.html", context)


@require_http_methods(["GET"])
def report_progress(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(
        request, "programs/_progress.html", {"job": job, "progress": jobs.current_progress(job.pk)}
    )


@require_http_methods(["GET"])
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.finished_at is None or job.failed:  # running, aborted or failed: no file
        raise Http404
    content = ReportJob.objects.values_list("content", flat=True).get(pk=job.pk)
    response = HttpResponse(bytes(content or b""), content_type=jobs.CONTENT_TYPES[job.file_format])
    response["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
    return response


# -- import and export ---------------------------------------------------------------------------


@require_http_methods(["GET"])
def export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    if file_format not in ("yaml", "xlsx"):
        raise Http404
    programme = _programme(pk)
    data = interchange.export_programme(programme)
    stamp = plek_today().isoformat()
    if file_format == "yaml":
        response = HttpResponse(
            interchange.to_yaml(data), content_type="application/yaml; charset=utf-8"
        )
    else:
        response = HttpResponse(interchange.to_xlsx(data), content_type=jobs.CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="programma-{pk}-{stamp}.{file_format}"'
    return response


@require_http_methods(["GET", "POST"])
def import_programme(request: HttpRequest) -> HttpResponse:
    actor = _editor(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[interchange.Problem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            programme = interchange.import_upload(actor, upload.name, upload.read())
        except interchange.ImportFailed as failed:
            problems = failed.problems
        else:
            messages.success(request, _("Het programma is geïmporteerd."))
            return redirect("programs:detail", pk=programme.pk)
    context = {
        "form": form,
        "problems": problems,
        "crumbs": _crumbs((_("Programma importeren"), "")),
    }
    return render(request, "programs/import.html", context)
