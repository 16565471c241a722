from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # An access-policy denial may carry the way out: break the glass with a stated reason.
    context = {"break_glass_url": getattr(exception, "break_glass_url", None)}
    return render(request, "403.html", context, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context processors here: the failure may lie in them or in the database.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
