"""The API of placement and flow: the same services and selectors as the pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from plek.accounts.context import actor_from_request
from plek.core.choices import Priority
from plek.housing import selectors, selectors_stays, services
from plek.housing.choices import ExitDestination, FacilityType
from plek.housing.ranking import Ranked

TAGS = ["wonen"]


class PartSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    raw = serializers.IntegerField()
    weight = serializers.IntegerField()
    points = serializers.IntegerField()


class RankedSerializer(serializers.Serializer[Ranked]):
    position = serializers.IntegerField()
    score = serializers.IntegerField()
    parts = PartSerializer(many=True)


class FacilitySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    name = serializers.CharField()
    type = serializers.CharField()
    category = serializers.CharField()
    provider = serializers.CharField(source="provider.name")
    municipality = serializers.CharField(source="municipality.code")
    unit_count = serializers.IntegerField()


class OverviewSerializer(serializers.Serializer[Any]):
    facility_type = serializers.CharField()
    capacity = serializers.IntegerField()
    occupied = serializers.IntegerField()
    free = serializers.IntegerField()
    waiting = serializers.IntegerField()


class CatalogueView(APIView):
    @extend_schema(
        summary="Catalogus van voorzieningen", tags=TAGS, responses=FacilitySerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        return Response(FacilitySerializer(selectors.catalogue(), many=True).data)


class OverviewView(APIView):
    @extend_schema(
        summary="Vrije plaatsen per soort voorziening (regio, nu)",
        tags=TAGS,
        responses=OverviewSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        return Response(OverviewSerializer(selectors_stays.regional_figures(), many=True).data)


class RegistrationSerializer(serializers.Serializer[Any]):
    person = serializers.IntegerField()
    facility_type = serializers.ChoiceField(choices=FacilityType.choices)
    # A plain string (checked below): the same three codes as a signal's urgency would give the
    # schema two enum names for one choice set.
    priority = serializers.CharField(help_text="spoed, hoog of normaal")
    registered_on = serializers.DateField()
    children_involved = serializers.BooleanField(default=False)
    safety_risk = serializers.BooleanField(default=False)
    needs_accessible = serializers.BooleanField(default=False)
    access_decision_on = serializers.DateField(required=False, allow_null=True)
    access_decision_until = serializers.DateField(required=False, allow_null=True)

    def validate_priority(self, value: str) -> str:
        if value not in Priority.values:
            raise ValidationError("prioriteit: kies spoed, hoog of normaal.")
        return value


class EntrySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="entry.pk")
    person = serializers.IntegerField(source="entry.person_id")
    facility_type = serializers.CharField(source="entry.facility_type")
    priority = serializers.CharField(source="entry.priority")
    registered_on = serializers.DateField(source="entry.registered_on")
    placed_on = serializers.DateField(source="entry.placed_on")
    withdrawn_on = serializers.DateField(source="entry.withdrawn_on")
    ranking = RankedSerializer(source="ranked", allow_null=True)
    total = serializers.IntegerField()


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()


class WaitingCreateView(APIView):
    @extend_schema(
        summary="Inschrijven op een wachtlijst",
        tags=TAGS,
        request=RegistrationSerializer,
        responses={201: EntrySerializer},
    )
    def post(self, request: Request) -> Response:
        data = RegistrationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person = values.pop("person")
        entry = services.register_waiting(
            actor_from_request(request), person, services.Registration(**values)
        )
        view = selectors.open_waiting_entry(actor_from_request(request), entry.pk)
        return Response(EntrySerializer(view).data, status=201)


class WaitingDetailView(APIView):
    @extend_schema(
        summary="Wachtlijstinschrijving met de uitleg van de positie",
        tags=TAGS,
        responses=EntrySerializer,
    )
    def get(self, request: Request, entry_id: int) -> Response:
        return Response(
            EntrySerializer(
                selectors.open_waiting_entry(actor_from_request(request), entry_id)
            ).data
        )


class WaitingWithdrawView(APIView):
    @extend_schema(
        summary="Inschrijving intrekken met een reden",
        tags=TAGS,
        request=ReasonSerializer,
        responses={204: None},
    )
    def post(self, request: Request, entry_id: int) -> Response:
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.withdraw_waiting(
            actor_from_request(request), entry_id, data.validated_data["reason"]
        )
        return Response(status=204)


class ProposalSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    waiting_entry = serializers.IntegerField(source="waiting_entry_id")
    person = serializers.IntegerField(source="person_id")
    available_on = serializers.DateField()
    score = serializers.IntegerField()
    status = serializers.CharField()
    decline_reason = serializers.CharField()


class ProposeSerializer(serializers.Serializer[Any]):
    units = serializers.ListField(child=serializers.IntegerField(), required=False)
    on = serializers.DateField(required=False)


class ProposeView(APIView):
    @extend_schema(
        summary="Kandidaten voorstellen voor vrije eenheden",
        tags=TAGS,
        request=ProposeSerializer,
        responses={201: ProposalSerializer(many=True)},
    )
    def post(self, request: Request) -> Response:
        data = ProposeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.propose(
            actor_from_request(request),
            data.validated_data.get("on"),
            data.validated_data.get("units"),
        )
        return Response(ProposalSerializer(created, many=True).data, status=201)


class ProposalDetailView(APIView):
    @extend_schema(summary="Voorstel", tags=TAGS, responses=ProposalSerializer)
    def get(self, request: Request, proposal_id: int) -> Response:
        view = selectors.open_proposal(actor_from_request(request), proposal_id)
        return Response(ProposalSerializer(view.proposal).data)


class StaySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    person = serializers.IntegerField(source="person_id")
    facility = serializers.IntegerField(source="facility_id")
    unit = serializers.IntegerField(source="unit_id", allow_null=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    exit_destination = serializers.CharField()
    previous = serializers.IntegerField(source="previous_id", allow_null=True)


class AcceptSerializer(serializers.Serializer[Any]):
    start_date = serializers.DateField(required=False)


class DeclineSerializer(ReasonSerializer):
    park = serializers.BooleanField(default=False)


class ProposalAcceptView(APIView):
    @extend_schema(
        summary="Voorstel accepteren: het verblijf start",
        tags=TAGS,
        request=AcceptSerializer,
        responses={201: StaySerializer},
    )
    def post(self, request: Request, proposal_id: int) -> Response:
        data = AcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stay = services.accept_proposal(
            actor_from_request(request),
            proposal_id,
            data.validated_data.get("start_date"),
        )
        return Response(StaySerializer(stay).data, status=201)


class ProposalDeclineView(APIView):
    @extend_schema(
        summary="Voorstel afwijzen met een reden",
        tags=TAGS,
        request=DeclineSerializer,
        responses=ProposalSerializer,
    )
    def post(self, request: Request, proposal_id: int) -> Response:
        data = DeclineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = services.decline_proposal(
            actor_from_request(request),
            proposal_id,
            data.validated_data["reason"],
            data.validated_data["park"],
        )
        return Response(ProposalSerializer(proposal).data)


class StayDetailView(APIView):
    @extend_schema(summary="Verblijf", tags=TAGS, responses=StaySerializer)
    def get(self, request: Request, stay_id: int) -> Response:
        return Response(
            StaySerializer(selectors.open_stay(actor_from_request(request), stay_id)).data
        )


class TransferSerializer(serializers.Serializer[Any]):
    unit = serializers.IntegerField()
    on = serializers.DateField()


class StayTransferView(APIView):
    @extend_schema(
        summary="Overplaatsen (op- of afschalen)",
        tags=TAGS,
        request=TransferSerializer,
        responses={201: StaySerializer},
    )
    def post(self, request: Request, stay_id: int) -> Response:
        data = TransferSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stay = services.transfer_stay(
            actor_from_request(request),
            stay_id,
            data.validated_data["unit"],
            data.validated_data["on"],
        )
        return Response(StaySerializer(stay).data, status=201)


class EndSerializer(serializers.Serializer[Any]):
    end_date = serializers.DateField()
    exit_destination = serializers.ChoiceField(choices=ExitDestination.choices)


class StayEndView(APIView):
    @extend_schema(
        summary="Verblijf beëindigen met een uitstroombestemming",
        tags=TAGS,
        request=EndSerializer,
        responses=StaySerializer,
    )
    def post(self, request: Request, stay_id: int) -> Response:
        data = EndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stay = services.end_stay(
            actor_from_request(request),
            stay_id,
            data.validated_data["end_date"],
            data.validated_data["exit_destination"],
        )
        return Response(StaySerializer(stay).data)


class RespiteSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    person = serializers.IntegerField(source="person_id")
    unit = serializers.IntegerField(source="unit_id")
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    reason = serializers.CharField()


class ExtendSerializer(serializers.Serializer[Any]):
    end_date = serializers.DateField()
    extension_reason = serializers.CharField()


class RespiteCreateView(APIView):
    @extend_schema(
        summary="Terugvalplek boeken (hoogstens 14 nachten)",
        tags=TAGS,
        request=RespiteSerializer,
        responses={201: RespiteSerializer},
    )
    def post(self, request: Request) -> Response:
        data = RespiteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        booking = services.book_respite(
            actor_from_request(request),
            v["person_id"],
            v["unit_id"],
            v["start_date"],
            v["end_date"],
            v["reason"],
        )
        return Response(RespiteSerializer(booking).data, status=201)


class RespiteExtendView(APIView):
    @extend_schema(
        summary="Terugvalboeking verlengen (bevoegde rol, met reden)",
        tags=TAGS,
        request=ExtendSerializer,
        responses=RespiteSerializer,
    )
    def post(self, request: Request, booking_id: int) -> Response:
        data = ExtendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        booking = services.extend_respite(
            actor_from_request(request),
            booking_id,
            data.validated_data["end_date"],
            data.validated_data["extension_reason"],
        )
        return Response(RespiteSerializer(booking).data)
