"""The person endpoint: the same selector, policy and processing log as the person page."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from plek.access.choices import CASEWORK_PURPOSES, Purpose
from plek.accounts.context import Actor, actor_from_request
from plek.people.models import Person
from plek.people.selectors import get_person


def _actor(request: Request) -> Actor:
    # DRF wraps the Django request; the membership and request id live on the original.
    return actor_from_request(request._request)


class PersonSerializer(serializers.ModelSerializer[Person]):
    origin_municipality: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="CBS-code van de gemeente van herkomst.",
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "external_id",
            "bsn",
            "initials",
            "family_name",
            "birth_date",
            "sex",
            "origin_municipality",
        ]
        read_only_fields = fields


class PurposeQuerySerializer(serializers.Serializer[None]):
    doel = serializers.ChoiceField(
        choices=[(p.value, p.label) for p in Purpose if p in CASEWORK_PURPOSES],
        required=False,
        error_messages={"invalid_choice": "doel: kies een van de doelen voor casuswerk."},
    )


class PersonDetailView(APIView):
    @extend_schema(
        operation_id="personen_retrieve",
        summary="Basisgegevens van een persoon",
        description=(
            "Alleen met een actieve relatie of na het doorbreken van de toegang. "
            "Elke geslaagde opvraging wordt vastgelegd in het verwerkingenlog."
        ),
        parameters=[
            OpenApiParameter(
                "doel",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                description="Doel van de verwerking; zonder: het doel van de relatie.",
                enum=[p.value for p in Purpose if p in CASEWORK_PURPOSES],
            ),
        ],
        responses={
            200: PersonSerializer,
            403: OpenApiResponse(description="Geen toegang tot deze persoon."),
            404: OpenApiResponse(description="Onbekende persoon."),
        },
        tags=["personen"],
    )
    def get(self, request: Request, person_id: int) -> Response:
        query = PurposeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        try:
            person = get_person(_actor(request), person_id, query.validated_data.get("doel"))
        except Person.DoesNotExist as exc:
            raise NotFound("Onbekende persoon.") from exc
        return Response(PersonSerializer(person).data)
