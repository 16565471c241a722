"""API v2 for signal sources and the privacy officer: aanleveringen, terugmeldingen, verwerkingen.

Thin shells over the same selectors and services as the pages and v1:

- a signal source (a professional of a source organisation, or its system client acting in its
  own membership) uploads a delivery, reads its check report, decides on it once (store the valid
  rows, or cancel) and reads the end results reported back about its signals (``own_deliveries``,
  ``own_delivery``, ``upload_delivery``, ``store_delivery``, ``cancel_delivery``, ``own_feedback``
  with ``log_feedback_read``). It never reads a person: the answers hold counts, row numbers,
  its own references and outcomes;
- the privacy officer searches the processing log (``search_log``: it checks the role and logs
  the search itself, naming the person searched for).
"""

from __future__ import annotations

import uuid
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from plek.access.choices import LogAction, Purpose
from plek.access.models import ProcessingLogEntry
from plek.access.selectors import SUPERVISION_PURPOSES
from plek.api import selectors as api_selectors
from plek.api.v2 import schemas
from plek.api.v2.base import (
    PAGE_SIZE,
    V2ListView,
    V2View,
    created,
    invalid,
    numbered_envelope,
    page_number,
    valid_body,
)
from plek.signals import selectors as signal_selectors
from plek.signals import services as signal_services
from plek.signals.models import Delivery, DeliveryStatus, Feedback, Outcome, Source

ERRORS = schemas.error_responses


def _date(field: str, lookup: str, label: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(field_name=field, lookup_expr=lookup, label=label)


# --- aanleveringen ------------------------------------------------------------------------------


class DeliveryProblemSerializer(serializers.Serializer[Any]):
    rij = serializers.IntegerField(help_text="Rijnummer in het bestand; de kopregel is rij 1.")
    fouten = serializers.ListField(
        child=serializers.CharField(), help_text="Per fout een melding die de kolom noemt."
    )


class DeliverySerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField()
    bestandsnaam = serializers.CharField(source="filename")
    aangeleverdOp = serializers.DateTimeField(source="uploaded_at")
    status = serializers.ChoiceField(choices=DeliveryStatus.choices)
    aantalRijen = serializers.IntegerField(source="row_count")
    aantalMetFouten = serializers.IntegerField(source="error_count")
    aantalAlEerderAangeleverd = serializers.IntegerField(source="duplicate_count")
    aantalGeldig = serializers.IntegerField(source="valid_count")
    aantalOpgeslagen = serializers.IntegerField(source="stored_count")
    bestandsfout = serializers.CharField(
        source="file_error",
        help_text="Een fout in het bestand als geheel (dan zijn er geen rijen).",
    )
    beslotenOp = serializers.DateTimeField(source="decided_at", allow_null=True)


class DeliveryReportSerializer(DeliverySerializer):
    problemen = serializers.SerializerMethodField(
        help_text="Elke rij met een fout, op rijnummer; geleverde waarden worden niet herhaald."
    )

    @extend_schema_field(DeliveryProblemSerializer(many=True))
    def get_problemen(self, delivery: Delivery) -> list[dict[str, Any]]:
        return [
            {"rij": row.row_number, "fouten": [error["message"] for error in row.errors]}
            for row in signal_selectors.delivery_problems(delivery)
        ]


class DeliveryFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=DeliveryStatus.choices)
    aangeleverdVanaf = _date("uploaded_at", "date__gte", "Aangeleverd op of na (JJJJ-MM-DD).")
    aangeleverdTotEnMet = _date("uploaded_at", "date__lte", "Aangeleverd tot en met (JJJJ-MM-DD).")
    bestandsnaam = django_filters.CharFilter(
        field_name="filename", lookup_expr="icontains", max_length=200, label="Deel van de naam."
    )

    class Meta:
        model = Delivery
        fields: list[str] = []


# A raw schema: a FileField would be documented as a URI (the output form of a file).
UPLOAD = {
    "type": "object",
    "properties": {
        "bestand": {
            "type": "string",
            "format": "binary",
            "description": "CSV-bestand in het aanleverformaat (docs/signals-delivery.md).",
        }
    },
    "required": ["bestand"],
}


class DeliveryListView(V2ListView):
    serializer_class = DeliverySerializer
    filterset_class = DeliveryFilter
    parser_classes = [MultiPartParser]
    required_scopes = {"GET": "aanleveringen.lezen", "POST": "aanleveringen.schrijven"}

    def get_queryset(self) -> QuerySet[Delivery]:
        return api_selectors.no_deliveries()

    @extend_schema(
        operation_id="aanleveringenList",
        summary="Aanleveringen van mijn organisatie, nieuwste eerst",
        description="Alleen voor signaalpartners: aantallen, geen persoonsgegevens.",
        responses={200: DeliverySerializer(many=True), **ERRORS(400, 401, 403, 404)},
        tags=["aanleveringen"],
    )
    def get(self, request: Request) -> Response:
        deliveries = self.filtered(signal_selectors.own_deliveries(self.actor(request)))
        return self.page_response(DeliverySerializer, self.cut_page(deliveries))

    @extend_schema(
        operation_id="aanleveringCreate",
        summary="Bestand aanleveren: wordt gecontroleerd, nog niet opgeslagen",
        description="Het antwoord is het controlerapport. Er wordt nog niets opgeslagen: "
        "besluit daarna met `POST /aanleveringen/{uuid}/besluit`. Het aanleverformaat staat "
        "in docs/signals-delivery.md.",
        request={"multipart/form-data": UPLOAD},
        responses={201: DeliveryReportSerializer, **ERRORS(400, 401, 403, 415)},
        tags=["aanleveringen"],
    )
    def post(self, request: Request) -> Response:
        upload = request.FILES.get("bestand")
        if upload is None:
            raise invalid("bestand", "Bestand: kies een CSV-bestand.")
        delivery = signal_services.upload_delivery(
            self.actor(request), upload.name or "", upload.read()
        )
        return created(DeliveryReportSerializer(delivery).data)


