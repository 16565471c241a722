"""Every error of API v2 as problem+json (RFC 9457): one handler, Dutch title and detail.

Views do not translate errors themselves: services raise Django's ``ValidationError``,
``PermissionDenied`` (the policy's ``AccessDenied``) or a model's ``DoesNotExist``, serializers
and filters raise DRF's ``ValidationError``, and this handler turns each into one shape::

    {"type": "urn:plek:probleem:ongeldige-invoer", "title": "Ongeldige invoer", "status": 400,
     "detail": "...", "instance": "/api/v2/signalen", "code": "ongeldige-invoer",
     "invalidParams": [{"name": "ontvangenOp", "code": "invalid", "reason": "..."}]}
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

PROBLEM_JSON = "application/problem+json"

# status -> (code, Dutch title)
TITLES: dict[int, tuple[str, str]] = {
    400: ("ongeldige-invoer", "Ongeldige invoer"),
    401: ("niet-geauthenticeerd", "Niet aangemeld"),
    403: ("geen-toegang", "Geen toegang"),
    404: ("niet-gevonden", "Niet gevonden"),
    405: ("methode-niet-toegestaan", "Methode niet toegestaan"),
    406: ("niet-aanvaardbaar", "Gevraagd formaat niet beschikbaar"),
    409: ("conflict", "Conflict"),
    415: ("mediatype-niet-ondersteund", "Mediatype niet ondersteund"),
    429: ("te-veel-verzoeken", "Te veel verzoeken"),
}
DETAILS = {
    401: "Meld u aan, of stuur een geldig token van uw systeemclient mee.",
    403: "U hebt geen toegang tot deze gegevens of deze bewerking.",
    404: "Dit bestaat niet, of u mag het niet zien.",
}


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested error detail as a flat list of ``{name, code, reason}``."""
    if isinstance(detail, dict):
        params: list[dict[str, str]] = []
        for key, value in detail.items():
            name = "nonFieldErrors" if key in ("non_field_errors", "__all__") else camel(str(key))
            params += _flatten(value, f"{prefix}.{name}" if prefix else name)
        return params
    if isinstance(detail, list):
        params = []
        for index, value in enumerate(detail):
            nested = isinstance(value, (dict, list))
            params += _flatten(value, f"{prefix}.{index}" if nested else prefix)
        return params
    return [
        {
            "name": prefix or "nonFieldErrors",
            "code": str(getattr(detail, "code", "invalid")),
            "reason": str(detail),
        }
    ]


def problem(
    status_code: int,
    detail: str,
    instance: str = "",
    invalid_params: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    code, title = TITLES.get(status_code, ("fout", "Fout"))
    body: dict[str, Any] = {
        "type": f"urn:plek:probleem:{code}",
        "title": title,
        "status": status_code,
        "detail": detail,
        "instance": instance,
        "code": code,
    }
    if invalid_params is not None:
        body["invalidParams"] = invalid_params
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_JSON)


def _as_api_exception(exc: Exception) -> exceptions.APIException | None:
    if isinstance(exc, exceptions.APIException):
        return exc
    if isinstance(exc, DjangoValidationError):
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return exceptions.ValidationError(detail)
    if isinstance(exc, (Http404, ObjectDoesNotExist)):
        return exceptions.NotFound(DETAILS[404])
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) or DETAILS[403])
    return None


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """The one handler of API v2; anything it does not know stays a server error."""
    api_exc = _as_api_exception(exc)
    if api_exc is None:
        return None
    request = context.get("request")
    instance = request.path if request is not None else ""
    headers: dict[str, str] = {}
    wait = getattr(api_exc, "wait", None)
    if isinstance(api_exc, exceptions.Throttled) and wait is not None:
        headers["Retry-After"] = str(int(wait))
    auth_header = getattr(api_exc, "auth_header", None)
    if auth_header:
        headers["WWW-Authenticate"] = auth_header
    if isinstance(api_exc, exceptions.ValidationError):
        params = _flatten(api_exc.detail)
        detail = "; ".join(p["reason"] for p in params[:5]) or "Ongeldige invoer."
        return problem(status.HTTP_400_BAD_REQUEST, detail, instance, params, headers)
    status_code = api_exc.status_code
    detail = (
        str(api_exc.detail) if isinstance(api_exc.detail, str) else DETAILS.get(status_code, "")
    )
    if status_code in (401, 404) or not detail:
        detail = DETAILS.get(status_code, detail)
    return problem(status_code, detail, instance, headers=headers)
