"""The postal-address process: services, fraud checks, term, events, access and the letter."""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from plek.access.models import ProcessingLogEntry
from plek.accounts.context import Actor
from plek.core.dates import today as plek_today
from plek.postal import selectors, services
from plek.postal.activities import POSTAL_NOTIFY
from plek.postal.models import Decision, EventKind, PostalApplication, PostalEvent
from tests.conftest import login_fully
from tests.factories import PersonFactory
from tests.postal.helpers import application_input, assessed, make_mdt

pytestmark = pytest.mark.django_db


def test_fast_lane_assessment_grant_review_and_end_inform_the_social_service() -> None:
    mdt = make_mdt()
    person = PersonFactory()
    application = services.apply(mdt.actor(), application_input(person.pk, mdt))
    services.register_temporarily(mdt.actor(), application.pk)
    application.refresh_from_db()
    assert application.holds_address and application.temporary_from == plek_today()

    services.check_criteria(
        mdt.actor(), application.pk, {c.pk: ("voldaan", "") for c in mdt.criteria}
    )
    services.record_assessment(mdt.actor("first"), application.pk, "toekennen", "Dakloos.")
    services.record_assessment(mdt.actor("second"), application.pk, "toekennen", "Eens.")
    services.decide_application(mdt.actor(), application.pk, Decision.TOEGEKEND)
    services.record_review(mdt.actor(), application.pk, plek_today(), "Zoekt woning.")
    services.end_address(mdt.actor(), application.pk, plek_today(), "woonadres")

    application.refresh_from_db()
    assert application.decision == "toegekend" and application.ended_on is not None
    assert not application.holds_address
    kinds = list(PostalEvent.objects.filter(application=application).values_list("kind", flat=True))
    assert kinds == [EventKind.TIJDELIJK, EventKind.TOEGEKEND, EventKind.BEEINDIGD]


def test_a_second_active_postal_address_is_refused_in_dutch() -> None:
    mdt = make_mdt()
    person = PersonFactory()
    first = assessed(mdt, person.pk)
    services.decide_application(mdt.actor(), first.pk, Decision.TOEGEKEND)
    with pytest.raises(ValidationError) as refused:
        services.apply(mdt.actor(), application_input(person.pk, mdt))
    assert "al een actief briefadres" in str(refused.value.message_dict["person"])


def test_an_imported_active_grant_also_blocks_a_second_address() -> None:
    mdt = make_mdt()
    person = PersonFactory()
    PostalApplication.objects.create(
        external_id="pa-1",
        person=person,
        applied_on=datetime.date(2024, 1, 1),
        decided_on=datetime.date(2024, 1, 20),
        decision="toegekend",
    )
    with pytest.raises(ValidationError):
        services.apply(mdt.actor(), application_input(person.pk, mdt))


def test_a_decision_needs_two_organisations_and_all_criteria() -> None:
    mdt = make_mdt()
    application = services.apply(mdt.actor(), application_input(PersonFactory().pk, mdt))
    services.record_assessment(mdt.actor("first"), application.pk, "toekennen", "Ja.")
    with pytest.raises(ValidationError) as refused:
        services.decide_application(mdt.actor(), application.pk, Decision.TOEGEKEND)
    assert "twee beoordelaars" in str(refused.value)


def test_refusal_needs_reasons_and_a_decision_is_taken_once() -> None:
    mdt = make_mdt()
    application = assessed(mdt, PersonFactory().pk)
    with pytest.raises(ValidationError) as refused:
        services.decide_application(mdt.actor(), application.pk, Decision.AFGEWEZEN)
    assert "Redenen" in str(refused.value)
    services.decide_application(mdt.actor(), application.pk, Decision.AFGEWEZEN, "Geen binding.")
    with pytest.raises(ValidationError) as again:
        services.decide_application(mdt.actor(), application.pk, Decision.TOEGEKEND)
    assert "al besloten" in str(again.value)


def test_bad_input_names_the_field_in_dutch() -> None:
    mdt = make_mdt()
    with pytest.raises(ValidationError) as refused:
        services.apply(
            mdt.actor(),
            application_input(PersonFactory().pk, mdt, giver=None, giver_consent=False, ground=""),
        )
    errors = refused.value.message_dict
    assert set(errors) == {"ground", "giver", "giver_consent"}
    assert errors["giver_consent"][0].startswith("Toestemming:")


