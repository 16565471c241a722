"""factory-boy factories shared by every test package. Synthetic data only."""

from __future__ import annotations

import datetime

import factory

from plek.access.models import Relation
from plek.accounts.models import Membership, Municipality, Organisation, Region, Team, User
from plek.accounts.roles import Role
from plek.people.bsn import synthetic_bsn
from plek.people.models import Person


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("name",)

    name = "Testregio"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    # Codes stay within GM9000–GM9999 (six characters) however many tests a worker runs.
    code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")
    name = factory.Sequence(lambda n: f"Testgemeente {n}")
    region = factory.SubFactory(RegionFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    external_id = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Testorganisatie {n}")
    kind = "wijkteam"
    municipality = factory.SubFactory(MunicipalityFactory)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Medewerker {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-1")

    @factory.post_generation
    def saved(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    team = None
    role = Role.WIJKTEAM
    start_date = factory.LazyFunction(lambda: datetime.date(2020, 1, 1))
    end_date = None


class PersonFactory(factory.django.DjangoModelFactory):
    """A synthetic resident; the BSN comes from the 9999 test range (pass bsn=None for none)."""

    class Meta:
        model = Person

    external_id = factory.Sequence(lambda n: f"persoon-{n}")
    bsn = factory.Sequence(lambda n: synthetic_bsn(n))
    initials = "A.B."
    family_name = factory.Sequence(lambda n: f"Testpersoon {n}")
    birth_date = factory.LazyFunction(lambda: datetime.date(1980, 5, 17))
    sex = "X"
    origin_municipality = factory.SubFactory(MunicipalityFactory)


class RelationFactory(factory.django.DjangoModelFactory):
    """A generic relation that opens a person's file: give user=, team= or organisation=."""

    class Meta:
        model = Relation

    person = factory.SubFactory(PersonFactory)
    kind = "regisseur"
    purpose = "wmo_mo"
    valid_from = factory.LazyFunction(lambda: datetime.date(2020, 1, 1))
    valid_until = None
