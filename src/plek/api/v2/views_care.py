"""API v2 for care: intakes, ZRM assessments, plan writes, hand-overs and aftercare.

Thin shells like the rest of v2 (``views.py``): each endpoint calls the selector or service the
pages and v1 call, so the access policy decides and every person returned is logged once with
the relation's purpose; a system client acts in its own membership.

Services name their invalid fields in English (``started_on``); ``v2_field_names`` renames them to
the Dutch camelCase names of the v2 body, so ``invalidParams`` names what the caller sent.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from plek.aftercare import selectors as aftercare_selectors
from plek.aftercare import services as aftercare_services
from plek.aftercare.models import AftercareTrack, AlertKind, Light
from plek.api import selectors as api_selectors
from plek.api.v2 import schemas
from plek.api.v2.base import (
    PAGE_SIZE,
    Pagination,
    V2ListView,
    V2View,
    created,
    existing_page,
    key_in_body,
    page_number,
    v2_field_names,
    valid_body,
)
from plek.api.v2.problems import camel
from plek.api.v2.views import GoalSerializer, PlanSerializer
from plek.api.v2.views import PlanListView as PlanReadListView
from plek.intake import selectors as intake_selectors
from plek.intake.models import Assessment
from plek.intake.zrm import DOMAINS, Domain, InstrumentVersion
from plek.plans import selectors as plan_selectors
from plek.plans import services as plan_services
from plek.plans.models import HandOver

ERRORS = schemas.error_responses
# --- intakes ------------------------------------------------------------------------------------


class IntakeMemberSerializer(serializers.Serializer[Any]):
    persoon = serializers.UUIDField(source="person.uuid")
    rol = serializers.CharField(source="role")
    begindatum = serializers.DateField(source="start_date")


class NarrativeSerializer(serializers.Serializer[Any]):
    leefgebied = serializers.ChoiceField(source="domain", choices=Domain.choices)
    tekst = serializers.CharField(source="text")


class IntakeSerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField(source="intake.uuid")
    huishouden = serializers.UUIDField(source="intake.household.uuid")
    persoon = serializers.UUIDField(source="intake.person.uuid")
    gestartOp = serializers.DateField(source="intake.started_on")
    afgerondOp = serializers.DateField(source="intake.completed_on", allow_null=True)
    vraagAchterDeVraag = serializers.CharField(source="intake.question_behind_question")
    leden = IntakeMemberSerializer(
        source="members", many=True, help_text="Het huishouden op de startdatum."
    )
    verhalen = NarrativeSerializer(source="intake.narratives.all", many=True)
    deelnemers = serializers.ListField(source="participants", child=serializers.CharField())
    zrmMetingen = serializers.SerializerMethodField(help_text="Kenmerken van de ZRM-metingen.")

    def get_zrmMetingen(self, view: intake_selectors.IntakeView) -> list[str]:
        return [assessment.external_id for assessment in view.assessments]


class IntakeDetailView(V2View):
    required_scopes = {"GET": "intakes.lezen"}

    @extend_schema(
        operation_id="intakeRetrieve",
        summary="Eén integrale intake met huishouden, verhalen en ZRM-metingen",
        responses={200: IntakeSerializer, **ERRORS(401, 403, 404)},
        tags=["intakes"],
    )
    def get(self, request: Request, uuid: uuid.UUID) -> Response:
        view = intake_selectors.open_intake(self.actor(request), intake_selectors.intake_pk(uuid))
        return Response(IntakeSerializer(view).data)


# --- ZRM-metingen -------------------------------------------------------------------------------


def _scores_serializer() -> type[serializers.Serializer[Any]]:
    """One nullable score field (1–5) per ZRM life domain, named in camelCase."""
    fields = {
        camel(domain): serializers.IntegerField(
            min_value=1, max_value=5, allow_null=True, help_text=str(Domain(domain).label)
        )
        for domain in DOMAINS
    }
    return type("ZrmScoresSerializer", (serializers.Serializer,), fields)


ZrmScoresSerializer = _scores_serializer()


class AssessmentSerializer(serializers.Serializer[Any]):
    kenmerk = serializers.CharField(source="assessment.external_id")
    gemetenOp = serializers.DateField(source="assessment.assessed_on")
    instrumentversie = serializers.ChoiceField(
        source="assessment.instrument_version", choices=InstrumentVersion.choices
    )
    intake = serializers.UUIDField(source="assessment.intake.uuid", allow_null=True, default=None)
    scores = serializers.SerializerMethodField()

    @extend_schema_field(ZrmScoresSerializer)
    def get_scores(self, item: intake_selectors.ScoredAssessment) -> dict[str, int | None]:
        return {camel(domain): item.scores.get(domain) for domain in DOMAINS}


class AssessmentFilter(django_filters.FilterSet):
    gemetenVanaf = django_filters.DateFilter(
        field_name="assessed_on", lookup_expr="gte", label="Gemeten op of na (JJJJ-MM-DD)."
    )
    gemetenTot = django_filters.DateFilter(
        field_name="assessed_on", lookup_expr="lt", label="Gemeten vóór (JJJJ-MM-DD)."
    )
    instrumentversie = django_filters.ChoiceFilter(
        field_name="instrument_version", choices=InstrumentVersion.choices
    )

    class Meta:
        model = Assessment
        fields: list[str] = []


class PersonAssessmentListView(V2ListView):
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    required_scopes = {"GET": "zrm.lezen"}

    def get_queryset(self) -> QuerySet[Assessment]:
        return intake_selectors.no_assessments()

    @extend_schema(
        operation_id="zrmMetingenList",
        summary="ZRM-metingen van een persoon, oudste eerst",
        description=f"{PAGE_SIZE} per pagina. De persoon wordt één keer vastgelegd in het "
        "verwerkingenlog, onder het doel van de relatie.",
        responses={200: AssessmentSerializer(many=True), **ERRORS(400, 401, 403, 404)},
        tags=["intakes"],
    )
    def get(self, request: Request, uuid: uuid.UUID) -> Response:
        page_number(request)
        # Checked before any read; the selector applies it to the person's assessments.
        filterset = self.valid_filterset(self.get_queryset())
        history = intake_selectors.zrm_history(
            self.actor(request), api_selectors.person_pk(uuid), filterset.filter_queryset
        )
        return self.page_response(AssessmentSerializer, self.cut_page(history.assessments))


# --- plannen: starten en doelen -----------------------------------------------------------------


class PlanCreateSerializer(serializers.Serializer[Any]):
    persoon = serializers.UUIDField()
    huishouden = serializers.UUIDField(required=False, allow_null=True)
    begindatum = serializers.DateField()
    evaluatiedatum = serializers.DateField(required=False, allow_null=True)


PLAN_FIELDS = {
    "started_on": "begindatum",
    "review_on": "evaluatiedatum",
    "household": "huishouden",
}


class PlanListView(PlanReadListView):
    """The plan list of ``views.py`` (GET), and starting a plan (POST)."""

    required_scopes: ClassVar[dict[str, str]] = {
        "GET": "plannen.lezen",
        "POST": "plannen.schrijven",
    }

    @extend_schema(
        operation_id="planCreate",
        summary="Plan starten (u wordt de regisseur)",
        request=PlanCreateSerializer,
        responses={201: PlanSerializer, **ERRORS(400, 401, 403, 404)},
        tags=["plannen"],
    )
    def post(self, request: Request) -> Response:
        v = valid_body(PlanCreateSerializer, request)
        actor = self.actor(request)
        # As published: an unknown ``persoon`` is a 404 here, an unknown ``huishouden`` a 400.
        person_id = api_selectors.person_pk(v["persoon"])
        household_id = None
        if v.get("huishouden") is not None:
            household_id = key_in_body(
                api_selectors.household_pk,
                v["huishouden"],
                "huishouden",
                "Huishouden: onbekend huishouden.",
            )
        with v2_field_names(PLAN_FIELDS):
            plan = plan_services.start_plan(
                actor, person_id, household_id, v["begindatum"], v.get("evaluatiedatum")
            )
        return created(PlanSerializer(plan_selectors.open_plan(actor, plan.pk)).data)


class GoalCreateSerializer(serializers.Serializer[Any]):
    leefgebied = serializers.ChoiceField(choices=Domain.choices)
    doelInEigenWoorden = serializers.CharField(max_length=4000)


GOAL_FIELDS = {"domain": "leefgebied", "own_words": "doelInEigenWoorden"}


class PlanGoalCreateView(V2View):
    required_scopes = {"POST": "plannen.schrijven"}

    @extend_schema(
        operation_id="planDoelCreate",
        summary="Doel toevoegen aan een plan (regisseur of team van het plan)",
        request=GoalCreateSerializer,
        responses={201: GoalSerializer, **ERRORS(400, 401, 403, 404)},
        tags=["plannen"],
    )
    def post(self, request: Request, kenmerk: str) -> Response:
        v = valid_body(GoalCreateSerializer, request)
        plan_id = api_selectors.plan_pk(kenmerk)
        with v2_field_names(GOAL_FIELDS):
            goal = plan_services.add_goal(
                self.actor(request), plan_id, v["leefgebied"], v["doelInEigenWoorden"]
            )
        return created(GoalSerializer(goal).data)


# --- overdrachten -------------------------------------------------------------------------------


class HandOverSerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField()
    plan = serializers.CharField(source="plan.external_id", help_text="Kenmerk van het plan.")
    persoon = serializers.UUIDField(source="plan.person.uuid")
    van = serializers.CharField(source="from_user.get_username")
    toelichting = serializers.CharField(source="note")
    gevraagdOp = serializers.DateTimeField(source="requested_at")
    geaccepteerdOp = serializers.DateTimeField(source="accepted_at", allow_null=True)
    afgewezenOp = serializers.DateTimeField(source="declined_at", allow_null=True)


class HandOverFilter(django_filters.FilterSet):
    gevraagdVanaf = django_filters.DateFilter(
        field_name="requested_at", lookup_expr="date__gte", label="Gevraagd op of na (JJJJ-MM-DD)."
    )
    gevraagdTot = django_filters.DateFilter(
        field_name="requested_at", lookup_expr="date__lt", label="Gevraagd vóór (JJJJ-MM-DD)."
    )

    class Meta:
        model = HandOver
        fields: list[str] = []


class HandOverListView(V2ListView):
    serializer_class = HandOverSerializer
    filterset_class = HandOverFilter
    required_scopes = {"GET": "overdrachten.lezen"}

    def get_queryset(self) -> QuerySet[HandOver]:
        return plan_selectors.no_hand_overs()

    @extend_schema(
        operation_id="overdrachtenList",
        summary="Overdrachten die op mij wachten, oudste eerst",
        description=f"{PAGE_SIZE} per pagina. De persoon van elk getoond plan wordt vastgelegd "
        "in het verwerkingenlog, onder het doel van de relatie.",
        responses={200: HandOverSerializer(many=True), **ERRORS(400, 401, 403)},
        tags=["overdrachten"],
    )
    def get(self, request: Request) -> Response:
        page_number(request)
        actor = self.actor(request)
        filterset = self.valid_filterset(self.get_queryset())
        pending = filterset.filter_queryset(plan_selectors.my_pending_hand_overs(actor))
        shown = plan_selectors.read_hand_over_page(actor, self.cut_page(pending))
        return self.page_response(HandOverSerializer, shown)


class HandOverAcceptView(V2View):
    required_scopes = {"POST": "overdrachten.schrijven"}

    @extend_schema(
        operation_id="overdrachtAccepteren",
        summary="Overdracht accepteren: u wordt de regisseur",
        request=None,
        responses={200: HandOverSerializer, **ERRORS(400, 401, 403, 404)},
        tags=["overdrachten"],
    )
    def post(self, request: Request, uuid: uuid.UUID) -> Response:
        hand_over = plan_services.accept_hand_over(
            self.actor(request), plan_selectors.hand_over_pk(uuid)
        )
        return Response(HandOverSerializer(hand_over).data)


# --- nazorg -------------------------------------------------------------------------------------


class CheckInSerializer(serializers.Serializer[Any]):
    kenmerk = serializers.CharField(source="external_id")
    gepland = serializers.DateField(source="due_on")
    gedaanOp = serializers.DateField(source="done_on", allow_null=True)
    stoplicht = serializers.CharField(source="light", help_text="groen, oranje, rood of leeg.")
    notitie = serializers.CharField(source="note")


class TrackSerializer(serializers.Serializer[Any]):
    kenmerk = serializers.CharField(source="track.external_id")
    persoon = serializers.UUIDField(source="track.person.uuid")
    gestartOp = serializers.DateField(source="track.started_on")
    beeindigdOp = serializers.DateField(source="track.ended_on", allow_null=True)
    coach = serializers.CharField(source="track.coach.username", allow_null=True, default=None)
    contactmomenten = CheckInSerializer(source="checkins", many=True)


class TrackDetailView(V2View):
    required_scopes = {"GET": "nazorg.lezen"}

    @extend_schema(
        operation_id="nazorgtrajectRetrieve",
        summary="Eén nazorgtraject met zijn contactmomenten",
        responses={200: TrackSerializer, **ERRORS(401, 403, 404)},
        tags=["nazorg"],
    )
    def get(self, request: Request, kenmerk: str) -> Response:
        track = aftercare_selectors.track_pk(kenmerk)
        return Response(
            TrackSerializer(aftercare_selectors.open_track(self.actor(request), track)).data
        )


def _lights_serializer() -> type[serializers.Serializer[Any]]:
    fields = {
        camel(domain): serializers.ChoiceField(
            choices=Light.choices, required=False, help_text=str(Domain(domain).label)
        )
        for domain in DOMAINS
    }
    return type("StoplichtenSerializer", (serializers.Serializer,), fields)


StoplichtenSerializer = _lights_serializer()


class CheckInInputSerializer(serializers.Serializer[Any]):
    gedaanOp = serializers.DateField()
    stoplichten = StoplichtenSerializer(
        help_text="Per leefgebied (ZRM, in camelCase): groen, oranje of rood; minstens één."
    )
    notitie = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


CHECKIN_FIELDS = {
    "done_on": "gedaanOp",
    "lights": "stoplichten",
    **{f"light_{domain}": f"stoplichten.{camel(domain)}" for domain in DOMAINS},
}


class CheckInRecordView(V2View):
    required_scopes = {"POST": "nazorg.schrijven"}

    @extend_schema(
        operation_id="contactmomentVastleggen",
        summary="Een contactmoment vastleggen (één keer)",
        request=CheckInInputSerializer,
        responses={200: CheckInSerializer, **ERRORS(400, 401, 403, 404)},
        tags=["nazorg"],
    )
    def post(self, request: Request, kenmerk: str) -> Response:
        v = valid_body(CheckInInputSerializer, request)
        by_name = {camel(domain): domain for domain in DOMAINS}
        lights = {by_name[name]: light for name, light in v["stoplichten"].items()}
        checkin = aftercare_selectors.checkin_pk(kenmerk)
        with v2_field_names(CHECKIN_FIELDS):
            recorded = aftercare_services.record_checkin(
                self.actor(request), checkin, v["gedaanOp"], lights, v["notitie"]
            )
        return Response(CheckInSerializer(recorded).data)


class AlertSerializer(serializers.Serializer[Any]):
    soort = serializers.ChoiceField(source="kind", choices=AlertKind.choices)
    traject = serializers.CharField(
        source="track.external_id", help_text="Kenmerk van het traject."
    )
    persoon = serializers.UUIDField(source="track.person.uuid")
    datum = serializers.DateField(source="day")
    tekst = serializers.CharField(source="text")
    gezien = serializers.BooleanField(source="acknowledged")


class AlertInboxFilter(django_filters.FilterSet):
    soort = django_filters.ChoiceFilter(choices=AlertKind.choices, method="keep")
    datumVanaf = django_filters.DateFilter(method="keep", label="Op of na (JJJJ-MM-DD).")
    datumTot = django_filters.DateFilter(method="keep", label="Op of vóór (JJJJ-MM-DD).")
    gezien = django_filters.ChoiceFilter(
        choices=[
            (aftercare_selectors.Seen.UNSEEN, "ongezien"),
            (aftercare_selectors.Seen.SEEN, "gezien"),
            (aftercare_selectors.Seen.ALL, "alle"),
        ],
        method="keep",
        label="Standaard alleen de ongeziene.",
    )
    volgorde = django_filters.ChoiceFilter(
        choices=[
            (aftercare_selectors.AlertOrder.NEWEST, "nieuwste eerst"),
            (aftercare_selectors.AlertOrder.OLDEST, "oudste eerst"),
            (aftercare_selectors.AlertOrder.PERSON, "per persoon"),
        ],
        method="keep",
    )

    class Meta:
        model = AftercareTrack
        fields: list[str] = []

    def keep(self, queryset: Any, name: str, value: Any) -> Any:
        # Alerts are computed, not stored: the values go to the selector's AlertFilter.
        return queryset

    def alert_filter(self) -> aftercare_selectors.AlertFilter:
        values = self.form.cleaned_data
        return aftercare_selectors.AlertFilter(
            kind=values.get("soort") or "",
            date_from=values.get("datumVanaf"),
            date_to=values.get("datumTot"),
            seen=values.get("gezien") or aftercare_selectors.Seen.UNSEEN,
            order=values.get("volgorde") or aftercare_selectors.AlertOrder.NEWEST,
        )


class AlertListView(V2ListView):
    serializer_class = AlertSerializer
    filterset_class = AlertInboxFilter
    required_scopes = {"GET": "nazorg.lezen"}

    def get_queryset(self) -> QuerySet[AftercareTrack]:
        return aftercare_selectors.no_tracks()

    @extend_schema(
        operation_id="nazorgsignaleringenList",
        summary="Mijn signaleringen nazorg (als coach of regisseur), nieuwste eerst",
        description=f"{aftercare_selectors.PAGE_SIZE} per pagina; standaard alleen de "
        "ongeziene. Elke persoon op de pagina wordt één keer vastgelegd in het "
        "verwerkingenlog, onder het doel van de relatie.",
        responses={200: AlertSerializer(many=True), **ERRORS(400, 401, 403, 404)},
        tags=["nazorg"],
    )
    def get(self, request: Request) -> Response:
        number = page_number(request)
        filters = self.valid_filterset(self.get_queryset())
        assert isinstance(filters, AlertInboxFilter)
        with existing_page():
            page = aftercare_selectors.alert_page(
                self.actor(request), filters.alert_filter(), number, strict=True
            )
        data = AlertSerializer(page.object_list, many=True).data
        return Pagination().respond(request, page, data)
