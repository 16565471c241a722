"""Demo: three execution programmes in our own words, modelled on the kinds of plan the seed
documents are (a municipal plan on five life areas, a regional programme on four action lines,
an activity overview with clusters), with indicators bound to the demo region's live figures.

Uses its own random generator, so loading the programmes never shifts another app's demo data.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from plek.accounts.models import Municipality, Organisation
from plek.programs.models import (
    Action,
    Indicator,
    IndicatorValue,
    Milestone,
    MomentState,
    Origin,
    Programme,
    ReportingMoment,
    StatusUpdate,
    Theme,
)

SEED = 1409
REGION_OWNER = "demo-gemeente-dordrecht"
LOCAL_OWNER = "demo-gemeente-zwijndrecht"

# (theme, [(title, lead, stakeholders, [(milestone, year offset, part)])])
LOCAL_PLAN: list[tuple[str, list[tuple[str, str, list[str], list[tuple[str, int, str]]]]]] = [
    (
        "Wonen",
        [
            (
                "Tijdelijke woningen in panden die leeg staan",
                "Team wonen",
                ["Corporaties", "Zorgaanbieders"],
                [("Afspraken met de corporaties", 0, "Q2"), ("Eerste locatie in gebruik", 0, "Q4")],
            ),
            (
                "Briefadres voor thuislozen zonder omweg",
                "Team opvang en wonen",
                ["Burgerzaken", "Welzijn", "Sociale dienst"],
                [
                    ("Gezamenlijke beoordeling met vaste criteria", 0, "Q3"),
                    ("Werkwijze vastgelegd", 1, "Q1"),
                ],
            ),
        ],
    ),
    (
        "Zorg",
        [
            (
                "Terugvalplekken in de eigen gemeente",
                "Team opvang en wonen",
                ["Zorgaanbieders", "Corporaties"],
                [("Locatie gekozen", 0, "Q4"), ("Zorgpartij gecontracteerd", 1, "H1")],
            ),
        ],
    ),
    (
        "Daginvulling",
        [
            (
                "Werkplaatsen voor wie nog niet kan werken",
                "Team participatie",
                ["Sociale dienst", "Welzijn"],
                [("Twee werkplaatsen open", 1, "H2")],
            ),
        ],
    ),
    (
        "Leefbaarheid",
        [
            (
                "Buurtgesprekken rond nieuwe voorzieningen",
                "Team wijken",
                ["Wijkteams", "Politie"],
                [("Aanpak met bewoners afgesproken", 0, "Q2")],
            ),
        ],
    ),
    (
        "Gezonde financiën",
        [
            (
                "Vroeg eropaf bij betalingsachterstanden",
                "Team schulden",
                ["Energiebedrijven", "Corporaties"],
                [
                    ("Convenant met de leveranciers", 0, "Q1"),
                    ("Elk signaal binnen de norm opgepakt", 1, "jaar"),
                ],
            ),
        ],
    ),
]

REGIONAL_LINES: list[tuple[str, list[tuple[str, str, list[str], list[tuple[str, int, str]]]]]] = [
    (
        "Actielijn 1: dakloosheid voorkomen",
        [
            (
                "Eén meldpunt voor zorgen om een buurtbewoner",
                "Regio, team opvang",
                ["GGD", "Wijkteams"],
                [("Meldpunt bereikbaar", 0, "H1")],
            ),
            (
                "Schuldhulp bij de eerste achterstand",
                "Sociale dienst",
                ["Corporaties"],
                [("Werkafspraken met alle corporaties", 0, "H2")],
            ),
        ],
    ),
    (
        "Actielijn 2: perspectief bieden",
        [
            (
                "Housing First uitbreiden",
                "Regio, team opvang",
                ["Zorgaanbieders", "Corporaties"],
                [
                    ("Twintig woningen per jaar toegezegd", 0, "H1"),
                    ("Vijfentwintig per jaar", 1, "H2"),
                ],
            ),
            (
                "Doorstroom uit de opvang versnellen",
                "Opvangaanbieder",
                ["Corporaties"],
                [("Wachtlijst met heldere voorrang", 1, "H1")],
            ),
        ],
    ),
    (
        "Actielijn 3: terugval voorkomen",
        [
            (
                "Nazorg na de stap naar een eigen huis",
                "Wijkteams",
                ["Opvangaanbieder"],
                [("Vaste contactmomenten in het eerste jaar", 1, "H1")],
            ),
        ],
    ),
    (
        "Actielijn 4: een veilige buurt",
        [
            (
                "Buurtoverleg bij elke opvanglocatie",
                "Regio, team opvang",
                ["Politie", "Bewoners"],
                [("Overleg bij elke locatie", 1, "H2")],
            ),
        ],
    ),
]

CLUSTERS: list[tuple[str, list[tuple[str, str, list[str], list[tuple[str, int, str]]]]]] = [
    (
        "Cluster 1: eigen kracht",
        [
            (
                "Ontmoetingsplek in een nieuw woonzorgcomplex",
                "Welzijnspartners",
                ["Corporatie", "Zorgaanbieder"],
                [("Complex opgeleverd", 0, "Q1")],
            ),
            (
                "Meedoen met landelijke vrijwilligersdagen",
                "Welzijnspartners",
                ["Gemeente"],
                [("Deelname aan de actiedag", 0, "Q1")],
            ),
        ],
    ),
    (
        "Cluster 2: mantelzorg en vrijwilligers",
        [
            (
                "Steunpunt voor mantelzorgers",
                "Welzijnspartners",
                ["Huisartsen"],
                [("Steunpunt open", 0, "H2")],
            ),
        ],
    ),
    (
        "Cluster 3: toegankelijkheid",
        [
            (
                "Wijkteams zichtbaar in elke wijk",
                "Wijkteams",
                ["Huisartsen"],
                [("Spreekuur in elke wijk", 1, "H1")],
            ),
        ],
    ),
]


def _quarter_of(day: datetime.date) -> str:
    return f"Q{(day.month - 1) // 3 + 1}"


def _build(
    rng: random.Random,
    name: str,
    owner: Organisation,
    start: datetime.date,
    end: datetime.date,
    codes: list[str],
    themes: list[tuple[str, list[tuple[str, str, list[str], list[tuple[str, int, str]]]]]],
    today: datetime.date,
) -> Programme:
    programme = Programme.objects.create(
        name=name,
        owner=owner,
        start_date=start,
        end_date=end,
        version="1.0",
        description="Demoprogramma met verzonnen acties; de indicatoren volgen de demoregio.",
    )
    programme.municipalities.set(Municipality.objects.filter(code__in=codes))
    number = 0
    for position, (title, actions) in enumerate(themes, start=1):
        theme = Theme.objects.create(programme=programme, position=position, title=title)
        for index, (action_title, lead, stakeholders, milestones) in enumerate(actions, start=1):
            number += 1
            action = Action.objects.create(
                programme=programme,
                theme=theme,
                position=index,
                number=f"{position}.{index}",
                title=action_title,
                lead_organisation=lead,
                lead_person="beleidsadviseur",
                stakeholders=stakeholders,
            )
            for milestone, offset, part in milestones:
                year = min(start.year + offset, end.year)
                planned = Milestone(
                    action=action, title=milestone, planned_year=year, planned_part=part
                )
                if planned.due < today and rng.random() < 0.75:
                    planned.reached_on = planned.due - datetime.timedelta(days=rng.randint(0, 40))
                planned.save()
    return programme


def _moments(
    rng: random.Random, programme: Programme, today: datetime.date, open_last: bool
) -> None:
    """Half-yearly reporting moments up to today, each action with a status at each."""
    days = []
    year = programme.start_date.year
    while True:
        for month, last in ((6, 30), (12, 31)):
            closing = datetime.date(year, month, last)
            if programme.start_date < closing <= min(today, programme.end_date):
                days.append(closing)
        year += 1
        if datetime.date(year, 1, 1) > min(today, programme.end_date):
            break
    actions = list(programme.actions.all())
    flow = ["planning", "realisatie", "lopend", "gereed"]
    stage = {action.pk: 0 for action in actions}
    for n, closing in enumerate(days):
        half = "1e" if closing.month == 6 else "2e"
        moment = ReportingMoment.objects.create(
            programme=programme,
            title=f"Stand van zaken {half} helft {closing.year}",
            reference_date=closing,
            state=MomentState.VASTGESTELD,
        )
        for action in actions:
            if n and rng.random() < 0.5:
                stage[action.pk] = min(stage[action.pk] + 1, len(flow) - 1)
            status = flow[stage[action.pk]]
            if status != "gereed" and rng.random() < 0.12:
                status = "vertraagd"
            StatusUpdate.objects.create(action=action, moment=moment, status=status, note="")
    if open_last:
        quarter_end = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}[(today.month - 1) // 3 + 1]
        end = datetime.date(today.year, *quarter_end)
        if not ReportingMoment.objects.filter(programme=programme, reference_date=end).exists():
            ReportingMoment.objects.create(
                programme=programme,
                title=f"Stand van zaken {_quarter_of(end)} {end.year}",
                reference_date=end,
            )


def _indicator(programme: Programme, **fields: Any) -> Indicator:
    return Indicator.objects.create(programme=programme, **fields)


def enrich(rng: random.Random) -> None:
    """`rng` is the chain's generator; the programmes draw from their own."""
    if Programme.objects.exists():
        return
    own = random.Random(SEED)
    today = timezone.localdate()
    region_owner = Organisation.objects.filter(external_id=REGION_OWNER).first()
    local_owner = Organisation.objects.filter(external_id=LOCAL_OWNER).first() or region_owner
    if region_owner is None or local_owner is None:
        return
    codes = list(Municipality.objects.order_by("code").values_list("code", flat=True))
    regional = _build(
        own,
        "Van opvang naar een eigen plek (demo)",
        region_owner,
        datetime.date(today.year - 2, 1, 1),
        datetime.date(today.year + 3, 12, 31),
        codes,
        REGIONAL_LINES,
        today,
    )
    # An action added after a council motion, and one added mid-term.
    line = regional.themes.get(position=2)
    Action.objects.create(
        programme=regional,
        theme=line,
        position=9,
        number="2.9",
        title="Extra plekken voor jongeren die uit huis moeten",
        lead_organisation="Regio, team opvang",
        stakeholders=["Jeugdhulp"],
        origin=Origin.MOTIE,
        motion_reference="M-2024-17",
        added_on=datetime.date(today.year - 1, 3, 1),
    )
    _moments(own, regional, today, open_last=True)
    first = regional.actions.order_by("number").first()
    if first is not None:
        Milestone.objects.create(
            action=first,
            title="Evaluatie met partners",
            planned_year=today.year,
            planned_part=_quarter_of(today),
        )
    hf = regional.actions.get(number="2.1")
    _indicator(
        regional,
        name="Nieuwe Housing First-woningen per jaar",
        action=hf,
        source="hf_nieuw",
        period_rule="kalenderjaar",
        target=Decimal(25),
        direction="hoger",
        unit="woningen",
    )
    _indicator(
        regional,
        name="Doorlooptijd briefadres (mediaan, M9)",
        source="M9.median_days",
        period_rule="kalenderjaar",
        target=Decimal(28),
        baseline=Decimal(56),
        direction="lager",
        unit="dagen",
    )
    _indicator(
        regional,
        name="Vertrek uit de opvang naar wonen (M4)",
        source="M4.share",
        period_rule="kalenderjaar",
        target=Decimal(40),
        direction="hoger",
        unit="%",
    )
    _indicator(
        regional,
        name="Terugvalplekken in de regio",
        source="respijtplekken",
        period_rule="peildatum",
        target=Decimal(6),
        direction="hoger",
        unit="plekken",
    )
    _indicator(
        regional,
        name="Plaatsen flexwonen",
        source="capaciteit",
        facility_type="flexwonen",
        period_rule="peildatum",
        target=Decimal(30),
        direction="hoger",
        unit="plaatsen",
    )
    _indicator(
        regional,
        name="Bewoners beschermd wonen",
        source="bw_bestand",
        period_rule="peildatum",
        target=Decimal(400),
        direction="lager",
        unit="personen",
    )
    _indicator(
        regional,
        name="Instroom beschermd wonen",
        source="bw_instroom",
        period_rule="kalenderjaar",
        target=Decimal(70),
        direction="lager",
        unit="personen",
    )
    _indicator(
        regional,
        name="Instroom nachtopvang Zwijndrecht (M2)",
        source="M2.inflow",
        scope="gemeente",
        municipality=Municipality.objects.filter(code="GM0642").first(),
        period_rule="laatste_kwartaal",
        target=Decimal(10),
        direction="lager",
    )

    local = _build(
        own,
        "Een thuis voor iedereen: uitvoeringsplan (demo)",
        local_owner,
        datetime.date(today.year - 1, 1, 1),
        datetime.date(today.year + 2, 12, 31),
        ["GM0642"],
        LOCAL_PLAN,
        today,
    )
    _moments(own, local, today, open_last=False)
    postal = local.actions.get(number="1.2")
    _indicator(
        local,
        name="Briefadres: mediane dagen tot besluit in Zwijndrecht",
        action=postal,
        source="briefadres_mediaan",
        scope="gemeente",
        municipality=Municipality.objects.filter(code="GM0642").first(),
        period_rule="kalenderjaar",
        target=Decimal(28),
        direction="lager",
        unit="dagen",
    )
    _indicator(
        local,
        name="Terugvalplekken",
        source="respijtplekken",
        period_rule="peildatum",
        target=Decimal(6),
        direction="hoger",
        unit="plekken",
    )

    overview = _build(
        own,
        "Activiteitenoverzicht welzijn 2015–2016 (demo)",
        local_owner,
        datetime.date(2015, 1, 1),
        datetime.date(2016, 12, 31),
        ["GM0642"],
        CLUSTERS,
        today,
    )
    _moments(own, overview, today, open_last=False)
    volunteers = _indicator(
        overview,
        name="Vrijwilligers in het woonzorgcomplex",
        source="handmatig",
        period_rule="sinds_start",
        target=Decimal(50),
        direction="hoger",
    )
    for day, value in ((datetime.date(2015, 12, 31), 32), (datetime.date(2016, 12, 31), 51)):
        IndicatorValue.objects.create(indicator=volunteers, on_date=day, value=Decimal(value))