def test_fraud_signals_are_flagged_for_the_assessors() -> None:
    mdt = make_mdt(max_active=1)
    other = assessed(mdt, PersonFactory().pk)
    services.decide_application(mdt.actor(), other.pk, Decision.TOEGEKEND)
    person = PersonFactory()
    for number in range(2):
        PostalApplication.objects.create(
            external_id=f"old-{number}",
            person=person,
            applied_on=datetime.date(2023, 1, 1),
            decided_on=datetime.date(2023, 2, 1),
            decision="afgewezen",
        )
    application = services.apply(
        mdt.actor(), application_input(person.pk, mdt, home_address_registered=True)
    )
    flags = selectors.fraud_flags(application)
    assert len(flags) == 3
    assert any("woonadres" in flag for flag in flags)
    assert any("maximum is 1" in flag for flag in flags)
    assert any("2 afgewezen" in flag for flag in flags)


def test_undecided_after_57_days_is_overdue_and_after_56_not() -> None:
    mdt = make_mdt()
    applied = datetime.date(2026, 1, 5)
    with time_machine.travel(datetime.datetime(2026, 1, 5, 10), tick=False):
        application = services.apply(
            mdt.actor(), application_input(PersonFactory().pk, mdt, applied_on=applied)
        )
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10), tick=False):  # day 56
        assert not selectors.overdue_applications(mdt.actor()).exists()
        items = selectors.open_applications(mdt.actor())
        assert "nog 0 dagen" in items[0].detail
    with time_machine.travel(datetime.datetime(2026, 3, 3, 10), tick=False):  # day 57
        assert list(selectors.overdue_applications(mdt.actor())) == [application]
        items = selectors.applications_at_term(mdt.actor())
        assert "beslistermijn verstreken, 1 dag te laat" in items[0].detail
        client = login_fully(Client(), mdt.first)
        page = client.get(reverse("postal:detail", args=[application.pk])).content.decode()
        assert "De beslistermijn is verstreken" in page
        home = client.get("/").content.decode()
        assert "termijn verstreken" in home


def test_missing_plan_after_a_grant_is_warned() -> None:
    mdt = make_mdt()
    application = assessed(mdt, PersonFactory().pk)
    services.decide_application(mdt.actor(), application.pk, Decision.TOEGEKEND)
    later = datetime.datetime.now() + datetime.timedelta(days=40)
    with time_machine.travel(later, tick=False):
        file = selectors.open_application(mdt.actor(), application.pk)
        assert file.plan_missing_since is not None
        assert selectors.reviews_and_plans_due(mdt.actor())


def test_the_team_relation_opens_the_application_and_logs_once() -> None:
    mdt = make_mdt()
    application = services.apply(mdt.actor(), application_input(PersonFactory().pk, mdt))
    before = ProcessingLogEntry.objects.count()
    client = login_fully(Client(), mdt.second)  # the other organisation in the same MDT
    response = client.get(reverse("postal:detail", args=[application.pk]))
    assert response.status_code == 200
    assert ProcessingLogEntry.objects.count() == before + 1


