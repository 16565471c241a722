"""API v2 endpoints: Dutch camelCase fields, UUIDs, one list shape, filters, problem+json.

Thin shells, as in v1: each endpoint calls the same selector or service as the page and v1, so
the access policy decides and every person returned is logged once with the relation's purpose.
A system client acts in its own membership (``api_actor``), so the log names it.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

import django_filters
from django.db.models import Count, Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from plek.api import selectors as api_selectors
from plek.api.v2 import schemas
from plek.api.v2.base import (
    PAGE_SIZE,
    Pagination,
    V2ListView,
    V2View,
    created,
    envelope,
    existing_page,
    invalid,
    page_number,
    valid_body,
)
from plek.core.choices import Priority
from plek.core.text import is_digits
from plek.housing import selectors as housing_selectors
from plek.housing import selectors_stays
from plek.housing.choices import FacilityType
from plek.housing.models import Facility
from plek.people import selectors as people_selectors
from plek.people.models import Person, Sex
from plek.plans import selectors as plan_selectors
from plek.plans.models import Plan
from plek.postal import selectors as postal_selectors
from plek.postal import services as postal_services
from plek.postal.models import Decision
from plek.signals import selectors as signal_selectors
from plek.signals import services as signal_services
from plek.signals.models import Signal, Source

ERRORS = schemas.error_responses


# --- personen -----------------------------------------------------------------------------------


class PersonSerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField()
    kenmerk = serializers.CharField(source="external_id", allow_null=True)
    bsn = serializers.CharField(allow_null=True)
    voorletters = serializers.CharField(source="initials")
    geslachtsnaam = serializers.CharField(source="family_name")
    geboortedatum = serializers.DateField(source="birth_date", allow_null=True)
    geslacht = serializers.ChoiceField(source="sex", choices=Sex.choices)
    gemeenteVanHerkomst = serializers.CharField(
        source="origin_municipality.code",
        allow_null=True,
        default=None,
        help_text="CBS-code van de gemeente van herkomst.",
    )


class PersonFilter(django_filters.FilterSet):
    geboortedatumVanaf = django_filters.DateFilter(
        field_name="birth_date", lookup_expr="gte", label="Geboren op of na (JJJJ-MM-DD)."
    )
    geboortedatumTot = django_filters.DateFilter(
        field_name="birth_date", lookup_expr="lt", label="Geboren vóór (JJJJ-MM-DD)."
    )
    geslacht = django_filters.ChoiceFilter(field_name="sex", choices=Sex.choices)
    geslachtsnaam = django_filters.CharFilter(
        field_name="family_name",
        lookup_expr="istartswith",
        max_length=100,
        label="Begin van de geslachtsnaam.",
    )

    class Meta:
        model = Person
        fields: list[str] = []


class PersonListView(V2ListView):
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    required_scopes = {"GET": "personen.lezen"}

    def get_queryset(self) -> QuerySet[Person]:
        return api_selectors.no_persons()

    @extend_schema(
        operation_id="personenList",
        summary="Personen met wie u (of uw systeem) een relatie heeft",
        description=f"{PAGE_SIZE} per pagina. Elke getoonde persoon wordt vastgelegd in het "
        "verwerkingenlog, onder het doel van de relatie.",
        responses={200: PersonSerializer(many=True), **ERRORS(400, 401, 403, 404)},
        tags=["personen"],
    )
    def get(self, request: Request) -> Response:
        actor = self.actor(request)
        number = page_number(request)
        persons = self.filtered(api_selectors.visible_persons(actor))
        with existing_page():
            page = api_selectors.read_person_page(actor, persons, number, PAGE_SIZE)
        data = PersonSerializer(page.object_list, many=True).data
        return Pagination().respond(request, page, data)


class PersonDetailView(V2View):
    required_scopes = {"GET": "personen.lezen"}

    @extend_schema(
        operation_id="personRetrieve",
        summary="Basisgegevens van een persoon",
        responses={200: PersonSerializer, **ERRORS(401, 403, 404)},
        tags=["personen"],
    )
    def get(self, request: Request, uuid: uuid.UUID) -> Response:
        person = people_selectors.get_person(self.actor(request), api_selectors.person_pk(uuid))
        return Response(PersonSerializer(person).data)


# --- huishoudens --------------------------------------------------------------------------------


class HouseholdMemberSerializer(serializers.Serializer[Any]):
    persoon = serializers.UUIDField(source="person.uuid")
    rol = serializers.CharField(source="role")
    begindatum = serializers.DateField(source="start_date")
    einddatum = serializers.DateField(source="end_date", allow_null=True)


class HouseholdSerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField(source="household.uuid")
    kenmerk = serializers.CharField(source="household.external_id")
    naam = serializers.CharField(source="household.name")
    leden = HouseholdMemberSerializer(source="members", many=True)
    aantalVerborgenLeden = serializers.IntegerField(
        source="hidden_members", help_text="Leden bij wie u niet betrokken bent."
    )


class HouseholdDetailView(V2View):
    required_scopes = {"GET": "huishoudens.lezen"}

    @extend_schema(
        operation_id="huishoudenRetrieve",
        summary="Een huishouden met de leden die u mag zien",
        responses={200: HouseholdSerializer, **ERRORS(401, 403, 404)},
        tags=["huishoudens"],
    )
    def get(self, request: Request, uuid: uuid.UUID) -> Response:
        view = people_selectors.open_household(
            self.actor(request), api_selectors.household_pk(uuid)
        )
        return Response(HouseholdSerializer(view).data)


# --- signalen -----------------------------------------------------------------------------------


class SignalSerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField()
    kenmerk = serializers.CharField(source="external_id")
    persoon = serializers.UUIDField(source="person.uuid", allow_null=True, default=None)
    bron = serializers.ChoiceField(source="source", choices=Source.choices)
    urgentie = serializers.ChoiceField(source="urgency", choices=Priority.choices)
    huidigeUrgentie = serializers.CharField(source="current_urgency")
    ontvangenOp = serializers.DateField(source="received_on")
    uiterlijkContactOp = serializers.DateField(source="deadline_on")
    teLaat = serializers.BooleanField(source="overdue")
    eersteContactOp = serializers.DateField(source="first_contact_on", allow_null=True)
    uitkomst = serializers.CharField(source="outcome")
    uitkomstOp = serializers.DateField(source="outcome_on", allow_null=True)
    postcode = serializers.CharField()
    huisnummer = serializers.IntegerField(source="house_number", allow_null=True)
    huisnummertoevoeging = serializers.CharField(source="house_number_addition")
    achterstandBedrag = serializers.DecimalField(
        source="arrear_amount", max_digits=10, decimal_places=2, allow_null=True
    )
    achterstandSinds = serializers.DateField(source="arrear_since", allow_null=True)
    ontruimingsdatum = serializers.DateField(source="eviction_date", allow_null=True)
    crisis = serializers.BooleanField()


class SignalCreateSerializer(serializers.Serializer[None]):
    bron = serializers.ChoiceField(choices=Source.choices)
    urgentie = serializers.ChoiceField(choices=Priority.choices)
    ontvangenOp = serializers.DateField()
    persoon = serializers.UUIDField(required=False, allow_null=True)
    postcode = serializers.RegexField(r"^[1-9][0-9]{3}[A-Z]{2}$", required=False)
    huisnummer = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=99999
    )
    huisnummertoevoeging = serializers.CharField(required=False, default="", max_length=10)
    achterstandBedrag = serializers.DecimalField(
        max_digits=10, decimal_places=2, required=False, allow_null=True, min_value=0
    )
    achterstandSinds = serializers.DateField(required=False, allow_null=True)
    ontruimingsdatum = serializers.DateField(required=False, allow_null=True)
    crisis = serializers.BooleanField(required=False, default=False)


class SignalFilter(django_filters.FilterSet):
    urgentie = django_filters.ChoiceFilter(field_name="urgency", choices=Priority.choices)
    bron = django_filters.ChoiceFilter(field_name="source", choices=Source.choices)
    ontvangenVanaf = django_filters.DateFilter(
        field_name="received_on", lookup_expr="gte", label="Ontvangen op of na (JJJJ-MM-DD)."
    )
    crisis = django_filters.BooleanFilter()

    class Meta:
        model = Signal
        fields: list[str] = []


class SignalListView(V2ListView):
    serializer_class = SignalSerializer
    filterset_class = SignalFilter
    required_scopes = {"GET": "signalen.lezen", "POST": "signalen.schrijven"}

    def get_queryset(self) -> QuerySet[Signal]:
        return api_selectors.no_signals()

    @extend_schema(
        operation_id="signalenList",
        summary="Open signalen van mijn team, te late eerst",
        responses={200: SignalSerializer(many=True), **ERRORS(400, 401, 403)},
        tags=["signalen"],
    )
    def get(self, request: Request) -> Response:
        actor = self.actor(request)
        signals = self.filtered(signal_selectors.team_signals(actor)).select_related("person")
        shown = signal_selectors.read_signal_page(actor, self.cut_page(signals))
        return self.page_response(SignalSerializer, shown)

    @extend_schema(
        operation_id="signaalCreate",
        summary="Signaal vastleggen",
        request=SignalCreateSerializer,
        responses={201: SignalSerializer, **ERRORS(400, 401, 403, 404)},
        tags=["signalen"],
    )
    def post(self, request: Request) -> Response:
        v = valid_body(SignalCreateSerializer, request)
        person = v.get("persoon")
        signal = signal_services.register_signal(
            self.actor(request),
            signal_services.SignalInput(
                source=v["bron"],
                urgency=v["urgentie"],
                received_on=v["ontvangenOp"],
                person_id=api_selectors.person_pk(person) if person else None,
                postcode=v.get("postcode", ""),
                house_number=v.get("huisnummer"),
                house_number_addition=v["huisnummertoevoeging"],
                arrear_amount=v.get("achterstandBedrag"),
                arrear_since=v.get("achterstandSinds"),
                eviction_date=v.get("ontruimingsdatum"),
                crisis=v["crisis"],
            ),
        )
        answer = signal_selectors.just_registered(signal.pk)
        return created(SignalSerializer(answer).data)


class SignalDetailView(V2View):
    required_scopes = {"GET": "signalen.lezen"}

    @extend_schema(
        operation_id="signaalRetrieve",
        summary="Eén signaal",
        responses={200: SignalSerializer, **ERRORS(401, 403, 404)},
        tags=["signalen"],
    )
    def get(self, request: Request, uuid: uuid.UUID) -> Response:
        opened = signal_selectors.open_signal(self.actor(request), api_selectors.signal_pk(uuid))
        return Response(SignalSerializer(opened.signal).data)


# --- briefadressen ------------------------------------------------------------------------------


class ApplicationSerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField()
    kenmerk = serializers.CharField(source="external_id")
    persoon = serializers.UUIDField(source="person.uuid")
    grond = serializers.CharField(source="ground")
    briefadresgever = serializers.CharField(source="giver_label")
    aangevraagdOp = serializers.DateField(source="applied_on")
    tijdelijkIngeschrevenVanaf = serializers.DateField(source="temporary_from", allow_null=True)
    besluit = serializers.CharField(source="decision")
    beslotenOp = serializers.DateField(source="decided_on", allow_null=True)
    redenenAfwijzing = serializers.CharField(source="refusal_reasons")
    beeindigdOp = serializers.DateField(source="ended_on", allow_null=True)
    redenBeeindiging = serializers.CharField(source="end_reason")


class ApplicationFileSerializer(serializers.Serializer[Any]):
    aanvraag = ApplicationSerializer(source="application")
    beslissenUiterlijk = serializers.DateField(source="decision_due")
    overTermijn = serializers.BooleanField(source="overdue")
    aandachtspunten = serializers.ListField(child=serializers.CharField(), source="flags")
    volgendeHerbeoordeling = serializers.DateField(source="next_review", allow_null=True)
    planOntbreektSinds = serializers.DateField(source="plan_missing_since", allow_null=True)


class DecisionInputSerializer(serializers.Serializer[Any]):
    besluit = serializers.ChoiceField(choices=Decision.choices)
    redenen = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    beslotenOp = serializers.DateField(required=False)


class ApplicationDetailView(V2View):
    required_scopes = {"GET": "briefadressen.lezen"}

    @extend_schema(
        operation_id="briefadresaanvraagRetrieve",
        summary="Eén briefadresaanvraag met termijn en aandachtspunten",
        responses={200: ApplicationFileSerializer, **ERRORS(401, 403, 404)},
        tags=["briefadressen"],
    )
    def get(self, request: Request, uuid: uuid.UUID) -> Response:
        file = postal_selectors.open_application(
            self.actor(request), api_selectors.application_pk(uuid)
        )
        return Response(ApplicationFileSerializer(file).data)


class DecisionView(V2View):
    # Deciding is work for the postal-address team, never for a system: no scope allows it.
    required_scopes: ClassVar[dict[str, str]] = {}

    @extend_schema(
        operation_id="briefadresaanvraagBesluitCreate",
        summary="Besluit op een briefadresaanvraag (één keer)",
        request=DecisionInputSerializer,
        responses={200: ApplicationSerializer, **ERRORS(400, 401, 403, 404)},
        tags=["briefadressen"],
    )
    def post(self, request: Request, uuid: uuid.UUID) -> Response:
        v = valid_body(DecisionInputSerializer, request)
        application = postal_services.decide_application(
            self.actor(request),
            api_selectors.application_pk(uuid),
            v["besluit"],
            v["redenen"],
            v.get("beslotenOp"),
        )
        return Response(ApplicationSerializer(application).data)


class EventSerializer(serializers.Serializer[Any]):
    volgnummer = serializers.IntegerField(source="pk", help_text="Oplopend; gebruik als `na`.")
    soort = serializers.CharField(source="kind")
    datum = serializers.DateField(source="occurred_on")
    bsn = serializers.CharField(source="person.bsn", allow_null=True)
    persoon = serializers.UUIDField(source="person.uuid")
    aanvraag = serializers.UUIDField(source="application.uuid")
    briefadres = serializers.CharField(source="address")
    reden = serializers.CharField(source="reason")


class EventFeedView(V2View):
    required_scopes = {"GET": "briefadressen.gebeurtenissen.lezen"}

    @extend_schema(
        operation_id="briefadresgebeurtenissenList",
        summary="Begin en einde van briefadressen, voor de sociale dienst",
        description="Oudste eerst, hoogstens 100 per keer; `next` vraagt de volgende op (met "
        "`na`). `count` is het aantal gebeurtenissen in dit antwoord: de feed groeit. Alleen "
        "aanvragen voor de gemeenten van uw organisatie; elke persoon in het antwoord wordt "
        "vastgelegd in het verwerkingenlog, onder het doel briefadres.",
        parameters=[
            OpenApiParameter(
                "na",
                OpenApiTypes.INT,
                OpenApiParameter.QUERY,
                required=False,
                description="Volgnummer van de laatste gebeurtenis die u al hebt.",
            )
        ],
        responses={200: schemas.feed(EventSerializer), **ERRORS(400, 401, 403)},
        tags=["briefadressen"],
    )
    def get(self, request: Request) -> Response:
        raw = request.query_params.get("na", "0")
        if not is_digits(raw) or len(raw) > 12:
            raise invalid("na", "Geef een volgnummer (een geheel getal, 0 of hoger).")
        after = int(raw)
        events = postal_selectors.event_feed(self.actor(request), after)
        cursor = events[-1].pk if events else after
        following = request.build_absolute_uri(f"{request.path}?na={cursor}")
        return Response(envelope(len(events), EventSerializer(events, many=True).data, following))


# --- voorzieningen ------------------------------------------------------------------------------


class FacilitySerializer(serializers.Serializer[Any]):
    kenmerk = serializers.CharField(source="external_id")
    naam = serializers.CharField(source="name")
    soort = serializers.CharField(source="type")
    categorie = serializers.CharField(source="category")
    aanbieder = serializers.CharField(source="provider.name")
    gemeente = serializers.CharField(source="municipality.code")
    aantalEenheden = serializers.IntegerField(source="unit_count")


class FacilityFilter(django_filters.FilterSet):
    soort = django_filters.ChoiceFilter(field_name="type", choices=FacilityType.choices)
    gemeente = django_filters.CharFilter(
        field_name="municipality__code", max_length=8, label="CBS-code van de gemeente."
    )

    class Meta:
        model = Facility
        fields: list[str] = []


class FacilityListView(V2ListView):
    serializer_class = FacilitySerializer
    filterset_class = FacilityFilter
    required_scopes = {"GET": "voorzieningen.lezen"}

    def get_queryset(self) -> QuerySet[Facility]:
        return (
            Facility.objects.select_related("provider", "municipality")
            .annotate(unit_count=Count("units", filter=Q(units__active=True)))
            .order_by("category", "type", "name", "id")
        )

    @extend_schema(
        operation_id="voorzieningenList",
        summary="Catalogus van voorzieningen",
        responses={200: FacilitySerializer(many=True), **ERRORS(400, 401, 403)},
        tags=["voorzieningen"],
    )
    def get(self, request: Request) -> Response:
        facilities = self.filtered(self.get_queryset())
        return self.page_response(FacilitySerializer, self.cut_page(facilities))


class VacancySerializer(serializers.Serializer[Any]):
    soort = serializers.CharField(source="facility_type")
    capaciteit = serializers.IntegerField(source="capacity")
    bezet = serializers.IntegerField(source="occupied")
    vrij = serializers.IntegerField(source="free")
    wachtend = serializers.IntegerField(source="waiting")


class VacancyListView(V2View):
    required_scopes = {"GET": "voorzieningen.lezen"}

    @extend_schema(
        operation_id="vrijePlaatsenList",
        summary="Vrije plaatsen per soort voorziening (regio, vandaag)",
        description="Eén pagina: er zijn maar enkele soorten voorzieningen.",
        responses={200: schemas.page_of(VacancySerializer), **ERRORS(401, 403)},
        tags=["voorzieningen"],
    )
    def get(self, request: Request) -> Response:
        figures = selectors_stays.regional_figures()
        return Response(envelope(len(figures), VacancySerializer(figures, many=True).data))


# --- plannen ------------------------------------------------------------------------------------


class PlanActionSerializer(serializers.Serializer[Any]):
    omschrijving = serializers.CharField(source="description")
    organisatie = serializers.CharField(source="organisation.name", allow_null=True, default=None)
    streefdatum = serializers.DateField(source="target_date")
    gedaanOp = serializers.DateField(source="done_on", allow_null=True)


class PlanEvaluationSerializer(serializers.Serializer[Any]):
    geevalueerdOp = serializers.DateField(source="evaluated_on")
    voortgang = serializers.CharField(source="progress")
    toelichting = serializers.CharField(source="note")


class GoalSerializer(serializers.Serializer[Any]):
    leefgebied = serializers.CharField(source="domain")
    doelInEigenWoorden = serializers.CharField(source="own_words")
    acties = PlanActionSerializer(source="actions", many=True)
    evaluaties = PlanEvaluationSerializer(source="evaluations", many=True)


class PlanSummarySerializer(serializers.Serializer[Any]):
    kenmerk = serializers.CharField(source="external_id")
    persoon = serializers.UUIDField(source="person.uuid")
    huishouden = serializers.UUIDField(source="household.uuid", allow_null=True, default=None)
    begindatum = serializers.DateField(source="started_on")
    evaluatiedatum = serializers.DateField(source="review_on", allow_null=True)
    einddatum = serializers.DateField(source="ended_on", allow_null=True)


class PlanSerializer(serializers.Serializer[Any]):
    plan = PlanSummarySerializer()
    regisseur = serializers.CharField(
        source="case_lead.user.get_username", allow_null=True, default=None
    )
    doelen = GoalSerializer(source="goals", many=True)


class PlanFilter(django_filters.FilterSet):
    evaluatieVoor = django_filters.DateFilter(
        field_name="review_on", lookup_expr="lt", label="Evaluatie vóór (JJJJ-MM-DD)."
    )
    begonnenVanaf = django_filters.DateFilter(
        field_name="started_on", lookup_expr="gte", label="Begonnen op of na (JJJJ-MM-DD)."
    )

    class Meta:
        model = Plan
        fields: list[str] = []


class PlanListView(V2ListView):
    serializer_class = PlanSummarySerializer
    filterset_class = PlanFilter
    required_scopes = {"GET": "plannen.lezen"}

    def get_queryset(self) -> QuerySet[Plan]:
        return api_selectors.no_plans()

    @extend_schema(
        operation_id="plannenList",
        summary="Lopende plannen die u regisseert, vroegste evaluatie eerst",
        description=f"{PAGE_SIZE} per pagina. Elke persoon van een getoond plan wordt vastgelegd "
        "in het verwerkingenlog, onder het doel van de relatie.",
        responses={200: PlanSummarySerializer(many=True), **ERRORS(400, 401, 403)},
        tags=["plannen"],
    )
    def get(self, request: Request) -> Response:
        actor = self.actor(request)
        plans = self.filtered(plan_selectors.my_running_plans(actor))
        shown = plan_selectors.read_plan_page(actor, self.cut_page(plans))
        return self.page_response(PlanSummarySerializer, shown)


class PlanDetailView(V2View):
    required_scopes = {"GET": "plannen.lezen"}

    @extend_schema(
        operation_id="planRetrieve",
        summary="Eén plan met doelen, acties en evaluaties",
        responses={200: PlanSerializer, **ERRORS(401, 403, 404)},
        tags=["plannen"],
    )
    def get(self, request: Request, kenmerk: str) -> Response:
        view = plan_selectors.open_plan(self.actor(request), api_selectors.plan_pk(kenmerk))
        return Response(PlanSerializer(view).data)


# --- wachtlijst ---------------------------------------------------------------------------------


class RankingPartSerializer(serializers.Serializer[Any]):
    sleutel = serializers.CharField(source="key")
    omschrijving = serializers.CharField(source="label")
    waarde = serializers.IntegerField(source="raw")
    gewicht = serializers.IntegerField(source="weight")
    punten = serializers.IntegerField(source="points")


class RankingSerializer(serializers.Serializer[Any]):
    positie = serializers.IntegerField(source="position")
    score = serializers.IntegerField()
    onderdelen = RankingPartSerializer(source="parts", many=True)


class WaitingEntrySerializer(serializers.Serializer[Any]):
    kenmerk = serializers.CharField(source="entry.external_id")
    persoon = serializers.UUIDField(source="entry.person.uuid")
    soortVoorziening = serializers.CharField(source="entry.facility_type")
    prioriteit = serializers.CharField(source="entry.priority")
    ingeschrevenOp = serializers.DateField(source="entry.registered_on")
    geplaatstOp = serializers.DateField(source="entry.placed_on", allow_null=True)
    ingetrokkenOp = serializers.DateField(source="entry.withdrawn_on", allow_null=True)
    rangorde = RankingSerializer(source="ranked", allow_null=True)
    aantalWachtenden = serializers.IntegerField(source="total")


class WaitingEntryDetailView(V2View):
    required_scopes = {"GET": "wachtlijst.lezen"}

    @extend_schema(
        operation_id="wachtlijstinschrijvingRetrieve",
        summary="Eén wachtlijstinschrijving met de uitleg van de positie",
        responses={200: WaitingEntrySerializer, **ERRORS(401, 403, 404)},
        tags=["wachtlijst"],
    )
    def get(self, request: Request, kenmerk: str) -> Response:
        view = housing_selectors.open_waiting_entry(
            self.actor(request), api_selectors.waiting_entry_pk(kenmerk)
        )
        return Response(WaitingEntrySerializer(view).data)
