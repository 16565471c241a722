"""Plan endpoints: the same selectors, services, policy and log as the pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from plek.accounts.context import actor_from_request
from plek.intake.zrm import Domain
from plek.people.models import Person
from plek.plans import selectors, services
from plek.plans.models import Goal, HandOver, Plan
from plek.plans.selectors import PlanView

DENIED = OpenApiResponse(description="Geen toegang tot deze persoon.")
UNKNOWN = OpenApiResponse(description="Onbekend.")
INVALID = OpenApiResponse(description="Ongeldige invoer; de melding noemt het veld.")
NOT_FOUND = (Plan.DoesNotExist, Goal.DoesNotExist, HandOver.DoesNotExist, Person.DoesNotExist)


class GoalSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    domain = serializers.ChoiceField(choices=Domain.choices)
    own_words = serializers.CharField()
    actions = serializers.ListField(child=serializers.DictField(), read_only=True)
    evaluations = serializers.ListField(child=serializers.DictField(), read_only=True)


class PlanSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    external_id = serializers.CharField(read_only=True)
    person = serializers.IntegerField()
    household = serializers.IntegerField(required=False, allow_null=True)
    started_on = serializers.DateField()
    review_on = serializers.DateField(required=False, allow_null=True)
    ended_on = serializers.DateField(read_only=True)
    case_lead = serializers.CharField(read_only=True, allow_null=True)
    goals = GoalSerializer(many=True, read_only=True)


def _goal_data(goal: Goal) -> dict[str, Any]:
    return {
        "id": goal.pk,
        "domain": goal.domain,
        "own_words": goal.own_words,
        "actions": [
            {
                "description": a.description,
                "organisation": a.organisation_id,
                "target_date": a.target_date,
                "done_on": a.done_on,
            }
            for a in goal.actions.all()
        ],
        "evaluations": [
            {"evaluated_on": e.evaluated_on, "progress": e.progress, "note": e.note}
            for e in goal.evaluations.all()
        ],
    }


def _plan_data(view: PlanView) -> dict[str, Any]:
    plan = view.plan
    return {
        "id": plan.pk,
        "external_id": plan.external_id,
        "person": plan.person_id,
        "household": plan.household_id,
        "started_on": plan.started_on,
        "review_on": plan.review_on,
        "ended_on": plan.ended_on,
        "case_lead": view.case_lead.user.get_username() if view.case_lead else None,
        "goals": [_goal_data(goal) for goal in view.goals],
    }


class PlanListView(APIView):
    @extend_schema(
        operation_id="plannen_create",
        summary="Plan starten (u wordt de regisseur)",
        request=PlanSerializer,
        responses={201: PlanSerializer, 400: INVALID, 403: DENIED, 404: UNKNOWN},
        tags=["plannen"],
    )
    def post(self, request: Request) -> Response:
        data = PlanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        actor = actor_from_request(request)
        try:
            plan = services.start_plan(
                actor,
                values["person"],
                values.get("household"),
                values["started_on"],
                values.get("review_on"),
            )
        except NOT_FOUND as exc:
            raise NotFound("Onbekende persoon.") from exc
        return Response(_plan_data(selectors.open_plan(actor, plan.pk)), status=201)


class PlanDetailView(APIView):
    @extend_schema(
        operation_id="plannen_retrieve",
        summary="Plan met doelen, acties en evaluaties",
        responses={200: PlanSerializer, 403: DENIED, 404: UNKNOWN},
        tags=["plannen"],
    )
    def get(self, request: Request, plan_id: int) -> Response:
        try:
            view = selectors.open_plan(actor_from_request(request), plan_id)
        except NOT_FOUND as exc:
            raise NotFound("Onbekend plan.") from exc
        return Response(_plan_data(view))


class PlanGoalsView(APIView):
    @extend_schema(
        operation_id="plannen_doelen_create",
        summary="Doel toevoegen aan een plan",
        request=GoalSerializer,
        responses={201: GoalSerializer, 400: INVALID, 403: DENIED, 404: UNKNOWN},
        tags=["plannen"],
    )
    def post(self, request: Request, plan_id: int) -> Response:
        data = GoalSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            goal = services.add_goal(
                actor_from_request(request),
                plan_id,
                data.validated_data["domain"],
                data.validated_data["own_words"],
            )
        except NOT_FOUND as exc:
            raise NotFound("Onbekend plan.") from exc
        return Response(_goal_data(goal), status=201)


class HandOverSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    plan = serializers.IntegerField()
    from_user = serializers.CharField()
    requested_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    declined_at = serializers.DateTimeField(allow_null=True)


def _hand_over_data(hand_over: HandOver) -> dict[str, Any]:
    return {
        "id": hand_over.pk,
        "plan": hand_over.plan_id,
        "from_user": hand_over.from_user.get_username(),
        "requested_at": hand_over.requested_at,
        "accepted_at": hand_over.accepted_at,
        "declined_at": hand_over.declined_at,
    }


class MyHandOversView(APIView):
    @extend_schema(
        operation_id="overdrachten_list",
        summary="Overdrachten die op mij wachten",
        responses={200: HandOverSerializer(many=True)},
        tags=["plannen"],
    )
    def get(self, request: Request) -> Response:
        pending = selectors.read_hand_overs_for_me(actor_from_request(request))
        return Response([_hand_over_data(h) for h in pending])


class AcceptHandOverView(APIView):
    @extend_schema(
        operation_id="overdrachten_accepteren",
        summary="Overdracht accepteren: u wordt de regisseur",
        request=None,
        responses={200: HandOverSerializer, 400: INVALID, 404: UNKNOWN},
        tags=["plannen"],
    )
    def post(self, request: Request, hand_over_id: int) -> Response:
        try:
            hand_over = services.accept_hand_over(actor_from_request(request), hand_over_id)
        except NOT_FOUND as exc:
            raise NotFound("Onbekende overdracht.") from exc
        return Response(_hand_over_data(hand_over))
