"""Postal-address API: applications, decisions and the social service's event feed."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from plek.accounts.context import actor_from_request
from plek.core.api import feed_response
from plek.postal import selectors, services
from plek.postal.models import Decision, PostalApplication, PostalEvent


class ApplicationSerializer(serializers.ModelSerializer[PostalApplication]):
    kenmerk = serializers.CharField(source="external_id")
    persoon = serializers.IntegerField(source="person_id")
    grond = serializers.CharField(source="ground")
    briefadresgever = serializers.CharField(source="giver_label")
    aangevraagd_op = serializers.DateField(source="applied_on")
    tijdelijk_ingeschreven_vanaf = serializers.DateField(source="temporary_from")
    besluit = serializers.CharField(source="decision")
    besloten_op = serializers.DateField(source="decided_on")
    redenen_afwijzing = serializers.CharField(source="refusal_reasons")
    beeindigd_op = serializers.DateField(source="ended_on")
    reden_beeindiging = serializers.CharField(source="end_reason")

    class Meta:
        model = PostalApplication
        fields = [
            "id",
            "kenmerk",
            "persoon",
            "grond",
            "briefadresgever",
            "aangevraagd_op",
            "tijdelijk_ingeschreven_vanaf",
            "besluit",
            "besloten_op",
            "redenen_afwijzing",
            "beeindigd_op",
            "reden_beeindiging",
        ]
        read_only_fields = fields


class ApplicationFileSerializer(serializers.Serializer[Any]):
    aanvraag = ApplicationSerializer(source="application")
    beslissen_uiterlijk = serializers.DateField(source="decision_due")
    over_termijn = serializers.BooleanField(source="overdue")
    aandachtspunten = serializers.ListField(child=serializers.CharField(), source="flags")
    volgende_herbeoordeling = serializers.DateField(source="next_review", allow_null=True)
    plan_ontbreekt_sinds = serializers.DateField(source="plan_missing_since", allow_null=True)


class ApplicationDetailView(APIView):
    @extend_schema(
        operation_id="briefadresaanvragen_retrieve",
        summary="Eén briefadresaanvraag met termijn en aandachtspunten",
        responses={
            200: ApplicationFileSerializer,
            403: OpenApiResponse(description="Geen toegang."),
            404: OpenApiResponse(description="Onbekende aanvraag."),
        },
        tags=["briefadressen"],
    )
    def get(self, request: Request, application_id: int) -> Response:
        try:
            file = selectors.open_application(actor_from_request(request), application_id)
        except PostalApplication.DoesNotExist as exc:
            raise NotFound("Onbekende aanvraag.") from exc
        return Response(ApplicationFileSerializer(file).data)


class DecisionInputSerializer(serializers.Serializer[Any]):
    besluit = serializers.ChoiceField(
        choices=Decision.choices,
        error_messages={"invalid_choice": "besluit: kies toegekend, afgewezen of ingetrokken."},
    )
    redenen = serializers.CharField(required=False, allow_blank=True, default="")
    besloten_op = serializers.DateField(required=False)


class DecisionView(APIView):
    @extend_schema(
        operation_id="briefadresaanvragen_besluit_create",
        summary="Besluit op een briefadresaanvraag (één keer)",
        request=DecisionInputSerializer,
        responses={
            200: ApplicationSerializer,
            400: OpenApiResponse(description="Ongeldig."),
            403: OpenApiResponse(description="Geen toegang."),
        },
        tags=["briefadressen"],
    )
    def post(self, request: Request, application_id: int) -> Response:
        data = DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not selectors.application_exists(application_id):
            raise NotFound("Onbekende aanvraag.")
        application = services.decide_application(
            actor_from_request(request),
            application_id,
            data.validated_data["besluit"],
            data.validated_data["redenen"],
            data.validated_data.get("besloten_op"),
        )
        return Response(ApplicationSerializer(application).data)


class EventSerializer(serializers.ModelSerializer[PostalEvent]):
    soort = serializers.CharField(source="kind")
    datum = serializers.DateField(source="occurred_on")
    bsn = serializers.CharField(source="person.bsn")
    persoon = serializers.IntegerField(source="person_id")
    aanvraag = serializers.CharField(source="application.external_id")
    briefadres = serializers.CharField(source="address")
    reden = serializers.CharField(source="reason")

    class Meta:
        model = PostalEvent
        fields = ["id", "soort", "datum", "bsn", "persoon", "aanvraag", "briefadres", "reden"]
        read_only_fields = fields


class EventFeedSerializer(serializers.Serializer[Any]):
    next = serializers.URLField(help_text="Vraag hier de volgende gebeurtenissen op.")
    previous = serializers.URLField(
        allow_null=True, help_text="Altijd leeg: de feed loopt vooruit."
    )
    results = EventSerializer(many=True)


class EventFeedView(APIView):
    @extend_schema(
        operation_id="briefadresgebeurtenissen_list",
        summary="Begin en einde van briefadressen, voor de sociale dienst",
        description="Oudste eerst; haal de volgende op via `next` (met `na`). Alleen aanvragen "
        "voor de gemeenten van uw organisatie (haar eigen gemeente en het werkgebied van haar "
        "teams). Elke persoon in het antwoord wordt vastgelegd in het verwerkingenlog.",
        parameters=[OpenApiParameter("na", int, OpenApiParameter.QUERY, required=False)],
        responses={200: EventFeedSerializer, 403: OpenApiResponse(description="Geen toegang.")},
        tags=["briefadressen"],
    )
    def get(self, request: Request) -> Response:
        try:
            after = int(request.query_params.get("na", "0"))
        except ValueError as exc:
            raise ApiValidationError({"na": "na: geef een geheel getal."}) from exc
        events = selectors.event_feed(actor_from_request(request), after)
        data = EventSerializer(events, many=True).data
        return feed_response(request, data, "na", events[-1].pk if events else after)
