"""Bulk delivery by a signal source: report first, nothing stored until chosen, idempotent."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from plek.access.exceptions import AccessDenied
from plek.access.models import ProcessingLogEntry
from plek.accounts.models import Membership
from plek.people.bsn import synthetic_bsn
from plek.signals import services
from plek.signals.models import Delivery, DeliveryStatus, Signal
from tests.factories import MunicipalityFactory, OrganisationFactory, PersonFactory, TeamFactory
from tests.signals.helpers import HEADER, actor_of, delivery_csv

pytestmark = pytest.mark.django_db

BAD_ROWS = {
    17: "ref-15,,J.,Proefpersoon,1980-01-01,12AB,3,,huurachterstand,100.00,,,nee",
    5003: "ref-5001,,J.,Proefpersoon,1980-01-01,3311AB,3,,huurachterstand,veel,,,nee",
    9999: "ref-9997,,J.,Proefpersoon,31-02-1980,3311AB,3,,huurachterstand,10.00,,,nee",
}


@pytest.fixture
def source(member: Callable[..., Membership]) -> Membership:
    organisation = OrganisationFactory(kind="woningcorporatie")
    return member("signaalbron", organisation=organisation)


def test_ten_thousand_rows_with_three_bad_ones(source: Membership) -> None:
    actor = actor_of(source)
    content = delivery_csv(10_000, BAD_ROWS)

    delivery = services.upload_delivery(actor, "januari.csv", content)

    problems = [
        (row.row_number, error["column"], error["message"])
        for row in delivery.rows.exclude(errors=[]).order_by("row_number")
        for error in row.errors
    ]
    assert [(number, column) for number, column, _ in problems] == [
        (17, "postcode"),
        (5003, "amount"),
        (9999, "birth_date"),
    ]
    assert problems[0][2].startswith("postcode: '12AB' is geen postcode")
    assert problems[1][2].startswith("bedrag: 'veel' is geen bedrag")
    assert problems[2][2].startswith("geboortedatum: '31-02-1980' is geen datum")
    assert delivery.row_count == 10_000 and delivery.error_count == 3
    # Nothing stored before the user chooses.
    assert Signal.objects.count() == 0
    assert delivery.status == DeliveryStatus.PENDING

    stored = services.store_delivery(actor, delivery.pk)
    assert stored.stored_count == 9_997
    assert Signal.objects.filter(source_organisation=source.organisation).count() == 9_997
    # The delivered values are gone; the report stays.
    assert not stored.rows.exclude(data={}).exists()
    assert stored.rows.count() == 3

    again = services.upload_delivery(actor, "januari.csv", content)
    assert again.duplicate_count == 9_997 and again.error_count == 3
    assert again.valid_count == 0
    services.store_delivery(actor, again.pk)
    assert Signal.objects.count() == 9_997


def test_cancel_stores_nothing_and_a_decision_is_final(source: Membership) -> None:
    actor = actor_of(source)
    delivery = services.upload_delivery(actor, "a.csv", delivery_csv(5))
    services.cancel_delivery(actor, delivery.pk)
    assert Signal.objects.count() == 0
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.CANCELLED
    with pytest.raises(Exception, match="al besloten"):
        services.store_delivery(actor, delivery.pk)


def test_header_and_duplicate_references_are_reported(source: Membership) -> None:
    actor = actor_of(source)
    missing = services.upload_delivery(actor, "kapot.csv", b"reference,kind\nx,water\n")
    assert "Rij 1" in missing.file_error and "family_name" in missing.file_error
    assert missing.status == DeliveryStatus.CANCELLED
    content = delivery_csv(2) + b"ref-0,,J.,Ander,1980-01-01,3311AB,4,,water,12.00,,,nee\n"
    twice = services.upload_delivery(actor, "dubbel.csv", content)
    (row,) = twice.rows.exclude(errors=[])
    assert row.row_number == 4
    assert row.errors == [
        {"column": "reference", "message": "referentie: deze referentie staat ook al in rij 2."}
    ]


def test_semicolons_dutch_dates_and_an_eviction(source: Membership) -> None:
    actor = actor_of(source)
    eviction = (timezone.localdate() + datetime.timedelta(days=10)).strftime("%d-%m-%Y")
    content = (
        HEADER.replace(",", ";") + "\n"
        f"o-1;;K.;Ontruimd;01-02-1975;3311 ab;12;a;ontruiming;;;{eviction};ja\n"
        "o-2;;K.;Ontruimd;01-02-1975;3311AB;12;;ontruiming;;;;nee\n"
    ).encode()
    delivery = services.upload_delivery(actor, "ontruiming.csv", content)
    (bad,) = delivery.rows.exclude(errors=[])
    assert bad.row_number == 3 and bad.errors[0]["column"] == "eviction_date"
    services.store_delivery(actor, delivery.pk)
    signal = Signal.objects.get()
    assert (signal.postcode, signal.house_number, signal.house_number_addition) == (
        "3311AB",
        12,
        "a",
    )
    assert signal.urgency == "spoed" and signal.crisis
    assert signal.person is None and signal.reported_family_name == "Ontruimd"


def test_bsn_only_where_allowed_and_matching(member: Callable[..., Membership]) -> None:
    housing = actor_of(
        member("signaalbron", organisation=OrganisationFactory(kind="woningcorporatie"))
    )
    insurer_org = OrganisationFactory(kind="zorgverzekeraar")
    insurer = actor_of(member("signaalbron", organisation=insurer_org))
    known = PersonFactory(bsn="999990019")
    line = f"z-1,{known.bsn},A.,Bekend,1980-05-17,3311AB,1,,zorgverzekering,80.00,,,nee\n"
    refused = services.upload_delivery(housing, "b.csv", (HEADER + "\n" + line).encode())
    assert refused.rows.get().errors[0]["column"] == "bsn"

    new_bsn = synthetic_bsn(4321)
    content = HEADER + "\n" + line
    content += "z-2,,A.,Onbekend,1990-01-01,3312AB,2,,zorgverzekering,80.00,,,nee\n"
    content += f"z-3,{new_bsn},B.,Nieuw,1991-01-01,3313AB,3,,zorgverzekering,9.00,,,nee\n"
    delivery = services.upload_delivery(insurer, "z.csv", content.encode())
    assert delivery.error_count == 0, list(delivery.rows.values_list("errors", flat=True))
    services.store_delivery(insurer, delivery.pk)
    by_reference = {s.source_reference: s for s in Signal.objects.all()}
    assert by_reference["z-1"].person_id == known.pk
    assert by_reference["z-2"].person_id is None
    # An unknown BSN makes a new person: the BSN is unique, so no duplicate can arise.
    assert by_reference["z-3"].person.bsn == new_bsn
    assert by_reference["z-3"].person.external_id
    # One log row per known person stored, and one without a person for the unmatched (issue 9).
    logged = ProcessingLogEntry.objects.filter(activity_code="signaal.aanlevering_opslaan")
    assert sorted(logged.values_list("person_id", flat=True), key=str) == sorted(
        [known.pk, by_reference["z-3"].person_id, None], key=str
    )


def test_matching_by_address_and_birth_date_and_team_assignment(
    member: Callable[..., Membership],
) -> None:
    municipality = MunicipalityFactory()
    organisation = OrganisationFactory(kind="woningcorporatie", municipality=municipality)
    team = TeamFactory(organisation=OrganisationFactory(kind="wijkteam"))
    team.municipalities.add(municipality)
    actor = actor_of(member("signaalbron", organisation=organisation))
    person = PersonFactory(birth_date=datetime.date(1970, 3, 4), origin_municipality=municipality)
    Signal.objects.create(
        external_id="eerder",
        person=person,
        source="energie",
        urgency="normaal",
        received_on=timezone.localdate() - datetime.timedelta(days=400),
        postcode="3311AB",
        house_number=7,
    )
    content = HEADER + "\nw-1,,A.,Iemand,1970-03-04,3311AB,7,,huurachterstand,500.00,,,nee\n"
    delivery = services.upload_delivery(actor, "w.csv", content.encode())
    services.store_delivery(actor, delivery.pk)
    signal = Signal.objects.get(source_reference="w-1")
    assert signal.person_id == person.pk
    assert signal.team_id == team.pk


def test_only_signal_sources_deliver(member: Callable[..., Membership]) -> None:
    with pytest.raises(AccessDenied):
        services.upload_delivery(actor_of(member("wijkteam")), "x.csv", delivery_csv(1))
