"""The functional admin pages: only for the functional admin, Dutch validation messages that
name the field, accessible forms, paginated lists, deactivation instead of deletion."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings

from plek.accounts import services
from plek.accounts.context import Actor
from plek.accounts.models import Membership, Municipality, Organisation, Team, User
from plek.accounts.roles import Role
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PRODUCTION_HASHERS = django_settings.PASSWORD_HASHERS

SECTIONS = ("municipality", "organisation", "team", "user", "membership")


@pytest.fixture
def admin(client_as: Callable[..., Client]) -> Client:
    return client_as(Role.BEHEER)


def html_of(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


class TestPermissions:
    @pytest.mark.parametrize("role", [role for role in Role.values if role != Role.BEHEER])
    def test_other_roles_get_403_everywhere(
        self, role: str, client_as: Callable[..., Client]
    ) -> None:
        client = client_as(role)
        municipality = MunicipalityFactory()
        urls = [reverse("beheer:index")]
        for section in SECTIONS:
            urls += [reverse(f"beheer:{section}-list"), reverse(f"beheer:{section}-create")]
        urls.append(reverse("beheer:municipality-update", args=[municipality.pk]))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 403, url
            assert "Geen toegang" in html_of(response)
        response = client.post(
            reverse("beheer:municipality-create"), {"code": "GM0001", "name": "X"}
        )
        assert response.status_code == 403
        assert not Municipality.objects.filter(code="GM0001").exists()

    def test_functional_admin_reaches_every_page(self, admin: Client) -> None:
        assert admin.get(reverse("beheer:index")).status_code == 200
        for section in SECTIONS:
            assert admin.get(reverse(f"beheer:{section}-list")).status_code == 200
            assert admin.get(reverse(f"beheer:{section}-create")).status_code == 200

    def test_services_refuse_other_roles(self, member: Callable[..., Membership]) -> None:
        membership = member(Role.WIJKTEAM)
        actor = Actor(membership.user, membership)
        with pytest.raises(PermissionDenied):
            services.save_municipality(actor, Municipality(code="GM0002", name="Y"))
        with pytest.raises(PermissionDenied):
            services.set_user_active(actor, UserFactory(), False)


class TestMunicipalities:
    url = reverse("beheer:municipality-create")

    def test_cbs_code_must_be_gm_and_four_digits(self, admin: Client) -> None:
        html = html_of(admin.post(self.url, {"code": "0505", "name": "Dordrecht"}))
        assert "De CBS-code bestaat uit GM en vier cijfers, bijvoorbeeld GM0505." in html
        # The summary names the field and links to it; the field points at its error.
        assert '<a class="utrecht-link utrecht-link--html-a" href="#id_code">CBS-code</a>' in html
        assert 'aria-describedby="id_code-hint id_code-error"' in html
        assert 'aria-invalid="true"' in html
        assert not Municipality.objects.filter(name="Dordrecht").exists()

    def test_valid_municipality_is_saved_with_upper_case_code(self, admin: Client) -> None:
        response = admin.post(self.url, {"code": "gm0505", "name": "Dordrecht", "is_centre": "on"})
        municipality = Municipality.objects.get(name="Dordrecht")
        assert municipality.code == "GM0505" and municipality.is_centre
        assert response["Location"] == reverse("beheer:municipality-update", args=[municipality.pk])
        assert "Opgeslagen" in html_of(admin.get(response["Location"]))

    def test_duplicate_code_is_refused_in_dutch(self, admin: Client) -> None:
        MunicipalityFactory(code="GM0505")
        html = html_of(admin.post(self.url, {"code": "GM0505", "name": "Nog een"}))
        assert "Er bestaat al een Gemeente met eenzelfde CBS-code." in html

    def test_edit(self, admin: Client) -> None:
        municipality = MunicipalityFactory(code="GM0505", name="Oud")
        url = reverse("beheer:municipality-update", args=[municipality.pk])
        assert 'value="Oud"' in html_of(admin.get(url))
        admin.post(url, {"code": "GM0505", "name": "Nieuw"})
        municipality.refresh_from_db()
        assert municipality.name == "Nieuw"

    def test_list_is_paginated_and_searchable(self, admin: Client) -> None:
        for number in range(30):
            MunicipalityFactory(code=f"GM{number:04d}", name=f"Plaats {number:02d}")
        html = html_of(admin.get(reverse("beheer:municipality-list")))
        assert "Pagina 1 van 2" in html
        assert "Plaats 24" in html and "Plaats 25" not in html
        assert "Plaats 29" in html_of(admin.get(reverse("beheer:municipality-list") + "?page=2"))
        found = html_of(admin.get(reverse("beheer:municipality-list") + "?q=Plaats+07"))
        assert "Plaats 07" in found and "Plaats 08" not in found
        assert "Pagina 1 van" not in found


class TestOrganisationsAndTeams:
    def test_create_organisation(self, admin: Client) -> None:
        municipality = MunicipalityFactory()
        admin.post(
            reverse("beheer:organisation-create"),
            {
                "external_id": "wijkteam-1",
                "name": "Wijkteam Noord",
                "kind": "wijkteam",
                "municipality": municipality.pk,
            },
        )
        assert Organisation.objects.get(external_id="wijkteam-1").name == "Wijkteam Noord"

    def test_organisation_needs_a_name(self, admin: Client) -> None:
        html = html_of(
            admin.post(
                reverse("beheer:organisation-create"), {"external_id": "x", "kind": "overig"}
            )
        )
        assert 'href="#id_name">Naam</a>: Dit veld is vereist.' in html

    def test_create_team_with_its_area(self, admin: Client) -> None:
        organisation = OrganisationFactory()
        areas = [MunicipalityFactory(), MunicipalityFactory()]
        admin.post(
            reverse("beheer:team-create"),
            {
                "organisation": organisation.pk,
                "name": "Team Oost",
                "municipalities": [m.pk for m in areas],
            },
        )
        team = Team.objects.get()
        assert set(team.municipalities.all()) == set(areas)


class TestUsers:
    url = reverse("beheer:user-create")

    def data(self, **overrides: str) -> dict[str, str]:
        return {
            "username": "j.jansen",
            "first_name": "Jan",
            "last_name": "Jansen",
            "email": "",
            "preferred_language": "nl",
            "password1": "lang-en-sterk-wachtwoord-7",
            "password2": "lang-en-sterk-wachtwoord-7",
            **overrides,
        }

    def test_create_user_with_a_good_password(self, admin: Client, settings: Settings) -> None:
        settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
        admin.post(self.url, self.data())
        user = User.objects.get(username="j.jansen")
        assert user.password.startswith("argon2")
        assert user.check_password("lang-en-sterk-wachtwoord-7")

    def test_weak_passwords_are_refused_by_djangos_validators(self, admin: Client) -> None:
        html = html_of(admin.post(self.url, self.data(password1="kort", password2="kort")))
        assert "Dit wachtwoord is te kort." in html
        html = html_of(
            admin.post(self.url, self.data(password1="123456789012", password2="123456789012"))
        )
        assert "Dit wachtwoord bevat alleen cijfers." in html
        assert not User.objects.filter(username="j.jansen").exists()

    def test_passwords_must_match(self, admin: Client) -> None:
        html = html_of(admin.post(self.url, self.data(password2="iets-heel-anders-99")))
        assert "De twee wachtwoorden zijn niet gelijk." in html

    def test_deactivate_and_reactivate(self, admin: Client) -> None:
        user = UserFactory()
        url = reverse("beheer:user-set-active", args=[user.pk])
        admin.post(url, {"active": "0"})
        user.refresh_from_db()
        assert not user.is_active
        assert User.objects.filter(pk=user.pk).exists()  # deactivated, not deleted
        admin.post(url, {"active": "1"})
        user.refresh_from_db()
        assert user.is_active

    def test_deactivated_user_is_logged_out_at_once(
        self, admin: Client, client_as: Callable[..., Client]
    ) -> None:
        other = client_as(Role.WIJKTEAM)
        user = User.objects.get(pk=other.session["_auth_user_id"])
        admin.post(reverse("beheer:user-set-active", args=[user.pk]), {"active": "0"})
        assert other.get("/")["Location"].startswith(reverse("accounts:login"))

    def test_admin_cannot_deactivate_themselves(self, admin: Client) -> None:
        me = User.objects.get(pk=admin.session["_auth_user_id"])
        response = admin.post(
            reverse("beheer:user-set-active", args=[me.pk]), {"active": "0"}, follow=True
        )
        assert "U kunt uw eigen account niet deactiveren." in html_of(response)
        me.refresh_from_db()
        assert me.is_active

    def test_reset_second_factor(self, admin: Client) -> None:
        user = UserFactory()
        TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
        assert "Tweede factor opnieuw laten instellen" in html_of(
            admin.get(reverse("beheer:user-update", args=[user.pk]))
        )
        admin.post(reverse("beheer:user-reset-second-factor", args=[user.pk]))
        assert not TOTPDevice.objects.filter(user=user).exists()

    def test_edit_does_not_change_username_or_password(self, admin: Client) -> None:
        user = UserFactory(username="vast")
        old_hash = user.password
        admin.post(
            reverse("beheer:user-update", args=[user.pk]),
            {"username": "anders", "first_name": "A", "last_name": "B", "preferred_language": "en"},
        )
        user.refresh_from_db()
        assert (user.username, user.password, user.preferred_language) == ("vast", old_hash, "en")


class TestMemberships:
    url = reverse("beheer:membership-create")

    def data(self, **overrides: object) -> dict[str, object]:
        organisation = OrganisationFactory()
        return {
            "user": UserFactory().pk,
            "organisation": organisation.pk,
            "team": "",
            "role": Role.WIJKTEAM,
            # Never backdated (four eyes on power): today is the earliest start.
            "start_date": timezone.localdate().isoformat(),
            "end_date": "",
            **overrides,
        }

    def test_create(self, admin: Client) -> None:
        before = Membership.objects.count()
        admin.post(self.url, self.data())
        assert Membership.objects.count() == before + 1

    def test_end_must_come_after_start(self, admin: Client) -> None:
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        html = html_of(admin.post(self.url, self.data(end_date=yesterday.isoformat())))
        assert (
            'href="#id_end_date">Einddatum</a>: De einddatum moet na de startdatum liggen.' in html
        )

    def test_end_on_the_start_day_is_refused_too(self, admin: Client) -> None:
        html = html_of(admin.post(self.url, self.data(end_date=timezone.localdate().isoformat())))
        assert "De einddatum moet na de startdatum liggen." in html

    def test_team_must_belong_to_the_organisation(self, admin: Client) -> None:
        html = html_of(admin.post(self.url, self.data(team=TeamFactory().pk)))
        assert 'href="#id_team">Team</a>: Het team hoort niet bij deze organisatie.' in html

    def test_team_of_the_organisation_is_fine(self, admin: Client) -> None:
        team = TeamFactory()
        admin.post(self.url, self.data(organisation=team.organisation.pk, team=team.pk))
        assert Membership.objects.filter(team=team).exists()

    def test_new_membership_from_a_users_page_has_that_user_chosen(self, admin: Client) -> None:
        user = UserFactory()
        html = html_of(admin.get(self.url + f"?gebruiker={user.pk}"))
        assert f'<option value="{user.pk}" selected>' in html

    def test_unparseable_date_names_the_field(self, admin: Client) -> None:
        html = html_of(admin.post(self.url, self.data(start_date="morgen")))
        assert 'href="#id_start_date">Startdatum</a>: Voer een geldige datum in.' in html

    def test_list_shows_the_exclusive_end(self, admin: Client) -> None:
        MembershipFactory(end_date=datetime.date(2031, 3, 1))
        html = html_of(admin.get(reverse("beheer:membership-list")))
        assert "Geldt niet meer vanaf" in html and "1 maart 2031" in html
