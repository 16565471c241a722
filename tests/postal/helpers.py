"""Arrangements for the postal-address tests: an MDT of two organisations, givers, criteria."""

from __future__ import annotations

from dataclasses import dataclass

from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.accounts.roles import Role
from plek.core.dates import today as plek_today
from plek.postal import services
from plek.postal.models import AccessCriterion, PostalApplication, PostalGiver
from tests.factories import MembershipFactory, MunicipalityFactory, OrganisationFactory, TeamFactory


@dataclass
class Mdt:
    first: Membership
    second: Membership
    giver: PostalGiver
    criteria: list[AccessCriterion]

    def actor(self, which: str = "first") -> Actor:
        membership = getattr(self, which)
        return Actor(user=membership.user, membership=membership)


def make_mdt(max_active: int = 10) -> Mdt:
    area = MunicipalityFactory()
    members = []
    for _ in range(2):
        organisation = OrganisationFactory(municipality=area)
        team = TeamFactory(organisation=organisation, name="MDT briefadressen")
        team.municipalities.add(area)
        members.append(
            MembershipFactory(role=Role.BRIEFADRES, organisation=organisation, team=team)
        )
    # Shared by every MDT a test makes (a second one is another region's).
    giver, _ = PostalGiver.objects.update_or_create(
        name="Stichting Postadres",
        defaults={"address": "Voorstraat 1, 3311 AA Dordrecht", "max_active": max_active},
    )
    criteria = [
        AccessCriterion.objects.get_or_create(
            code="geen-woonadres", defaults={"text": "Heeft geen woonadres", "order": 1}
        )[0],
        AccessCriterion.objects.get_or_create(
            code="binding", defaults={"text": "Binding met de regio", "order": 2}
        )[0],
    ]
    return Mdt(members[0], members[1], giver, criteria)


def application_input(person_id: int, mdt: Mdt, **changes: object) -> services.ApplicationInput:
    values: dict[str, object] = {
        "person_id": person_id,
        "applied_on": plek_today(),
        "ground": "geen_woonadres",
        "giver": mdt.giver,
        "giver_person_name": "",
        "giver_person_address": "",
        "giver_consent": True,
        "home_address_registered": False,
    }
    values.update(changes)
    return services.ApplicationInput(**values)  # type: ignore[arg-type]


def assessed(mdt: Mdt, person_id: int, **changes: object) -> PostalApplication:
    """An application with all criteria checked and two opinions: ready for a decision."""
    application = services.apply(mdt.actor(), application_input(person_id, mdt, **changes))
    services.check_criteria(
        mdt.actor(), application.pk, {c.pk: ("voldaan", "") for c in mdt.criteria}
    )
    services.record_assessment(mdt.actor("first"), application.pk, "toekennen", "Dakloos, binding.")
    services.record_assessment(mdt.actor("second"), application.pk, "toekennen", "Eens.")
    return application
