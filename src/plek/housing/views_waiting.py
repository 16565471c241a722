"""Pages of the access consultant's placement office: the central waiting list, access
decisions, parking, proposing candidates with a preview, and the ranking configuration."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plek.accounts.context import Actor, actor_from_request
from plek.accounts.roles import Role
from plek.core import dates
from plek.core.forms import errors_onto_form
from plek.housing import selectors
from plek.housing.choices import FacilityType
from plek.housing.forms import ReasonForm
from plek.housing.forms_waiting import (
    RANKED_TYPES,
    AccessDecisionForm,
    ListFilterForm,
    ParkForm,
    RankingPolicyForm,
)
from plek.housing.loaders import policy_for, weights_of
from plek.housing.models import Facility, RankingPolicyChange
from plek.housing.ranking import PART_LABELS, Weights
from plek.housing.services import proposals as proposal_services
from plek.housing.services import ranking as ranking_services
from plek.housing.services import waiting as waiting_services
from plek.housing.waiting_list import Filters, central_list, names_for_preview, preview_reorder
from plek.web.components import Cell, Table

PREVIEW_SALT = "plek.housing.propose-preview"


def _has_role(request: HttpRequest) -> Actor:
    actor = actor_from_request(request)
    if actor.membership is None:
        raise PermissionDenied
    return actor


# --- the central waiting list --------------------------------------------------------------------


def _class_counts(facility_type: str) -> Table:
    counts = selectors.waiting_counts(facility_type)
    return Table(
        _("Wachtenden per urgentieklasse"),
        [_("Urgentie"), _("Wachtenden")],
        [[Cell(c.label), Cell(selectors.small(c.waiting), numeric=True)] for c in counts],
        caption_hidden=True,
    )


def _busiest_type(actor: Actor) -> str:
    """Without a choice: the type with the most open entries in the actor's region."""
    from django.db.models import Count

    from plek.housing.waiting_list import region_entries

    busiest = (
        region_entries(actor.organisation_id, dates.today())
        .exclude(facility_type="terugval")
        .values_list("facility_type")
        .annotate(n=Count("id"))
        .order_by("-n", "facility_type")
        .first()
    )
    return busiest[0] if busiest else FacilityType.NACHTOPVANG


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@require_http_methods(["GET"])
def waiting_list(request: HttpRequest) -> HttpResponse:
    """The region's central list of a type, ranked in SQL, with filters and pages."""
    actor = _has_role(request)
    form = ListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    facility_type = data.get("soort") or _busiest_type(actor)
    if not form.is_bound:
        form = ListFilterForm(initial={"soort": facility_type})
    context: dict[str, Any] = {"form": form, "current": facility_type}
    if not selectors.may_see_waiting_rows(actor, facility_type):
        context.update(table=_class_counts(facility_type), counts_only=True)
        return render(request, "housing/central_list.html", context)
    filters = Filters(
        facility_type=facility_type,
        priority=data.get("prioriteit") or "",
        municipality_id=data["gemeente"].pk if data.get("gemeente") else None,
        min_days=data.get("dagen") or None,
        search=(data.get("zoek") or "").strip(),
    )
    page = central_list(actor, filters, _page_number(request))
    table = Table(
        _("Centrale wachtlijst"),
        [
            _("Positie"),
            _("Persoon"),
            _("Urgentie"),
            _("Gemeente"),
            _("Dagen wachtend"),
            _("Score"),
            _("Waarom deze positie"),
        ],
        [
            [
                Cell(row.ranked.position, numeric=True),
                Cell(str(row.person), reverse("housing:waiting-detail", args=[row.entry_id]))
                if row.person
                else Cell("–"),
                Cell(str(dict(_priority_labels()).get(row.ranked.entry.priority, ""))),
                Cell(row.municipality or "–"),
                Cell(row.days_waiting, numeric=True),
                Cell(row.ranked.score, numeric=True),
                Cell(_why(row)),
            ]
            for row in page.rows
        ],
        empty_text=_("Niemand op deze lijst die aan de filters voldoet."),
    )
    context.update(table=table, page=page, weights=page.weights)
    return render(request, "housing/central_list.html", context)


def _priority_labels() -> list[tuple[str, str]]:
    from plek.core.choices import Priority

    return [(value, str(label)) for value, label in Priority.choices]


def _why(row: Any) -> str:
    labels = dict(_priority_labels())
    klass = (
        _("klasse %(label)s") % {"label": labels.get(row.ranked.entry.priority, "")}
        if row.ranked.weights.class_first
        else ""
    )
    return f"{klass}; {row.why}" if klass else row.why


# --- the entry, access decision and parking ------------------------------------------------------


@require_http_methods(["GET"])
def waiting_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    view = selectors.open_waiting_entry(actor, entry_id)
    return render(
        request,
        "housing/waiting_detail.html",
        {
            "view": view,
            "entry": view.entry,
            "withdraw_form": ReasonForm(),
            "park_form": ParkForm(),
            "needs_decision": needs_decision(actor, view.entry),
        },
    )


