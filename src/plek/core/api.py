"""The API's shared parts: one exception handler and one paginator.

Services raise Django's ``ValidationError``; the handler turns it into the same 400 answer DRF
gives for a serializer error (``{"field": ["message"]}``, or a list when no field is named), so
views let it pass instead of catching it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Page
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import exception_handler as drf_exception_handler

PAGE_SIZE = 50


def as_api_error(error: ValidationError) -> ApiValidationError:
    """The DRF error for a service's ``ValidationError``, keeping the field names."""
    detail: Any = error.message_dict if hasattr(error, "error_dict") else error.messages
    return ApiValidationError(detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with a Django ``ValidationError`` answered as a 400 like DRF's own."""
    if isinstance(exc, ValidationError):
        exc = as_api_error(exc)
    return drf_exception_handler(exc, context)


class Pagination(PageNumberPagination):
    """Every list in the API: ``count``, ``next``, ``previous``, ``results``; ``?page=n``."""

    page_size = PAGE_SIZE

    def respond(self, request: Request, page: Page[Any], data: Any) -> Response:
        """The paged answer for a page a selector already cut (and logged)."""
        self.request = request
        self.page = page
        return self.get_paginated_response(data)


def feed_response(request: Request, results: Any, cursor_param: str, cursor: int) -> Response:
    """A feed read oldest first: the list shape without a count (a feed only grows).

    ``next`` is the address to ask next (the same query with ``cursor_param`` moved on to the
    last item returned); ``previous`` is always null.
    """
    return Response(
        {
            "next": replace_query_param(request.build_absolute_uri(), cursor_param, cursor),
            "previous": None,
            "results": results,
        }
    )
