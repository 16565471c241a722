"""The central waiting list (ranked in SQL), access decisions, parking, proposals with a preview,
and the ranking configuration with its preview and history (issue 12, items 1–3)."""

from __future__ import annotations

import datetime
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plek.access.models import ProcessingLogEntry
from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.housing import waiting_list
from plek.housing.loaders import open_entries, rank_input, rank_inputs
from plek.housing.models import Proposal, RankingPolicy, RankingPolicyChange, WaitingEntry
from plek.housing.ranking import Weights, rank
from plek.housing.services import proposals as proposal_services
from plek.housing.services import ranking as ranking_services
from plek.housing.services import waiting as waiting_services
from plek.housing.waiting_list import Filters, central_list
from tests.conftest import login_fully
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
)
from tests.housing.helpers import TODAY, entry, facility

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def region():  # type: ignore[no-untyped-def]
    made = RegionFactory(name="Regio van de consulent")
    return [MunicipalityFactory(region=made), MunicipalityFactory(region=made)]


@pytest.fixture
def consultant(region) -> Membership:  # type: ignore[no-untyped-def]
    organisation = OrganisationFactory(kind="sociale_dienst", municipality=region[0])
    return MembershipFactory(role="toegang", organisation=organisation)


def actor(membership: Membership) -> Actor:
    return Actor(membership.user, membership)


def listed(region, n: int, facility_type: str = "nachtopvang", seed: int = 1) -> list[WaitingEntry]:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    return [
        entry(
            PersonFactory(origin_municipality=region[i % 2], family_name=f"Wachter{i:03d}"),
            facility_type=facility_type,
            registered_on=TODAY - rng.randint(0, 400) * DAY,
            priority=rng.choice(["spoed", "hoog", "normaal", "normaal"]),
            children_involved=rng.random() < 0.2,
            safety_risk=rng.random() < 0.2,
        )
        for i in range(n)
    ]


def test_the_sql_ranking_is_the_python_ranking(region, consultant) -> None:
    listed(region, 40)
    page = central_list(actor(consultant), Filters("nachtopvang"))
    python = rank(
        (rank_input(row) for row in rank_inputs(open_entries(TODAY, ["nachtopvang"]))),
        Weights(),
        TODAY,
    )
    assert [r.entry_id for r in page.rows] == [r.entry.entry_id for r in python]
    assert [r.ranked.position for r in page.rows] == list(range(1, 41))
    assert [r.ranked.score for r in page.rows] == [r.score for r in python]
    # The class comes first: every spoed before every hoog before every normaal.
    classes = [r.ranked.entry.priority for r in page.rows]
    assert classes == sorted(classes, key=["spoed", "hoog", "normaal"].index)


def test_names_of_the_region_show_and_each_person_shown_is_logged(region, consultant) -> None:
    entries = listed(region, 60)
    # Another region (the factories' default): not on this consultant's list.
    elsewhere = entry(PersonFactory())
    page = central_list(actor(consultant), Filters("nachtopvang"), page=2)
    assert page.count == 60 and page.num_pages == 2 and len(page.rows) == 10
    assert [r.ranked.position for r in page.rows] == list(range(51, 61))
    assert all(r.person is not None for r in page.rows)
    logged = set(
        ProcessingLogEntry.objects.filter(activity_code="wonen.wachtlijst_inzien").values_list(
            "person_id", flat=True
        )
    )
    assert logged == {r.person_id for r in page.rows}
    assert elsewhere.person_id not in {e.person_id for e in entries}
    assert (
        ProcessingLogEntry.objects.filter(activity_code="wonen.wachtlijst_inzien")
        .values_list("purpose", flat=True)
        .distinct()
        .get()
        == "wmo_mo"
    )


def test_one_page_costs_the_same_number_of_queries_for_a_short_and_a_long_list(
    region, consultant
) -> None:
    """A full page (50 rows) of a list of 55 and page 3 of a list of 255: the same queries."""
    listed(region, 55)
    central_list(actor(consultant), Filters("nachtopvang"))  # keys worked out
    with CaptureQueriesContext(connection) as short:
        central_list(actor(consultant), Filters("nachtopvang"))
    listed(region, 200, seed=2)
    central_list(actor(consultant), Filters("nachtopvang"))
    with CaptureQueriesContext(connection) as long:
        page = central_list(actor(consultant), Filters("nachtopvang"), page=3)
    assert len(page.rows) == 50
    assert len(long.captured_queries) == len(short.captured_queries)


def test_filters_keep_each_row_at_its_place_in_the_whole_list(region, consultant) -> None:
    entries = listed(region, 30)
    whole = {
        r.entry_id: r.ranked.position
        for r in central_list(actor(consultant), Filters("nachtopvang")).rows
    }
    spoed = central_list(actor(consultant), Filters("nachtopvang", priority="spoed"))
    assert spoed.rows and all(r.ranked.entry.priority == "spoed" for r in spoed.rows)
    assert all(whole[r.entry_id] == r.ranked.position for r in spoed.rows)
    there = central_list(actor(consultant), Filters("nachtopvang", municipality_id=region[1].pk))
    assert len(there.rows) == 15
    old = central_list(actor(consultant), Filters("nachtopvang", min_days=200))
    assert all(r.days_waiting >= 200 for r in old.rows)
    found = central_list(actor(consultant), Filters("nachtopvang", search="wachter007"))
    assert [r.entry_id for r in found.rows] == [entries[7].pk]


