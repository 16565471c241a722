"""Intake and ZRM endpoints: the same selectors, services, policy and log as the pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from plek.accounts.context import actor_from_request
from plek.intake import selectors, services
from plek.intake.models import Intake
from plek.intake.zrm import DOMAINS, InstrumentVersion
from plek.people.models import Person

DENIED = OpenApiResponse(description="Geen toegang tot deze persoon.")
UNKNOWN = OpenApiResponse(description="Onbekend.")


class ScoresSerializer(serializers.Serializer[Any]):
    pass


for _domain in DOMAINS:
    ScoresSerializer._declared_fields[_domain] = serializers.IntegerField(
        min_value=1, max_value=5, required=False, allow_null=True
    )


class AssessmentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    external_id = serializers.CharField(read_only=True)
    assessed_on = serializers.DateField()
    instrument_version = serializers.ChoiceField(
        choices=InstrumentVersion.choices, default=InstrumentVersion.ZRM_2017
    )
    intake = serializers.IntegerField(required=False, allow_null=True)
    scores = ScoresSerializer()


def _assessment_data(item: selectors.ScoredAssessment) -> dict[str, Any]:
    a = item.assessment
    return {
        "id": a.pk,
        "external_id": a.external_id,
        "assessed_on": a.assessed_on,
        "instrument_version": a.instrument_version,
        "intake": a.intake_id,
        "scores": {d: item.scores.get(d) for d in DOMAINS},
    }


class PersonAssessmentsView(APIView):
    @extend_schema(
        operation_id="personen_zrm_metingen_list",
        summary="ZRM-metingen van een persoon",
        responses={200: AssessmentSerializer(many=True), 403: DENIED, 404: UNKNOWN},
        tags=["intake"],
    )
    def get(self, request: Request, person_id: int) -> Response:
        try:
            history = selectors.zrm_history(actor_from_request(request), person_id)
        except Person.DoesNotExist as exc:
            raise NotFound("Onbekende persoon.") from exc
        return Response([_assessment_data(item) for item in history.assessments])

    @extend_schema(
        operation_id="personen_zrm_metingen_create",
        summary="ZRM-meting vastleggen",
        request=AssessmentSerializer,
        responses={
            201: AssessmentSerializer,
            400: OpenApiResponse(description="Ongeldig."),
            403: DENIED,
            404: UNKNOWN,
        },
        tags=["intake"],
    )
    def post(self, request: Request, person_id: int) -> Response:
        data = AssessmentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            assessment = services.record_assessment(
                actor_from_request(request),
                person_id,
                values["assessed_on"],
                dict(values["scores"]),
                values["instrument_version"],
                values.get("intake"),
            )
        except Person.DoesNotExist as exc:
            raise NotFound("Onbekende persoon.") from exc
        scores = {s.domain: s.score for s in assessment.scores.all()}
        return Response(
            _assessment_data(selectors.ScoredAssessment(assessment, scores)), status=201
        )


class IntakeSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    household = serializers.IntegerField()
    person = serializers.IntegerField()
    started_on = serializers.DateField()
    completed_on = serializers.DateField(allow_null=True)
    question_behind_question = serializers.CharField()
    members = serializers.ListField(child=serializers.DictField())
    narratives = serializers.DictField(child=serializers.CharField())
    participants = serializers.ListField(child=serializers.CharField())
    assessments = serializers.ListField(child=serializers.IntegerField())


class IntakeDetailView(APIView):
    @extend_schema(
        operation_id="intakes_retrieve",
        summary="Integrale intake van een huishouden",
        responses={200: IntakeSerializer, 403: DENIED, 404: UNKNOWN},
        tags=["intake"],
    )
    def get(self, request: Request, intake_id: int) -> Response:
        try:
            view = selectors.open_intake(actor_from_request(request), intake_id)
        except (Intake.DoesNotExist, Person.DoesNotExist) as exc:
            raise NotFound("Onbekende intake.") from exc
        intake = view.intake
        return Response(
            {
                "id": intake.pk,
                "household": intake.household_id,
                "person": intake.person_id,
                "started_on": intake.started_on,
                "completed_on": intake.completed_on,
                "question_behind_question": intake.question_behind_question,
                "members": [
                    {"person": m.person_id, "role": m.role, "since": m.start_date}
                    for m in view.members
                ],
                "narratives": {n.domain: n.text for n in intake.narratives.all()},
                "participants": view.participants,
                "assessments": [a.pk for a in view.assessments],
            }
        )