@require_http_methods(["GET", "POST"])
def access_decision(request: HttpRequest, entry_id: int) -> HttpResponse:
    actor = _has_role(request)
    if actor.role != Role.TOEGANG:
        raise PermissionDenied
    view = selectors.open_waiting_entry(actor, entry_id)
    form = AccessDecisionForm(
        request.POST or None,
        initial={
            "decision": "toekennen",
            "decided_on": dates.today(),
            "valid_until": dates.today().replace(year=dates.today().year + 1),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            waiting_services.decide_access(
                actor,
                entry_id,
                data["decision"] == "toekennen",
                data["decided_on"],
                data["valid_until"],
                data["reason"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Het toegangsbesluit is vastgelegd."))
            return redirect("housing:waiting-detail", entry_id=entry_id)
    return render(
        request,
        "housing/form.html",
        {
            "title": _("Toegangsbesluit"),
            "subject": f"{view.entry.person} · {view.entry.get_facility_type_display()}",
            "form": form,
            "submit": _("Besluit vastleggen"),
        },
    )


@require_POST
def park(request: HttpRequest, entry_id: int) -> HttpResponse:
    actor = _has_role(request)
    form = ParkForm(request.POST)
    if form.is_valid():
        try:
            waiting_services.park_entry(
                actor, entry_id, form.cleaned_data["reason"], form.cleaned_data["until"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("De inschrijving is geparkeerd."))
    else:
        messages.error(
            request, " ".join(f"{form.fields[k].label}: {v[0]}" for k, v in form.errors.items())
        )
    return redirect("housing:waiting-detail", entry_id=entry_id)


# --- proposing candidates: preview, then confirm -------------------------------------------------


def _preview_page(
    request: HttpRequest,
    actor: Actor,
    planned: list[proposal_services.Planned],
    unit_ids: list[int] | None,
    back: str,
    action: str,
) -> HttpResponse:
    names = names_for_preview(actor, [p.person_id for p in planned])
    table = Table(
        _("Voorstellen die worden gedaan"),
        [_("Eenheid"), _("Kandidaat"), _("Positie"), _("Score"), _("Waarom")],
        [
            [
                Cell(p.unit_label),
                Cell(names.get(p.person_id) or _("inschrijving %(id)s") % {"id": p.entry_id}),
                Cell(p.position, numeric=True),
                Cell(p.score, numeric=True),
                Cell(
                    " + ".join(
                        f"{PART_LABELS[part.key]} {part.points}"
                        for part in p.ranked.parts
                        if part.points
                    )
                    or "0"
                ),
            ]
            for p in planned
        ],
        empty_text=_("Geen vrije eenheid met een passende kandidaat."),
    )
    token = signing.dumps(
        {"pairs": [list(p.pair) for p in planned], "units": unit_ids}, salt=PREVIEW_SALT
    )
    return render(
        request,
        "housing/propose_preview.html",
        {"table": table, "token": token, "count": len(planned), "back": back, "action": action},
    )


def _propose(request: HttpRequest, unit_ids: list[int] | None, back: str) -> HttpResponse:
    actor = _has_role(request)
    if "token" not in request.POST:
        proposal_services.lapse_expired()
        planned = proposal_services.plan_proposals(actor, unit_ids=unit_ids)
        return _preview_page(request, actor, planned, unit_ids, back, request.path)
    try:
        data = signing.loads(request.POST["token"], salt=PREVIEW_SALT, max_age=3600)
    except signing.BadSignature:
        messages.error(request, _("Het voorbeeld is verlopen; bekijk het opnieuw."))
        return redirect(back)
    try:
        created = proposal_services.confirm_proposals(
            actor, [tuple(pair) for pair in data["pairs"]], unit_ids=data["units"]
        )
    except proposal_services.StalePreview as stale:
        messages.warning(
            request,
            _(
                "Intussen is er iets veranderd (een eenheid of kandidaat is al voorgesteld). "
                "Dit zou nu worden voorgesteld; er is nog niets vastgelegd."
            ),
        )
        return _preview_page(request, actor, stale.planned, data["units"], back, request.path)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(request, _("%(n)s voorstel(len) gedaan.") % {"n": len(created)})
    return redirect(back)


@require_POST
def propose(request: HttpRequest, facility_id: int) -> HttpResponse:
    """ "Kandidaten voorstellen" for one facility: first the preview, then the confirmation."""
    facility = get_object_or_404(Facility, pk=facility_id)
    unit_ids = list(facility.units.values_list("pk", flat=True))
    return _propose(request, unit_ids, reverse("housing:board", args=[facility.pk]))


@require_http_methods(["GET", "POST"])
def propose_all(request: HttpRequest) -> HttpResponse:
    """The access consultant proposes candidates for every free unit of the region."""
    actor = _has_role(request)
    if actor.role != Role.TOEGANG:
        raise PermissionDenied
    if request.method == "GET":
        planned = proposal_services.plan_proposals(actor)
        return _preview_page(
            request, actor, planned, None, reverse("housing:waiting-list"), request.path
        )
    return _propose(request, None, reverse("housing:waiting-list"))


# --- ranking configuration (functional admin) ----------------------------------------------------


def _weights_from(form: RankingPolicyForm) -> Weights:
    return Weights(**form.weight_values(), class_first=form.cleaned_data["class_first"])


@require_http_methods(["GET", "POST"])
def ranking_policy(request: HttpRequest) -> HttpResponse:
    """Weights and the class rule per type: a preview of the reordering, then save; history."""
    actor = _has_role(request)
    if actor.role != Role.BEHEER:
        raise PermissionDenied
    facility_type = request.GET.get("soort", "")
    if facility_type and facility_type not in dict(RANKED_TYPES):
        facility_type = ""
    policy = policy_for(facility_type) if facility_type else policy_for("")
    initial = ranking_services.policy_values(policy)
    form = RankingPolicyForm(request.POST or None, initial=initial)
    reorder = None
    if request.method == "POST" and form.is_valid():
        proposed = _weights_from(form)
        if "save" in request.POST:
            settings = ranking_services.PolicySettings(
                proposed,
                form.cleaned_data["park_days"],
                form.cleaned_data["candidates_per_unit"],
                form.cleaned_data["proposal_days"],
            )
            try:
                change = ranking_services.save_ranking_policy(actor, facility_type, settings)
            except ValidationError as exc:
                errors_onto_form(form, exc)
            else:
                messages.success(
                    request,
                    _("De rangschikking is opgeslagen en geldt direct.")
                    if change
                    else _("Er was niets gewijzigd."),
                )
                return redirect(f"{reverse('housing:ranking-policy')}?soort={facility_type}")
        else:
            preview_type = facility_type or FacilityType.NACHTOPVANG
            reorder = preview_reorder(preview_type, proposed)
    preview_table = None
    if reorder is not None:
        preview_table = Table(
            _("Wie schuift op en waarom"),
            [
                _("Inschrijving"),
                _("Urgentie"),
                _("Positie nu"),
                _("Positie dan"),
                _("Verschuiving"),
                _("Score nu"),
                _("Score dan"),
                _("Waarom"),
            ],
            [
                [
                    Cell(m.reference),
                    Cell(dict(_priority_labels()).get(m.priority, "")),
                    Cell(m.before, numeric=True),
                    Cell(m.after, numeric=True),
                    Cell(f"{m.moved:+d}", numeric=True),
                    Cell(m.score_before, numeric=True),
                    Cell(m.score_after, numeric=True),
                    Cell(m.why),
                ]
                for m in reorder.moves
            ],
            empty_text=_("Niemand verschuift."),
        )
    history = Table(
        _("Geschiedenis"),
        [_("Wanneer"), _("Door"), _("Oud"), _("Nieuw")],
        [
            [
                Cell(timezone.localtime(change.changed_at).strftime("%d-%m-%Y %H:%M")),
                Cell(change.changed_by.display_name),
                Cell(_describe(change.old)),
                Cell(_describe(change.new)),
            ]
            for change in RankingPolicyChange.objects.filter(facility_type=facility_type)
            .select_related("changed_by")
            .order_by("-changed_at", "-id")[:50]
        ],
        empty_text=_("Nog niet gewijzigd."),
    )
    return render(
        request,
        "housing/ranking_policy.html",
        {
            "form": form,
            "types": RANKED_TYPES,
            "current": facility_type,
            "reorder": reorder,
            "preview_table": preview_table,
            "history": history,
            "current_weights": weights_of(policy),
        },
    )


def _describe(values: dict[str, Any]) -> str:
    if not values:
        return "–"
    labels: dict[str, str] = {key: str(label) for key, label in PART_LABELS.items()}
    labels.update(
        class_first=_("eerst op klasse"),
        park_days=_("parkeerdagen"),
        candidates_per_unit=_("kandidaten per eenheid"),
        proposal_days=_("geldigheid voorstel"),
    )
    parts = []
    for key, value in values.items():
        shown = (_("ja") if value else _("nee")) if isinstance(value, bool) else value
        parts.append(f"{labels.get(key, key)} {shown}")
    return ", ".join(parts)


def needs_decision(actor: Actor, entry: Any) -> bool:
    """Whether the waiting entry's page offers the access decision to this actor."""
    from plek.housing.services.common import DECISION_TYPES

    today = dates.today()
    return (
        actor.role == Role.TOEGANG
        and entry.facility_type in DECISION_TYPES
        and (entry.access_decision_until is None or entry.access_decision_until < today)
    )
