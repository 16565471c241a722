"""The synthetic demo region: twelve municipalities, invented organisations, one user per role.

The municipalities and their (historic) CBS codes are real public facts; every organisation,
team and person is invented. Loading is idempotent: each row is found by its natural key and
updated, so running the demo again keeps what is there and adds nothing twice.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from plek.accounts.models import (
    Membership,
    Municipality,
    Organisation,
    OrganisationKind,
    Region,
    Team,
    User,
)
from plek.accounts.roles import Role

REGION_NAME = "Zuid-Holland Zuid (Drechtsteden / Alblasserwaard-Vijfheerenlanden)"
CENTRE_CODE = "GM0505"

# (CBS code, name); codes as they were when the region's programmes were written.
DRECHTSTEDEN = [
    ("GM0482", "Alblasserdam"),
    ("GM0505", "Dordrecht"),
    ("GM0523", "Hardinxveld-Giessendam"),
    ("GM0531", "Hendrik-Ido-Ambacht"),
    ("GM0590", "Papendrecht"),
    ("GM0610", "Sliedrecht"),
    ("GM0642", "Zwijndrecht"),
]
ALBLASSERWAARD_VIJFHEERENLANDEN = [
    ("GM0689", "Giessenlanden"),
    ("GM0512", "Gorinchem"),
    ("GM0545", "Leerdam"),
    ("GM1927", "Molenwaard"),
    ("GM0707", "Zederik"),
]
MUNICIPALITIES = DRECHTSTEDEN + ALBLASSERWAARD_VIJFHEERENLANDEN

# Memberships of the demo users hold from this day on, so they are active on any demo day.
MEMBERSHIP_START = datetime.date(2024, 1, 1)


@dataclass(frozen=True)
class OrgSpec:
    external_id: str
    name: str
    kind: str
    municipality: str  # CBS code of the seat
    teams: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (team name, CBS codes it covers)


def _wijkteams(codes: list[tuple[str, str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((f"Wijkteam {name}", (code,)) for code, name in codes)


ALL_CODES = tuple(code for code, _ in MUNICIPALITIES)
DS_CODES = tuple(code for code, _ in DRECHTSTEDEN)

ORGANISATIONS: tuple[OrgSpec, ...] = (
    OrgSpec(
        "demo-gemeente-dordrecht",
        "Gemeente Dordrecht (demo)",
        OrganisationKind.GEMEENTE,
        "GM0505",
        (
            ("Afdeling Maatschappelijke Opvang", ALL_CODES),
            ("Functioneel beheer", ALL_CODES),
            ("Privacy en gegevensbescherming", ALL_CODES),
        ),
    ),
    OrgSpec(
        "demo-gemeente-zwijndrecht",
        "Gemeente Zwijndrecht (demo)",
        OrganisationKind.GEMEENTE,
        "GM0642",
        (("MDT briefadressen", ("GM0642",)),),
    ),
    OrgSpec(
        "demo-sociale-dienst",
        "Regionale Sociale Dienst Zuid (demo)",
        OrganisationKind.SOCIALE_DIENST,
        "GM0505",
        (("Toegang opvang en beschermd wonen", ALL_CODES), ("Schuldhulp", DS_CODES)),
    ),
    OrgSpec(
        "demo-wijkteam-drechtsteden",
        "Sociaal Wijkteam Drechtsteden (demo)",
        OrganisationKind.WIJKTEAM,
        "GM0505",
        _wijkteams(DRECHTSTEDEN),
    ),
    OrgSpec(
        "demo-wijkteam-waard-linge",
        "Sociaal Team Waard en Linge (demo)",
        OrganisationKind.WIJKTEAM,
        "GM0512",
        _wijkteams(ALBLASSERWAARD_VIJFHEERENLANDEN),
    ),
    OrgSpec(
        "demo-onderdak-zuid",
        "Stichting Onderdak Zuid (demo)",
        OrganisationKind.OPVANG_AANBIEDER,
        "GM0505",
        (("Nachtopvang", ALL_CODES), ("Crisisopvang gezinnen", ALL_CODES)),
    ),
    OrgSpec(
        "demo-schuilhaven",
        "Vrouwenopvang De Schuilhaven (demo)",
        OrganisationKind.OPVANG_AANBIEDER,
        "GM0505",
        (("Crisisopvang vrouwen", ALL_CODES),),
    ),
    OrgSpec(
        "demo-zorg-merwezicht",
        "Zorggroep Merwezicht (demo)",
        OrganisationKind.ZORGAANBIEDER,
        "GM0505",
        (("Bemoeizorg en veldwerk", ALL_CODES), ("Beschermd wonen", ALL_CODES)),
    ),
    OrgSpec(
        "demo-woonstichting",
        "Woonstichting Drie Rivieren (demo)",
        OrganisationKind.WONINGCORPORATIE,
        "GM0642",
        (("Huurincasso", DS_CODES),),
    ),
    OrgSpec(
        "demo-waterbedrijf",
        "Waterbedrijf Zuidwaard (demo)",
        OrganisationKind.NUTSBEDRIJF,
        "GM0505",
    ),
    OrgSpec(
        "demo-energiebedrijf",
        "Energiebedrijf Stroomlijn (demo)",
        OrganisationKind.NUTSBEDRIJF,
        "GM0590",
    ),
    OrgSpec(
        "demo-zorgverzekeraar",
        "Zorgverzekeraar Polderzorg (demo)",
        OrganisationKind.ZORGVERZEKERAAR,
        "GM0505",
    ),
    OrgSpec(
        "demo-welzijn",
        "Welzijn en Wijk Zuid (demo)",
        OrganisationKind.WELZIJN,
        "GM0642",
        (("Waakvlam nazorg", ALL_CODES), ("Vrijwilligerscentrale", ALL_CODES)),
    ),
)


@dataclass(frozen=True)
class UserSpec:
    role: str
    organisation: str  # external id
    team: str | None
    word: str  # makes the password; no part of the username, so the validators accept it

    @property
    def username(self) -> str:
        return f"demo-{self.role}"

    @property
    def password(self) -> str:
        # Deterministic on purpose: the demo prints it and nobody else can reach the demo.
        return f"plek-demo-{self.word}-2026"


USERS: tuple[UserSpec, ...] = (
    UserSpec(Role.WIJKTEAM, "demo-wijkteam-drechtsteden", "Wijkteam Zwijndrecht", "merel"),
    UserSpec(Role.REGISSEUR, "demo-wijkteam-drechtsteden", "Wijkteam Dordrecht", "kievit"),
    UserSpec(Role.TOEGANG, "demo-sociale-dienst", "Toegang opvang en beschermd wonen", "reiger"),
    UserSpec(Role.AANBIEDER, "demo-onderdak-zuid", "Nachtopvang", "zwaluw"),
    UserSpec(Role.VELDWERK, "demo-zorg-merwezicht", "Bemoeizorg en veldwerk", "fuut"),
    UserSpec(Role.BRIEFADRES, "demo-gemeente-zwijndrecht", "MDT briefadressen", "meerkoet"),
    UserSpec(Role.WAAKVLAM, "demo-welzijn", "Waakvlam nazorg", "grutto"),
    UserSpec(Role.VRIJWILLIGERS, "demo-welzijn", "Vrijwilligerscentrale", "wielewaal"),
    UserSpec(Role.SIGNAALBRON, "demo-woonstichting", "Huurincasso", "spreeuw"),
    UserSpec(
        Role.BELEID, "demo-gemeente-dordrecht", "Afdeling Maatschappelijke Opvang", "ooievaar"
    ),
    UserSpec(Role.BEHEER, "demo-gemeente-dordrecht", "Functioneel beheer", "buizerd"),
    UserSpec(Role.PRIVACY, "demo-gemeente-dordrecht", "Privacy en gegevensbescherming", "roerdomp"),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    role_label: str
    organisation: str
    team: str


def user_specs() -> tuple[UserSpec, ...]:
    """One spec per role; a role added later still gets a demo user, with a derived password."""
    known = {spec.role for spec in USERS}
    extra = tuple(
        UserSpec(
            role,
            "demo-gemeente-dordrecht",
            None,
            hashlib.sha256(role.encode()).hexdigest()[:10],
        )
        for role in Role.values
        if role not in known
    )
    return USERS + extra


@transaction.atomic
def load_demo_region() -> list[DemoLogin]:
    """Create or update the demo region; return the demo logins (to print them)."""
    region, _ = Region.objects.update_or_create(name=REGION_NAME)
    municipalities = _load_municipalities(region)
    organisations = {
        spec.external_id: _load_organisation(spec, municipalities) for spec in ORGANISATIONS
    }
    return [_load_user(spec, organisations) for spec in user_specs()]


def _load_municipalities(region: Region) -> dict[str, Municipality]:
    result = {}
    for code, name in MUNICIPALITIES:
        result[code], _ = Municipality.objects.update_or_create(
            code=code,
            defaults={"name": name, "region": region, "is_centre": code == CENTRE_CODE},
        )
    return result


def _load_organisation(spec: OrgSpec, municipalities: dict[str, Municipality]) -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(
        external_id=spec.external_id,
        defaults={
            "name": spec.name,
            "kind": spec.kind,
            "municipality": municipalities[spec.municipality],
        },
    )
    for team_name, codes in spec.teams:
        team, _ = Team.objects.update_or_create(organisation=organisation, name=team_name)
        team.municipalities.set([municipalities[code] for code in codes])
    return organisation


def _load_user(spec: UserSpec, organisations: dict[str, Organisation]) -> DemoLogin:
    role_label = str(Role(spec.role).label)
    user, created = User.objects.update_or_create(
        username=spec.username,
        defaults={
            "first_name": "Demo",
            "last_name": role_label,
            "email": f"{spec.username}@plek.example",
            "is_demo": True,
            "is_active": True,
        },
    )
    if created or not user.check_password(spec.password):
        # Only when it differs: argon2 salts every hash, so rehashing would change the row.
        validate_password(spec.password, user)
        user.set_password(spec.password)
        user.save(update_fields=["password"])
    organisation = organisations[spec.organisation]
    team = Team.objects.get(organisation=organisation, name=spec.team) if spec.team else None
    Membership.objects.update_or_create(
        user=user,
        role=spec.role,
        defaults={
            "organisation": organisation,
            "team": team,
            "start_date": MEMBERSHIP_START,
            "end_date": None,
        },
    )
    return DemoLogin(
        username=spec.username,
        password=spec.password,
        role=spec.role,
        role_label=role_label,
        organisation=organisation.name,
        team=team.name if team else "",
    )
