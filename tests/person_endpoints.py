"""Every page and API endpoint that shows one person's data, for the access test.

A feature that adds such an endpoint appends it to ENDPOINTS: its URL name and a function that,
given a person, creates whatever the endpoint shows and returns the URL's keyword arguments.
`tests/test_person_data_access.py` then checks it for every role, with and without a relation
to the person: allowed exactly as docs/domain.md says, and one processing-log row per allowed read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from plek.people.models import Person


@dataclass(frozen=True)
class Endpoint:
    url_name: str
    arrange: Callable[[Person], dict[str, Any]]
    api: bool = False

    def __str__(self) -> str:
        return self.url_name


def _person(person: Person) -> dict[str, Any]:
    return {"person_id": person.pk}


def _household(person: Person) -> dict[str, Any]:
    import datetime

    from plek.people.models import Household, HouseholdMember

    household = Household.objects.create(name=person.family_name)
    HouseholdMember.objects.create(
        household=household, person=person, role="aanvrager", start_date=datetime.date(2024, 1, 1)
    )
    return {"household_id": household.pk}


ENDPOINTS: list[Endpoint] = [
    Endpoint("people:detail", _person),
    Endpoint("api-person-detail", _person, api=True),
    Endpoint("people:household", _household),
    Endpoint("api-household-detail", _household, api=True),
]


# --- intake and plans (issue 3) -------------------------------------------------------------


def _intake(person: Person) -> dict[str, Any]:
    import datetime

    from plek.intake.models import Intake

    household_id = _household(person)["household_id"]
    intake = Intake.objects.create(
        household_id=household_id,
        person=person,
        started_on=datetime.date(2024, 2, 1),
        completed_on=datetime.date(2024, 3, 1),
        question_behind_question="Rust in huis en grip op de rekeningen.",
    )
    return {"intake_id": intake.pk}


def _plan(person: Person) -> dict[str, Any]:
    import datetime

    from plek.plans.models import Plan

    household_id = _household(person)["household_id"]
    plan = Plan.objects.create(
        external_id=f"plan-{person.pk}",
        person=person,
        household_id=household_id,
        started_on=datetime.date(2024, 2, 1),
        review_on=datetime.date(2024, 8, 1),
    )
    return {"plan_id": plan.pk}


ENDPOINTS += [
    Endpoint("intake:zrm", _person),
    Endpoint("intake:detail", _intake),
    Endpoint("plans:detail", _plan),
    Endpoint("plans:pdf", _plan),
    Endpoint("api-intake-detail", _intake, api=True),
    Endpoint("api-person-assessments", _person, api=True),
    Endpoint("api-plan-detail", _plan, api=True),
]


# --- housing (placement and flow) ---------------------------------------------------------------


def _waiting_entry(person: Person) -> dict[str, Any]:
    from tests.housing.helpers import entry

    return {"entry_id": entry(person=person).pk}


def _stay(person: Person) -> dict[str, Any]:
    import datetime

    from tests.housing.helpers import facility, imported_stay

    return {"stay_id": imported_stay(person, facility(units=1), datetime.date(2024, 3, 1)).pk}


ENDPOINTS += [
    Endpoint("housing:waiting-detail", _waiting_entry),
    Endpoint("housing:stay-detail", _stay),
    Endpoint("api-waiting-detail", _waiting_entry, api=True),
    Endpoint("api-stay-detail", _stay, api=True),
]


# --- postal addresses and aftercare --------------------------------------------------------------


def _postal_application(person: Person) -> dict[str, Any]:
    import datetime

    from plek.postal.models import PostalApplication

    application = PostalApplication.objects.create(
        external_id=f"pa-endpoint-{person.pk}",
        person=person,
        applied_on=datetime.date(2024, 3, 1),
        decided_on=datetime.date(2024, 3, 20),
        decision="toegekend",
    )
    return {"application_id": application.pk}


def _aftercare_track(person: Person) -> dict[str, Any]:
    import datetime

    from plek.aftercare.models import AftercareTrack

    track = AftercareTrack.objects.create(
        external_id=f"nz-endpoint-{person.pk}", person=person, started_on=datetime.date(2024, 3, 1)
    )
    return {"track_id": track.pk}


ENDPOINTS += [
    Endpoint("postal:detail", _postal_application),
    Endpoint("postal:letter", _postal_application),
    Endpoint("api-postal-application-detail", _postal_application, api=True),
    Endpoint("aftercare:track", _aftercare_track),
    Endpoint("api-aftercare-track-detail", _aftercare_track, api=True),
]


# --- signals -------------------------------------------------------------------------------------


def _signal(person: Person) -> dict[str, Any]:
    import datetime

    from plek.signals.models import Signal

    signal = Signal.objects.create(
        external_id=f"sig-endpoint-{person.pk}",
        person=person,
        source="huurachterstand",
        urgency="normaal",
        received_on=datetime.date(2024, 3, 1),
    )
    return {"signal_id": signal.pk}


ENDPOINTS += [
    Endpoint("signals:detail", _signal),
    Endpoint("api-signal-detail", _signal, api=True),
]


# --- protected living → protected home (issue 15) -----------------------------------------------


def _indication(person: Person) -> dict[str, Any]:
    import datetime

    from plek.protection.models import Indication

    indication = Indication.objects.create(
        external_id=f"ind-{person.pk}",
        person=person,
        kind="beschermd_thuis",
        decided_on=datetime.date(2024, 1, 1),
        valid_from=datetime.date(2024, 1, 1),
        valid_until=datetime.date(2030, 12, 31),
        municipality=person.origin_municipality,
    )
    return {"indication_id": indication.pk}


def _arrangement(person: Person) -> dict[str, Any]:
    import datetime

    from plek.protection.models import Arrangement, Product
    from tests.factories import OrganisationFactory

    product, _ = Product.objects.get_or_create(
        code="EP-UUR", defaults={"name": "Begeleiding", "unit": "uur"}
    )
    arrangement = Arrangement.objects.create(
        external_id=f"arr-{person.pk}",
        person=person,
        kind="beschermd_thuis",
        provider=OrganisationFactory(kind="zorgaanbieder"),
        product=product,
        hours_per_week=4,
        start_date=datetime.date(2024, 1, 1),
    )
    return {"arrangement_id": arrangement.pk}


ENDPOINTS += [
    Endpoint("protection:indication", _indication),
    Endpoint("protection:arrangement-new", _indication),
    Endpoint("protection:arrangement", _arrangement),
    Endpoint("protection:origin", _person),
]
