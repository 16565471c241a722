"""Break-the-glass with brakes (issue 9, item 6 / findings #7 and #19).

Before: no throttle and no alert (40 files opened in 4 s), meaningless reasons accepted, a
2,000,000-character reason stored, and the postal decision letter downloadable under a
view-only break-the-glass.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from plek.access.activities import PERSON_VIEW
from plek.access.choices import Action, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.models import BreakGlass, BreakGlassUnlock, ProcessingLogEntry
from plek.access.selectors import unusual_access
from plek.access.services import (
    BreakGlassLimitReached,
    break_the_glass,
    record_processing,
    unlock_break_glass,
)
from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.accounts.roles import Role
from tests.access.helpers import actor_of
from tests.conftest import login_fully
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

REASON = "Bewoner staat aan de balie in crisis; de regisseur is niet bereikbaar."


def test_a_reason_longer_than_1000_characters_is_refused(actor: Callable[..., Actor]) -> None:
    person = PersonFactory()
    for reason in ("x" * 1001, "y" * 2_000_000):
        with pytest.raises(ValidationError) as caught:
            break_the_glass(actor("wijkteam"), person.pk, reason, Purpose.WMO_MO)
        assert "hoogstens 1000 tekens" in caught.value.message_dict["reason"][0]
    assert not BreakGlass.objects.exists()
    event = break_the_glass(actor("wijkteam"), person.pk, "z" * 1000, Purpose.WMO_MO)
    assert len(event.reason) == 1000


def test_the_ground_comes_from_the_list(actor: Callable[..., Actor]) -> None:
    person = PersonFactory()
    with pytest.raises(ValidationError) as caught:
        break_the_glass(actor(), person.pk, REASON, Purpose.WMO_MO, ground="zomaar")
    assert "Grond" in caught.value.message_dict["ground"][0]
    event = break_the_glass(actor(), person.pk, REASON, Purpose.WMO_MO, ground="waarneming")
    assert event.get_ground_display() == "Waarneming voor een afwezige collega"


def test_the_form_offers_the_list_and_caps_the_reason(client_as: Callable[..., Client]) -> None:
    person = PersonFactory()
    client = client_as("wijkteam")
    url = reverse("access:break-glass", args=[person.pk])
    html = client.get(url).content.decode()
    assert 'name="ground"' in html and "Acute zorg of veiligheid" in html
    assert 'maxlength="1000"' in html
    response = client.post(
        url, {"ground": "spoed_veiligheid", "reason": "r" * 1001, "purpose": Purpose.WMO_MO}
    )
    assert response.status_code == 200
    assert "Reden: gebruik hoogstens 1000 tekens." in response.content.decode()
    assert not BreakGlass.objects.exists()


def test_the_daily_limit_stops_a_user_until_the_privacy_officer_unlocks(
    member: Callable[..., Membership], settings: SettingsWrapper
) -> None:
    settings.BREAK_GLASS_PER_DAY = 3
    worker = actor_of(member("veldwerk"))
    people = [PersonFactory() for _ in range(7)]
    for person in people[:3]:
        break_the_glass(worker, person.pk, REASON, Purpose.WMO_MO)
    with pytest.raises(BreakGlassLimitReached) as refused:
        break_the_glass(worker, people[3].pk, REASON, Purpose.WMO_MO)
    assert "privacy officer" in str(refused.value)
    assert BreakGlass.objects.filter(user=worker.user).count() == 3

    officer = actor_of(member(Role.PRIVACY))
    # Only the privacy officer unlocks; nobody else, not the user.
    with pytest.raises(AccessDenied):
        unlock_break_glass(worker, worker.user.pk)
    unlock_break_glass(officer, worker.user.pk)
    assert BreakGlassUnlock.objects.filter(user=worker.user).count() == 1
    assert ProcessingLogEntry.objects.filter(
        user_id=officer.user.pk, activity_code="toezicht.doorbreken_vrijgeven"
    ).exists()
    for person in people[3:6]:
        break_the_glass(worker, person.pk, REASON, Purpose.WMO_MO)
    with pytest.raises(BreakGlassLimitReached):
        break_the_glass(worker, people[6].pk, REASON, Purpose.WMO_MO)


def test_the_form_says_the_limit_is_reached_and_the_officer_unlocks_on_a_page(
    member: Callable[..., Membership], settings: SettingsWrapper
) -> None:
    settings.BREAK_GLASS_PER_DAY = 1
    worker = member("wijkteam")
    client = login_fully(Client(), worker)
    first, second = PersonFactory(), PersonFactory()
    data = {"ground": "spoed_veiligheid", "reason": REASON, "purpose": Purpose.WMO_MO}
    assert client.post(reverse("access:break-glass", args=[first.pk]), data).status_code == 302
    response = client.post(reverse("access:break-glass", args=[second.pk]), data)
    assert "het maximum" in response.content.decode()

    officer = login_fully(Client(), member(Role.PRIVACY))
    home = officer.get(reverse("web:home")).content.decode()
    assert "Daglimiet doorbreken bereikt" in home and worker.user.username in home
    page = officer.get(reverse("access:break-glass-limits")).content.decode()
    assert worker.user.username in page
    officer.post(reverse("access:break-glass-limits"), {"user": worker.user.pk})
    assert client.post(reverse("access:break-glass", args=[second.pk]), data).status_code == 302
    assert client_as_role_gets_403(member, reverse("access:break-glass-limits"))


def client_as_role_gets_403(member: Callable[..., Membership], url: str) -> bool:
    return login_fully(Client(), member("wijkteam")).get(url).status_code == 403


def test_every_break_the_glass_alerts_the_privacy_officer_at_once(
    member: Callable[..., Membership],
) -> None:
    officer = login_fully(Client(), member(Role.PRIVACY))
    assert "Meldingen: nieuwe doorbraken van toegang" in officer.get("/").content.decode()
    worker = actor_of(member("veldwerk"))
    break_the_glass(worker, PersonFactory().pk, REASON, Purpose.WMO_MO, ground="waarneming")
    home = officer.get("/").content.decode()
    assert worker.user.username in home
    assert "Waarneming voor een afwezige collega" in home


def _reads(actor: Actor, people: int) -> None:
    for number in range(people):
        record_processing(actor, Action.VIEW, PERSON_VIEW, 10_000 + number, ["naam"], "wmo_mo")


def test_the_report_names_a_user_reading_far_more_files_than_peers(
    member: Callable[..., Membership], settings: SettingsWrapper
) -> None:
    settings.UNUSUAL_ACCESS_MINIMUM = 10
    peers = [actor_of(member("wijkteam")) for _ in range(4)]
    for peer in peers:
        _reads(peer, 4)
    curious = actor_of(member("wijkteam"))
    _reads(curious, 40)
    # Another role with another normal: a busy toegang consultant is compared with toegang only.
    for _ in range(3):
        _reads(actor_of(member("toegang")), 30)
    officer = actor_of(member(Role.PRIVACY))
    report = unusual_access(officer)
    assert [(r.username, r.persons, r.role_median) for r in report] == [
        (curious.user.username, 40, 4.0)
    ]
    # The report is itself logged; other roles may not ask for it.
    assert ProcessingLogEntry.objects.filter(
        user_id=officer.user.pk, activity_code="toezicht.ongebruikelijke_inzage"
    ).exists()
    with pytest.raises(AccessDenied):
        unusual_access(curious)
    page = login_fully(Client(), officer.membership).get(reverse("access:unusual-access"))  # type: ignore[arg-type]
    assert curious.user.username in page.content.decode()


def test_the_postal_letter_is_not_downloadable_under_break_the_glass(
    member: Callable[..., Membership],
) -> None:
    from plek.postal import services as postal_services
    from plek.postal.models import Decision
    from tests.postal.helpers import assessed, make_mdt

    mdt = make_mdt()
    application = assessed(mdt, PersonFactory().pk)
    postal_services.decide_application(mdt.actor(), application.pk, Decision.TOEGEKEND)
    outsider = member("veldwerk")
    break_the_glass(actor_of(outsider), application.person_id, REASON, Purpose.BRIEFADRES)
    client = login_fully(Client(), outsider)
    response = client.get(reverse("postal:letter", args=[application.pk]))
    assert response.status_code == 403
    assert not response.content.startswith(b"%PDF")
    # The MDT itself still gets its letter.
    own = login_fully(Client(), mdt.first).get(reverse("postal:letter", args=[application.pk]))
    assert own.content.startswith(b"%PDF")
