"""Break-the-glass, and the privacy officer's pages: the processing log and the review list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plek.access import selectors, services
from plek.access.choices import Action
from plek.access.exceptions import AccessDenied
from plek.access.forms import BreakGlassForm, BreakGlassReviewForm, LogSearchForm
from plek.access.models import BreakGlass
from plek.access.policy import decide, is_privacy_officer, may_break_glass
from plek.accounts.context import Actor, actor_from_request
from plek.core.forms import errors_onto_form
from plek.core.text import is_digits
from plek.people.models import Person
from plek.people.selectors import person_exists, person_id_for_bsn

PAGE_SIZE = 50
# Far beyond any real list: a bigger page number is a probe, not a request.
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class Page:
    """One page of a list, without counting the whole list (the log is far too long for that)."""

    items: list[Any]
    number: int
    has_next: bool
    query: str

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _page(request: HttpRequest, queryset: QuerySet[Any], size: int = PAGE_SIZE) -> Page:
    try:
        number = max(1, int(request.GET.get("pagina", "1")))
    except ValueError:
        number = 1
    if number > MAX_PAGE:
        raise Http404
    start = (number - 1) * size
    items = list(queryset[start : start + size + 1])
    query = request.GET.copy()
    query.pop("pagina", None)
    return Page(items[:size], number, len(items) > size, query.urlencode())


def _privacy_officer(request: HttpRequest) -> Actor:
    actor = actor_from_request(request)
    if not is_privacy_officer(actor):
        raise AccessDenied()
    return actor


# --- break the glass ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def break_glass(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    if not may_break_glass(actor):
        raise AccessDenied()
    if not person_exists(actor, person_id):
        raise Http404
    if decide(actor, Action.VIEW, person_id).allowed:
        return redirect("people:detail", person_id=person_id)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.break_the_glass(
                actor,
                person_id,
                form.cleaned_data["reason"],
                form.cleaned_data["purpose"],
                form.cleaned_data["ground"],
            )
        except Person.DoesNotExist as exc:
            raise Http404 from exc
        except services.BreakGlassLimitReached as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.warning(request, _("U hebt de toegang doorbroken. Dit is vastgelegd."))
            return redirect("people:detail", person_id=person_id)
    context = {
        "form": form,
        "person_id": person_id,
        "break_glass_minutes": settings.BREAK_GLASS_MINUTES,
        "break_glass_per_day": settings.BREAK_GLASS_PER_DAY,
    }
    return render(request, "access/break_glass_form.html", context)


# --- privacy officer ----------------------------------------------------------------------------


def _log_filters(form: LogSearchForm) -> dict[str, Any] | None:
    """The search_log arguments for a valid form; None when a BSN matches nobody."""
    data = form.cleaned_data
    person = data.get("person")
    if data.get("bsn"):
        person = person_id_for_bsn(data["bsn"])
        if person is None:
            return None
    organisation = data.get("organisation")
    return {
        "person": person,
        "user": data.get("user") or None,
        "organisation": organisation.pk if organisation else None,
        "date_from": data.get("date_from"),
        "date_to": data.get("date_to"),
        "purpose": data["purpose"],
    }


def _search_query(filters: dict[str, Any]) -> str:
    """The filters as a query string for the result pages: a person's id, never a BSN."""
    names = {"person": "person", "user": "user", "organisation": "organisation"}
    query = {names[key]: filters[key] for key in names if filters.get(key)}
    for key in ("date_from", "date_to"):
        if filters.get(key):
            query[key] = filters[key].isoformat()
    query["purpose"] = filters["purpose"]
    return urlencode(query)


