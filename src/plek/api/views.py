"""The API root (what is there) and its documentation page (what it means)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer, TemplateHTMLRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from plek.api import docs
from plek.api.routes import api_routes

API_PREFIX = "/api/v1/"


class ApiRootView(APIView):
    """Where to start: the schema, its documentation and every route under /api/v1/."""

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        return Response(
            {
                "title": spectacular_settings.TITLE,
                "version": spectacular_settings.VERSION,
                "schema": request.build_absolute_uri(reverse("api-schema")),
                "docs": request.build_absolute_uri(reverse("api-docs")),
                "endpoints": [
                    {"path": route.path, "name": route.name} for route in api_routes(API_PREFIX)
                ],
            }
        )


class AlwaysHtml(BaseContentNegotiation):
    """The docs page is HTML whatever the client asks for, so a refusal is a 403, not a 406."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


class ApiDocsView(APIView):
    """The OpenAPI schema as a readable page, rendered on the server from the live schema."""

    renderer_classes = [TemplateHTMLRenderer]
    content_negotiation_class = AlwaysHtml
    template_name = "api/docs.html"

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        generator = spectacular_settings.DEFAULT_GENERATOR_CLASS()
        schema = generator.get_schema(request=request, public=True)
        return Response(
            {
                "info": schema.get("info", {}),
                "tags": docs.tags(schema),
                "components": docs.components(schema),
                "schema_url": reverse("api-schema"),
            }
        )