class DeliveryDetailView(V2View):
    required_scopes = {"GET": "aanleveringen.lezen"}

    @extend_schema(
        operation_id="aanleveringRetrieve",
        summary="Eén aanlevering met haar controlerapport",
        responses={200: DeliveryReportSerializer, **ERRORS(401, 403, 404)},
        tags=["aanleveringen"],
    )
    def get(self, request: Request, uuid: uuid.UUID) -> Response:
        delivery = signal_selectors.own_delivery(
            self.actor(request), api_selectors.delivery_pk(uuid)
        )
        return Response(DeliveryReportSerializer(delivery).data)


class DeliveryDecisionSerializer(serializers.Serializer[Any]):
    keuze = serializers.ChoiceField(
        choices=[("opslaan", "opslaan"), ("annuleren", "annuleren")],
        help_text="opslaan: alleen de geldige rijen worden signalen; annuleren: niets.",
        error_messages={"invalid_choice": "Keuze: kies opslaan of annuleren."},
    )


class DeliveryDecisionView(V2View):
    # The source's own choice about its own file, so its system may take it too.
    required_scopes = {"POST": "aanleveringen.schrijven"}

    @extend_schema(
        operation_id="aanleveringBesluitCreate",
        summary="Alleen de geldige rijen opslaan, of de aanlevering annuleren (één keer)",
        request=DeliveryDecisionSerializer,
        responses={200: DeliverySerializer, **ERRORS(400, 401, 403, 404)},
        tags=["aanleveringen"],
    )
    def post(self, request: Request, uuid: uuid.UUID) -> Response:
        v = valid_body(DeliveryDecisionSerializer, request)
        actor = self.actor(request)
        pk = api_selectors.delivery_pk(uuid)
        if v["keuze"] == "opslaan":
            delivery = signal_services.store_delivery(actor, pk)
        else:
            delivery = signal_services.cancel_delivery(actor, pk)
        return Response(DeliverySerializer(delivery).data)


# --- terugmeldingen -----------------------------------------------------------------------------


class FeedbackSerializer(serializers.Serializer[Any]):
    referentie = serializers.CharField(
        source="signal.source_reference", help_text="Uw eigen referentie van het signaal."
    )
    bron = serializers.ChoiceField(source="signal.source", choices=Source.choices)
    ontvangenOp = serializers.DateField(source="signal.received_on")
    uitkomst = serializers.ChoiceField(source="outcome", choices=Outcome.choices)
    teruggemeldOp = serializers.DateField(source="reported_on")


class FeedbackFilter(django_filters.FilterSet):
    uitkomst = django_filters.ChoiceFilter(field_name="outcome", choices=Outcome.choices)
    bron = django_filters.ChoiceFilter(field_name="signal__source", choices=Source.choices)
    referentie = django_filters.CharFilter(
        field_name="signal__source_reference", max_length=64, label="Uw referentie (precies)."
    )
    teruggemeldVanaf = _date("reported_on", "gte", "Teruggemeld op of na (JJJJ-MM-DD).")
    teruggemeldTotEnMet = _date("reported_on", "lte", "Teruggemeld tot en met (JJJJ-MM-DD).")

    class Meta:
        model = Feedback
        fields: list[str] = []


class FeedbackListView(V2ListView):
    serializer_class = FeedbackSerializer
    filterset_class = FeedbackFilter
    required_scopes = {"GET": "terugmeldingen.lezen"}

    def get_queryset(self) -> QuerySet[Feedback]:
        return api_selectors.no_feedback()

    @extend_schema(
        operation_id="terugmeldingenList",
        summary="Teruggemelde eindresultaten van de signalen van mijn organisatie",
        description="Nieuwste eerst, op uw eigen referentie. Het lezen wordt vastgelegd in het "
        "verwerkingenlog (één regel per pagina, onder het doel vroegsignalering).",
        responses={200: FeedbackSerializer(many=True), **ERRORS(400, 401, 403, 404)},
        tags=["aanleveringen"],
    )
    def get(self, request: Request) -> Response:
        actor = self.actor(request)
        page = self.cut_page(self.filtered(signal_selectors.own_feedback(actor)))
        signal_selectors.log_feedback_read(actor, len(page))
        return self.page_response(FeedbackSerializer, page)


