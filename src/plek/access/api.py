"""The privacy officer's search of the processing log, through the same selector as the page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers

from plek.access.choices import Purpose
from plek.access.forms import MAX_ID
from plek.access.models import ProcessingLogEntry
from plek.access.selectors import search_log
from plek.accounts.context import actor_from_request


class ProcessingLogEntrySerializer(serializers.ModelSerializer[ProcessingLogEntry]):
    class Meta:
        model = ProcessingLogEntry
        fields = [
            "id",
            "chain",
            "sequence",
            "timestamp",
            "action",
            "activity_code",
            "activity_name",
            "purpose",
            "confidentiality",
            "retention_period",
            "user_id",
            "username",
            "organisation_id",
            "organisation_name",
            "role",
            "person_id",
            "data_kinds",
            "request_id",
            "break_glass",
            "break_glass_id",
            "previous_hash",
            "hash",
        ]
        read_only_fields = fields


class LogQuerySerializer(serializers.Serializer[None]):
    persoon = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        error_messages={
            "invalid": "persoon: geef een persoonsnummer.",
            "max_value": "persoon: dit nummer is te groot.",
        },
    )
    gebruiker = serializers.CharField(required=False, max_length=150)
    organisatie = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        error_messages={
            "invalid": "organisatie: geef een organisatienummer.",
            "max_value": "organisatie: dit nummer is te groot.",
        },
    )
    vanaf = serializers.DateField(
        required=False, error_messages={"invalid": "vanaf: geef een datum als JJJJ-MM-DD."}
    )
    tot_en_met = serializers.DateField(
        required=False, error_messages={"invalid": "tot_en_met: geef een datum als JJJJ-MM-DD."}
    )
    doel = serializers.ChoiceField(
        choices=[Purpose.TOEZICHT.value, Purpose.INZAGE.value],
        default=Purpose.TOEZICHT.value,
        error_messages={"invalid_choice": "doel: kies toezicht_privacy of inzage."},
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("vanaf"), attrs.get("tot_en_met")
        if start and end and end < start:
            raise serializers.ValidationError({"tot_en_met": "tot_en_met: ligt vóór vanaf."})
        return attrs


def _query_parameter(name: str, kind: Any, description: str, **extra: Any) -> OpenApiParameter:
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, description=description, **extra)


class ProcessingLogView(generics.ListAPIView[ProcessingLogEntry]):
    """Search the processing log (privacy officer only); the search itself is logged."""

    serializer_class = ProcessingLogEntrySerializer

    def get_queryset(self) -> QuerySet[ProcessingLogEntry]:
        query = LogQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        return search_log(
            actor_from_request(self.request),
            person=data.get("persoon"),
            user=data.get("gebruiker"),
            organisation=data.get("organisatie"),
            date_from=data.get("vanaf"),
            date_to=data.get("tot_en_met"),
            purpose=data["doel"],
        )

    @extend_schema(
        operation_id="verwerkingen_list",
        summary="Verwerkingenlog doorzoeken",
        description="Alleen voor de privacy officer; nieuwste eerst. De zoekopdracht wordt zelf "
        "ook vastgelegd.",
        parameters=[
            _query_parameter("persoon", OpenApiTypes.INT, "Persoonsnummer in plek."),
            _query_parameter("gebruiker", OpenApiTypes.STR, "Gebruikersnaam."),
            _query_parameter("organisatie", OpenApiTypes.INT, "Organisatienummer in plek."),
            _query_parameter("vanaf", OpenApiTypes.DATE, "Eerste dag (Europe/Amsterdam)."),
            _query_parameter("tot_en_met", OpenApiTypes.DATE, "Laatste dag (Europe/Amsterdam)."),
            _query_parameter(
                "doel",
                OpenApiTypes.STR,
                "Doel van het zoeken.",
                enum=[Purpose.TOEZICHT.value, Purpose.INZAGE.value],
            ),
        ],
        responses={
            200: ProcessingLogEntrySerializer(many=True),
            400: OpenApiResponse(description="Ongeldige zoekparameter."),
            403: OpenApiResponse(description="Alleen voor de privacy officer."),
        },
        tags=["verwerkingen"],
    )
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)
