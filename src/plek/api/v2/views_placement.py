"""API v2 for placement and flow: the waiting list, proposals, stays and respite bookings.

Thin shells over the same services and selectors as the pages and v1 (``plek.housing``), so the
access policy decides and each person is logged once under the relation's purpose: a read by
its selector (``open_proposal``, ``open_stay``, ``central_list``), a write by its service (the
answer to a write shows the row that service has just written and logged). A system client acts
in its own membership.

Public identifiers: stays and waiting entries by their kenmerk (they have one, as the exchange
uses); units, proposals and respite bookings by a UUID (they had no public key).
"""

from __future__ import annotations

import uuid
from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from plek.accounts.models import Municipality
from plek.api import selectors as api_selectors
from plek.api.v2 import schemas
from plek.api.v2.base import (
    Pagination,
    V2ListView,
    V2View,
    created,
    envelope,
    invalid,
    key_in_body,
    numbered_envelope,
    page_number,
    v2_field_names,
    valid_body,
)
from plek.api.v2.views import RankingPartSerializer, WaitingEntrySerializer
from plek.core import dates
from plek.core.choices import Priority
from plek.housing import selectors as housing_selectors
from plek.housing import services as housing_services
from plek.housing import waiting_list
from plek.housing.choices import ExitDestination, UnitKind
from plek.housing.forms_waiting import RANKED_TYPES
from plek.housing.models import Unit, WaitingEntry

ERRORS = schemas.error_responses

# The services name the model's fields in their errors; v2 names its own (Dutch, camelCase).
FIELD_NAMES = {
    "person": "persoon",
    "unit": "eenheid",
    "facility_type": "soortVoorziening",
    "priority": "prioriteit",
    "registered_on": "ingeschrevenOp",
    "access_decision_on": "toegangsbesluitOp",
    "access_decision_until": "toegangsbesluitTot",
    "reason": "reden",
    "on": "datum",
    "start_date": "begindatum",
    "end_date": "einddatum",
    "exit_destination": "uitstroombestemming",
    "extension_reason": "redenVerlenging",
}
# Proposing names several units; a respite booking names its dates and reason in its own words.
PROPOSE_NAMES = {**FIELD_NAMES, "unit": "eenheden"}
RESPITE_NAMES = {
    **FIELD_NAMES,
    "reason": "aanleiding",
    "start_date": "eersteNacht",
    "end_date": "vertrekdatum",
}


def _person_pk(public_id: uuid.UUID) -> int:
    return key_in_body(
        api_selectors.person_pk, public_id, "persoon", "Er is geen persoon met deze uuid."
    )


def _unit_pks(public_ids: list[uuid.UUID], field: str) -> list[int]:
    """Units named in a body, in one query; like ``key_in_body``, unknown is a 400."""
    found = housing_selectors.unit_pks(public_ids)
    missing = [str(public_id) for public_id in public_ids if public_id not in found]
    if missing:
        raise invalid(field, f"Er is geen eenheid met uuid {missing[0]}.")
    return [found[public_id] for public_id in public_ids]


# --- answers ------------------------------------------------------------------------------------


class UnitSerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField()
    code = serializers.CharField()
    voorziening = serializers.CharField(source="facility.external_id")
    soort = serializers.CharField(source="kind")
    geschiktVoorGezin = serializers.BooleanField(source="family_suitable")
    toegankelijk = serializers.BooleanField(source="accessible")
    alleenVoorVrouwen = serializers.BooleanField(source="women_only")
    inGebruik = serializers.BooleanField(source="active")


class ProposalSerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField()
    eenheid = serializers.UUIDField(source="unit.uuid")
    voorziening = serializers.CharField(source="unit.facility.external_id")
    wachtlijstinschrijving = serializers.CharField(source="waiting_entry.external_id")
    persoon = serializers.UUIDField(source="person.uuid")
    vrijOp = serializers.DateField(source="available_on")
    score = serializers.IntegerField()
    status = serializers.CharField(help_text="open, geaccepteerd, afgewezen of vervallen")
    geldigTot = serializers.DateField(source="expires_on", allow_null=True)
    beslotenOp = serializers.DateField(source="decided_on", allow_null=True)
    redenAfwijzing = serializers.CharField(source="decline_reason")
    verblijf = serializers.CharField(
        source="stay.external_id",
        allow_null=True,
        default=None,
        help_text="Kenmerk van het verblijf, na acceptatie.",
    )


class StaySerializer(serializers.Serializer[Any]):
    kenmerk = serializers.CharField(source="external_id")
    persoon = serializers.UUIDField(source="person.uuid")
    voorziening = serializers.CharField(source="facility.external_id")
    eenheid = serializers.UUIDField(source="unit.uuid", allow_null=True, default=None)
    begindatum = serializers.DateField(source="start_date")
    einddatum = serializers.DateField(source="end_date", allow_null=True)
    verwachtVertrek = serializers.DateField(source="expected_end_date", allow_null=True)
    uitstroombestemming = serializers.CharField(
        source="exit_destination", help_text="Leeg zolang het verblijf loopt."
    )
    vorigVerblijf = serializers.CharField(
        source="previous.external_id",
        allow_null=True,
        default=None,
        help_text="Kenmerk van het verblijf vóór een overplaatsing.",
    )


class RespiteSerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField()
    persoon = serializers.UUIDField(source="person.uuid")
    eenheid = serializers.UUIDField(source="unit.uuid")
    eersteNacht = serializers.DateField(source="start_date")
    vertrekdatum = serializers.DateField(source="end_date")
    aanleiding = serializers.CharField(source="reason")
    redenVerlenging = serializers.CharField(source="extension_reason")


class WaitingRowSerializer(serializers.Serializer[Any]):
    positie = serializers.IntegerField()
    kenmerk = serializers.CharField(
        allow_null=True, help_text="Alleen bij personen die u mag zien (anders leeg)."
    )
    persoon = serializers.UUIDField(
        allow_null=True, help_text="Alleen bij personen die u mag zien (anders leeg)."
    )
    prioriteit = serializers.CharField()
    ingeschrevenOp = serializers.DateField()
    dagenWachtend = serializers.IntegerField()
    score = serializers.IntegerField()
    geparkeerdTot = serializers.DateField(allow_null=True)
    onderdelen = RankingPartSerializer(many=True)


# --- requests -----------------------------------------------------------------------------------


class RegistrationSerializer(serializers.Serializer[Any]):
    persoon = serializers.UUIDField()
    soortVoorziening = serializers.ChoiceField(choices=RANKED_TYPES)
    prioriteit = serializers.ChoiceField(choices=Priority.choices)
    ingeschrevenOp = serializers.DateField(required=False, help_text="Standaard: vandaag.")
    kinderenBetrokken = serializers.BooleanField(required=False, default=False)
    veiligheidsrisico = serializers.BooleanField(required=False, default=False)
    toegankelijkeEenheidNodig = serializers.BooleanField(required=False, default=False)
    toegangsbesluitOp = serializers.DateField(
        required=False, allow_null=True, help_text="Verplicht bij beschermd wonen."
    )
    toegangsbesluitTot = serializers.DateField(
        required=False, allow_null=True, help_text="Verplicht bij beschermd wonen."
    )


class ReasonSerializer(serializers.Serializer[Any]):
    reden = serializers.CharField(max_length=4000)


class ProposeSerializer(serializers.Serializer[Any]):
    eenheden = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        max_length=500,
        help_text="De eenheden (uuid) om voor voor te stellen; standaard alle vrije.",
    )
    datum = serializers.DateField(required=False, help_text="Vrij op; standaard vandaag.")


class AcceptSerializer(serializers.Serializer[Any]):
    begindatum = serializers.DateField(
        required=False, help_text="Standaard: de datum waarop de eenheid vrij is, of vandaag."
    )


