from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from plek.access.policy import BREAK_GLASS_BASIS
from plek.accounts.context import actor_from_request
from plek.people.dossier import dossier_sections
from plek.people.models import Person
from plek.people.selectors import open_dossier


@require_http_methods(["GET"])
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    try:
        dossier = open_dossier(actor_from_request(request), person_id)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    opened = dossier.opened
    grant = opened.decision.grant
    titles = {section.key: section.title for section in dossier_sections()}
    context = {
        "person": opened.person,
        "timeline": [(titles.get(entry.section, ""), entry) for entry in dossier.timeline],
        "decision": opened.decision,
        "break_glass_until": (
            grant.valid_until if grant and opened.decision.basis == BREAK_GLASS_BASIS else None
        ),
    }
    return render(request, "people/person_detail.html", context)
