"""Acting in another of one's memberships: only one's own active ones, and a role that needs a
second factor asks for it."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from plek.accounts.context import SESSION_KEY
from plek.accounts.models import Membership
from plek.accounts.roles import Role
from plek.web.start_pages import START_PAGES
from tests.conftest import login_fully
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


class TestMembershipSwitch:
    def test_switch_to_another_own_membership(self, member: Callable[..., Membership]) -> None:
        first = member(Role.WIJKTEAM)
        second = MembershipFactory(user=first.user, role=Role.BELEID)
        client = login_fully(Client(), first)
        html = client.get("/").content.decode()
        assert 'name="membership"' in html  # the switch shows with two memberships

        response = client.post(reverse("accounts:switch-membership"), {"membership": second.pk})
        assert response.status_code == 302
        assert client.session[SESSION_KEY] == second.pk
        html = client.get("/").content.decode()
        assert escape(str(START_PAGES[Role.BELEID].title)) in html
        assert "U werkt nu als Beleidsmedewerker" in html

    def test_someone_elses_membership_is_refused(self, member: Callable[..., Membership]) -> None:
        own = member(Role.WIJKTEAM)
        MembershipFactory(user=own.user, role=Role.REGISSEUR)
        other = MembershipFactory(role=Role.BEHEER)
        client = login_fully(Client(), own)
        client.post(reverse("accounts:switch-membership"), {"membership": other.pk})
        assert client.session[SESSION_KEY] == own.pk
        assert "Kies een van uw eigen" in client.get("/").content.decode()

    def test_ended_membership_cannot_be_chosen(self, member: Callable[..., Membership]) -> None:
        own = member(Role.WIJKTEAM)
        ended = MembershipFactory(
            user=own.user,
            organisation=OrganisationFactory(),
            start_date=datetime.date(2020, 1, 1),
            end_date=datetime.date(2021, 1, 1),
        )
        client = login_fully(Client(), own)
        client.post(reverse("accounts:switch-membership"), {"membership": ended.pk})
        assert client.session[SESSION_KEY] == own.pk

    def test_single_membership_shows_no_switch(self, client_as: Callable[..., Client]) -> None:
        assert 'name="membership"' not in client_as().get("/").content.decode()

    def test_switching_to_a_role_needing_a_second_factor_asks_for_it(
        self, member: Callable[..., Membership]
    ) -> None:
        policy = member(Role.BELEID)
        casework = MembershipFactory(user=policy.user, role=Role.WIJKTEAM)
        client = Client()
        client.force_login(policy.user)  # password only: enough for the policy role
        assert client.get("/").status_code == 200
        client.post(reverse("accounts:switch-membership"), {"membership": casework.pk})
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:second-factor"))