class DeclineSerializer(ReasonSerializer):
    parkeren = serializers.BooleanField(
        required=False, default=False, help_text="De kandidaat een tijd niet voorstellen."
    )


class TransferSerializer(serializers.Serializer[Any]):
    eenheid = serializers.UUIDField()
    datum = serializers.DateField()


class EndSerializer(serializers.Serializer[Any]):
    einddatum = serializers.DateField()
    uitstroombestemming = serializers.ChoiceField(choices=ExitDestination.choices)


class RespiteCreateSerializer(serializers.Serializer[Any]):
    persoon = serializers.UUIDField()
    eenheid = serializers.UUIDField()
    eersteNacht = serializers.DateField()
    vertrekdatum = serializers.DateField()
    aanleiding = serializers.CharField(max_length=4000)


class ExtendSerializer(serializers.Serializer[Any]):
    vertrekdatum = serializers.DateField(help_text="De nieuwe vertrekdatum.")
    redenVerlenging = serializers.CharField(max_length=4000)


# --- wachtlijst ---------------------------------------------------------------------------------


class WaitingListFilter(django_filters.FilterSet):
    soortVoorziening = django_filters.ChoiceFilter(
        field_name="facility_type",
        choices=RANKED_TYPES,
        required=True,
        label="Soort voorziening (verplicht): de lijst van die soort.",
    )
    prioriteit = django_filters.ChoiceFilter(field_name="priority", choices=Priority.choices)
    gemeente = django_filters.ModelChoiceFilter(
        field_name="origin_municipality",
        to_field_name="code",
        queryset=Municipality.objects.all(),
        label="CBS-code van de gemeente van herkomst.",
    )
    minimaalDagenWachtend = django_filters.NumberFilter(
        field_name="registered_on",
        decimal_places=0,
        min_value=1,
        max_value=36500,
        label="Ten minste zoveel dagen wachtend.",
    )

    class Meta:
        model = WaitingEntry
        fields: list[str] = []


class WaitingListView(V2ListView):
    serializer_class = WaitingRowSerializer
    filterset_class = WaitingListFilter
    required_scopes = {"GET": "wachtlijst.lezen", "POST": "wachtlijst.schrijven"}

    def get_queryset(self) -> QuerySet[WaitingEntry]:
        return housing_selectors.no_waiting_entries()

    def _filters(self) -> waiting_list.Filters:
        data = self.valid_filterset(self.get_queryset()).form.cleaned_data
        return waiting_list.Filters(
            facility_type=data["soortVoorziening"],
            priority=data.get("prioriteit") or "",
            municipality_id=data["gemeente"].pk if data.get("gemeente") else None,
            min_days=int(data["minimaalDagenWachtend"])
            if data.get("minimaalDagenWachtend")
            else None,
        )

    @extend_schema(
        operation_id="wachtlijstList",
        summary="De centrale wachtlijst van één soort voorziening, in volgorde van positie",
        description="Voor wie een relatie met de lijst heeft (de Wmo-consulent; een aanbieder "
        "voor de soorten die hij biedt), 50 per pagina, zoals de pagina. Persoon en kenmerk "
        "alleen bij personen die u mag zien; elk van hen wordt vastgelegd in het "
        "verwerkingenlog, onder het doel van de relatie.",
        responses={200: WaitingRowSerializer(many=True), **ERRORS(400, 401, 403, 404)},
        tags=["wachtlijst"],
    )
    def get(self, request: Request) -> Response:
        actor = self.actor(request)
        number = page_number(request)
        filters = self._filters()
        if not housing_selectors.may_see_waiting_rows(actor, filters.facility_type):
            raise PermissionDenied(
                "U hebt geen relatie met deze wachtlijst: u ziet alleen aantallen per klasse."
            )
        page = waiting_list.central_list(actor, filters, number)
        if number > page.num_pages:
            raise NotFound(Pagination.invalid_page_message)
        kenmerken = waiting_list.shown_entry_kenmerken(page.rows)
        rows = [
            {
                "positie": row.ranked.position,
                "kenmerk": kenmerken.get(row.entry_id),
                "persoon": row.person.uuid if row.person else None,
                "prioriteit": row.ranked.entry.priority,
                "ingeschrevenOp": row.ranked.entry.registered_on,
                "dagenWachtend": row.days_waiting,
                "score": row.ranked.score,
                "geparkeerdTot": row.parked_until,
                "onderdelen": row.ranked.parts,
            }
            for row in page.rows
        ]
        results = WaitingRowSerializer(rows, many=True).data
        return Response(numbered_envelope(request, number, page.has_next(), page.count, results))

    @extend_schema(
        operation_id="wachtlijstinschrijvingCreate",
        summary="Een persoon inschrijven op een wachtlijst",
        request=RegistrationSerializer,
        responses={201: WaitingEntrySerializer, **ERRORS(400, 401, 403)},
        tags=["wachtlijst"],
    )
    def post(self, request: Request) -> Response:
        v = valid_body(RegistrationSerializer, request)
        with v2_field_names(FIELD_NAMES):
            entry = housing_services.register_waiting(
                self.actor(request),
                _person_pk(v["persoon"]),
                housing_services.Registration(
                    facility_type=v["soortVoorziening"],
                    priority=v["prioriteit"],
                    registered_on=v.get("ingeschrevenOp") or dates.today(),
                    children_involved=v["kinderenBetrokken"],
                    safety_risk=v["veiligheidsrisico"],
                    needs_accessible=v["toegankelijkeEenheidNodig"],
                    access_decision_on=v.get("toegangsbesluitOp"),
                    access_decision_until=v.get("toegangsbesluitTot"),
                ),
            )
        return created(WaitingEntrySerializer(housing_selectors.written_entry(entry.pk)).data)


