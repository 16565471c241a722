from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plek.accounts.context import actor_from_request
from plek.core.forms import errors_onto_form
from plek.core.text import is_digits
from plek.intake import selectors, services
from plek.intake.charts import zrm_spec, zrm_table
from plek.intake.forms import AssessmentForm, IntakeCompleteForm, IntakeStartForm
from plek.intake.models import Intake
from plek.intake.zrm import DOMAINS, Domain
from plek.people.models import Person
from plek.web.components import Cell, Table


@require_http_methods(["GET", "POST"])
def intake_start(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        start = selectors.intake_start(actor, person_id, timezone.localdate())
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    households = [household for household, _members in start.households]
    form = IntakeStartForm(request.POST or None, households=households)
    if request.method == "POST" and form.is_valid():
        try:
            intake = services.start_intake(
                actor,
                person_id,
                form.cleaned_data["household"].pk,
                form.cleaned_data["started_on"],
                form.cleaned_data["question_behind_question"],
                form.narratives(),
                [o.pk for o in form.cleaned_data["organisations"]],
                form.participant_names(),
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            messages.success(request, _("De intake is gestart."))
            return redirect("intake:detail", intake.pk)
    return render(request, "intake/intake_start.html", {"start": start, "form": form})


@require_http_methods(["GET"])
def intake_detail(request: HttpRequest, intake_id: int) -> HttpResponse:
    try:
        view = selectors.open_intake(actor_from_request(request), intake_id)
    except (Intake.DoesNotExist, Person.DoesNotExist) as exc:
        raise Http404 from exc
    members = Table(
        _("Wie er wonen"),
        [_("Naam"), _("Rol"), _("Sinds")],
        [
            [
                Cell(m.person, f"/personen/{m.person_id}/"),
                Cell(m.get_role_display()),
                Cell(m.start_date),
            ]
            for m in view.members
        ],
        empty_text=_("Geen leden bekend op de startdatum."),
    )
    labels = dict(Domain.choices)
    assessments = Table(
        _("ZRM-metingen bij deze intake"),
        [_("Persoon"), _("Datum"), _("Gescoorde leefgebieden")],
        [
            [
                Cell(a.person, f"/personen/{a.person_id}/zrm/"),
                Cell(a.assessed_on),
                Cell(
                    ", ".join(
                        f"{labels[s.domain]} {s.score}"
                        for s in sorted(a.scores.all(), key=lambda s: DOMAINS.index(s.domain))
                    )
                    or "–"
                ),
            ]
            for a in view.assessments
        ],
        empty_text=_("Nog geen ZRM-metingen bij deze intake."),
    )
    return render(
        request,
        "intake/intake_detail.html",
        {"view": view, "intake": view.intake, "members": members, "assessments": assessments},
    )


@require_http_methods(["GET"])
def zrm_overview(request: HttpRequest, person_id: int) -> HttpResponse:
    try:
        history = selectors.zrm_history(actor_from_request(request), person_id)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "intake/zrm.html",
        {
            "history": history,
            "person": history.person,
            "spec": zrm_spec(history.assessments),
            "table": zrm_table(history.assessments),
        },
    )


@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        person = selectors.assessment_start(actor, person_id)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    intake_id = request.GET.get("intake") or request.POST.get("intake")
    intake_pk = int(intake_id) if intake_id and is_digits(intake_id) else None
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_assessment(
                actor,
                person_id,
                form.cleaned_data["assessed_on"],
                form.scores(),
                form.cleaned_data["instrument_version"],
                intake_pk,
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            messages.success(request, _("De ZRM-meting is vastgelegd."))
            if intake_pk:
                return redirect("intake:detail", intake_pk)
            return redirect("intake:zrm", person_id)
    return render(
        request,
        "intake/assessment_form.html",
        {"person": person, "form": form, "intake_id": intake_pk},
    )


@require_http_methods(["GET", "POST"])
def intake_complete(request: HttpRequest, intake_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        view = selectors.open_intake(actor, intake_id)
    except (Intake.DoesNotExist, Person.DoesNotExist) as exc:
        raise Http404 from exc
    form = IntakeCompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_intake(actor, intake_id, form.cleaned_data["completed_on"])
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            messages.success(request, _("De intake is afgerond."))
            return redirect("intake:detail", intake_id)
    return render(
        request,
        "intake/intake_complete.html",
        {"view": view, "intake": view.intake, "form": form},
        status=400 if form.errors else 200,
    )


PAGE_SIZE = 50


@require_http_methods(["GET"])
def running_intakes(request: HttpRequest) -> HttpResponse:
    """All running intakes of my organisation and mine, the longest running first."""
    actor = actor_from_request(request)
    page = Paginator(selectors.running_intakes(actor), PAGE_SIZE).get_page(request.GET.get("page"))
    intakes: list[Any] = selectors.read_intake_page(actor, list(page.object_list))
    today = timezone.localdate()
    rows = [
        [
            Cell(str(intake.household), reverse("intake:detail", args=[intake.pk])),
            Cell(intake.person),
            Cell(date_format(intake.started_on)),
            Cell(
                (_("%(date)s (te laat)") if intake.due_on < today else "%(date)s")
                % {"date": date_format(intake.due_on)}
            ),
            Cell(intake.started_by.display_name if intake.started_by else "–"),
        ]
        for intake in intakes
    ]
    table = Table(
        _("Intakes in behandeling"),
        [_("Huishouden"), _("Aanvrager"), _("Gestart op"), _("Afronden uiterlijk"), _("Door")],
        rows,
        empty_text=_("Er lopen geen intakes in uw organisatie."),
        caption_hidden=True,
    )
    return render(request, "intake/running_intakes.html", {"table": table, "page": page})
