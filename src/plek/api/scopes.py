"""What a system client may be allowed to do: one scope per resource and action.

Each scope names the purpose its reads serve. A scope only opens the door to the API route: the
access policy still decides, for the client's own organisation and role, which persons it may
read, and every person returned is logged under that purpose as the client.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from plek.access.choices import Purpose


@dataclass(frozen=True)
class Scope:
    code: str
    label: str | Promise
    purpose: str


SCOPES: tuple[Scope, ...] = (
    Scope("personen.lezen", _("Personen lezen (met een relatie)"), Purpose.WMO_MO),
    Scope("huishoudens.lezen", _("Huishoudens lezen (met een relatie)"), Purpose.WMO_MO),
    Scope("signalen.lezen", _("Signalen van het team lezen"), Purpose.VROEGSIGNALERING),
    Scope("signalen.schrijven", _("Signalen vastleggen"), Purpose.VROEGSIGNALERING),
    Scope("briefadressen.lezen", _("Briefadresaanvragen lezen"), Purpose.BRIEFADRES),
    Scope(
        "briefadressen.gebeurtenissen.lezen",
        _("Begin en einde van briefadressen volgen (sociale dienst)"),
        Purpose.BRIEFADRES,
    ),
    Scope("plannen.lezen", _("Plannen lezen die u regisseert"), Purpose.WMO_MO),
    Scope(
        "wachtlijst.lezen", _("Wachtlijstinschrijvingen lezen (met een relatie)"), Purpose.WMO_MO
    ),
    Scope("voorzieningen.lezen", _("Voorzieningen en vrije plaatsen lezen"), Purpose.WMO_MO),
    # --- signal sources (their own deliveries and end results) and the privacy officer's log ---
    Scope(
        "aanleveringen.lezen",
        _("Eigen aanleveringen en hun controlerapport lezen (signaalpartner)"),
        Purpose.VROEGSIGNALERING,
    ),
    Scope(
        "aanleveringen.schrijven",
        _("Signalen aanleveren en over een aanlevering besluiten (signaalpartner)"),
        Purpose.VROEGSIGNALERING,
    ),
    Scope(
        "terugmeldingen.lezen",
        _("Teruggemelde eindresultaten van eigen signalen lezen (signaalpartner)"),
        Purpose.VROEGSIGNALERING,
    ),
    Scope(
        "verwerkingen.lezen",
        _("Het verwerkingenlog doorzoeken (privacy officer)"),
        Purpose.TOEZICHT,
    ),
    # --- placement and flow -----------------------------------------------------------------
    Scope(
        "wachtlijst.schrijven",
        _("Inschrijven op en uitschrijven van de wachtlijst (met een relatie)"),
        Purpose.WMO_MO,
    ),
    Scope("voorstellen.lezen", _("Voorstellen lezen (met een relatie)"), Purpose.WMO_MO),
    Scope(
        "voorstellen.schrijven",
        _("Kandidaten voorstellen en voorstellen accepteren of afwijzen"),
        Purpose.WMO_MO,
    ),
    Scope("verblijven.lezen", _("Verblijven lezen (met een relatie)"), Purpose.WMO_MO),
    Scope("verblijven.schrijven", _("Verblijven overplaatsen en beëindigen"), Purpose.WMO_MO),
    Scope("terugval.schrijven", _("Terugvalplekken boeken en verlengen"), Purpose.WMO_MO),
    # --- zorg: intake, ZRM, plannen, overdrachten en nazorg (API v2) ---
    Scope("intakes.lezen", _("Intakes lezen (met een relatie)"), Purpose.WMO_MO),
    Scope("zrm.lezen", _("ZRM-metingen lezen (met een relatie)"), Purpose.WMO_MO),
    Scope("plannen.schrijven", _("Plannen starten en doelen toevoegen"), Purpose.WMO_MO),
    Scope("overdrachten.lezen", _("Overdrachten lezen die op u wachten"), Purpose.WMO_MO),
    Scope("overdrachten.schrijven", _("Overdrachten accepteren"), Purpose.WMO_MO),
    Scope("nazorg.lezen", _("Nazorgtrajecten en signaleringen nazorg lezen"), Purpose.NAZORG),
    Scope("nazorg.schrijven", _("Contactmomenten nazorg vastleggen"), Purpose.NAZORG),
)
SCOPE_CODES = frozenset(scope.code for scope in SCOPES)


def scope_choices() -> list[tuple[str, str | Promise]]:
    return [(scope.code, scope.label) for scope in SCOPES]
