"""The roles (docs/domain.md) and what each may do at all, before any relation to a person."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    WIJKTEAM = "wijkteam", _("Wijkteamprofessional")
    REGISSEUR = "regisseur", _("Regisseur / casemanager")
    TOEGANG = "toegang", _("Wmo-consulent (toegang)")
    AANBIEDER = "aanbieder", _("Medewerker opvang of zorgaanbieder")
    VELDWERK = "veldwerk", _("Veldwerker (bemoeizorg)")
    BRIEFADRES = "briefadres", _("Lid MDT briefadressen")
    WAAKVLAM = "waakvlam", _("Waakvlamcoach (nazorg)")
    SIGNAALBRON = "signaalbron", _("Signaalpartner")
    BELEID = "beleid", _("Beleidsmedewerker")
    BEHEER = "beheer", _("Functioneel beheerder")
    PRIVACY = "privacy", _("Privacy officer (FG)")


@dataclass(frozen=True)
class RoleProfile:
    """What a role may do regardless of any relation with a particular person."""

    # May open person files at all (through a relation or break-the-glass).
    reads_person_files: bool
    # May break the glass to open a file without a relation.
    may_break_glass: bool
    # Sees only aggregates: never a person in any page, export or API answer.
    aggregates_only: bool
    # Must pass a second factor (TOTP) after the password.
    needs_second_factor: bool


_CASEWORK = RoleProfile(
    reads_person_files=True, may_break_glass=True, aggregates_only=False, needs_second_factor=True
)

ROLE_PROFILES: dict[str, RoleProfile] = {
    Role.WIJKTEAM: _CASEWORK,
    Role.REGISSEUR: _CASEWORK,
    Role.TOEGANG: _CASEWORK,
    Role.AANBIEDER: _CASEWORK,
    Role.VELDWERK: _CASEWORK,
    Role.BRIEFADRES: _CASEWORK,
    Role.WAAKVLAM: _CASEWORK,
    # Signal sources deliver and see their own deliveries; they never read case files.
    Role.SIGNAALBRON: RoleProfile(False, False, False, True),
    Role.BELEID: RoleProfile(False, False, True, False),
    # Functional admins and privacy officers work on the system and the log, not on case files.
    Role.BEHEER: RoleProfile(False, False, False, True),
    Role.PRIVACY: RoleProfile(False, False, False, True),
}


def profile(role: str) -> RoleProfile:
    return ROLE_PROFILES[role]
