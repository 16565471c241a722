"""The main navigation per role: the one place that decides which pages a role sees in the menu.

The menu only offers what a role may use; the pages themselves still check permission.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from plek.accounts.roles import Role
from plek.web.links import Link

HOME = Link(_("Start"), "web:home", "/")

ADMIN_LINKS: tuple[Link, ...] = (
    Link(_("Gemeenten"), "beheer:municipality-list", description=_("CBS-codes en regio's")),
    Link(_("Organisaties"), "beheer:organisation-list", description=_("Partners in de keten")),
    Link(_("Teams"), "beheer:team-list", description=_("Teams en hun werkgebied")),
    Link(_("Gebruikers"), "beheer:user-list", description=_("Accounts en tweede factor")),
    Link(
        _("Lidmaatschappen"),
        "beheer:membership-list",
        description=_("Wie werkt waar, in welke rol"),
    ),
    Link(
        _("Dossierrollen goedkeuren"),
        "beheer:membership-approvals",
        description=_("Vier ogen: een tweede beheerder keurt dossierrollen goed"),
    ),
    Link(_("Rangschikking wachtlijsten"), "housing:ranking-policy", description=_("Weging")),
    Link(_("Single sign-on"), "oidc:config", description=_("Inloggen via de identity provider")),
    Link(_("BRP-koppeling"), "brp:config", description=_("Haal Centraal BRP Personen")),
    Link(
        _("Systeemclients (API)"),
        "api-clients:list",
        description=_("Andere systemen: token, scopes, intrekken"),
    ),
    Link(
        _("Gegevens importeren"),
        "exchange:upload",
        description=_("plek-csv uit een ander systeem"),
    ),
)

# The region's configuration (functional admin); pages of apps not (yet) there drop out.
REGION_LINKS: tuple[Link, ...] = (
    Link(
        _("Voorzieningen beheren"),
        "housing:admin-facilities",
        description=_("Soort, aanbieder, tarief, toelatingsregels, eenheden en capaciteit"),
    ),
    Link(
        _("Reactienormen"),
        "housing:admin-norms",
        description=_("Dagen tot contact per urgentie van een signaal"),
    ),
    Link(
        _("Termijnen briefadres"),
        "postal:admin-terms",
        description=_("Beslistermijn, termijn voor het plan en herbeoordeling"),
    ),
    Link(
        _("Zaaksysteem (ZGW)"),
        "integrations:zgw-config",
        description=_("Besluiten briefadres als zaak: API's, sleutels en zaaktype"),
    ),
    Link(
        _("iWmo-berichten"),
        "integrations:iwmo",
        description=_("Toewijzingen, start- en stopberichten en retourberichten"),
    ),
    Link(
        _("Weging wachtlijst"),
        "housing:admin-ranking",
        description=_("Gewichten van de rangorde, met een voorbeeld vooraf"),
    ),
    Link(
        _("Tarieven"),
        "finance:admin-tariffs",
        description=_("Dagtarieven en producttarieven door de tijd"),
    ),
    Link(
        _("Verdeelmodel"),
        "finance:admin-allocation",
        description=_("Aandelen per gemeente en de afbouw"),
    ),
    Link(
        _("Regio-instellingen (YAML)"),
        "exchange:region-config",
        description=_("Alle instellingen downloaden of inlezen voor een nieuwe regio"),
    ),
    Link(
        _("Bewaartermijnen"),
        "retention:admin-periods",
        description=_("Hoe lang elke soort gegevens blijft, en wat de laatste runs deden"),
    ),
    Link(
        _("Wijzigingshistorie"),
        "housing:admin-history",
        description=_("Wie wijzigde wat, wanneer, oud en nieuw"),
    ),
)

# The privacy pages belong to the access app; the paths hold until its URL names exist.
PRIVACY_LINKS: tuple[Link, ...] = (
    Link(
        _("Verwerkingenlog"),
        "access:processing-log",
        "/privacy/verwerkingen/",
        _("Wie heeft welke persoonsgegevens ingezien of gewijzigd"),
    ),
    Link(
        _("Doorbraken"),
        "access:break-glass-reviews",
        "/privacy/doorbraken/",
        _("Toegang zonder relatie, te beoordelen"),
    ),
    Link(
        _("Ongebruikelijke inzage"),
        "access:unusual-access",
        "/privacy/ongebruikelijke-inzage/",
        _("Wie zag veel meer dossiers dan collega's met dezelfde rol"),
    ),
    Link(
        _("Daglimiet doorbreken"),
        "access:break-glass-limits",
        "/privacy/doorbraken/daglimiet/",
        _("Medewerkers vrijgeven die vandaag vaak doorbraken"),
    ),
    Link(
        _("Wijzigingen in dossierrollen"),
        "accounts-privacy:role-changes",
        "/privacy/rolwijzigingen/",
        _("Wie kreeg of verloor een rol die dossiers opent, en wie keurde dat goed"),
    ),
    Link(
        _("Register van inzageverzoeken"),
        "inzage:list",
        "/privacy/inzageverzoeken/",
        _("Verzoeken van bewoners, met hun termijn van een maand"),
    ),
    Link(
        _("Inzageverzoeken"),
        "people:inzage",
        "/privacy/inzage/",
        _("Alle gegevens van één persoon, als PDF en JSON"),
    ),
)

SIGNAL_LINKS: tuple[Link, ...] = (
    Link(_("Signalen"), "signals:list", description=_("Signalen van mijn team, te late eerst")),
)
SIGNAL_SOURCE_LINKS: tuple[Link, ...] = (
    Link(_("Aanleveringen"), "signals:deliveries", description=_("Signalen aanleveren")),
    Link(_("Terugmeldingen"), "signals:feedback", description=_("Eindresultaten van signalen")),
)

OUTREACH_LINKS: tuple[Link, ...] = (
    Link(
        _("Straatcontacten"),
        "outreach:list",
        "/veldwerk/",
        _("Contacten op straat vastleggen en koppelen"),
    ),
    Link(
        _("Doorverwijzingen"),
        "outreach:referrals",
        "/veldwerk/doorverwijzingen/",
        _("Doorverwijzingen naar wijkteams en hun reactie"),
    ),
)

POSTAL_LINKS: tuple[Link, ...] = (
    Link(
        _("Aanvragen briefadres"),
        "postal:list",
        description=_("Zoeken op naam, status en periode; te late herbeoordelingen gemarkeerd"),
    ),
    Link(_("Nieuwe aanvraag briefadres"), "postal:new", description=_("Aanvraag vastleggen")),
)
AFTERCARE_LINKS: tuple[Link, ...] = (
    Link(_("Signaleringen nazorg"), "aftercare:alerts", description=_("Alerts van de waakvlam")),
    Link(_("Nazorg starten"), "aftercare:start", description=_("Een traject met de hand starten")),
)
CHECKIN_LINK = Link(
    _("Contactmomenten"), "aftercare:checkins", description=_("Open contactmomenten, te late eerst")
)

INFORMAL_LINKS: tuple[Link, ...] = (
    Link(
        _("Mantelzorgers"),
        "informal:carers",
        description=_("Registreren, belastingcheck, ondersteuning en waardering"),
    ),
)
INFORMAL_COORDINATOR_LINKS: tuple[Link, ...] = (
    Link(_("Hulpvragen"), "informal:requests", description=_("Koppelen aan vrijwilligers")),
    Link(_("Vrijwilligers"), "informal:volunteers", description=_("Inschrijven en zoeken")),
    Link(_("Buurtcirkels"), "informal:circles", description=_("Leiding, leden en bijeenkomsten")),
    Link(
        _("Cijfers informele zorg"),
        "monitor:informal-figures",
        description=_("Per gemeente en jaar, alleen totalen"),
    ),
)

MONITOR_LINKS: tuple[Link, ...] = (
    Link(
        _("Monitor"),
        "monitor:dashboard",
        description=_("De cijfers M1–M13 per periode en gemeente, met grafieken"),
    ),
    Link(
        _("Beschermd wonen en geld"),
        "finance:overview",
        description=_("Van beschermd wonen naar beschermd thuis; kosten tegen budget per gemeente"),
    ),
)

PROGRAMME_LINKS: tuple[Link, ...] = (
    Link(
        _("Uitvoeringsprogramma's"),
        "programs:list",
        description=_("Acties, mijlpalen, indicatoren en de rapportages voor de raden"),
    ),
)

HOUSING_LINKS: tuple[Link, ...] = (
    Link(_("Voorzieningen"), "housing:catalogue", description=_("Catalogus en bezetting")),
    Link(_("Wachtlijsten"), "housing:waiting-list", description=_("Rangorde met uitleg")),
    Link(_("Vrije plaatsen"), "housing:overview", description=_("Per soort, in de regio")),
    Link(_("Terugvalplekken"), "housing:respite", description=_("Kalender van respijt")),
)

PEOPLE_LINKS: tuple[Link, ...] = (
    Link(
        _("Persoon registreren"),
        "people:create",
        description=_("Een nieuwe persoon vastleggen, met controle op dubbelen"),
    ),
)

NAV_BY_ROLE: dict[str, tuple[Link, ...]] = {
    Role.AANBIEDER: (HOME, *HOUSING_LINKS),
    Role.TOEGANG: (HOME, *HOUSING_LINKS, *PEOPLE_LINKS),
    Role.BELEID: (HOME, *MONITOR_LINKS, *PROGRAMME_LINKS, INFORMAL_COORDINATOR_LINKS[-1]),
    Role.BEHEER: (HOME, *ADMIN_LINKS, REGION_LINKS[0], REGION_LINKS[-1]),
    Role.PRIVACY: (HOME, *PRIVACY_LINKS),
    Role.BRIEFADRES: (HOME, *POSTAL_LINKS),
    Role.WAAKVLAM: (HOME, AFTERCARE_LINKS[0], CHECKIN_LINK, *INFORMAL_LINKS),
    Role.REGISSEUR: (HOME, *AFTERCARE_LINKS, *PEOPLE_LINKS, *INFORMAL_LINKS),
    Role.WIJKTEAM: (HOME, *SIGNAL_LINKS, *PEOPLE_LINKS, *INFORMAL_LINKS),
    Role.VELDWERK: (HOME, *OUTREACH_LINKS, *PEOPLE_LINKS),
    Role.SIGNAALBRON: (HOME, *SIGNAL_SOURCE_LINKS),
    Role.VRIJWILLIGERS: (HOME, *INFORMAL_COORDINATOR_LINKS),
}


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    href: str
    current: bool


def nav_items(role: str | None, current_path: str) -> list[NavItem]:
    """The menu for a role, with the item for the current page marked."""
    items = []
    for link in NAV_BY_ROLE.get(role or "", (HOME,)):
        href = link.href()
        if href:
            items.append(NavItem(link.label, href, _is_current(href, current_path)))
    return items


def _is_current(href: str, current_path: str) -> bool:
    # The start page is only current on itself; sections also own their sub-pages.
    if href == "/":
        return current_path == "/"
    return current_path.startswith(href)
