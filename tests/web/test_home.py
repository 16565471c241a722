"""The start page per role, the base layout's parts and the membership switch."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from plek.accounts.models import Membership
from plek.accounts.roles import Role
from plek.core.dates import today as plek_today
from plek.web.start_pages import START_PAGES
from plek.web.worklists import WorklistSpec, register_worklist, registered_worklists
from tests.conftest import login_fully
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", Role.values)
def test_every_role_has_its_own_start_page(role: str, client_as: Callable[..., Client]) -> None:
    response = client_as(role).get(reverse("web:home"))
    assert response.status_code == 200
    page = START_PAGES[role]
    html = response.content.decode()
    assert f'<h1 class="utrecht-heading-1">{escape(str(page.title))}</h1>' in html
    for spec in page.worklists:
        assert escape(str(spec.title)) in html


def test_start_pages_cover_every_role() -> None:
    assert set(START_PAGES) == set(Role.values)


def test_header_shows_name_role_and_organisation(member: Callable[..., Membership]) -> None:
    membership = member(Role.TOEGANG)
    html = login_fully(Client(), membership).get("/").content.decode()
    assert membership.user.display_name in html
    assert str(Role.TOEGANG.label) in html
    assert membership.organisation.name in html
    assert 'href="#inhoud"' in html and 'id="inhoud"' in html
    assert 'action="/i18n/setlang/"' in html
    assert 'action="/accounts/logout/"' in html


def test_functional_admin_sees_admin_links(client_as: Callable[..., Client]) -> None:
    html = client_as(Role.BEHEER).get("/").content.decode()
    for name in ("municipality", "organisation", "team", "user", "membership"):
        assert f'href="{reverse(f"beheer:{name}-list")}"' in html


def test_privacy_officer_sees_the_privacy_pages(client_as: Callable[..., Client]) -> None:
    html = client_as(Role.PRIVACY).get("/").content.decode()
    assert 'href="/privacy/verwerkingen/"' in html
    assert 'href="/privacy/doorbraken/"' in html


def test_policy_officer_is_told_aggregates_only(client_as: Callable[..., Client]) -> None:
    html = client_as(Role.BELEID).get("/").content.decode()
    assert "geaggregeerde cijfers" in html
    assert "nooit gegevens van een persoon" in html


def test_casework_menu_has_no_admin_or_privacy_links(client_as: Callable[..., Client]) -> None:
    html = client_as(Role.WIJKTEAM).get("/").content.decode()
    assert "/beheer/" not in html
    assert "/privacy/" not in html


def test_admin_worklist_shows_memberships_that_end_soon(
    client_as: Callable[..., Client],
) -> None:
    client = client_as(Role.BEHEER)
    ending = MembershipFactory(end_date=plek_today() + datetime.timedelta(days=10))
    html = client.get("/").content.decode()
    assert reverse("beheer:membership-update", args=[ending.pk]) in html


def test_user_without_membership_gets_a_welcome_page(client: Client) -> None:
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get("/")
    assert response.status_code == 200
    assert "geen actief lidmaatschap" in response.content.decode()


def test_language_switch_works_without_javascript(client_as: Callable[..., Client]) -> None:
    client = client_as(Role.WIJKTEAM)
    html = client.get("/").content.decode()
    assert (
        '<button class="utrecht-button utrecht-button--subtle" type="submit" name="language"'
        in html
    )
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response["Location"] == "/"
    html = client.get("/").content.decode()
    assert 'lang="en"' in html
    assert "My neighbourhood-team work" in html
    assert "Nothing to do" in html
    assert ">Nederlands</button>" in html  # the way back, named in its own language


def test_every_dutch_text_on_the_start_pages_has_an_english_translation() -> None:
    from django.utils import translation

    for page in START_PAGES.values():
        texts = [page.title, page.intro]
        texts += [
            text for spec in page.worklists for text in (spec.title, spec.description) if text
        ]
        for text in texts:
            with translation.override("en"):
                english = str(text)
            with translation.override("nl"):
                dutch = str(text)
            assert english != dutch, dutch


def test_every_registered_worklist_has_a_source_and_a_role_with_a_start_page() -> None:
    specs = registered_worklists()
    assert specs, "the chain apps register their worklists from AppConfig.ready"
    for spec in specs:
        assert callable(spec.source), spec.key
        assert set(spec.roles) <= set(START_PAGES), spec.key


def test_a_worklist_without_a_source_cannot_be_registered() -> None:
    with pytest.raises(ImproperlyConfigured, match="geen bron"):
        register_worklist(WorklistSpec("test.empty", "Leeg", (Role.WIJKTEAM,), None))  # type: ignore[arg-type]
    assert "test.empty" not in {spec.key for spec in registered_worklists()}


def test_the_start_pages_import_no_chain_app() -> None:
    import ast
    import inspect

    from plek.web import start_pages

    tree = ast.parse(inspect.getsource(start_pages))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    chain = ("signals", "intake", "plans", "housing", "postal", "aftercare")
    assert not {name for name in imported if name.split(".")[1:2] and name.split(".")[1] in chain}


def test_every_page_names_an_icon_that_is_served(client: Client) -> None:
    # Without one, browsers ask /favicon.ico on every page: a 404 and a console error.
    html = client.get(reverse("web:home"), follow=True).content.decode()
    found = re.search(r'<link rel="icon" href="([^"]+)"', html)
    assert found is not None
    path = found.group(1).removeprefix(settings.STATIC_URL).split("?")[0]
    assert finders.find(path) is not None