class WaitingWithdrawView(V2View):
    required_scopes = {"POST": "wachtlijst.schrijven"}

    @extend_schema(
        operation_id="wachtlijstinschrijvingIntrekkenCreate",
        summary="Een wachtlijstinschrijving intrekken, met een reden",
        request=ReasonSerializer,
        responses={200: WaitingEntrySerializer, **ERRORS(400, 401, 403, 404)},
        tags=["wachtlijst"],
    )
    def post(self, request: Request, kenmerk: str) -> Response:
        v = valid_body(ReasonSerializer, request)
        entry_id = api_selectors.waiting_entry_pk(kenmerk)
        with v2_field_names(FIELD_NAMES):
            housing_services.withdraw_waiting(self.actor(request), entry_id, v["reden"])
        return Response(WaitingEntrySerializer(housing_selectors.written_entry(entry_id)).data)


# --- voorstellen --------------------------------------------------------------------------------


class ProposeView(V2View):
    required_scopes = {"POST": "voorstellen.schrijven"}

    @extend_schema(
        operation_id="voorstellenCreate",
        summary="Kandidaten voorstellen voor vrije eenheden",
        description="De best gerangschikte kandidaten per vrije eenheid (alle, of de gegeven), "
        "zoals de pagina na het voorbeeld; alleen aanbieders (voor hun eigen voorzieningen) en "
        "de Wmo-consulent. Eén pagina met alle nieuwe voorstellen.",
        request=ProposeSerializer,
        responses={201: schemas.page_of(ProposalSerializer), **ERRORS(400, 401, 403)},
        tags=["voorstellen"],
    )
    def post(self, request: Request) -> Response:
        v = valid_body(ProposeSerializer, request)
        unit_ids = _unit_pks(v["eenheden"], "eenheden") if "eenheden" in v else None
        with v2_field_names(PROPOSE_NAMES):
            proposals = housing_services.propose(self.actor(request), v.get("datum"), unit_ids)
        shown = housing_selectors.written_proposals([proposal.pk for proposal in proposals])
        return created(envelope(len(shown), ProposalSerializer(shown, many=True).data))


