"""The report's words: figure titles, what each figure means (docs/monitor.md, in our own
Dutch), the labels of the values and the notes under tables.

Definitions are written for a council member, not for a programmer: what is counted, over which
period, and what the number does not say. Placeholders in braces are filled in from the monitor's
configured norms when the report is built.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from plek.monitor.report.suppression import MIN_BASE, MIN_COUNT, Reason

REPORT_TITLE = _("Monitor sluitende aanpak")
REPORT_SUBTITLE = _("Dakloosheid, opvang en de weg naar een eigen plek")

TITLES = {
    "M1": _("Personen in de opvang"),
    "M2": _("Instroom in de opvang"),
    "M3": _("Verblijfsduur in de opvang"),
    "M4": _("Uitstroom naar wonen"),
    "M5": _("Terugval na uitstroom naar wonen"),
    "M6": _("Wachten op een plek"),
    "M7": _("Bezetting van de voorzieningen"),
    "M8": _("Vroegsignalering"),
    "M9": _("Briefadressen"),
    "M10": _("Voortgang in zelfredzaamheid (ZRM)"),
    "M11": _("Nazorg"),
    "M12": _("Van nachtopvang naar een plan"),
    "M13": _("Kosten van verblijf per gemeente van herkomst"),
}

DEFINITIONS = {
    "M1": [
        _(
            "Het aantal verschillende personen dat in de periode minstens één nacht in de opvang "
            "verbleef. Opvang is de nachtopvang, de crisisopvang (ook voor gezinnen), de "
            "vrouwenopvang en de winteropvang. Wie in de periode vaker kwam, telt één keer."
        )
    ],
    "M2": [
        _(
            "Instroom: het aantal personen van wie in de periode een verblijf in de opvang begon. "
            "Voor het eerst: van hen de personen die in de twee jaar (730 dagen) daarvoor niet in "
            "de opvang of een tussenvoorziening verbleven."
        )
    ],
    "M3": [
        _(
            "Hoe lang een verblijf in de opvang duurt, in nachten. Voor de verblijven die in de "
            "periode eindigden: de mediaan (de middelste waarde) en het gemiddelde. Voor de "
            "verblijven die op de laatste dag van de periode nog liepen: de mediaan van het aantal "
            "nachten tot die dag."
        ),
        _(
            "De mediaan zegt meer dan het gemiddelde: enkele zeer lange verblijven trekken het "
            "gemiddelde omhoog."
        ),
    ],
    "M4": [
        _(
            "Van alle verblijven die in de periode eindigden (opvang, tussenvoorzieningen, "
            "beschermd wonen en Housing First; respijtplekken niet), het aandeel dat eindigde met "
            "een vertrek naar wonen: een eigen (huur)woning, Housing First of een woning met "
            "begeleiding (beschermd thuis)."
        )
    ],
    "M5": [
        _(
            "De personen die in de periode vanuit een voorziening naar wonen vertrokken (bij wie "
            "dat vaker gebeurde: het eerste vertrek in de periode). Van hen het aandeel dat binnen "
            "180, 365 of 730 dagen na dat vertrek opnieuw in de opvang kwam."
        ),
        _(
            "Een termijn wordt pas getoond als die voor iedereen in de groep voorbij is op de "
            "datum tot en met wanneer de gegevens bekend zijn; anders staat er n.v.t."
        ),
    ],
    "M6": [
        _(
            "Plaatsingen: het aantal wachtlijstinschrijvingen dat in de periode tot een plaatsing "
            "leidde, met de mediane wachttijd van inschrijving tot plaatsing in dagen. Wachtenden: "
            "de inschrijvingen die op de laatste dag van de periode nog openstonden (niet "
            "geplaatst, niet ingetrokken), met de mediane wachttijd tot die dag."
        )
    ],
    "M7": [
        _(
            "Per voorziening: het aantal beschikbare eenheid-nachten in de periode (elke nacht het "
            "aantal plekken of woningen dat er die nacht was), het aantal bezette eenheid-nachten "
            "en de bezettingsgraad (bezet gedeeld door beschikbaar). Wijzigingen in capaciteit, "
            "zoals het openen en sluiten van de winteropvang, tellen per nacht mee."
        ),
        _(
            "Eenheid-nachten zijn geen aantallen personen; ze worden niet afgerond naar <5. Een "
            "bezettingsgraad boven 100% betekent dat er meer mensen verbleven dan er plekken waren."
        ),
    ],
    "M8": [
        _(
            "Signalen van mogelijke problemen (betalingsachterstanden, aangekondigde ontruimingen, "
            "meldingen) die in de periode binnenkwamen. Binnen de norm: het eerste contact vond "
            "plaats binnen de norm voor de urgentie (spoed {spoed}, hoog {hoog}, normaal "
            "{normaal} kalenderdagen na ontvangst). Daarnaast de uitkomsten van deze signalen, "
            "waaronder voorkomen ontruimingen."
        )
    ],
    "M9": [
        _(
            "Aanvragen voor een briefadres (een postadres voor wie geen woonadres heeft) die in de "
            "periode binnenkwamen, en de besluiten (toegekend of afgewezen) in de periode. Binnen "
            "de termijn: besloten binnen {term} dagen na de aanvraag. De doorlooptijd is de "
            "mediaan over alle besluiten. Lopend: toegekende briefadressen die op de laatste dag "
            "van de periode nog golden."
        )
    ],
    "M10": [
        _(
            "De zelfredzaamheidsmatrix (ZRM) meet op 13 levensdomeinen hoe zelfredzaam iemand is "
            "(1 acute problematiek tot 5 volledig zelfredzaam). Geteld worden de personen met een "
            "meting in de periode en een eerdere meting van minstens {interval} dagen daarvoor. "
            "Per domein staat de gemiddelde verandering tussen die twee metingen; vooruitgegaan "
            "is wie over alle domeinen samen hoger scoort."
        )
    ],
    "M11": [
        _(
            "Nazorg (waakvlam) na het vinden van een woning. Lopend: trajecten die op de laatste "
            "dag van de periode liepen. Contactmomenten: de geplande contacten met een datum in de "
            "periode, en het aandeel dat uiterlijk {days} dagen na die datum plaatsvond. "
            "Teruggevallen: personen die tijdens hun nazorg opnieuw in de opvang kwamen."
        )
    ],
    "M12": [
        _(
            "Personen van wie in de periode een verblijf in de nachtopvang begon dat langer dan 3 "
            "nachten duurde (een lopend verblijf geteld tot de datum tot en met wanneer de "
            "gegevens bekend zijn), en het aandeel van hen met een plan dat binnen {days} dagen "
            "na binnenkomst startte."
        )
    ],
    "M13": [
        _(
            "Per gemeente van herkomst van de bewoners: het aantal nachten in de periode maal het "
            "dagtarief van de voorziening, opgeteld over alle verblijven. Personen zonder bekende "
            "gemeente van herkomst staan onder ‘Herkomst onbekend’."
        ),
        _(
            "Dit zijn bedragen in euro’s, geen aantallen personen; de regels voor kleine aantallen "
            "gelden er niet voor en ze worden niet afgeschermd."
        ),
    ],
}

LABELS = {
    "M1.persons": _("Personen in de opvang"),
    "M2.inflow": _("Instroom (personen)"),
    "M2.first_time": _("Van wie voor het eerst"),
    "M3.ended": _("Beëindigde verblijven"),
    "M3.ended_median_nights": _("Beëindigde verblijven: mediane duur (nachten)"),
    "M3.ended_mean_nights": _("Beëindigde verblijven: gemiddelde duur (nachten)"),
    "M3.open": _("Lopende verblijven op de einddatum"),
    "M3.open_median_nights": _("Lopende verblijven: mediane duur tot nu toe (nachten)"),
    "M4.exits": _("Beëindigde verblijven (zonder respijt)"),
    "M4.to_housing": _("Van wie vertrokken naar wonen"),
    "M4.share": _("Aandeel vertrokken naar wonen"),
    "M5.cohort": _("Personen vertrokken naar wonen"),
    "M5.returned_180": _("Terug in de opvang binnen 180 dagen"),
    "M5.returned_365": _("Terug in de opvang binnen 365 dagen"),
    "M5.returned_730": _("Terug in de opvang binnen 730 dagen"),
    "M6.placed": _("Plaatsingen vanaf de wachtlijst"),
    "M6.placed_median_days": _("Mediane wachttijd tot plaatsing (dagen)"),
    "M6.open": _("Wachtenden op de einddatum"),
    "M6.open_median_days": _("Mediane wachttijd tot nu toe (dagen)"),
    "M7.available": _("Beschikbaar (eenheid-nachten)"),
    "M7.occupied": _("Bezet (eenheid-nachten)"),
    "M7.share": _("Bezettingsgraad"),
    "M8.received": _("Ontvangen signalen"),
    "M8.contacted_within_norm": _("Van wie contact binnen de norm"),
    "M8.share": _("Aandeel contact binnen de norm"),
    "M9.applications": _("Aanvragen"),
    "M9.decisions": _("Besluiten (toegekend of afgewezen)"),
    "M9.within_term": _("Van wie besloten binnen de termijn"),
    "M9.share": _("Aandeel binnen de termijn"),
    "M9.median_days": _("Mediane doorlooptijd tot besluit (dagen)"),
    "M9.active": _("Lopende briefadressen op de einddatum"),
    "M10.persons": _("Personen met twee metingen"),
    "M10.improved": _("Van wie vooruitgegaan"),
    "M10.share": _("Aandeel vooruitgegaan"),
    "M11.active": _("Lopende nazorgtrajecten op de einddatum"),
    "M11.due": _("Geplande contactmomenten"),
    "M11.on_time": _("Van wie op tijd"),
    "M11.share": _("Aandeel op tijd"),
    "M11.relapses": _("Personen teruggevallen in de opvang"),
    "M12.entered": _("Personen in de nachtopvang (meer dan 3 nachten)"),
    "M12.with_plan": _("Van wie met een plan binnen de termijn"),
    "M12.share": _("Aandeel met een plan binnen de termijn"),
}

UNKNOWN_ORIGIN = _("Herkomst onbekend")

QUARTERS_TITLE = _("Per kwartaal: personen en instroom")
QUARTERS_DEFINITION = [
    _(
        "De cijfers M1 en M2, apart berekend voor elk kwartaal van de periode. Een persoon die in "
        "meer kwartalen in de opvang verbleef, telt in elk van die kwartalen mee; de kwartalen "
        "tellen daarom niet op tot het cijfer over de hele periode."
    )
]

# The note under a table for each mark that occurs in it; the mark itself is put in front.
NOTES = {
    Reason.SMALL_COUNT: _(
        "een aantal van 1 tot en met {small}; het precieze aantal is afgeschermd"
    ),
    Reason.SMALL_BASE: _("onderdrukt: noemer kleiner dan {base}"),
    Reason.FEW_ITEMS: _("onderdrukt: berekend over minder dan {base} waarnemingen"),
    Reason.SMALL_PART: _(
        "onderdrukt: het percentage zou een afgeschermd aantal (1 tot en met {small}) prijsgeven"
    ),
    Reason.EMPTY: _(
        "geen waarde: er is niets om over te rekenen, of de termijn is nog niet voorbij"
    ),
    Reason.COMPLEMENTARY: _(
        "ook afgeschermd: anders is een afgeschermd aantal terug te rekenen uit het totaal"
    ),
    Reason.GROUP: _(
        "alle delen afgeschermd: anders is een afgeschermd aantal terug te rekenen uit het totaal"
    ),
}

SUPPRESSION_RULES = [
    _(
        "Om te voorkomen dat cijfers tot personen te herleiden zijn, gelden voor alles in dit "
        "rapport (tabellen, grafieken en spreadsheet) de volgende regels."
    ),
    _(
        "Een aantal van 1 tot en met {small} staat er als <5. Een 0 blijft 0. In grafieken "
        "worden deze waarden niet getekend."
    ),
    _(
        "Een percentage waarvan de noemer (het aantal waarover het berekend is) kleiner is dan "
        "{base}, staat er als –. Dat geldt ook voor een percentage dat samen met zijn noemer een "
        "afgeschermd aantal van 1 tot en met 4 zou prijsgeven."
    ),
    _(
        "Een gemiddelde of mediaan over minder dan {base} waarnemingen staat er ook als –: bij "
        "zo weinig waarnemingen beschrijft het getal vooral één of twee personen."
    ),
    _(
        "Eenheid-nachten (bezetting, M7) en bedragen in euro’s (M13) zijn geen aantallen "
        "personen en worden getoond zoals ze zijn."
    ),
    _(
        "Waar aantallen delen van een getoond totaal zijn (eerste instroom van de instroom, "
        "uitkomsten van de signalen), kan een afgeschermd aantal niet worden teruggerekend: is "
        "een deel afgeschermd, of zou het totaal min de getoonde delen 1 tot en met {small} "
        "opleveren, dan staat ook het op één na kleinste deel er als –, met zijn percentage."
    ),
]


def note(reason: Reason) -> str:
    return str(NOTES[reason]).format(small=MIN_COUNT - 1, base=MIN_BASE)


def suppression_rules() -> list[str]:
    return [str(text).format(small=MIN_COUNT - 1, base=MIN_BASE) for text in SUPPRESSION_RULES]
