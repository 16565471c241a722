"""Demo: the work of the functional admin and the privacy officer, through their own services.

Colleagues join and leave the region's teams: a second functional admin asks for case-file roles
that demo-beheer is to approve, two temporary staff end within a month, and every change lands
in the privacy officer's list of case-file role changes. A night worker broke the glass as often
as a day allows (and waits for the privacy officer), a colleague opened one file to fill in for
someone, and the privacy officer already judged one event. All relative to today; runs once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings

from plek.access.choices import Purpose
from plek.access.models import BreakGlass, BreakGlassGround
from plek.access.services import break_the_glass, review_break_glass
from plek.accounts.context import Actor
from plek.accounts.models import Membership, Organisation, Team, User
from plek.accounts.roles import Role
from plek.accounts.services import decide_membership, save_membership
from plek.demo.region import MEMBERSHIP_START
from plek.housing.models import Stay

DAY = datetime.timedelta(days=1)
SECOND_ADMIN = "demo-beheer-collega"


@dataclass(frozen=True)
class Colleague:
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str  # external id
    team: str
    starts_in: int  # days from today
    lasts: int | None  # days, for temporary staff
    approved: bool  # decided by demo-beheer; else waiting for them


COLLEAGUES = (
    Colleague(
        "s.dewit", "Sanne", "de Wit", Role.WIJKTEAM, "demo-wijkteam-drechtsteden",
        "Wijkteam Dordrecht", 7, None, False,
    ),
    Colleague(
        "y.elamrani", "Youssef", "el Amrani", Role.REGISSEUR, "demo-wijkteam-drechtsteden",
        "Wijkteam Papendrecht", 14, None, False,
    ),
    Colleague(
        "e.vanderlinden", "Eva", "van der Linden", Role.AANBIEDER, "demo-schuilhaven",
        "Crisisopvang vrouwen", 0, None, False,
    ),
    Colleague(
        "j.brinkman", "Joost", "Brinkman", Role.VELDWERK, "demo-zorg-merwezicht",
        "Bemoeizorg en veldwerk", 0, 12, True,
    ),
    Colleague(
        "a.celik", "Anouk", "Çelik", Role.WIJKTEAM, "demo-wijkteam-drechtsteden",
        "Wijkteam Zwijndrecht", 0, 25, True,
    ),
)  # fmt: skip

REASONS = (
    (BreakGlassGround.CRISIS, "Nachtelijke melding politie: man slaapt in portiek, verward, "
     "heeft medicatie nodig; nagaan of hij bij ons bekend is."),
    (BreakGlassGround.MELDT_ZICH, "Meldt zich 's nachts bij de nachtopvang zonder plaats; "
     "nagaan welke afspraken er in het plan staan."),
    (BreakGlassGround.SPOED, "Acute zorgen om veiligheid na melding buurtbewoners; "
     "contactgegevens begeleider nodig."),
    (BreakGlassGround.CRISIS, "Crisis buiten kantoortijd: bewoner dreigt op straat te komen, "
     "wil weten wie de regisseur is."),
    (BreakGlassGround.MELDT_ZICH, "Vrouw met kind vraagt na middernacht om opvang; "
     "nagaan of er een lopend traject is."),
)  # fmt: skip


def enrich(today: datetime.date) -> None:
    if User.objects.filter(username=SECOND_ADMIN).exists():
        return
    admin = _actor("demo-beheer")
    privacy = _actor("demo-privacy")
    if admin is None or privacy is None:
        return
    second = _second_admin()
    for colleague in COLLEAGUES:
        membership = _request(second, colleague, today)
        if colleague.approved:
            decide_membership(admin, membership.pk, approve=True)
    _break_glass(privacy, today)


def _actor(username: str) -> Actor | None:
    membership = Membership.objects.filter(user__username=username).select_related("user").first()
    return Actor(user=membership.user, membership=membership) if membership else None


def _user(username: str, first_name: str, last_name: str) -> User:
    user = User.objects.create(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=f"{username}@plek.example",
    )
    # Colleagues in the story, not demo logins: nobody can log in as them.
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user


def _second_admin() -> Actor:
    """A second functional admin: the four-eyes rule needs one besides demo-beheer."""
    user = _user(SECOND_ADMIN, "Rachid", "Kaya")
    organisation = Organisation.objects.get(external_id="demo-gemeente-dordrecht")
    membership = Membership.objects.create(
        user=user,
        organisation=organisation,
        team=Team.objects.get(organisation=organisation, name="Functioneel beheer"),
        role=Role.BEHEER,
        start_date=MEMBERSHIP_START,
    )
    return Actor(user=user, membership=membership)


def _request(admin: Actor, colleague: Colleague, today: datetime.date) -> Membership:
    user = _user(colleague.username, colleague.first_name, colleague.last_name)
    organisation = Organisation.objects.get(external_id=colleague.organisation)
    start = today + colleague.starts_in * DAY
    return save_membership(
        admin,
        Membership(
            user=user,
            organisation=organisation,
            team=Team.objects.get(organisation=organisation, name=colleague.team),
            role=colleague.role,
            start_date=start,
            end_date=start + colleague.lasts * DAY if colleague.lasts else None,
        ),
    )


def _break_glass(privacy: Actor, today: datetime.date) -> None:
    """People met at night in the shelter, looked up by staff without a relation to them."""
    people = list(
        Stay.objects.filter(facility__type="nachtopvang", start_date__lte=today)
        .order_by("-start_date", "external_id")
        .values_list("person_id", flat=True)[: settings.BREAK_GLASS_PER_DAY + 2]
    )
    night = _actor("j.brinkman")
    stand_in = _actor("a.celik")
    assert night is not None and stand_in is not None
    # The night worker reaches today's limit: the privacy officer sees them waiting for release.
    for n, person_id in enumerate(people[: settings.BREAK_GLASS_PER_DAY]):
        ground, reason = REASONS[n % len(REASONS)]
        break_the_glass(night, person_id, reason, Purpose.WMO_MO, ground)
    for person_id in people[settings.BREAK_GLASS_PER_DAY :]:
        break_the_glass(
            stand_in,
            person_id,
            "Waarneming voor collega met verlof: bewoner belt over zijn huurachterstand.",
            Purpose.VROEGSIGNALERING,
            BreakGlassGround.WAARNEMING,
        )
    first = BreakGlass.objects.filter(user=night.user).order_by("pk").first()
    if first is not None:
        review_break_glass(privacy, first.pk, justified=True, note="Spoed was aannemelijk.")
