"""Demo enrichment of persons: households, contact details, addresses and working relations.

Runs after the plek-csv import (``plek.demo.chain``); deterministic through ``rng``. Everything is
synthetic: street names are invented, phone numbers come from the 06-12345xxx range and e-mail
addresses use the reserved ``example`` domain.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from plek.access.choices import Purpose, RelationKind
from plek.access.models import Relation
from plek.accounts.models import Membership
from plek.accounts.roles import Role
from plek.housing.models import Stay
from plek.people.models import Household, HouseholdMember, HouseholdRole, Person

STREETS = ("Lindelaan", "Molenweg", "Kerkstraat", "Dijkzicht", "Havenkade", "Zonnebloemhof")
HOUSEHOLD_SHARE = 0.45
CONTACT_SHARE = 0.6
# How many persons each casework demo user's team (or the user) gets a relation with.
RELATIONS_PER_USER = 300
CASEWORK_ROLES = (
    Role.WIJKTEAM,
    Role.REGISSEUR,
    Role.TOEGANG,
    Role.AANBIEDER,
    Role.VELDWERK,
    Role.BRIEFADRES,
    Role.WAAKVLAM,
)


def _postcode(rng: random.Random) -> str:
    letters = rng.choice("ABCDEFGHJKLMNPRSTVWXZ") + rng.choice("ABEHKLMNPRSTVWXZ")
    return f"{rng.randint(3300, 3399)}{letters}"


@transaction.atomic
def enrich(rng: random.Random) -> None:
    persons = list(Person.objects.order_by("pk"))
    homeless = set(Stay.objects.values_list("person_id", flat=True))
    _contact_and_address(rng, persons, homeless)
    _households(rng, persons)
    _relations(rng, persons)


def _contact_and_address(rng: random.Random, persons: list[Person], homeless: set[int]) -> None:
    changed = []
    for person in persons:
        if person.pk in homeless:
            person.no_fixed_address = True
        elif rng.random() < CONTACT_SHARE:
            person.street = rng.choice(STREETS)
            person.house_number = str(rng.randint(1, 180))
            person.postcode = _postcode(rng)
            person.address_municipality_id = person.origin_municipality_id
        else:
            continue
        if rng.random() < CONTACT_SHARE:
            person.phone = f"06-12345{rng.randint(0, 999):03d}"
        if rng.random() < 0.3:
            person.email = f"bewoner{person.pk}@example.org"
        changed.append(person)
    Person.objects.bulk_update(
        changed,
        [
            "no_fixed_address",
            "street",
            "house_number",
            "postcode",
            "address_municipality",
            "phone",
            "email",
        ],
        batch_size=500,
    )


def _households(rng: random.Random, persons: list[Person]) -> None:
    adults = [p for p in persons if not p.no_fixed_address]
    rng.shuffle(adults)
    heads = adults[: int(len(adults) * HOUSEHOLD_SHARE)]
    members = []
    for head in heads:
        start = datetime.date(rng.randint(2015, 2024), rng.randint(1, 12), 1)
        household = Household.objects.create(name=head.family_name)
        members.append(
            HouseholdMember(
                household=household, person=head, role=HouseholdRole.AANVRAGER, start_date=start
            )
        )
        # Some families with children: synthetic children without a BSN.
        if rng.random() < 0.35:
            for _n in range(rng.randint(1, 3)):
                child = Person.objects.create(
                    initials=rng.choice("ABDEJKLMNPRST") + ".",
                    family_name=head.family_name,
                    birth_date=datetime.date(rng.randint(2008, 2022), rng.randint(1, 12), 1),
                    origin_municipality_id=head.origin_municipality_id,
                    street=head.street,
                    house_number=head.house_number,
                    postcode=head.postcode,
                    address_municipality_id=head.address_municipality_id,
                )
                members.append(
                    HouseholdMember(
                        household=household,
                        person=child,
                        role=HouseholdRole.KIND,
                        start_date=max(start, child.birth_date or start),
                    )
                )
    HouseholdMember.objects.bulk_create(members, batch_size=500)


def _relations(rng: random.Random, persons: list[Person]) -> None:
    """Each casework demo user's team (or the user) works with a few hundred persons."""
    today = timezone.localdate()
    memberships = Membership.objects.filter(
        user__username__startswith="demo-", role__in=CASEWORK_ROLES
    ).order_by("pk")
    relations = []
    for membership in memberships:
        chosen = rng.sample(persons, min(RELATIONS_PER_USER, len(persons)))
        holder = (
            {"team_id": membership.team_id} if membership.team_id else {"user": membership.user}
        )
        for person in chosen:
            relations.append(
                Relation(
                    person=person,
                    kind=RelationKind.OVERIG,
                    purpose=Purpose.WMO_MO,
                    valid_from=today - datetime.timedelta(days=rng.randint(30, 400)),
                    **holder,
                )
            )
    Relation.objects.bulk_create(relations, batch_size=1000)
