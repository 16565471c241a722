from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plek.accounts.context import actor_from_request
from plek.accounts.selectors import colleagues
from plek.core.forms import errors_onto_form
from plek.people.models import Person
from plek.plans import selectors, services
from plek.plans.forms import (
    ActionDoneForm,
    ActionForm,
    EndPlanForm,
    EvaluationForm,
    GoalForm,
    HandOverForm,
    PlanStartForm,
    ReviewForm,
)
from plek.plans.models import CASE_LEAD_ROLES, Goal, HandOver, Plan, PlanAction
from plek.plans.pdf import plan_pdf
from plek.plans.selectors import PlanView
from plek.web.components import Cell, Table

NOT_FOUND = (
    Plan.DoesNotExist,
    Goal.DoesNotExist,
    HandOver.DoesNotExist,
    Person.DoesNotExist,
    PlanAction.DoesNotExist,
)


@require_http_methods(["GET", "POST"])
def plan_start(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        start = selectors.plan_start(actor, person_id)
    except NOT_FOUND as exc:
        raise Http404 from exc
    form = PlanStartForm(request.POST or None, households=start.households)
    if request.method == "POST" and form.is_valid():
        household = form.cleaned_data["household"]
        try:
            plan = services.start_plan(
                actor,
                person_id,
                household.pk if household else None,
                form.cleaned_data["started_on"],
                form.cleaned_data["review_on"],
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            messages.success(request, _("Het plan is gestart. U bent de regisseur."))
            return redirect("plans:detail", plan.pk)
    return render(request, "plans/plan_start.html", {"start": start, "form": form})


@require_http_methods(["GET"])
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        view = selectors.open_plan(actor, plan_id)
    except NOT_FOUND as exc:
        raise Http404 from exc
    is_lead = view.case_lead is not None and view.case_lead.user_id == actor.user.pk
    context = {
        "view": view,
        "plan": view.plan,
        "is_lead": is_lead,
        "may_change": selectors.may_change(actor, view),
        "today": timezone.localdate(),
    }
    return render(request, "plans/plan_detail.html", context)


@require_http_methods(["GET"])
def plan_pdf_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    try:
        view = selectors.plan_for_export(actor_from_request(request), plan_id)
    except NOT_FOUND as exc:
        raise Http404 from exc
    response = HttpResponse(plan_pdf(view), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plan-{view.plan.pk}.pdf"'
    return response


def _form_page(
    request: HttpRequest,
    view: PlanView,
    form: forms.Form,
    title: str,
    submit: str,
    save: Callable[[dict[str, Any]], object],
    done: str,
    done_url: str = "",
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            messages.success(request, done)
            return redirect(done_url or reverse("plans:detail", args=[view.plan.pk]))
    return render(
        request,
        "plans/form.html",
        {"view": view, "plan": view.plan, "form": form, "title": title, "submit": submit},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def goal_new(request: HttpRequest, plan_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        view = selectors.open_plan(actor, plan_id)
    except NOT_FOUND as exc:
        raise Http404 from exc
    return _form_page(
        request,
        view,
        GoalForm(request.POST or None),
        _("Doel toevoegen"),
        _("Doel opslaan"),
        lambda data: services.add_goal(actor, plan_id, data["domain"], data["own_words"]),
        _("Het doel is toegevoegd."),
    )


def _goal_view(request: HttpRequest, goal_id: int) -> tuple[Any, PlanView]:
    actor = actor_from_request(request)
    try:
        plan_id = selectors.plan_of_goal(goal_id)
        return actor, selectors.open_plan(actor, plan_id)
    except NOT_FOUND as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, goal_id: int) -> HttpResponse:
    actor, view = _goal_view(request, goal_id)
    return _form_page(
        request,
        view,
        ActionForm(request.POST or None),
        _("Actie toevoegen"),
        _("Actie opslaan"),
        lambda data: services.add_action(
            actor, goal_id, data["description"], data["organisation"].pk, data["target_date"]
        ),
        _("De actie is toegevoegd."),
    )


@require_http_methods(["GET", "POST"])
def evaluation_new(request: HttpRequest, goal_id: int) -> HttpResponse:
    actor, view = _goal_view(request, goal_id)
    return _form_page(
        request,
        view,
        EvaluationForm(request.POST or None),
        _("Doel evalueren"),
        _("Evaluatie opslaan"),
        lambda data: services.add_evaluation(
            actor, goal_id, data["evaluated_on"], data["progress"], data["note"]
        ),
        _("De evaluatie is vastgelegd."),
    )


@require_http_methods(["GET", "POST"])
def hand_over_new(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Pick the new case lead from the colleagues: those of the own organisation, or anyone who
    may be case lead whose name holds the words typed in "naam"."""
    actor = actor_from_request(request)
    try:
        view = selectors.open_plan(actor, plan_id)
    except NOT_FOUND as exc:
        raise Http404 from exc
    name = (request.POST.get("naam") or request.GET.get("naam") or "").strip()[:100]
    found = colleagues(actor.membership, CASE_LEAD_ROLES, name) if actor.membership else []
    form = HandOverForm(request.POST or None, colleagues=found)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_hand_over(actor, plan_id, data["to_username"], data["note"])
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            messages.success(
                request,
                _("De overdracht is gevraagd. Zij telt zodra de nieuwe regisseur haar accepteert."),
            )
            return redirect("plans:detail", view.plan.pk)
    context = {"view": view, "plan": view.plan, "form": form, "name": name, "found": found}
    return render(request, "plans/hand_over_form.html", context)


@require_http_methods(["GET"])
def hand_over_detail(request: HttpRequest, hand_over_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        hand_over, view = selectors.open_hand_over(actor, hand_over_id)
    except NOT_FOUND as exc:
        raise Http404 from exc
    return render(
        request,
        "plans/hand_over.html",
        {
            "hand_over": hand_over,
            "view": view,
            "plan": view.plan,
            "today": timezone.localdate(),
            "for_me": hand_over.to_membership.user_id == actor.user.pk and hand_over.pending,
        },
    )


@require_POST
def hand_over_decide(request: HttpRequest, hand_over_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    accept = request.POST.get("besluit") == "accepteren"
    try:
        hand_over = (services.accept_hand_over if accept else services.decline_hand_over)(
            actor, hand_over_id
        )
    except NOT_FOUND as exc:
        raise Http404 from exc
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:hand-over", hand_over_id)
    if accept:
        messages.success(request, _("U bent nu de regisseur van dit plan."))
        return redirect("plans:detail", hand_over.plan_id)
    messages.success(request, _("U hebt de overdracht afgewezen."))
    return redirect("web:home")


def _plan_view(request: HttpRequest, plan_id: int) -> tuple[Any, PlanView]:
    actor = actor_from_request(request)
    try:
        return actor, selectors.open_plan(actor, plan_id)
    except NOT_FOUND as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
def plan_end(request: HttpRequest, plan_id: int) -> HttpResponse:
    actor, view = _plan_view(request, plan_id)
    return _form_page(
        request,
        view,
        EndPlanForm(request.POST or None),
        _("Plan beëindigen"),
        _("Plan beëindigen"),
        lambda data: services.end_plan(
            actor, plan_id, data["ended_on"], data["reason"], data["note"]
        ),
        _(
            "Het plan is beëindigd. Met het plan eindigt ook uw toegang als regisseur tot "
            "het dossier van dit huishouden."
        ),
        # The relation that opened the plan ends with it: back to the start page.
        done_url=reverse("web:home"),
    )


@require_http_methods(["GET", "POST"])
def review_change(request: HttpRequest, plan_id: int) -> HttpResponse:
    actor, view = _plan_view(request, plan_id)
    return _form_page(
        request,
        view,
        ReviewForm(request.POST or None, initial={"review_on": view.plan.review_on}),
        _("Evaluatiedatum wijzigen"),
        _("Evaluatiedatum opslaan"),
        lambda data: services.set_review(actor, plan_id, data["review_on"]),
        _("De evaluatiedatum is gewijzigd."),
    )


@require_http_methods(["GET", "POST"])
def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        plan_id = selectors.plan_of_action(action_id)
        view = selectors.open_plan(actor, plan_id)
    except NOT_FOUND as exc:
        raise Http404 from exc
    action = next((a for goal in view.goals for a in goal.actions.all() if a.pk == action_id), None)
    return _form_page(
        request,
        view,
        ActionDoneForm(request.POST or None),
        _("Actie afronden: %(action)s") % {"action": action.description[:60] if action else ""},
        _("Actie afronden"),
        lambda data: services.mark_action_done(actor, action_id, data["done_on"]),
        _("De actie is afgerond."),
    )


@require_POST
def hand_over_cancel(request: HttpRequest, hand_over_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        hand_over = services.cancel_hand_over(actor, hand_over_id)
    except NOT_FOUND as exc:
        raise Http404 from exc
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:hand-over", hand_over_id)
    messages.success(request, _("De overdracht is ingetrokken. U blijft de regisseur."))
    return redirect("plans:detail", hand_over.plan_id)


PAGE_SIZE = 50


@require_http_methods(["GET"])
def overdue_actions(request: HttpRequest) -> HttpResponse:
    """Every open action past its target date in the plans I lead, the longest overdue first."""
    actor = actor_from_request(request)
    page = Paginator(selectors.overdue_actions(actor), PAGE_SIZE).get_page(request.GET.get("page"))
    actions = selectors.read_actions(actor, list(page.object_list))
    rows = [
        [
            Cell(
                str(action.goal.plan.household or action.goal.plan.person),
                reverse("plans:detail", args=[action.goal.plan_id]),
            ),
            Cell(action.description),
            Cell(action.goal.get_domain_display()),
            Cell(action.organisation.name),
            Cell(date_format(action.target_date)),
            Cell(_("Afronden"), reverse("plans:action-done", args=[action.pk])),
        ]
        for action in actions
    ]
    table = Table(
        _("Acties over hun streefdatum"),
        [
            _("Huishouden"),
            _("Actie"),
            _("Leefgebied"),
            _("Organisatie"),
            _("Streefdatum"),
            _("Afronden"),
        ],
        rows,
        empty_text=_("Geen acties over hun streefdatum in de plannen die u regisseert."),
        caption_hidden=True,
    )
    return render(request, "plans/overdue_actions.html", {"table": table, "page": page})