class ProposalDetailView(V2View):
    required_scopes = {"GET": "voorstellen.lezen"}

    @extend_schema(
        operation_id="voorstelRetrieve",
        summary="Eén voorstel",
        responses={200: ProposalSerializer, **ERRORS(401, 403, 404)},
        tags=["voorstellen"],
    )
    def get(self, request: Request, uuid: uuid.UUID) -> Response:
        view = housing_selectors.open_proposal(
            self.actor(request), housing_selectors.proposal_pk(uuid)
        )
        return Response(ProposalSerializer(view.proposal).data)


class ProposalAcceptView(V2View):
    required_scopes = {"POST": "voorstellen.schrijven"}

    @extend_schema(
        operation_id="voorstelAccepterenCreate",
        summary="Een voorstel accepteren: het verblijf begint",
        description="Alleen medewerkers van de aanbieder van de eenheid. Andere open "
        "voorstellen voor de eenheid en voor de persoon vervallen.",
        request=AcceptSerializer,
        responses={201: StaySerializer, **ERRORS(400, 401, 403, 404)},
        tags=["voorstellen"],
    )
    def post(self, request: Request, uuid: uuid.UUID) -> Response:
        v = valid_body(AcceptSerializer, request)
        proposal_id = housing_selectors.proposal_pk(uuid)
        with v2_field_names(FIELD_NAMES):
            stay = housing_services.accept_proposal(
                self.actor(request), proposal_id, v.get("begindatum")
            )
        return created(StaySerializer(housing_selectors.written_stay(stay.pk)).data)


class ProposalDeclineView(V2View):
    required_scopes = {"POST": "voorstellen.schrijven"}

    @extend_schema(
        operation_id="voorstelAfwijzenCreate",
        summary="Een voorstel afwijzen, met een reden",
        description="De kandidaat houdt zijn plaats op de lijst; met `parkeren` wordt hij een "
        "tijd niet voorgesteld.",
        request=DeclineSerializer,
        responses={200: ProposalSerializer, **ERRORS(400, 401, 403, 404)},
        tags=["voorstellen"],
    )
    def post(self, request: Request, uuid: uuid.UUID) -> Response:
        v = valid_body(DeclineSerializer, request)
        proposal_id = housing_selectors.proposal_pk(uuid)
        with v2_field_names(FIELD_NAMES):
            housing_services.decline_proposal(
                self.actor(request), proposal_id, v["reden"], v["parkeren"]
            )
        (shown,) = housing_selectors.written_proposals([proposal_id])
        return Response(ProposalSerializer(shown).data)


# --- verblijven ---------------------------------------------------------------------------------


class StayDetailView(V2View):
    required_scopes = {"GET": "verblijven.lezen"}

    @extend_schema(
        operation_id="verblijfRetrieve",
        summary="Eén verblijf",
        responses={200: StaySerializer, **ERRORS(401, 403, 404)},
        tags=["verblijven"],
    )
    def get(self, request: Request, kenmerk: str) -> Response:
        stay = housing_selectors.open_stay(self.actor(request), housing_selectors.stay_pk(kenmerk))
        return Response(StaySerializer(stay).data)


class StayTransferView(V2View):
    required_scopes = {"POST": "verblijven.schrijven"}

    @extend_schema(
        operation_id="verblijfOverplaatsenCreate",
        summary="Overplaatsen naar een andere eenheid van dezelfde aanbieder (op- of afschalen)",
        description="Het verblijf eindigt op `datum` en het volgende begint dezelfde dag; het "
        "antwoord is het nieuwe verblijf.",
        request=TransferSerializer,
        responses={201: StaySerializer, **ERRORS(400, 401, 403, 404)},
        tags=["verblijven"],
    )
    def post(self, request: Request, kenmerk: str) -> Response:
        v = valid_body(TransferSerializer, request)
        stay_id = housing_selectors.stay_pk(kenmerk)
        (unit_id,) = _unit_pks([v["eenheid"]], "eenheid")
        with v2_field_names(FIELD_NAMES):
            new = housing_services.transfer_stay(self.actor(request), stay_id, unit_id, v["datum"])
        return created(StaySerializer(housing_selectors.written_stay(new.pk)).data)