# --- verwerkingen -------------------------------------------------------------------------------


class ProcessingLogEntrySerializer(serializers.Serializer[Any]):
    keten = serializers.IntegerField(source="chain")
    volgnummer = serializers.IntegerField(
        source="sequence", help_text="Met `keten` de identificatie van de regel."
    )
    tijdstip = serializers.DateTimeField(source="timestamp")
    actie = serializers.ChoiceField(source="action", choices=LogAction.choices)
    verwerkingsactiviteitCode = serializers.CharField(source="activity_code")
    verwerkingsactiviteit = serializers.CharField(source="activity_name")
    doel = serializers.ChoiceField(source="purpose", choices=Purpose.choices)
    vertrouwelijkheid = serializers.CharField(source="confidentiality")
    bewaartermijn = serializers.CharField(source="retention_period")
    gebruikersnaam = serializers.CharField(source="username")
    organisatie = serializers.CharField(source="organisation_name")
    rol = serializers.CharField(source="role")
    persoon = serializers.UUIDField(
        source="person_uuid",
        allow_null=True,
        help_text="De persoon; leeg als de regel niemand noemt of de persoon is verwijderd.",
    )
    soortenGegevens = serializers.ListField(source="data_kinds", child=serializers.CharField())
    verzoekId = serializers.CharField(source="request_id")
    doorbraakVanToegang = serializers.BooleanField(source="break_glass")
    vorigeHash = serializers.CharField(source="previous_hash")
    hash = serializers.CharField()


class LogSearchForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("vanaf"), cleaned.get("totEnMet")
        if start and end and end < start:
            self.add_error("totEnMet", "Tot en met: kies een datum op of na vanaf.")
        return cleaned


class ProcessingLogFilter(django_filters.FilterSet):
    # The search itself: given to search_log, which logs it (naming the person searched for).
    persoon = django_filters.UUIDFilter(method="_in_search", label="UUID van de persoon.")
    gebruiker = django_filters.CharFilter(
        method="_in_search", max_length=150, label="Gebruikersnaam (ook van een systeemclient)."
    )
    organisatie = django_filters.CharFilter(
        method="_in_search", max_length=64, label="Kenmerk van de organisatie."
    )
    vanaf = django_filters.DateFilter(method="_in_search", label="Eerste dag (Europe/Amsterdam).")
    totEnMet = django_filters.DateFilter(
        method="_in_search", label="Laatste dag (Europe/Amsterdam)."
    )
    doel = django_filters.ChoiceFilter(
        method="_in_search",
        choices=[(p.value, p.label) for p in SUPERVISION_PURPOSES],
        label="Doel van dit zoeken (standaard toezicht_privacy).",
    )
    # Narrowing the answer further.
    verwerkingsdoel = django_filters.ChoiceFilter(
        field_name="purpose", choices=Purpose.choices, label="Doel van de verwerking."
    )
    actie = django_filters.ChoiceFilter(field_name="action", choices=LogAction.choices)

    class Meta:
        model = ProcessingLogEntry
        fields: list[str] = []
        form = LogSearchForm

    def _in_search(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset  # search_log has applied it


class ProcessingLogView(V2ListView):
    serializer_class = ProcessingLogEntrySerializer
    filterset_class = ProcessingLogFilter
    required_scopes = {"GET": "verwerkingen.lezen"}

    def get_queryset(self) -> QuerySet[ProcessingLogEntry]:
        return api_selectors.no_log_entries()

    @extend_schema(
        operation_id="verwerkingenList",
        summary="Verwerkingenlog doorzoeken (privacy officer)",
        description=f"Nieuwste eerst, {PAGE_SIZE} per pagina. `count` is het aantal regels in "
        "dit antwoord, niet in het hele log (dat tellen zou te lang duren); `next` is er zolang "
        "er meer is. Een regel heet `keten` + `volgnummer`. De zoekopdracht wordt zelf ook "
        "vastgelegd, onder het gekozen `doel`.",
        responses={
            200: schemas.page_of(ProcessingLogEntrySerializer),
            **ERRORS(400, 401, 403),
        },
        tags=["verwerkingen"],
    )
    def get(self, request: Request) -> Response:
        number = page_number(request)
        search = self._search(request)
        page = api_selectors.processing_log_page(self.filtered(search), number, PAGE_SIZE)
        results = ProcessingLogEntrySerializer(page.entries, many=True).data
        return Response(
            numbered_envelope(request, number, page.has_next, len(page.entries), results)
        )

    def _search(self, request: Request) -> QuerySet[ProcessingLogEntry]:
        """The search parameters checked, then given to the selector (which checks the role)."""
        given = self.valid_filterset(self.get_queryset()).form.cleaned_data
        return api_selectors.search_processing_log(
            self.actor(request),
            person=given.get("persoon"),
            organisation=given.get("organisatie") or None,
            user=given.get("gebruiker") or None,
            date_from=given.get("vanaf"),
            date_to=given.get("totEnMet"),
            purpose=given.get("doel") or Purpose.TOEZICHT,
        )
