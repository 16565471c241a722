from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from plek.access.reads import one_page
from plek.accounts.context import actor_from_request
from plek.web.start_pages import start_page_for
from plek.web.worklists import build_worklists


def home(request: HttpRequest) -> HttpResponse:
    """The start page of the role the user is acting in, with that role's worklists."""
    actor = actor_from_request(request)
    start = start_page_for(actor.role)
    # One page: a person on two worklists is logged once.
    with one_page():
        worklists = build_worklists(actor, start.worklists)
    return render(request, "web/home.html", {"start": start, "worklists": worklists})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # An access-policy denial may carry the way out: break the glass with a stated reason.
    context = {"break_glass_url": getattr(exception, "break_glass_url", None)}
    return render(request, "403.html", context, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context processors here: the failure may lie in them or in the database.
    # The request id is the one thing worth showing: support finds the log lines by it.
    import sys

    from django.template import loader

    from plek.web.unavailable import database_unavailable, unavailable_response

    # The database out of reach (down, restarting) is no fault of the page: a 503 that says so.
    failure = sys.exc_info()[1]
    if failure is not None and database_unavailable(failure):
        return unavailable_response(request, failure)
    context = {"request_id": getattr(request, "request_id", "")}
    return HttpResponse(loader.get_template("500.html").render(context), status=500)
