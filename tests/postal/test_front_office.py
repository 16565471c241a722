"""Issue 11, postal addresses: the team's list and search of applications (name, status,
period, order, pages) with overdue reviews flagged, the worklists' deadlines, the dossier's
status line and buttons, and the application started from the dossier."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plek.access.models import ProcessingLogEntry
from plek.core import dates
from plek.people.selectors import open_dossier
from plek.postal import selectors
from plek.postal.models import Decision, PostalApplication, Review
from plek.postal.rules import next_review
from plek.postal.selectors import ApplicationSearch, Order, Status, review_cutoff
from tests.conftest import login_fully
from tests.factories import MembershipFactory, PersonFactory
from tests.postal.helpers import Mdt, make_mdt

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 31)


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10)), tick=False)


def application(
    mdt: Mdt,
    family_name: str = "Jansen",
    applied_on: datetime.date = TODAY - datetime.timedelta(days=10),
    decision: str = "",
    decided_on: datetime.date | None = None,
    ended_on: datetime.date | None = None,
    reviewed_on: datetime.date | None = None,
) -> PostalApplication:
    person = PersonFactory(family_name=family_name)
    row = PostalApplication.objects.create(
        external_id=f"BA-{person.pk}",
        person=person,
        applied_on=applied_on,
        decision=decision,
        decided_on=decided_on,
        ended_on=ended_on,
        team=mdt.first.team,
        holds_address=decision == Decision.TOEGEKEND and ended_on is None,
    )
    if reviewed_on:
        Review.objects.create(
            application=row, reviewed_on=reviewed_on, note="Gesprek.", reviewed_by=mdt.first.user
        )
    return row


@pytest.mark.parametrize(
    "today",
    [datetime.date(2026, 5, 31), datetime.date(2026, 3, 1), datetime.date(2028, 2, 29)],
)
def test_review_cutoff_agrees_with_next_review_day_by_day(today: datetime.date) -> None:
    cutoff = review_cutoff(today)
    for offset in range(-200, 0):
        basis = today + datetime.timedelta(days=offset)
        assert (basis < cutoff) == (next_review(basis, None) < today), basis


def _running_late(mdt: Mdt, name: str = "Laat") -> PostalApplication:
    decided = TODAY - datetime.timedelta(days=200)
    return application(
        mdt,
        name,
        applied_on=decided - datetime.timedelta(days=20),
        decision=Decision.TOEGEKEND,
        decided_on=decided,
        reviewed_on=TODAY - datetime.timedelta(days=100),
    )


def _running_fine(mdt: Mdt, name: str = "Opschema") -> PostalApplication:
    decided = TODAY - datetime.timedelta(days=200)
    return application(
        mdt,
        name,
        applied_on=decided - datetime.timedelta(days=20),
        decision=Decision.TOEGEKEND,
        decided_on=decided,
        reviewed_on=TODAY - datetime.timedelta(days=20),
    )


def test_search_by_name_status_and_period_flags_overdue_reviews() -> None:
    mdt = make_mdt()
    with at(TODAY):
        waiting = application(mdt, "de Vries")
        late = _running_late(mdt, "Bakker")
        fine = _running_fine(mdt, "Bakkum")
        refused = application(
            mdt, "Visser", decision=Decision.AFGEWEZEN, decided_on=TODAY - datetime.timedelta(3)
        )
        ended = application(
            mdt,
            "Smit",
            applied_on=TODAY - datetime.timedelta(days=150),
            decision=Decision.TOEGEKEND,
            decided_on=TODAY - datetime.timedelta(days=120),
            ended_on=TODAY - datetime.timedelta(days=5),
        )
        over_term = application(mdt, "Mulder", applied_on=TODAY - datetime.timedelta(days=60))
        actor = mdt.actor()

        def found(**search: object) -> list[PostalApplication]:
            page = selectors.applications_page(actor, ApplicationSearch(**search))  # type: ignore[arg-type]
            return [row.application for row in page]

        assert set(found(name="bakk")) == {late, fine}
        assert found(name="VRIES") == [waiting]
        assert set(found(status=Status.OPEN)) == {waiting, over_term}
        assert found(status=Status.OVER_TERM) == [over_term]
        assert set(found(status=Status.RUNNING)) == {late, fine}
        assert found(status=Status.REVIEW_OVERDUE) == [late]
        assert found(status=Status.REFUSED) == [refused]
        assert found(status=Status.ENDED) == [ended]
        assert set(found(applied_from=TODAY - datetime.timedelta(days=70))) == {
            waiting,
            refused,
            over_term,
        }
        # Urgency: what is over its deadline first (the late review, the application over its
        # term), then what runs by its deadline, then the rest.
        urgent = found()
        assert set(urgent[:2]) == {late, over_term}
        assert urgent.index(waiting) < urgent.index(refused)
        assert found(order=Order.NAME)[0] == late  # Bakker
        rows = {r.application: r for r in selectors.applications_page(actor, ApplicationSearch())}
        assert rows[late].review_overdue and rows[late].overdue
        assert not rows[fine].review_overdue and rows[fine].due is not None
        assert rows[over_term].overdue and not rows[waiting].overdue


def test_the_list_is_the_teams_and_logs_each_person_shown_with_fixed_queries() -> None:
    mdt = make_mdt()
    with at(TODAY):
        for n in range(3):
            _running_late(mdt, f"Eerste{n}")
        client = login_fully(Client(), mdt.first)
        client.get(reverse("postal:list"))  # warm up
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("postal:list"))
        for n in range(30):
            application(mdt, f"Later{n}")
            _running_late(mdt, f"Nog{n}")
        before = ProcessingLogEntry.objects.count()
        with CaptureQueriesContext(connection) as many:
            response = client.get(reverse("postal:list"), {"status": "", "volgorde": "urgentie"})
        assert len(many.captured_queries) <= len(few.captured_queries)
        rows = list(response.context["page"])
        assert len(rows) == 25 and response.context["page"].paginator.count == 63
        assert ProcessingLogEntry.objects.count() - before == 25
        page = response.content.decode()
        assert "te laat" in page and "herbeoordeling" in page
        second = client.get(reverse("postal:list"), {"page": "3"})
        assert len(list(second.context["page"])) == 13
        bad = client.get(reverse("postal:list"), {"vanaf": "2026-05-01", "tot": "2026-04-01"})
        assert (
            "Aangevraagd tot en met: deze datum ligt vóór de datum bij Aangevraagd vanaf."
            in bad.content.decode()
        )
    # Someone outside the MDT sees none of it.
    wijkteam = MembershipFactory(role="wijkteam")
    other = login_fully(Client(), wijkteam)
    assert list(other.get(reverse("postal:list")).context["page"]) == []


def test_worklists_carry_deadlines_overdue_first_and_link_to_the_list() -> None:
    mdt = make_mdt()
    with at(TODAY):
        _running_fine(mdt)
        late = _running_late(mdt)
        over_term = application(mdt, "Mulder", applied_on=TODAY - datetime.timedelta(days=60))
        reviews = selectors.reviews_and_plans_due(mdt.actor())
        assert reviews[0].application == late and reviews[0].overdue
        at_term = selectors.applications_at_term(mdt.actor())
        assert at_term[0].application == over_term and at_term[0].overdue
        assert at_term[0].due == over_term.applied_on + datetime.timedelta(days=56)
        home = login_fully(Client(), mdt.first).get("/").content.decode()
        assert reverse("postal:list") + "?status=termijn" in home
        assert "te laat" in home


def test_dossier_status_and_buttons_follow_the_application() -> None:
    mdt = make_mdt()
    with at(TODAY):
        running = _running_late(mdt)
        dossier = open_dossier(mdt.actor(), running.person_id)
        lines = [line for status, ls in dossier.status if status.key == "postal" for line in ls]
        assert "Briefadres sinds" in str(lines[0].text)
        review = lines[1]
        assert review.due is not None and review.due < dates.today() and review.alert
        keys = {action.key for action in dossier.actions}
        assert {"postal.review", "postal.end"} <= keys
        assert "postal.apply" not in keys and "postal.decide" not in keys
        waiting = application(mdt, "Wacht")
        dossier = open_dossier(mdt.actor(), waiting.person_id)
        keys = {action.key for action in dossier.actions}
        assert "postal.decide" in keys and "postal.review" not in keys
        line = next(line for s, ls in dossier.status if s.key == "postal" for line in ls)
        assert line.due == waiting.applied_on + datetime.timedelta(days=56) and not line.alert


def test_an_application_from_the_dossier_needs_no_bsn() -> None:
    from tests.aftercare.helpers import case_lead_for

    mdt = make_mdt()
    person = PersonFactory()
    lead = case_lead_for(person)
    client = login_fully(Client(), lead)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    url = reverse("postal:new-for-person", args=[person.pk])
    assert url in page
    form = client.get(url)
    assert form.status_code == 200 and "bsn" not in form.context["form"].fields
    response = client.post(
        url,
        {
            "applied_on": dates.today().isoformat(),
            "ground": "geen_woonadres",
            "giver": mdt.giver.pk,
            "giver_consent": "on",
            "team": mdt.first.team_id,
        },
    )
    assert response.status_code == 302
    assert PostalApplication.objects.filter(person=person).exists()
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert url not in page  # one open application: no second one offered