@require_http_methods(["GET", "POST"])
def processing_log(request: HttpRequest) -> HttpResponse:
    """Search the log. The form posts (a BSN never goes into a URL, so never into access logs);
    the results are a GET page by person id, so they can be paged and bookmarked."""
    actor = _privacy_officer(request)
    page, no_person = None, False
    if request.method == "POST":
        form = LogSearchForm(request.POST)
        if form.is_valid():
            filters = _log_filters(form)
            if filters is None:
                no_person = True
            else:
                return redirect(f"{reverse('access:processing-log')}?{_search_query(filters)}")
    else:
        data = request.GET.copy()
        data.pop("bsn", None)  # only ever by POST
        data.pop("pagina", None)
        form = LogSearchForm(data or None)
        if form.is_bound and form.is_valid():
            filters = _log_filters(form)
            assert filters is not None  # no BSN here
            page = _page(request, selectors.search_log(actor, **filters))
    context = {"form": form, "page": page, "no_person": no_person}
    return render(request, "access/processing_log.html", context)


def _review_forms(events: list[BreakGlass], bound: BreakGlassReviewForm | None) -> list[Any]:
    rows = []
    for event in events:
        form = BreakGlassReviewForm(
            initial={"break_glass": event.pk}, auto_id=f"id_doorbraak{event.pk}_%s"
        )
        if bound is not None and bound.data.get("break_glass") == str(event.pk):
            form = bound
        rows.append((event, form))
    return rows


def _handle_review(request: HttpRequest, actor: Actor) -> BreakGlassReviewForm | None:
    """Apply a posted review; returns the form with errors, or None when it was saved."""
    event_id = request.POST.get("break_glass", "")
    # Only digits go into the element ids (a "%" would even break Django's auto_id formatting).
    event_id = event_id if is_digits(event_id) else ""
    form = BreakGlassReviewForm(request.POST, auto_id=f"id_doorbraak{event_id}_%s")
    if not form.is_valid():
        return form
    try:
        services.review_break_glass(
            actor,
            form.cleaned_data["break_glass"],
            form.cleaned_data["justified"],
            form.cleaned_data["review_note"],
        )
    except BreakGlass.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as exc:
        errors_onto_form(form, exc)
        return form
    return None


@require_http_methods(["GET", "POST"])
def break_glass_reviews(request: HttpRequest) -> HttpResponse:
    actor = _privacy_officer(request)
    reviewed = request.GET.get("status") == "beoordeeld"
    bound = None
    if request.method == "POST":
        bound = _handle_review(request, actor)
        if bound is None:
            messages.success(request, _("De beoordeling is opgeslagen."))
            return redirect(reverse("access:break-glass-reviews"))
    page = _page(request, selectors.break_glass_for_review(actor, reviewed=reviewed))
    context = {
        "page": page,
        "rows": _review_forms(page.items, bound),
        "reviewed": reviewed,
        "bound_error": bound is not None,
    }
    return render(request, "access/break_glass_reviews.html", context)


# --- break-the-glass alerts, unlocks and unusual access -------------------------------------------


@require_http_methods(["GET", "POST"])
def break_glass_limits(request: HttpRequest) -> HttpResponse:
    """Users who reached today's break-the-glass limit; the privacy officer unlocks them."""
    actor = _privacy_officer(request)
    if request.method == "POST":
        user_id = request.POST.get("user", "")
        if is_digits(user_id):
            try:
                services.unlock_break_glass(actor, int(user_id))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("De medewerker kan vandaag weer doorbreken."))
        return redirect("access:break-glass-limits")
    context = {
        "blocked": selectors.users_at_break_glass_limit(actor),
        "per_day": settings.BREAK_GLASS_PER_DAY,
    }
    return render(request, "access/break_glass_limits.html", context)


@require_http_methods(["GET"])
def unusual_access(request: HttpRequest) -> HttpResponse:
    """Users who read far more files than their peers in the same role."""
    actor = _privacy_officer(request)
    days = request.GET.get("dagen", "30")
    period = int(days) if days in {"7", "30", "90"} else 30
    context = {
        "report": selectors.unusual_access(actor, days=period),
        "refusals": selectors.refusals_by_user(actor, days=period),
        "days": period,
        "factor": settings.UNUSUAL_ACCESS_FACTOR,
        "minimum": settings.UNUSUAL_ACCESS_MINIMUM,
    }
    return render(request, "access/unusual_access.html", context)
