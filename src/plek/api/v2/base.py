"""What every v2 endpoint shares: authentication, scopes, errors, paging, filters and the actor.

The views stay thin shells over services and selectors; the small steps they all take around
those calls live here, once: checking the body and the query, naming a service's errors in the
v2 names, turning an unknown row named in a body into a 400, and the list envelope.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, ClassVar, TypeVar

import django_filters
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import InvalidPage, Page
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from plek.accounts.context import Actor
from plek.api.auth import ClientTokenAuthentication, ScopedClientOrVerifiedUser, api_actor
from plek.api.v2.problems import exception_handler
from plek.core.text import is_digits

PAGE_SIZE = 50

PublicId = TypeVar("PublicId")


class Pagination(PageNumberPagination):
    """Every v2 list: ``count``, ``next``, ``previous``, ``results``; ``?page=n``."""

    page_size = PAGE_SIZE
    invalid_page_message = "Deze pagina bestaat niet."

    def respond(self, request: Request, page: Page[Any], data: Any) -> Response:
        """The paged answer for a page a selector already cut (and logged)."""
        self.request = request
        self.page = page
        return self.get_paginated_response(data)


# Longest key stored as text in a path (``external_id``, a facility's kenmerk).
KENMERK_MAX = 64


def names_something(path_value: str) -> bool:
    """Whether a text key in a path could name a row: anything longer than a stored key, or
    with a NUL (which PostgreSQL text cannot hold, so a lookup would fail), is a 404."""
    return len(path_value) <= KENMERK_MAX and "\x00" not in path_value


# --- errors -------------------------------------------------------------------------------------


def invalid(field: str, reason: str) -> ValidationError:
    """A 400 naming one v2 field or parameter (``invalidParams``) with a Dutch reason."""
    return ValidationError({field: [reason]})


@contextmanager
def v2_field_names(names: Mapping[str, str]) -> Iterator[None]:
    """A service's ``ValidationError`` with its fields in the v2 names, for ``invalidParams``.

    Services name the model's fields (``start_date``); the caller sent ``begindatum``. A field not
    in ``names`` keeps its own name, and an error without fields stays as it is: the exception
    handler turns either into the 400.
    """
    try:
        yield
    except DjangoValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise DjangoValidationError(
            {names.get(field, field): errors for field, errors in exc.error_dict.items()}
        ) from exc


@contextmanager
def existing_page() -> Iterator[None]:
    """A page number past the last page that a selector cuts is a 404, as DRF's own paging."""
    try:
        yield
    except InvalidPage as exc:
        raise NotFound(Pagination.invalid_page_message) from exc


# --- reading the request ------------------------------------------------------------------------


def valid_body(serializer_class: type[serializers.Serializer[Any]], request: Request) -> Any:
    """The request body, checked by ``serializer_class``: its validated data, or a 400."""
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data


def key_in_body(
    lookup: Callable[[PublicId], int], public_id: PublicId, field: str, reason: str
) -> int:
    """The internal key of a row a body names: unknown is a 400 on that field, not a 404.

    A 404 would say the path does not exist; here the path is fine and one field is wrong.
    """
    try:
        return lookup(public_id)
    except ObjectDoesNotExist:
        raise invalid(field, reason) from None


def page_number(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    if not is_digits(raw) or int(raw) < 1 or len(raw) > 9:
        raise invalid("page", "Geef een paginanummer van 1 of hoger.")
    return int(raw)


# --- answering ----------------------------------------------------------------------------------


def created(data: Any) -> Response:
    return Response(data, status=status.HTTP_201_CREATED)


def envelope(
    count: int, results: Any, next_url: str | None = None, previous_url: str | None = None
) -> dict[str, Any]:
    """The list shape of every v2 list, for the lists that are not cut by ``Pagination``."""
    return {"count": count, "next": next_url, "previous": previous_url, "results": results}


def numbered_envelope(
    request: Request, number: int, has_next: bool, count: int, results: Any
) -> dict[str, Any]:
    """The list shape with ``next`` and ``previous`` links for page ``number`` of a list a
    selector numbers itself; page 1 has no ``page`` parameter, as with ``Pagination``."""
    url = request.build_absolute_uri()
    if number == 1:
        previous = None
    elif number == 2:
        previous = remove_query_param(url, "page")
    else:
        previous = replace_query_param(url, "page", number - 1)
    following = replace_query_param(url, "page", number + 1) if has_next else None
    return envelope(count, results, following, previous)


# --- views --------------------------------------------------------------------------------------


# No docstring on V2View, and V2ListView's stays word for word: drf-spectacular documents an
# operation without a description of its own with the first docstring up the class tree, so
# these texts are part of the published schema.


class V2View(APIView):
    # Authentication, scopes, problem+json errors and the actor of every v2 view, lists too.
    authentication_classes = [ClientTokenAuthentication, SessionAuthentication]
    permission_classes = [ScopedClientOrVerifiedUser]
    # HTTP method -> the scope a system client needs for it.
    required_scopes: ClassVar[dict[str, str]] = {}

    def get_exception_handler(self) -> Any:
        return exception_handler

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # authentication and scopes first (401/403)
        if any(isinstance(value, str) and not names_something(value) for value in kwargs.values()):
            raise NotFound()

    def actor(self, request: Request) -> Actor:
        return api_actor(request)


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


class V2ListView(V2View, GenericAPIView[Any]):
    """A v2 list: the same authentication, scopes and errors, with paging and a FilterSet."""

    # The FilterSet is applied by hand (``filtered``) to the queryset the app's selector returns,
    # so a filter only narrows what the access policy already allows; the backend documents it.

    schema = ListSchema()

    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]
    filterset_class: type[django_filters.FilterSet]

    def valid_filterset(self, queryset: QuerySet[Any]) -> django_filters.FilterSet:
        """The view's FilterSet on ``queryset`` with the query's values; a bad value is a 400."""
        filterset = self.filterset_class(self.request.query_params, queryset=queryset)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return filterset

    def filtered(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return self.valid_filterset(queryset).qs

    def cut_page(self, rows: Any) -> list[Any]:
        """The rows of ``?page`` (a page past the end is a 404)."""
        page = self.paginate_queryset(rows)
        assert page is not None  # pagination_class is always set
        return list(page)

    def page_response(
        self, serializer_class: type[serializers.Serializer[Any]], shown: list[Any]
    ) -> Response:
        """The paged answer for the rows ``cut_page`` cut (after any selector read them)."""
        return self.get_paginated_response(serializer_class(shown, many=True).data)