class StayEndView(V2View):
    required_scopes = {"POST": "verblijven.schrijven"}

    @extend_schema(
        operation_id="verblijfBeeindigenCreate",
        summary="Een verblijf beëindigen, met de uitstroombestemming",
        request=EndSerializer,
        responses={200: StaySerializer, **ERRORS(400, 401, 403, 404)},
        tags=["verblijven"],
    )
    def post(self, request: Request, kenmerk: str) -> Response:
        v = valid_body(EndSerializer, request)
        stay_id = housing_selectors.stay_pk(kenmerk)
        with v2_field_names(FIELD_NAMES):
            housing_services.end_stay(
                self.actor(request), stay_id, v["einddatum"], v["uitstroombestemming"]
            )
        return Response(StaySerializer(housing_selectors.written_stay(stay_id)).data)


# --- terugval -----------------------------------------------------------------------------------


class RespiteCreateView(V2View):
    required_scopes = {"POST": "terugval.schrijven"}

    @extend_schema(
        operation_id="terugvalboekingCreate",
        summary="Een terugvalplek boeken (hoogstens 14 nachten)",
        request=RespiteCreateSerializer,
        responses={201: RespiteSerializer, **ERRORS(400, 401, 403)},
        tags=["terugval"],
    )
    def post(self, request: Request) -> Response:
        v = valid_body(RespiteCreateSerializer, request)
        person_id = _person_pk(v["persoon"])
        (unit_id,) = _unit_pks([v["eenheid"]], "eenheid")
        with v2_field_names(RESPITE_NAMES):
            booking = housing_services.book_respite(
                self.actor(request),
                person_id,
                unit_id,
                v["eersteNacht"],
                v["vertrekdatum"],
                v["aanleiding"],
            )
        return created(RespiteSerializer(housing_selectors.written_respite(booking.pk)).data)


class RespiteExtendView(V2View):
    required_scopes = {"POST": "terugval.schrijven"}

    @extend_schema(
        operation_id="terugvalboekingVerlengenCreate",
        summary="Een terugvalboeking verlengen (Wmo-consulent, met een reden)",
        request=ExtendSerializer,
        responses={200: RespiteSerializer, **ERRORS(400, 401, 403, 404)},
        tags=["terugval"],
    )
    def post(self, request: Request, uuid: uuid.UUID) -> Response:
        v = valid_body(ExtendSerializer, request)
        booking_id = housing_selectors.respite_pk(uuid)
        with v2_field_names(RESPITE_NAMES):
            housing_services.extend_respite(
                self.actor(request), booking_id, v["vertrekdatum"], v["redenVerlenging"]
            )
        return Response(RespiteSerializer(housing_selectors.written_respite(booking_id)).data)


# --- eenheden (no person data) ------------------------------------------------------------------


class UnitFilter(django_filters.FilterSet):
    soort = django_filters.ChoiceFilter(field_name="kind", choices=UnitKind.choices)
    toegankelijk = django_filters.BooleanFilter(field_name="accessible")
    inGebruik = django_filters.BooleanFilter(field_name="active")

    class Meta:
        model = Unit
        fields: list[str] = []


class FacilityUnitListView(V2ListView):
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    required_scopes = {"GET": "voorzieningen.lezen"}

    def get_queryset(self) -> QuerySet[Unit]:
        return Unit.objects.none()

    @extend_schema(
        operation_id="voorzieningEenhedenList",
        summary="De eenheden van een voorziening, met hun uuid (om voor te stellen, over te "
        "plaatsen of een terugvalplek te boeken)",
        responses={200: UnitSerializer(many=True), **ERRORS(400, 401, 403, 404)},
        tags=["voorzieningen"],
    )
    def get(self, request: Request, voorziening: str) -> Response:
        units = self.cut_page(self.filtered(housing_selectors.units_of(voorziening)))
        return self.page_response(UnitSerializer, units)
