"""What each role sees first: a title, an introduction, its worklists and its most used links.

The worklists are not listed here: each app registers its own (``plek.web.worklists``), so this
module imports no app above the shared layer. A role whose work has no list yet shows only its
links; an empty list says there is nothing to do.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from plek.accounts.roles import Role
from plek.web.components import Text
from plek.web.links import Link
from plek.web.navigation import (
    ADMIN_LINKS,
    INFORMAL_COORDINATOR_LINKS,
    MONITOR_LINKS,
    OUTREACH_LINKS,
    PRIVACY_LINKS,
    PROGRAMME_LINKS,
    REGION_LINKS,
)
from plek.web.worklists import WorklistSpec, worklists_for

QUICK_LINKS = _("Snel naar")


@dataclass(frozen=True)
class StartPage:
    title: Text
    intro: Text
    role: str = ""
    links: tuple[Link, ...] = ()
    links_title: Text = QUICK_LINKS
    # A standing remark about what this role can and cannot see.
    note: Text = ""
    # A second panel of links, beside the first.
    more_links: tuple[Link, ...] = ()
    more_links_title: Text = ""

    @property
    def worklists(self) -> list[WorklistSpec]:
        return worklists_for(self.role) if self.role else []


START_PAGES: dict[str, StartPage] = {
    Role.WIJKTEAM: StartPage(
        _("Mijn werk in het wijkteam"),
        _("Signalen, intakes en plannen waar u nu mee bezig bent."),
        Role.WIJKTEAM,
    ),
    Role.REGISSEUR: StartPage(
        _("Mijn huishoudens"),
        _("Huishoudens waarvan u de regisseur bent: één huishouden, één plan."),
        Role.REGISSEUR,
    ),
    Role.TOEGANG: StartPage(
        _("Toegang en indicaties"),
        _("Aanvragen, indicaties en de centrale wachtlijst."),
        Role.TOEGANG,
    ),
    Role.AANBIEDER: StartPage(
        _("Opvang en verblijf"),
        _("Plaatsingen en verblijven in de voorzieningen van uw organisatie."),
        Role.AANBIEDER,
    ),
    Role.VELDWERK: StartPage(
        _("Veldwerk"),
        _("Contacten op straat en doorverwijzingen."),
        Role.VELDWERK,
        links=OUTREACH_LINKS,
    ),
    Role.BRIEFADRES: StartPage(
        _("Briefadressen"),
        _("Aanvragen voor een briefadres, besluiten en herbeoordelingen."),
        Role.BRIEFADRES,
    ),
    Role.WAAKVLAM: StartPage(
        _("Nazorg (waakvlam)"),
        _("Bewoners met een eigen woning die u blijft volgen."),
        Role.WAAKVLAM,
    ),
    Role.SIGNAALBRON: StartPage(
        _("Signalen aanleveren"),
        _("Uw aanleveringen en wat ermee gebeurd is."),
        Role.SIGNAALBRON,
        note=_("U levert signalen aan. Dossiers van personen kunt u niet inzien."),
    ),
    Role.BELEID: StartPage(
        _("Monitor en uitvoeringsprogramma's"),
        _("De regionale monitor en de voortgang van de uitvoeringsprogramma's."),
        Role.BELEID,
        links=(*MONITOR_LINKS, *PROGRAMME_LINKS),
        note=_(
            "U ziet alleen totalen en percentages (geaggregeerde cijfers), "
            "nooit gegevens van een persoon."
        ),
    ),
    Role.BEHEER: StartPage(
        _("Functioneel beheer"),
        _(
            "Gemeenten, organisaties, teams, gebruikers en hun lidmaatschappen; de voorzieningen, "
            "normen, termijnen en tarieven van de regio."
        ),
        Role.BEHEER,
        links=ADMIN_LINKS,
        links_title=_("Accountbeheer"),
        more_links=REGION_LINKS,
        more_links_title=_("Inrichting van de regio"),
    ),
    Role.PRIVACY: StartPage(
        _("Privacy en verwerkingen"),
        _("Het verwerkingenlog en de doorbraken die u beoordeelt."),
        Role.PRIVACY,
        links=PRIVACY_LINKS,
        links_title=_("Toezicht"),
    ),
    Role.VRIJWILLIGERS: StartPage(
        _("Vrijwilligers en hulpvragen"),
        _("Hulpvragen koppelen aan vrijwilligers, nazorg op koppelingen en buurtcirkels."),
        Role.VRIJWILLIGERS,
        links=INFORMAL_COORDINATOR_LINKS,
        note=_(
            "U ziet van een hulpvraag alleen wat de bewoner wil delen: voornaam, wijk en wat er "
            "gevraagd wordt. Dossiers van bewoners kunt u niet inzien."
        ),
    ),
}

NO_MEMBERSHIP = StartPage(
    _("Welkom bij plek"),
    _(
        "U heeft op dit moment geen actief lidmaatschap bij een organisatie. "
        "Vraag de functioneel beheerder van uw organisatie om u toe te voegen."
    ),
)


def start_page_for(role: str | None) -> StartPage:
    return START_PAGES.get(role or "", NO_MEMBERSHIP)
