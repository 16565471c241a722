"""Schema pieces shared by the v2 endpoints: the problem body and the list envelopes."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

from plek.api.v2.problems import PROBLEM_JSON, TITLES


class InvalidParamSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(help_text="Het veld of de parameter, in camelCase.")
    code = serializers.CharField()
    reason = serializers.CharField(help_text="Wat er mis is, in het Nederlands.")


class ProblemSerializer(serializers.Serializer[Any]):
    type = serializers.CharField(help_text="URN van het soort probleem.")
    title = serializers.CharField(help_text="Korte omschrijving, in het Nederlands.")
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="Uitleg voor dit geval, in het Nederlands.")
    instance = serializers.CharField(help_text="Het pad van het verzoek.")
    code = serializers.CharField()
    invalidParams = InvalidParamSerializer(
        many=True, required=False, help_text="Bij 400: elke ongeldige invoer met de reden."
    )

    class Meta:
        ref_name = "Fout"


def error_responses(*statuses: int) -> dict[Any, OpenApiResponse]:
    return {
        (code, PROBLEM_JSON): OpenApiResponse(
            response=ProblemSerializer, description=TITLES[code][1]
        )
        for code in statuses
    }


def page_of(item: type[serializers.Serializer[Any]]) -> Any:
    name = item.__name__.removesuffix("Serializer")
    return inline_serializer(
        f"{name}Lijst",
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item(many=True),
        },
    )


feed = page_of