def test_decision_letter_is_a_pdf() -> None:
    mdt = make_mdt()
    application = assessed(mdt, PersonFactory().pk)
    services.decide_application(mdt.actor(), application.pk, Decision.TOEGEKEND)
    response = login_fully(Client(), mdt.first).get(reverse("postal:letter", args=[application.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Gemeente Plekstad" in text
    assert "Afdelingshoofd Maatschappelijke Opvang" in text
    assert application.person.family_name in text


def test_social_service_reads_the_event_feed_through_the_api(member) -> None:
    from tests.factories import OrganisationFactory

    mdt = make_mdt()
    application = assessed(mdt, PersonFactory().pk)
    services.decide_application(mdt.actor(), application.pk, Decision.TOEGEKEND)
    area = mdt.first.team.municipalities.get()
    social = member(
        "toegang", organisation=OrganisationFactory(kind="sociale_dienst", municipality=area)
    )
    response = login_fully(Client(), social).get(reverse("api-postal-events"))
    assert response.status_code == 200
    feed = response.json()
    assert feed["results"][0]["soort"] == "toegekend"
    assert feed["previous"] is None
    assert feed["next"].endswith(f"?na={feed['results'][-1]['id']}")
    wijkteam = member("wijkteam")
    assert login_fully(Client(), wijkteam).get(reverse("api-postal-events")).status_code == 403


def test_the_event_feed_holds_only_the_municipalities_of_the_readers_organisation(
    member,
) -> None:
    # Code review: every social-service case role read the BSNs of the whole country's postal
    # addresses. Now: the applications handled for its own municipality (or its teams' areas).
    from tests.factories import OrganisationFactory, TeamFactory

    here, elsewhere = make_mdt(), make_mdt()
    ours = assessed(here, PersonFactory().pk)
    theirs = assessed(elsewhere, PersonFactory().pk)
    for mdt, application in ((here, ours), (elsewhere, theirs)):
        services.decide_application(mdt.actor(), application.pk, Decision.TOEGEKEND)
    area = here.first.team.municipalities.get()
    social = member(
        "toegang", organisation=OrganisationFactory(kind="sociale_dienst", municipality=area)
    )
    assert {e.person_id for e in selectors.event_feed(Actor(social.user, social))} == {
        ours.person_id
    }
    # A regional social service reads the areas of its teams too.
    regional = OrganisationFactory(kind="sociale_dienst")
    TeamFactory(organisation=regional).municipalities.add(
        area, elsewhere.first.team.municipalities.get()
    )
    reader = member("toegang", organisation=regional)
    assert {e.person_id for e in selectors.event_feed(Actor(reader.user, reader))} == {
        ours.person_id,
        theirs.person_id,
    }
    # Only the persons in the answer are logged.
    logged = set(
        ProcessingLogEntry.objects.filter(
            user_id=social.user.pk, activity_code=POSTAL_NOTIFY.code
        ).values_list("person_id", flat=True)
    )
    assert logged == {ours.person_id}


# --- concurrency (real connections on PostgreSQL) -------------------------------------------


def _in_threads(*calls) -> list[object]:
    results: list[object] = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(index: int) -> None:
        from django.db import connections

        try:
            barrier.wait()
            results[index] = calls[index]()
        except Exception as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL"
)


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_parallel_grants_for_one_person_leave_one_active_address() -> None:
    mdt = make_mdt()
    person = PersonFactory()
    first = assessed(mdt, person.pk)
    second = PostalApplication.objects.create(
        external_id="pa-parallel",
        person=person,
        applied_on=first.applied_on,
        team=first.team,
        giver=mdt.giver,
        giver_consent=True,
        ground="geen_woonadres",
    )
    services.check_criteria(mdt.actor(), second.pk, {c.pk: ("voldaan", "") for c in mdt.criteria})
    services.record_assessment(mdt.actor("first"), second.pk, "toekennen", "Ja.")
    services.record_assessment(mdt.actor("second"), second.pk, "toekennen", "Ja.")

    results = _in_threads(
        lambda: services.decide_application(mdt.actor(), first.pk, Decision.TOEGEKEND),
        lambda: services.decide_application(mdt.actor("second"), second.pk, Decision.TOEGEKEND),
    )
    assert sum(isinstance(r, ValidationError) for r in results) == 1
    assert PostalApplication.objects.filter(person=person, decision="toegekend").count() == 1
    assert PostalApplication.objects.filter(person=person, holds_address=True).count() == 1


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_parallel_decisions_on_one_application_leave_one_decision() -> None:
    mdt = make_mdt()
    application = assessed(mdt, PersonFactory().pk)
    results = _in_threads(
        lambda: services.decide_application(mdt.actor(), application.pk, Decision.TOEGEKEND),
        lambda: services.decide_application(
            mdt.actor("second"), application.pk, Decision.AFGEWEZEN, "Geen binding."
        ),
    )
    assert sum(isinstance(r, ValidationError) for r in results) == 1
    application.refresh_from_db()
    assert application.decision in {"toegekend", "afgewezen"}
    assert PostalEvent.objects.filter(application=application).count() == (
        1 if application.decision == "toegekend" else 0
    )


def test_an_application_by_a_case_lead_logs_the_case_leads_purpose() -> None:
    # Issue 9: the purpose is the relation's; apply used to log "briefadres" for anyone.
    from plek.access.policy import decide
    from tests.aftercare.helpers import actor, case_lead_for

    mdt = make_mdt()
    person = PersonFactory()
    lead = actor(case_lead_for(person))
    services.apply(lead, application_input(person.pk, mdt, team=mdt.first.team))
    granted = decide(lead, "create", person.pk)
    logged = ProcessingLogEntry.objects.get(person_id=person.pk, action="create")
    assert granted.purpose is not None and granted.purpose != "briefadres"
    assert logged.purpose == granted.purpose
