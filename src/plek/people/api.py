"""The person endpoint: the same selector, policy and processing log as the person page."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from plek.accounts.context import actor_from_request
from plek.core.api import PAGE_SIZE, Pagination
from plek.people.models import Household, HouseholdMember, Person
from plek.people.selectors import get_person, open_household, visible_persons_page


class PersonSerializer(serializers.ModelSerializer[Person]):
    origin_municipality: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="CBS-code van de gemeente van herkomst.",
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "external_id",
            "bsn",
            "initials",
            "family_name",
            "birth_date",
            "sex",
            "origin_municipality",
        ]
        read_only_fields = fields


class PersonDetailView(APIView):
    @extend_schema(
        operation_id="personen_retrieve",
        summary="Basisgegevens van een persoon",
        description=(
            "Alleen met een actieve relatie of na het doorbreken van de toegang. "
            "Elke geslaagde opvraging wordt vastgelegd in het verwerkingenlog, onder het doel "
            "van de relatie die toegang geeft."
        ),
        responses={
            200: PersonSerializer,
            403: OpenApiResponse(description="Geen toegang tot deze persoon."),
            404: OpenApiResponse(description="Onbekende persoon."),
        },
        tags=["personen"],
    )
    def get(self, request: Request, person_id: int) -> Response:
        try:
            person = get_person(actor_from_request(request), person_id)
        except Person.DoesNotExist as exc:
            raise NotFound("Onbekende persoon.") from exc
        return Response(PersonSerializer(person).data)


class PersonListQuerySerializer(serializers.Serializer[None]):
    page = serializers.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": "page: vul een geheel getal in.",
            "min_value": "page: vul 1 of hoger in.",
        },
    )


class PersonListView(GenericAPIView[Person]):
    serializer_class = PersonSerializer
    pagination_class = Pagination

    @extend_schema(
        operation_id="personen_list",
        summary="Personen waarbij u betrokken bent",
        description=(
            "Alleen personen met een actieve relatie (of een lopende doorbraak van de toegang), "
            f"{PAGE_SIZE} per pagina. Elke getoonde persoon wordt vastgelegd in het "
            "verwerkingenlog."
        ),
        responses={
            200: PersonSerializer(many=True),
            403: OpenApiResponse(description="Deze rol werkt niet met dossiers."),
        },
        tags=["personen"],
    )
    def get(self, request: Request) -> Response:
        query = PersonListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = visible_persons_page(
            actor_from_request(request), query.validated_data.get("page", 1), PAGE_SIZE
        )
        data = PersonSerializer(list(page.object_list), many=True).data
        return Pagination().respond(request, page, data)


class HouseholdMemberSerializer(serializers.ModelSerializer[HouseholdMember]):
    class Meta:
        model = HouseholdMember
        fields = ["id", "person", "role", "start_date", "end_date"]
        read_only_fields = fields


class HouseholdSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.IntegerField()
    external_id = serializers.CharField()
    name = serializers.CharField()
    members = HouseholdMemberSerializer(many=True, help_text="Alleen leden die u mag zien.")
    hidden_members = serializers.IntegerField(
        help_text="Aantal andere leden, bij wie u niet betrokken bent."
    )


class HouseholdDetailView(APIView):
    @extend_schema(
        operation_id="huishoudens_retrieve",
        summary="Een huishouden met zijn leden door de tijd",
        description=(
            "Zichtbaar als u bij minstens één lid betrokken bent; toont alleen die leden. "
            "Elke getoonde persoon wordt vastgelegd in het verwerkingenlog."
        ),
        responses={
            200: HouseholdSerializer,
            403: OpenApiResponse(description="Geen toegang tot dit huishouden."),
            404: OpenApiResponse(description="Onbekend huishouden."),
        },
        tags=["huishoudens"],
    )
    def get(self, request: Request, household_id: int) -> Response:
        try:
            view = open_household(actor_from_request(request), household_id)
        except Household.DoesNotExist as exc:
            raise NotFound("Onbekend huishouden.") from exc
        household = view.household
        data = {
            "id": household.pk,
            "external_id": household.external_id,
            "name": household.name,
            "members": view.members,
            "hidden_members": view.hidden_members,
        }
        return Response(HouseholdSerializer(data).data)
