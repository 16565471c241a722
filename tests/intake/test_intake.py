from __future__ import annotations

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from plek.access.models import ProcessingLogEntry
from plek.access.policy import decide
from plek.intake import services
from plek.intake.models import Assessment, Intake
from tests.conftest import login_fully
from tests.factories import TeamFactory
from tests.plans.helpers import actor, family, related

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def worker(member):  # type: ignore[no-untyped-def]
    return member("wijkteam", team=TeamFactory())


def test_intake_for_the_household_opens_the_other_members(worker) -> None:
    applicant, partner, household = family()
    related(worker, applicant)
    assert not decide(actor(worker), "view", partner.pk).allowed
    intake = services.start_intake(
        actor(worker),
        applicant.pk,
        household.pk,
        TODAY,
        "Ze willen rust en een eigen plek.",
        {"financien": "Huurachterstand van drie maanden.", "huisvesting": ""},
        [worker.organisation_id],
        ["moeder", ""],
    )
    assert [n.domain for n in intake.narratives.all()] == ["financien"]
    assert intake.participants.count() == 2
    assert decide(actor(worker), "create", partner.pk).basis == "intake"
    with pytest.raises(ValidationError) as error:
        services.start_intake(actor(worker), applicant.pk, household.pk, TODAY, "Nog een")
    assert "al een intake" in error.value.message_dict["household"][0]


def test_question_is_required_and_named(worker) -> None:
    applicant, _partner, household = family()
    related(worker, applicant)
    with pytest.raises(ValidationError) as error:
        services.start_intake(actor(worker), applicant.pk, household.pk, TODAY, "  ")
    assert "Vraag achter de vraag" in error.value.message_dict["question_behind_question"][0]
    assert not Intake.objects.exists()


def test_assessment_scores_domains_and_leaves_others_open(worker) -> None:
    applicant, _partner, _household = family()
    related(worker, applicant)
    assessment = services.record_assessment(
        actor(worker), applicant.pk, TODAY, {"financien": 2, "huisvesting": 1, "justitie": None}
    )
    assert {s.domain: s.score for s in assessment.scores.all()} == {
        "financien": 2,
        "huisvesting": 1,
    }
    assert assessment.instrument_version == "2017"
    assert assessment.assessor == worker.user
    with pytest.raises(ValidationError) as error:
        services.record_assessment(actor(worker), applicant.pk, TODAY, {"financien": 7})
    assert "1 tot en met 5" in error.value.message_dict["financien"][0]
    assert Assessment.objects.count() == 1


def test_zrm_page_has_a_chart_with_its_table_and_logs_once(worker, client) -> None:
    applicant, _partner, _household = family()
    related(worker, applicant)
    for days, score in ((120, 2), (10, 4)):
        services.record_assessment(
            actor(worker),
            applicant.pk,
            TODAY - datetime.timedelta(days=days),
            {"financien": score, "middelengebruik": 3},
        )
    login_fully(client, worker)
    before = ProcessingLogEntry.objects.filter(person_id=applicant.pk).count()
    html = client.get(reverse("intake:zrm", args=[applicant.pk])).content.decode()
    assert ProcessingLogEntry.objects.filter(person_id=applicant.pk).count() == before + 1
    assert 'data-vega-spec="zrm-spec"' in html
    spec = json.loads(re.search(r'id="zrm-spec"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert spec["mark"]["type"] == "line"
    values = spec["data"]["values"]
    assert {(v["leefgebied"], v["score"]) for v in values} >= {("Financiën", 2), ("Financiën", 4)}
    # The table beside it: a row per domain, a column per assessment, open as –.
    assert "<caption" in html and "ZRM-scores per leefgebied en meting" in html
    assert html.count('scope="row"') == 13
    assert "Justitie" in html


def test_the_dossier_links_to_the_zrm_page(worker, client) -> None:
    applicant, _partner, _household = family()
    related(worker, applicant)
    services.record_assessment(actor(worker), applicant.pk, TODAY, {"financien": 3})
    login_fully(client, worker)
    html = client.get(reverse("people:detail", args=[applicant.pk])).content.decode()
    assert reverse("intake:zrm", args=[applicant.pk]) in html
    assert "Zelfredzaamheid" in html
