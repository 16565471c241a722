"""Signal endpoints: the same selectors, services, policy and processing log as the pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from plek.accounts.context import actor_from_request
from plek.core.choices import Priority
from plek.signals import selectors, services
from plek.signals.models import (
    ContactAttempt,
    Delivery,
    DeliveryRow,
    Feedback,
    Signal,
    Source,
)

TAGS = ["signalen"]
SOURCE_TAGS = ["aanleveringen"]


class ContactAttemptSerializer(serializers.ModelSerializer[ContactAttempt]):
    class Meta:
        model = ContactAttempt
        fields = ["attempted_on", "kind", "part_of_day", "reached", "note"]
        read_only_fields = fields


class SignalSerializer(serializers.ModelSerializer[Signal]):
    deadline_on = serializers.DateField(read_only=True, help_text="Uiterste datum voor contact.")
    current_urgency = serializers.CharField(
        read_only=True, help_text="Urgentie vandaag, met escalatie door een naderende ontruiming."
    )
    overdue = serializers.BooleanField(read_only=True)
    source_organisation: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="external_id", read_only=True, allow_null=True
    )

    class Meta:
        model = Signal
        fields = [
            "id",
            "external_id",
            "person",
            "source",
            "urgency",
            "current_urgency",
            "received_on",
            "deadline_on",
            "overdue",
            "first_contact_on",
            "outcome",
            "outcome_on",
            "source_organisation",
            "postcode",
            "house_number",
            "house_number_addition",
            "arrear_amount",
            "arrear_since",
            "eviction_date",
            "crisis",
            "team",
            "worker",
            "case",
        ]
        read_only_fields = fields


class SignalDetailSerializer(SignalSerializer):
    attempts = ContactAttemptSerializer(many=True, read_only=True)

    class Meta(SignalSerializer.Meta):
        fields = [*SignalSerializer.Meta.fields, "attempts"]
        read_only_fields = fields


class SignalCreateSerializer(serializers.Serializer[None]):
    source = serializers.ChoiceField(choices=Source.choices)  # type: ignore[assignment]
    urgency = serializers.ChoiceField(choices=Priority.choices)
    received_on = serializers.DateField()
    person = serializers.IntegerField(required=False, allow_null=True)
    postcode = serializers.RegexField(r"^[1-9][0-9]{3}[A-Z]{2}$", required=False, default="")
    house_number = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=99999
    )
    house_number_addition = serializers.CharField(required=False, default="", max_length=10)
    arrear_amount = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False, allow_null=True, min_value=0
    )
    arrear_since = serializers.DateField(required=False, allow_null=True)
    eviction_date = serializers.DateField(required=False, allow_null=True)
    crisis = serializers.BooleanField(required=False, default=False)


class SignalListView(GenericAPIView[Signal]):
    serializer_class = SignalSerializer

    @extend_schema(
        operation_id="signalen_list",
        summary="Signalen van mijn team (open), te late eerst",
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        actor = actor_from_request(request)
        page = self.paginate_queryset(selectors.team_signals(actor))
        assert page is not None
        shown = selectors.read_signal_page(actor, list(page))
        return self.get_paginated_response(SignalSerializer(shown, many=True).data)

    @extend_schema(
        operation_id="signalen_create",
        summary="Signaal vastleggen",
        request=SignalCreateSerializer,
        responses={201: SignalSerializer, 400: OpenApiResponse(description="Ongeldige invoer.")},
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        data = SignalCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["person_id"] = values.pop("person", None)
        signal = services.register_signal(
            actor_from_request(request), services.SignalInput(**values)
        )
        return Response(
            SignalSerializer(selectors.just_registered(signal.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class SignalDetailView(APIView):
    @extend_schema(
        operation_id="signalen_retrieve",
        summary="Eén signaal met zijn contactpogingen",
        responses={200: SignalDetailSerializer, 403: None, 404: None},
        tags=TAGS,
    )
    def get(self, request: Request, signal_id: int) -> Response:
        try:
            opened = selectors.open_signal(actor_from_request(request), signal_id)
        except Signal.DoesNotExist as exc:
            raise NotFound("Onbekend signaal.") from exc
        data = SignalDetailSerializer(opened.signal).data
        data["attempts"] = ContactAttemptSerializer(opened.attempts, many=True).data
        return Response(data)


class DeliveryProblemSerializer(serializers.ModelSerializer[DeliveryRow]):
    class Meta:
        model = DeliveryRow
        fields = ["row_number", "errors"]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer[Delivery]):
    class Meta:
        model = Delivery
        fields = [
            "id",
            "filename",
            "uploaded_at",
            "status",
            "row_count",
            "error_count",
            "duplicate_count",
            "stored_count",
            "file_error",
        ]
        read_only_fields = fields


class DeliveryReportSerializer(DeliverySerializer):
    problems = serializers.SerializerMethodField()

    class Meta(DeliverySerializer.Meta):
        fields = [*DeliverySerializer.Meta.fields, "problems"]
        read_only_fields = fields

    def get_problems(self, delivery: Delivery) -> list[dict[str, Any]]:
        return DeliveryProblemSerializer(selectors.delivery_problems(delivery), many=True).data  # type: ignore[return-value]


class DeliveryListView(GenericAPIView[Delivery]):
    serializer_class = DeliverySerializer
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="aanleveringen_list", summary="Mijn aanleveringen", tags=SOURCE_TAGS
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.own_deliveries(actor_from_request(request)))
        assert page is not None
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)

    @extend_schema(
        operation_id="aanleveringen_create",
        summary="Bestand aanleveren: wordt gecontroleerd, nog niet opgeslagen",
        request={
            "multipart/form-data": inline_serializer(
                "AanleveringUpload", {"file": serializers.FileField()}
            )
        },
        responses={201: DeliveryReportSerializer},
        tags=SOURCE_TAGS,
    )
    def post(self, request: Request) -> Response:
        upload = request.FILES.get("file")
        if upload is None:
            raise ApiValidationError({"file": ["CSV-bestand: kies een bestand."]})
        delivery = services.upload_delivery(
            actor_from_request(request), upload.name or "", upload.read()
        )
        return Response(DeliveryReportSerializer(delivery).data, status=status.HTTP_201_CREATED)


class DeliveryDetailView(APIView):
    @extend_schema(
        operation_id="aanleveringen_retrieve",
        summary="Controlerapport van een aanlevering",
        responses={200: DeliveryReportSerializer},
        tags=SOURCE_TAGS,
    )
    def get(self, request: Request, delivery_id: int) -> Response:
        try:
            delivery = selectors.own_delivery(actor_from_request(request), delivery_id)
        except Delivery.DoesNotExist as exc:
            raise NotFound("Onbekende aanlevering.") from exc
        return Response(DeliveryReportSerializer(delivery).data)


class DeliveryDecisionSerializer(serializers.Serializer[None]):
    keuze = serializers.ChoiceField(
        choices=[("opslaan", "opslaan"), ("annuleren", "annuleren")],
        error_messages={"invalid_choice": "keuze: kies opslaan of annuleren."},
    )


class DeliveryDecideView(APIView):
    @extend_schema(
        operation_id="aanleveringen_besluit",
        summary="Alleen de geldige rijen opslaan, of de aanlevering annuleren",
        request=DeliveryDecisionSerializer,
        responses={200: DeliverySerializer},
        tags=SOURCE_TAGS,
    )
    def post(self, request: Request, delivery_id: int) -> Response:
        choice = DeliveryDecisionSerializer(data=request.data)
        choice.is_valid(raise_exception=True)
        actor = actor_from_request(request)
        try:
            if choice.validated_data["keuze"] == "opslaan":
                delivery = services.store_delivery(actor, delivery_id)
            else:
                delivery = services.cancel_delivery(actor, delivery_id)
        except Delivery.DoesNotExist as exc:
            raise NotFound("Onbekende aanlevering.") from exc
        return Response(DeliverySerializer(delivery).data)


class FeedbackSerializer(serializers.ModelSerializer[Feedback]):
    reference = serializers.CharField(source="signal.source_reference", read_only=True)
    kind = serializers.CharField(source="signal.source", read_only=True)

    class Meta:
        model = Feedback
        fields = ["reference", "kind", "outcome", "reported_on"]
        read_only_fields = fields


class FeedbackListView(GenericAPIView[Feedback]):
    serializer_class = FeedbackSerializer

    @extend_schema(
        operation_id="terugmeldingen_list",
        summary="Teruggemelde eindresultaten van mijn signalen",
        tags=SOURCE_TAGS,
    )
    def get(self, request: Request) -> Response:
        actor = actor_from_request(request)
        page = self.paginate_queryset(selectors.own_feedback(actor))
        assert page is not None
        selectors.log_feedback_read(actor, len(page))
        return self.get_paginated_response(FeedbackSerializer(page, many=True).data)