def test_changing_the_weights_reorders_the_list_at_once_and_keeps_history(
    region, consultant, member
) -> None:
    listed(region, 20)
    admin = actor(member("beheer"))
    before = [r.entry_id for r in central_list(actor(consultant), Filters("nachtopvang")).rows]
    proposed = Weights(class_first=False, days_waiting=0, safety=500)
    preview = waiting_list.preview_reorder("nachtopvang", proposed)
    assert preview.up and preview.down and preview.moves[0].why
    assert RankingPolicyChange.objects.count() == 0  # the preview stores nothing
    with pytest.raises(PermissionDenied):
        ranking_services.save_ranking_policy(
            actor(consultant), "nachtopvang", ranking_services.PolicySettings(proposed)
        )
    change = ranking_services.save_ranking_policy(
        admin, "nachtopvang", ranking_services.PolicySettings(proposed)
    )
    # Before, the type followed the built-in values: those are the old values of the history.
    assert change is not None and change.old == ranking_services.policy_values(RankingPolicy())
    assert change.old["safety"] == Weights().safety and change.new["safety"] == 500
    rows = central_list(actor(consultant), Filters("nachtopvang")).rows
    assert [r.entry_id for r in rows] != before
    assert rows[0].ranked.entry.safety_risk
    again = ranking_services.save_ranking_policy(
        admin, "nachtopvang", ranking_services.PolicySettings(proposed)
    )
    assert again is None  # nothing changed: no history row
    ranking_services.save_ranking_policy(
        admin, "nachtopvang", ranking_services.PolicySettings(Weights())
    )
    latest = RankingPolicyChange.objects.first()
    assert latest is not None and latest.old["safety"] == 500 and latest.new["safety"] == 40


def test_a_types_first_own_policy_records_the_defaults_it_followed(member) -> None:
    admin = actor(member("beheer"))
    default = ranking_services.PolicySettings(Weights(safety=300), proposal_days=10)
    ranking_services.save_ranking_policy(admin, "", default)
    first = ranking_services.save_ranking_policy(
        admin, "nachtopvang", ranking_services.PolicySettings(Weights(safety=500))
    )
    assert first is not None and first.old["safety"] == 300 and first.old["proposal_days"] == 10
    # The same values as the default still make a policy of the type's own: it stops following.
    same = ranking_services.save_ranking_policy(admin, "crisisopvang", default)
    assert same is not None and same.old == same.new
    assert RankingPolicy.objects.filter(facility_type="crisisopvang").exists()


def test_the_access_decision_grants_or_refuses_with_a_reason(region, consultant, member) -> None:
    application = entry(
        PersonFactory(origin_municipality=region[0]), facility_type="beschermd_wonen"
    )
    me = actor(consultant)
    assert [s.entry.pk for s in waiting_list.requests_to_assess(me)] == [application.pk]
    with pytest.raises(ValidationError, match="Geldig tot en met"):
        waiting_services.decide_access(me, application.pk, True, TODAY, TODAY - DAY)
    with pytest.raises(ValidationError, match="Reden"):
        waiting_services.decide_access(me, application.pk, False, TODAY, None, " ")
    with pytest.raises(PermissionDenied):
        waiting_services.decide_access(
            actor(member("wijkteam")), application.pk, True, TODAY, TODAY + DAY
        )
    waiting_services.decide_access(me, application.pk, True, TODAY, TODAY + 365 * DAY)
    assert waiting_list.requests_to_assess(me) == []
    refused = entry(PersonFactory(origin_municipality=region[0]), facility_type="beschermd_wonen")
    waiting_services.decide_access(me, refused.pk, False, TODAY, None, "Geen indicatie")
    refused.refresh_from_db()
    assert refused.withdrawn_on == TODAY and "Geen indicatie" in refused.withdrawal_reason


def test_parking_needs_a_reason_and_an_end_date(region, consultant) -> None:
    waiting = entry(PersonFactory(origin_municipality=region[0]))
    me = actor(consultant)
    with pytest.raises(ValidationError, match="Reden"):
        waiting_services.park_entry(me, waiting.pk, "", TODAY + DAY)
    with pytest.raises(ValidationError, match="Geparkeerd tot en met"):
        waiting_services.park_entry(me, waiting.pk, "Opgenomen", None)
    waiting_services.park_entry(me, waiting.pk, "Opgenomen in het ziekenhuis", TODAY + 10 * DAY)
    waiting.refresh_from_db()
    assert waiting.parked_until == TODAY + 10 * DAY and waiting.park_reason


