"""Login limits on django-axes: a lock per (username, client address) and a limit per address.

django-axes records every failed login (``AccessAttempt``: username, address, user agent) and
refuses authentication while a client is locked. plek configures it (settings.py, ``AXES_*``) to
count failures per (username, address) *and* per address, and this handler applies a separate,
higher limit to the address alone:

- ``PLEK_LOGIN_MAX_FAILURES`` (10) failures for one username from one address lock that pair: a
  stranger elsewhere cannot lock a colleague out by guessing their password;
- ``PLEK_LOGIN_MAX_FAILURES_PER_ADDRESS`` (100) failures from one address, whatever the
  usernames, lock the address: guessing spread over many usernames is slowed too;
- each lock lasts ``PLEK_LOGIN_LOCK_SECONDS`` from the latest failure; while locked, even the
  right password is refused. A successful login clears only that username's failures from that
  address, never the address's other failures.
"""

from __future__ import annotations

import datetime
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


def username_key(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """One counter per username however it is typed, so case and spaces do not reset it."""
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get("username", "") if request is not None else ""
    return str(raw).strip().casefold()[:150]


def client_address(request: HttpRequest) -> str:
    """The client's address: the connection's, or behind ``PLEK_PROXY_COUNT`` trusted proxies
    the entry the outermost of them added to X-Forwarded-For (entries further left can be
    forged by the client)."""
    remote = request.META.get("REMOTE_ADDR", "")
    if settings.PROXY_COUNT <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [part for part in chain if part]
    if len(chain) < settings.PROXY_COUNT:
        return remote
    return chain[-settings.PROXY_COUNT]


def _address(request: HttpRequest) -> str:
    return getattr(request, "axes_ip_address", None) or get_client_ip_address(request) or ""


def _recent(request: HttpRequest) -> QuerySet[AccessAttempt]:
    return AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))


def _sum(attempts: QuerySet[AccessAttempt]) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LoginLimitHandler(AxesDatabaseHandler):
    """django-axes' database handler with a second, higher limit for the address alone."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        address = _address(request)
        username = get_client_username(request, credentials)
        recent = _recent(request)
        pair = _sum(recent.filter(username=username, ip_address=address))
        per_address = _sum(recent.filter(ip_address=address))
        # axes compares one number with AXES_FAILURE_LIMIT (the pair's limit): scale the
        # address's count to it, so the address locks at its own limit.
        scaled = (
            per_address * settings.LOGIN_MAX_FAILURES // settings.LOGIN_MAX_FAILURES_PER_ADDRESS
        )
        return max(pair, scaled)

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """After a successful login: only this username's failures from this address."""
        count, _details = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials), ip_address=_address(request)
        ).delete()
        return count


def lock_until(request: HttpRequest, username: str) -> datetime.datetime:
    """When the current lock of this username from this address (or of the address) ends."""
    address = _address(request)
    recent = _recent(request).filter(
        Q(username=username_key(request, {"username": username}), ip_address=address)
        | Q(ip_address=address)
    )
    latest = recent.aggregate(latest=Max("attempt_time"))["latest"] or timezone.now()
    return latest + datetime.timedelta(seconds=settings.LOGIN_LOCK_SECONDS)


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """Keep plek's own login page (it already says why, in Dutch), as 429 Too Many Requests."""
    if original_response is None:
        from django.shortcuts import render

        from plek.accounts.forms import LoginForm
        from plek.accounts.views import lock_message

        form = LoginForm()
        form.add_error(None, lock_message(max(1, settings.LOGIN_LOCK_SECONDS // 60)))
        original_response = render(request, "accounts/login.html", {"form": form})
    original_response.status_code = 429
    return original_response
