"""What every v2 endpoint shares: authentication, scopes, errors, paging and the actor."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.paginator import Page
from drf_spectacular.openapi import AutoSchema
from rest_framework.authentication import SessionAuthentication
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from plek.accounts.context import Actor
from plek.api.auth import ClientTokenAuthentication, ScopedClientOrVerifiedUser, api_actor
from plek.api.v2.problems import exception_handler

PAGE_SIZE = 50


class Pagination(PageNumberPagination):
    """Every v2 list: ``count``, ``next``, ``previous``, ``results``; ``?page=n``."""

    page_size = PAGE_SIZE
    invalid_page_message = "Deze pagina bestaat niet."

    def respond(self, request: Request, page: Page[Any], data: Any) -> Response:
        """The paged answer for a page a selector already cut (and logged)."""
        self.request = request
        self.page = page
        return self.get_paginated_response(data)


def _actor(request: Request) -> Actor:
    return api_actor(request)


class V2View(APIView):
    authentication_classes = [ClientTokenAuthentication, SessionAuthentication]
    permission_classes = [ScopedClientOrVerifiedUser]
    # HTTP method -> the scope a system client needs for it.
    required_scopes: ClassVar[dict[str, str]] = {}

    def get_exception_handler(self) -> Any:
        return exception_handler

    def actor(self, request: Request) -> Actor:
        return _actor(request)


class ListSchema(AutoSchema):
    """Documents the FilterSet and ``page`` of every GET list, whatever its responses.

    drf-spectacular decides "is this a list" from the response with the smallest status key as
    text, and the ``(400, "application/problem+json")`` keys of ``error_responses`` sort before
    ``"200"``: left alone, the list's query parameters are missing from the document (and so
    from the fuzzing).
    """

    def get_filter_backends(self) -> list[Any]:
        return list(getattr(self.view, "filter_backends", [])) if self.method == "GET" else []

    def _get_pagination_parameters(self) -> list[Any]:
        paginator = self._get_paginator() if self.method == "GET" else None
        return paginator.get_schema_operation_parameters(self.view) if paginator else []


class V2ListView(GenericAPIView[Any]):
    """A v2 list: the same authentication, scopes and errors, with paging and a FilterSet."""

    schema = ListSchema()

    authentication_classes = [ClientTokenAuthentication, SessionAuthentication]
    permission_classes = [ScopedClientOrVerifiedUser]
    pagination_class = Pagination
    required_scopes: ClassVar[dict[str, str]] = {}

    def get_exception_handler(self) -> Any:
        return exception_handler

    def actor(self, request: Request) -> Actor:
        return _actor(request)
