"""Every person-scoped page and API endpoint, for the access test.

A feature that adds a route with a person-scoped id in its path (``PERSON_KWARGS``) registers it
here, or `tests/test_person_data_access.py` fails (it walks the URL resolver):

- ENDPOINTS: reads (GET) of one person's data. Each gives its URL name, the kind of data it shows
  (``plek.access.kinds.DataKind``) and a function that, given a person, creates whatever the
  endpoint shows and returns the URL's keyword arguments. Checked for every role × relation
  (none, one opening every kind, one for the postal process only) × kind: allowed exactly as
  docs/domain.md and the matrix in docs/security.md say, one processing-log row per allowed read.
- ACTIONS: forms and state changes on one person's data. Checked for every role without a
  relation, by GET and by POST: refused, nothing logged about the person.
- ELSEWHERE: routes outside the relation policy (the privacy officer's inzage export, breaking
  the glass), with the test that covers them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from plek.core.dates import today as plek_today
from plek.people.models import Person

# Path parameters naming a row that belongs to a person.
PERSON_KWARGS = frozenset(
    {
        "person_id",
        "household_id",
        "member_id",
        "merge_id",
        "signal_id",
        "entry_id",
        "proposal_id",
        "stay_id",
        "booking_id",
        "intake_id",
        "plan_id",
        "goal_id",
        "hand_over_id",
        "action_id",
        "application_id",
        "track_id",
        "checkin_id",
        "indication_id",
        "arrangement_id",
        "tryout_id",
        "carer_id",
        "consent_id",
        "contact_id",
        "referral_id",
        "access_request_id",
        # API v2 names every row by its public UUID, or (rows without one) by its kenmerk.
        "uuid",
        "kenmerk",
    }
)


@dataclass(frozen=True)
class Endpoint:
    url_name: str
    arrange: Callable[[Person], dict[str, Any]]
    api: bool = False
    kind: str = "identiteit"

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
    Endpoint("people:household", _household, kind="huishouden"),
    Endpoint("api-household-detail", _household, api=True, kind="huishouden"),
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
    Endpoint("intake:zrm", _person, kind="intake_zrm"),
    Endpoint("intake:detail", _intake, kind="intake_zrm"),
    Endpoint("plans:detail", _plan, kind="plan"),
    Endpoint("plans:pdf", _plan, kind="plan"),
    Endpoint("api-intake-detail", _intake, api=True, kind="intake_zrm"),
    Endpoint("api-person-assessments", _person, api=True, kind="intake_zrm"),
    Endpoint("api-plan-detail", _plan, api=True, kind="plan"),
    # The forms that start work show the person's plan or household first (one read).
    Endpoint("plans:goal-new", _plan, kind="plan"),
    Endpoint("plans:action-new", lambda person: _goal(person), kind="plan"),
    Endpoint("plans:evaluation-new", lambda person: _goal(person), kind="plan"),
]


# --- housing (placement and flow) ---------------------------------------------------------------


def _waiting_entry(person: Person) -> dict[str, Any]:
    from tests.factories import MunicipalityFactory, RegionFactory
    from tests.housing.helpers import entry

    # From another region than the test organisations': the access consultant's relation with
    # the central waiting list of the own region (wonen:centrale_wachtlijst) does not reach it.
    person.origin_municipality = MunicipalityFactory(region=RegionFactory(name="Andere regio"))
    person.save(update_fields=["origin_municipality"])
    return {"entry_id": entry(person=person).pk}


def _stay(person: Person) -> dict[str, Any]:
    import datetime

    from tests.housing.helpers import facility, imported_stay

    return {"stay_id": imported_stay(person, facility(units=1), datetime.date(2024, 3, 1)).pk}


ENDPOINTS += [
    Endpoint("housing:waiting-detail", _waiting_entry, kind="verblijf"),
    Endpoint("housing:stay-detail", _stay, kind="verblijf"),
    Endpoint("api-waiting-detail", _waiting_entry, api=True, kind="verblijf"),
    Endpoint("api-stay-detail", _stay, api=True, kind="verblijf"),
    Endpoint("housing:proposal-detail", lambda person: _proposal(person), kind="verblijf"),
    Endpoint("api-proposal-detail", lambda person: _proposal(person), api=True, kind="verblijf"),
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
    Endpoint("postal:detail", _postal_application, kind="briefadres"),
    Endpoint("postal:letter", _postal_application, kind="briefadres"),
    Endpoint("api-postal-application-detail", _postal_application, api=True, kind="briefadres"),
    Endpoint("aftercare:track", _aftercare_track, kind="nazorg"),
    Endpoint("api-aftercare-track-detail", _aftercare_track, api=True, kind="nazorg"),
    Endpoint("aftercare:checkin", lambda person: _checkin(person), kind="nazorg"),
    # Issue 11: the dossier's buttons and the track's forms (each shows the person's name).
    Endpoint("aftercare:start-for-person", _person, kind="nazorg"),
    Endpoint("aftercare:plan-checkin", _aftercare_track, kind="nazorg"),
    Endpoint("aftercare:end", _aftercare_track, kind="nazorg"),
    Endpoint("postal:new-for-person", _person, kind="briefadres"),
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
    Endpoint("signals:detail", _signal, kind="signalen"),
    Endpoint("api-signal-detail", _signal, api=True, kind="signalen"),
]


# --- rows reached through another row ------------------------------------------------------------


def _goal(person: Person) -> dict[str, Any]:
    from plek.plans.models import Goal

    goal = Goal.objects.create(plan_id=_plan(person)["plan_id"], domain="financien", own_words="x")
    return {"goal_id": goal.pk}


def _plan_action(person: Person) -> dict[str, Any]:
    from plek.plans.models import PlanAction
    from tests.factories import OrganisationFactory

    action = PlanAction.objects.create(
        goal_id=_goal(person)["goal_id"],
        description="Budgetplan opstellen",
        organisation=OrganisationFactory(),
        target_date=plek_today(),
    )
    return {"action_id": action.pk}


def _unit() -> Any:
    from plek.housing.models import Unit
    from tests.housing.helpers import facility

    return Unit.objects.filter(facility=facility(units=1)).get()


def _proposal(person: Person) -> dict[str, Any]:

    from plek.housing.models import Proposal, WaitingEntry

    entry = WaitingEntry.objects.get(pk=_waiting_entry(person)["entry_id"])
    proposal = Proposal.objects.create(
        unit=_unit(), waiting_entry=entry, person=person, available_on=plek_today()
    )
    return {"proposal_id": proposal.pk}


def _checkin(person: Person) -> dict[str, Any]:

    from plek.aftercare.models import CheckIn

    checkin = CheckIn.objects.create(
        external_id=f"ci-endpoint-{person.pk}",
        track_id=_aftercare_track(person)["track_id"],
        due_on=plek_today(),
    )
    return {"checkin_id": checkin.pk}


def _hand_over(person: Person) -> dict[str, Any]:
    from django.utils import timezone

    from plek.plans.models import HandOver
    from tests.factories import MembershipFactory

    hand_over = HandOver.objects.create(
        plan_id=_plan(person)["plan_id"],
        from_user=MembershipFactory(role="regisseur").user,
        to_membership=MembershipFactory(role="regisseur"),
        requested_at=timezone.now(),
    )
    return {"hand_over_id": hand_over.pk}


def _respite(person: Person) -> dict[str, Any]:
    import datetime

    from plek.housing.models import RespiteBooking
    from tests.factories import UserFactory

    today = plek_today()
    booking = RespiteBooking.objects.create(
        unit=_unit(),
        person=person,
        start_date=today,
        end_date=today + datetime.timedelta(days=3),
        reason="Terugval na verhuizing.",
        created_by=UserFactory(),
    )
    return {"booking_id": booking.pk}


def _member(person: Person) -> dict[str, Any]:
    from plek.people.models import HouseholdMember

    household_id = _household(person)["household_id"]
    return {"member_id": HouseholdMember.objects.get(household_id=household_id).pk}


def _merge(person: Person) -> dict[str, Any]:
    from plek.people.models import PersonMerge
    from tests.factories import PersonFactory, UserFactory

    merge = PersonMerge.objects.create(
        target=person, source=PersonFactory(), merged_by=UserFactory()
    )
    return {"merge_id": merge.pk}


def _consent(person: Person) -> dict[str, Any]:
    import datetime

    from plek.people.models import Consent
    from tests.factories import OrganisationFactory

    consent = Consent.objects.create(
        person=person,
        organisation=OrganisationFactory(),
        data_kinds=["contactgegevens"],
        purpose="wmo_mo",
        given_on=datetime.date(2024, 1, 1),
    )
    return {"consent_id": consent.pk}


ACTIONS: list[Endpoint] = [
    Endpoint("people:household-create", _person),
    Endpoint("people:household-member-search", _household),
    Endpoint("people:contact-edit", _person),
    Endpoint("people:consents", _person),
    Endpoint("people:consent-revoke", _consent),
    Endpoint("people:merge", _person),
    Endpoint("people:merge-undo", _merge),
    Endpoint("people:household-add-member", _household),
    Endpoint("people:household-end-member", _member),
    Endpoint("intake:start", _person),
    Endpoint("intake:assessment-new", _person),
    Endpoint("plans:start", _person),
    Endpoint("plans:hand-over-new", _plan),
    Endpoint("plans:hand-over", _hand_over),
    Endpoint("plans:hand-over-decide", _hand_over),
    Endpoint("api-plan-goals", _plan, api=True),
    Endpoint("api-hand-over-accept", _hand_over, api=True),
    Endpoint("housing:waiting-register", _person),
    Endpoint("housing:respite-book", _person),
    Endpoint("housing:place", _person),
    Endpoint("housing:assign-unit", _stay),
    Endpoint("housing:waiting-withdraw", _waiting_entry),
    Endpoint("housing:waiting-park", _waiting_entry),
    Endpoint("housing:access-decision", _waiting_entry),
    Endpoint("housing:respite-extend", _respite),
    Endpoint("api-waiting-withdraw", _waiting_entry, api=True),
    Endpoint("api-proposal-accept", _proposal, api=True),
    Endpoint("api-proposal-decline", _proposal, api=True),
    Endpoint("api-stay-transfer", _stay, api=True),
    Endpoint("api-stay-end", _stay, api=True),
    Endpoint("api-respite-extend", _respite, api=True),
    Endpoint("postal:temporary", _postal_application),
    Endpoint("postal:criteria", _postal_application),
    Endpoint("postal:assessment", _postal_application),
    Endpoint("postal:decide", _postal_application),
    Endpoint("postal:review", _postal_application),
    Endpoint("postal:end", _postal_application),
    Endpoint("integrations:zgw-retry", _postal_application),
    Endpoint("api-postal-decision", _postal_application, api=True),
    Endpoint("aftercare:start-from-stay", _stay),
    Endpoint("aftercare:coach", _aftercare_track),
    Endpoint("api-aftercare-checkin-record", _checkin, api=True),
    Endpoint("signals:attempt", _signal),
    Endpoint("signals:outcome", _signal),
    # Casework from the dossier (issue 11).
    Endpoint("signals:assign", _signal),
    Endpoint("intake:complete", _intake),
    Endpoint("plans:end", _plan),
    Endpoint("plans:review", _plan),
    Endpoint("plans:action-done", _plan_action),
    Endpoint("plans:hand-over-cancel", _hand_over),
]

# --- street outreach (issue 11) -------------------------------------------------------------------


def _street_contact(person: Person) -> dict[str, Any]:
    from django.utils import timezone

    from plek.outreach.models import StreetContact
    from tests.factories import UserFactory

    contact = StreetContact.objects.create(
        met_at=timezone.now(),
        location="Stationsplein",
        description="Man met groene jas",
        offered="gesprek",
        person=person,
        worker=UserFactory(),
    )
    return {"contact_id": contact.pk}


def _referral(person: Person) -> dict[str, Any]:
    from plek.outreach.models import Referral, StreetContact
    from tests.factories import TeamFactory

    contact = StreetContact.objects.get(pk=_street_contact(person)["contact_id"])
    referral = Referral.objects.create(
        contact=contact,
        team=TeamFactory(),
        reason="Slaapt buiten",
        referred_on=plek_today(),
        respond_by=plek_today(),
        referred_by=contact.worker,
    )
    return {"referral_id": referral.pk}


ENDPOINTS += [Endpoint("outreach:detail", _street_contact, kind="signalen")]
ACTIONS += [
    Endpoint("outreach:link", _street_contact),
    Endpoint("outreach:refer", _street_contact),
    Endpoint("outreach:respond", _referral),
    Endpoint("outreach:refer-person", _person),
]

ELSEWHERE: dict[str, str] = {
    "people:inzage-json": "tests/people/test_pages.py: the privacy officer's inzage export only",
    "people:inzage-pdf": "tests/people/test_pages.py: the privacy officer's inzage export only",
    "access:break-glass": "tests/access/test_break_glass.py: a reason, a purpose, reviewed",
    **{
        f"inzage:{name}": "tests/inzage/test_register.py: the privacy officer's register only"
        for name in ("detail", "identify", "extend", "close", "letter", "letter-pdf")
    },
}


# --- informal care (issue 16) --------------------------------------------------------------------


def _carer(person: Person) -> dict[str, Any]:
    import datetime

    from plek.informal.models import Carer, CareRelation

    carer = Carer.objects.create(
        municipality=person.origin_municipality,
        first_name="Karin",
        family_name="Mantelzorg",
        postcode="1234AB",
        house_number=5,
        registered_on=datetime.date(2024, 1, 1),
    )
    CareRelation.objects.create(
        carer=carer,
        person=person,
        kind="partner",
        consent_on=datetime.date(2024, 1, 1),
        start_on=datetime.date(2023, 1, 1),
    )
    return {"carer_id": carer.pk}


def _appreciation(person: Person) -> dict[str, Any]:
    import datetime

    from plek.informal.models import Appreciation

    carer_id = _carer(person)["carer_id"]
    appreciation = Appreciation.objects.create(
        carer_id=carer_id, year=2024, signed_up_on=datetime.date(2024, 3, 1)
    )
    return {"carer_id": carer_id, "appreciation_id": appreciation.pk}


ENDPOINTS += [
    Endpoint("informal:carer", _carer),
    Endpoint("informal:carer-checkin", _carer),
]

ACTIONS += [
    Endpoint("informal:carer-support", _carer),
    Endpoint("informal:carer-appreciation", _carer),
    Endpoint("informal:appreciation-status", _appreciation),
    Endpoint("informal:carer-action", _carer),
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


def _tryout(person: Person) -> dict[str, Any]:
    import datetime

    from plek.protection.models import TryOut

    tryout = TryOut.objects.create(
        person=person,
        stay_id=_stay(person)["stay_id"],
        arrangement_id=_arrangement(person)["arrangement_id"],
        start_date=datetime.date(2024, 3, 1),
        ends_by=datetime.date(2024, 8, 1),
    )
    return {"tryout_id": tryout.pk}


ENDPOINTS += [
    Endpoint("protection:indication", _indication, kind="verblijf"),
    Endpoint("protection:arrangement-new", _indication, kind="verblijf"),
    Endpoint("protection:arrangement", _arrangement, kind="verblijf"),
    # The form shows the person's name; the origin is part of the identity.
    Endpoint("protection:origin", _person),
]

ACTIONS += [
    Endpoint("protection:indication-extend", _indication),
    Endpoint("protection:indication-end", _indication),
    Endpoint("protection:arrangement-end", _arrangement),
    Endpoint("protection:tryout-conclude", _tryout),
]

# The BRP comparison (plek.integrations.brp): consults the BRP and copies ticked fields.
ACTIONS += [Endpoint("brp:compare", _person, kind="contact")]

# --- API v2: the same rows, named by their public UUID ------------------------------------------


def _by_uuid(arrange: Callable[[Person], dict[str, Any]], model: str) -> Any:
    def arrange_v2(person: Person) -> dict[str, Any]:
        from django.apps import apps

        (pk,) = arrange(person).values()
        return {"uuid": apps.get_model(model).objects.get(pk=pk).uuid}

    return arrange_v2


ENDPOINTS += [
    Endpoint("api-v2-person", _by_uuid(_person, "people.Person"), api=True),
    Endpoint(
        "api-v2-household", _by_uuid(_household, "people.Household"), api=True, kind="huishouden"
    ),
    Endpoint("api-v2-signal", _by_uuid(_signal, "signals.Signal"), api=True, kind="signalen"),
    Endpoint(
        "api-v2-postal-application",
        _by_uuid(_postal_application, "postal.PostalApplication"),
        api=True,
        kind="briefadres",
    ),
]


def _plan_by_kenmerk(person: Person) -> dict[str, Any]:
    from plek.plans.models import Plan

    (pk,) = _plan(person).values()
    return {"kenmerk": Plan.objects.get(pk=pk).external_id}


def _waiting_entry_by_kenmerk(person: Person) -> dict[str, Any]:
    from plek.housing.models import WaitingEntry

    (pk,) = _waiting_entry(person).values()
    return {"kenmerk": WaitingEntry.objects.get(pk=pk).external_id}


ENDPOINTS += [
    Endpoint("api-v2-plan", _plan_by_kenmerk, api=True, kind="plan"),
    Endpoint("api-v2-waiting-entry", _waiting_entry_by_kenmerk, api=True, kind="verblijf"),
]
ACTIONS += [
    Endpoint(
        "api-v2-postal-decision",
        _by_uuid(_postal_application, "postal.PostalApplication"),
        api=True,
    ),
]

# --- API v2: signal sources' deliveries (named by UUID, but no person's data) --------------------

ELSEWHERE.update(
    {
        name: "tests/api/test_v2_feeds.py: a signal source's own delivery (counts and a row "
        "report, no person), other organisations get a 404 and other roles a 403"
        for name in ("api-v2-delivery", "api-v2-delivery-decision")
    }
)

# --- API v2: placement and flow (plek.api.v2.views_placement) ------------------------------------


def _stay_by_kenmerk(person: Person) -> dict[str, Any]:
    from plek.housing.models import Stay

    (pk,) = _stay(person).values()
    return {"kenmerk": Stay.objects.get(pk=pk).external_id}


ENDPOINTS += [
    Endpoint("api-v2-proposal", _by_uuid(_proposal, "housing.Proposal"), api=True, kind="verblijf"),
    Endpoint("api-v2-stay", _stay_by_kenmerk, api=True, kind="verblijf"),
]
ACTIONS += [
    Endpoint("api-v2-waiting-withdraw", _waiting_entry_by_kenmerk, api=True),
    Endpoint("api-v2-proposal-accept", _by_uuid(_proposal, "housing.Proposal"), api=True),
    Endpoint("api-v2-proposal-decline", _by_uuid(_proposal, "housing.Proposal"), api=True),
    Endpoint("api-v2-stay-transfer", _stay_by_kenmerk, api=True),
    Endpoint("api-v2-stay-end", _stay_by_kenmerk, api=True),
    Endpoint("api-v2-respite-extend", _by_uuid(_respite, "housing.RespiteBooking"), api=True),
]


# --- API v2 care: intakes, ZRM, plan writes, hand-overs, aftercare (by UUID or kenmerk) ---------


def _by_kenmerk(arrange: Callable[[Person], dict[str, Any]], model: str) -> Any:
    def arrange_v2(person: Person) -> dict[str, Any]:
        from django.apps import apps

        (pk,) = arrange(person).values()
        return {"kenmerk": apps.get_model(model).objects.get(pk=pk).external_id}

    return arrange_v2


ENDPOINTS += [
    Endpoint("api-v2-intake", _by_uuid(_intake, "intake.Intake"), api=True, kind="intake_zrm"),
    Endpoint(
        "api-v2-person-assessments",
        _by_uuid(_person, "people.Person"),
        api=True,
        kind="intake_zrm",
    ),
    Endpoint(
        "api-v2-aftercare-track",
        _by_kenmerk(_aftercare_track, "aftercare.AftercareTrack"),
        api=True,
        kind="nazorg",
    ),
]
ACTIONS += [
    Endpoint("api-v2-plan-goals", _plan_by_kenmerk, api=True),
    Endpoint("api-v2-hand-over-accept", _by_uuid(_hand_over, "plans.HandOver"), api=True),
    Endpoint(
        "api-v2-aftercare-checkin-record",
        _by_kenmerk(_checkin, "aftercare.CheckIn"),
        api=True,
    ),
]
