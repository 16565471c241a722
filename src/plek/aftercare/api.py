"""Aftercare API: tracks with their check-ins, recording a check-in, the alert inbox."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from plek.accounts.context import actor_from_request
from plek.aftercare import selectors, services
from plek.aftercare.models import AftercareTrack, CheckIn


class CheckInSerializer(serializers.ModelSerializer[CheckIn]):
    gepland_op = serializers.DateField(source="due_on")
    gedaan_op = serializers.DateField(source="done_on")
    stoplicht = serializers.CharField(source="light")
    notitie = serializers.CharField(source="note")

    class Meta:
        model = CheckIn
        fields = ["id", "gepland_op", "gedaan_op", "stoplicht", "notitie"]
        read_only_fields = fields


class TrackSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="track.pk")
    kenmerk = serializers.CharField(source="track.external_id")
    persoon = serializers.IntegerField(source="track.person_id")
    gestart_op = serializers.DateField(source="track.started_on")
    beeindigd_op = serializers.DateField(source="track.ended_on", allow_null=True)
    coach = serializers.CharField(source="track.coach.username", allow_null=True, default=None)
    contactmomenten = CheckInSerializer(source="checkins", many=True)


class TrackDetailView(APIView):
    @extend_schema(
        operation_id="nazorgtrajecten_retrieve",
        summary="Eén nazorgtraject met zijn contactmomenten",
        responses={
            200: TrackSerializer,
            403: OpenApiResponse(description="Geen toegang."),
            404: OpenApiResponse(description="Onbekend traject."),
        },
        tags=["nazorg"],
    )
    def get(self, request: Request, track_id: int) -> Response:
        try:
            file = selectors.open_track(actor_from_request(request), track_id)
        except AftercareTrack.DoesNotExist as exc:
            raise NotFound("Onbekend traject.") from exc
        return Response(TrackSerializer(file).data)


class CheckInInputSerializer(serializers.Serializer[Any]):
    gedaan_op = serializers.DateField()
    stoplichten = serializers.DictField(
        child=serializers.CharField(), help_text="Per leefgebied (ZRM-code): groen, oranje of rood."
    )
    notitie = serializers.CharField(required=False, allow_blank=True, default="")


class CheckInRecordView(APIView):
    @extend_schema(
        operation_id="contactmomenten_vastleggen",
        summary="Een contactmoment vastleggen (één keer)",
        request=CheckInInputSerializer,
        responses={
            200: CheckInSerializer,
            400: OpenApiResponse(description="Ongeldig."),
            403: OpenApiResponse(description="Geen toegang."),
        },
        tags=["nazorg"],
    )
    def post(self, request: Request, checkin_id: int) -> Response:
        data = CheckInInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not selectors.checkin_exists(checkin_id):
            raise NotFound("Onbekend contactmoment.")
        checkin = services.record_checkin(
            actor_from_request(request),
            checkin_id,
            data.validated_data["gedaan_op"],
            data.validated_data["stoplichten"],
            data.validated_data["notitie"],
        )
        return Response(CheckInSerializer(checkin).data)


class AlertSerializer(serializers.Serializer[Any]):
    soort = serializers.CharField(source="kind")
    over = serializers.IntegerField(source="object_id")
    traject = serializers.IntegerField(source="track.pk")
    persoon = serializers.IntegerField(source="track.person_id")
    datum = serializers.DateField(source="day")
    tekst = serializers.CharField(source="text")
    gezien = serializers.BooleanField(source="acknowledged")


class AlertInboxView(APIView):
    @extend_schema(
        operation_id="nazorgsignaleringen_list",
        summary="Mijn signaleringen nazorg (als coach of regisseur)",
        responses={200: AlertSerializer(many=True)},
        tags=["nazorg"],
    )
    def get(self, request: Request) -> Response:
        return Response(
            AlertSerializer(selectors.alert_inbox(actor_from_request(request)), many=True).data
        )