def test_proposals_are_previewed_then_confirmed_and_a_stale_preview_creates_nothing(
    region, consultant
) -> None:
    shelter = facility(units=2)
    first, second, third = (
        entry(PersonFactory(origin_municipality=region[0]), priority=p)
        for p in ("normaal", "spoed", "hoog")
    )
    me = actor(consultant)
    planned = proposal_services.plan_proposals(me, TODAY)
    assert [p.entry_id for p in planned] == [second.pk, third.pk]  # spoed, hoog
    assert Proposal.objects.count() == 0  # the preview creates nothing
    assert planned[0].position == 1 and planned[0].unit_label.startswith(shelter.name)
    created = proposal_services.confirm_proposals(me, [p.pair for p in planned], TODAY)
    assert len(created) == 2
    assert all(p.expires_on == TODAY + 7 * DAY for p in Proposal.objects.all())
    with pytest.raises(proposal_services.StalePreview):
        proposal_services.confirm_proposals(me, [p.pair for p in planned], TODAY)
    assert Proposal.objects.count() == 2
    # Expired proposals lapse and the unit is offered again.
    Proposal.objects.update(expires_on=TODAY - DAY)
    assert proposal_services.lapse_expired(TODAY) == 2
    assert len(proposal_services.plan_proposals(me, TODAY)) == 2
    assert first.pk not in [p.entry_id for p in planned]


def test_pages_of_the_placement_office(region, consultant, member) -> None:  # type: ignore[no-untyped-def]
    listed(region, 120)
    application = entry(
        PersonFactory(origin_municipality=region[0]), facility_type="beschermd_wonen"
    )
    client = login_fully(__import__("django.test").test.Client(), consultant)
    page = client.get(reverse("housing:waiting-list"), {"soort": "nachtopvang", "page": 3})
    text = page.content.decode()
    assert page.status_code == 200 and "Pagina 3 van 3" in text and "Wachter" in text
    assert "Waarom deze positie" in text and "klasse" in text
    decision = client.get(reverse("housing:access-decision", args=[application.pk]))
    assert decision.status_code == 200
    posted = client.post(
        reverse("housing:access-decision", args=[application.pk]),
        {"decision": "weigeren", "decided_on": TODAY.isoformat(), "reason": ""},
    )
    assert "Reden: geef aan" in posted.content.decode()
    admin = login_fully(__import__("django.test").test.Client(), member("beheer"))
    assert admin.get(reverse("housing:ranking-policy")).status_code == 200
    values = {
        "class_first": "on",
        "urgency": 40,
        "children": 30,
        "safety": 400,
        "zrm_housing": 10,
        "zrm_mental": 10,
        "days_waiting": 1,
        "park_days": 14,
        "candidates_per_unit": 1,
        "proposal_days": 7,
    }
    preview = admin.post(
        reverse("housing:ranking-policy") + "?soort=nachtopvang", {**values, "preview": "1"}
    ).content.decode()
    assert "Wie schuift op en waarom" in preview and "Veiligheid" in preview
    assert RankingPolicyChange.objects.count() == 0
    admin.post(reverse("housing:ranking-policy") + "?soort=nachtopvang", {**values, "save": "1"})
    change = RankingPolicyChange.objects.get()
    assert change.new["safety"] == 400
    history = admin.get(reverse("housing:ranking-policy") + "?soort=nachtopvang").content.decode()
    assert f"{timezone.localtime(change.changed_at):%d-%m-%Y %H:%M}" in history  # not in UTC
    assert client.get(reverse("housing:ranking-policy")).status_code == 403


def test_the_page_sql_and_the_queryset_agree_on_the_region(region, consultant) -> None:
    """``region_list_sql`` (the page's plain SQL) and ``region_entries`` (the relation source
    and worklists) say the same rule twice; this keeps them equal."""
    listed(region, 12)
    entry(PersonFactory())  # another region, not registered by the consultant
    elsewhere = PersonFactory()  # from another region, but registered by the consultant's office
    registered = entry(elsewhere)
    WaitingEntry.objects.filter(pk=registered.pk).update(
        registered_by_id=consultant.organisation_id
    )
    sister = OrganisationFactory(municipality=region[1])  # another office of the same region
    by_sister = entry(PersonFactory())
    WaitingEntry.objects.filter(pk=by_sister.pk).update(registered_by_id=sister.pk)
    waiting_list.refresh_rank_keys()
    sql, params = waiting_list.region_list_sql(consultant.organisation_id, "nachtopvang", TODAY)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT x_id FROM ({sql}) s", params)  # noqa: S608
        from_sql = {row[0] for row in cursor.fetchall()}
    from_queryset = set(
        waiting_list.region_entries(consultant.organisation_id, TODAY)
        .filter(facility_type="nachtopvang")
        .values_list("pk", flat=True)
    )
    assert from_sql == from_queryset
    assert len(from_sql) == 14 and {registered.pk, by_sister.pk} <= from_sql
