"""What each role sees first: a title, its worklists and its most used links.

A feature fills a list by giving the spec a ``source``: a function from the actor to the items,
written as a selector in its own app. A list without a source (a feature not built yet, such as
the execution programmes) honestly says there is nothing to do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from plek.accounts import selectors as account_selectors
from plek.accounts.context import Actor
from plek.accounts.models import Membership
from plek.accounts.roles import Role
from plek.aftercare import worklists as aftercare_worklists
from plek.plans import selectors as plan_selectors
from plek.postal import worklists as postal_worklists
from plek.protection import worklists as protection_worklists
from plek.signals import selectors as signal_selectors
from plek.web.components import Text, Worklist, WorklistItem
from plek.web.links import Link
from plek.web.navigation import ADMIN_LINKS, MONITOR_LINKS, PRIVACY_LINKS

WorklistSource = Callable[[Actor], Sequence[WorklistItem]]
QUICK_LINKS = _("Snel naar")


@dataclass(frozen=True)
class WorklistSpec:
    title: Text
    description: Text = ""
    source: WorklistSource | None = None

    def build(self, actor: Actor) -> Worklist:
        items = self.source(actor) if self.source else ()
        return Worklist(self.title, items, self.description)


@dataclass(frozen=True)
class StartPage:
    title: Text
    intro: Text
    worklists: tuple[WorklistSpec, ...] = ()
    links: tuple[Link, ...] = ()
    links_title: Text = QUICK_LINKS
    # A standing remark about what this role can and cannot see.
    note: Text = ""


def _memberships_ending_soon(actor: Actor) -> list[WorklistItem]:
    return [_ending_item(membership) for membership in account_selectors.memberships_ending_soon()]


def _ending_item(membership: Membership) -> WorklistItem:
    # The end date is exclusive: the first day the membership no longer holds.
    ends = date_format(membership.end_date) if membership.end_date else ""
    return WorklistItem(
        label=str(membership),
        href=reverse("beheer:membership-update", args=[membership.pk]),
        detail=_("geldt niet meer vanaf %(date)s") % {"date": ends},
    )


START_PAGES: dict[str, StartPage] = {
    Role.WIJKTEAM: StartPage(
        _("Mijn werk in het wijkteam"),
        _("Signalen, intakes en plannen waar u nu mee bezig bent."),
        (
            WorklistSpec(
                _("Mijn signalen"),
                _("Signalen die op contact wachten; te late bovenaan"),
                signal_selectors.my_signals_worklist,
            ),
            WorklistSpec(_("Intakes in behandeling")),
            WorklistSpec(
                _("Plannen met een evaluatie binnenkort"),
                _("Te late evaluaties eerst"),
                plan_selectors.reviews_due,
            ),
            WorklistSpec(
                _("Overdrachten die op mij wachten"), source=plan_selectors.hand_overs_for_me
            ),
        ),
    ),
    Role.REGISSEUR: StartPage(
        _("Mijn huishoudens"),
        _("Huishoudens waarvan u de regisseur bent: één huishouden, één plan."),
        (
            WorklistSpec(
                _("Plannen waarvan ik regisseur ben"),
                _("Eerstvolgende evaluatie eerst; te late bovenaan"),
                plan_selectors.plans_i_lead,
            ),
            WorklistSpec(
                _("Evaluaties die eraan komen"),
                _("Te late evaluaties eerst"),
                plan_selectors.reviews_due,
            ),
            WorklistSpec(
                _("Overdrachten die op mij wachten"), source=plan_selectors.hand_overs_for_me
            ),
            WorklistSpec(_("Acties over hun streefdatum")),
            WorklistSpec(
                _("Voorgestelde nazorgtrajecten"),
                _("Uitgestroomd naar een woning, nog zonder nazorg"),
                aftercare_worklists.proposals,
            ),
            WorklistSpec(
                _("Signaleringen nazorg"),
                _("Rood, gemist contactmoment, nieuw signaal of terugval"),
                aftercare_worklists.open_alerts,
            ),
        ),
    ),
    Role.TOEGANG: StartPage(
        _("Toegang en indicaties"),
        _("Aanvragen, indicaties en de centrale wachtlijst."),
        (
            WorklistSpec(_("Aanvragen om te beoordelen")),
            WorklistSpec(
                _("Indicaties die binnenkort aflopen"),
                _("Binnen acht weken of net verlopen; de vroegste eerst"),
                protection_worklists.expiring_indications,
            ),
            WorklistSpec(_("Centrale wachtlijst")),
        ),
    ),
    Role.AANBIEDER: StartPage(
        _("Opvang en verblijf"),
        _("Plaatsingen en verblijven in de voorzieningen van uw organisatie."),
        (
            WorklistSpec(_("Voorstellen voor plaatsing")),
            WorklistSpec(_("Lopende verblijven")),
            WorklistSpec(_("Vertrek nog te registreren")),
            WorklistSpec(
                _("Indicaties beschermd thuis zonder arrangement"),
                _("Leg de ondersteuning thuis vast"),
                protection_worklists.waiting_for_arrangement,
            ),
            WorklistSpec(
                _("Arrangementen met een evaluatie binnenkort"),
                source=protection_worklists.arrangements_to_review,
            ),
        ),
    ),
    Role.VELDWERK: StartPage(
        _("Veldwerk"),
        _("Contacten op straat en doorverwijzingen."),
        (
            WorklistSpec(_("Mijn contacten van deze week")),
            WorklistSpec(_("Doorverwijzingen zonder reactie")),
        ),
    ),
    Role.BRIEFADRES: StartPage(
        _("Briefadressen"),
        _("Aanvragen voor een briefadres, besluiten en herbeoordelingen."),
        (
            WorklistSpec(
                _("Aanvragen om te beoordelen"),
                _("Open aanvragen met hun beslistermijn; oudste eerst"),
                postal_worklists.open_applications,
            ),
            WorklistSpec(
                _("Besluiten die over de termijn dreigen te gaan"),
                _("Over de termijn of binnen 14 dagen"),
                postal_worklists.at_term,
            ),
            WorklistSpec(
                _("Herbeoordelingen"),
                _("Herbeoordeling binnenkort of plan ontbreekt"),
                postal_worklists.reviews_and_plans,
            ),
        ),
    ),
    Role.WAAKVLAM: StartPage(
        _("Nazorg (waakvlam)"),
        _("Bewoners met een eigen woning die u blijft volgen."),
        (
            WorklistSpec(
                _("Check-ins die eraan komen"),
                _("Binnen 14 dagen, en wat al te laat is"),
                aftercare_worklists.checkins_due,
            ),
            WorklistSpec(
                _("Signaleringen"),
                _("Rood, gemist contactmoment, nieuw signaal of terugval"),
                aftercare_worklists.open_alerts,
            ),
        ),
    ),
    Role.SIGNAALBRON: StartPage(
        _("Signalen aanleveren"),
        _("Uw aanleveringen en wat ermee gebeurd is."),
        (
            WorklistSpec(_("Mijn aanleveringen"), source=signal_selectors.own_deliveries_worklist),
            WorklistSpec(_("Teruggemelde uitkomsten"), source=signal_selectors.feedback_worklist),
        ),
        note=_("U levert signalen aan. Dossiers van personen kunt u niet inzien."),
    ),
    Role.BELEID: StartPage(
        _("Monitor en uitvoeringsprogramma's"),
        _("De regionale monitor en de voortgang van de uitvoeringsprogramma's."),
        (
            WorklistSpec(_("Acties met een mijlpaal dit kwartaal")),
            WorklistSpec(_("Rapportages in voorbereiding")),
        ),
        links=MONITOR_LINKS,
        note=_(
            "U ziet alleen totalen en percentages (geaggregeerde cijfers), "
            "nooit gegevens van een persoon."
        ),
    ),
    Role.BEHEER: StartPage(
        _("Functioneel beheer"),
        _("Gemeenten, organisaties, teams, gebruikers en hun lidmaatschappen."),
        (
            WorklistSpec(
                _("Lidmaatschappen die binnenkort eindigen"),
                format_lazy(_("Binnen {days} dagen"), days=account_selectors.ENDING_SOON_DAYS),
                _memberships_ending_soon,
            ),
        ),
        links=ADMIN_LINKS,
        links_title=_("Accountbeheer"),
    ),
    Role.PRIVACY: StartPage(
        _("Privacy en verwerkingen"),
        _("Het verwerkingenlog en de doorbraken die u beoordeelt."),
        (WorklistSpec(_("Inzageverzoeken van bewoners")),),
        links=PRIVACY_LINKS,
        links_title=_("Toezicht"),
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
