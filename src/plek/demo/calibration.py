"""The demo region's calibration table: municipalities, providers, facilities with their
capacity over time and flows, and where people go next.

The figures follow the region described in docs/domain.md (twelve municipalities, about 450,000
inhabitants). ``plek.demo.flows`` simulates the chain from this table.
"""

from __future__ import annotations

from dataclasses import dataclass

# (CBS code, name, inhabitants): the twelve municipalities of the seeds.
MUNICIPALITIES = (
    ("GM0505", "Dordrecht", 119_000),
    ("GM0642", "Zwijndrecht", 45_000),
    ("GM0512", "Gorinchem", 37_000),
    ("GM0590", "Papendrecht", 32_000),
    ("GM0531", "Hendrik-Ido-Ambacht", 31_000),
    ("GM1927", "Molenwaard", 29_000),
    ("GM0610", "Sliedrecht", 25_000),
    ("GM0545", "Leerdam", 21_000),
    ("GM0482", "Alblasserdam", 20_000),
    ("GM0523", "Hardinxveld-Giessendam", 18_000),
    ("GM0689", "Giessenlanden", 14_600),
    ("GM0707", "Zederik", 14_000),
)

# The providers of the demo region (plek.demo.region), so the demo users see their own facilities.
PROVIDERS = ("demo-onderdak-zuid", "demo-schuilhaven", "demo-zorg-merwezicht", "demo-woonstichting")


@dataclass(frozen=True)
class FacilityPlan:
    key: str
    name: str
    type: str
    provider: str
    municipality: str
    scope: str
    tariff: str
    # (month offset from the start, units): capacity as it changes over the simulated time.
    capacity: tuple[tuple[int, int], ...]
    arrivals_per_year: float
    # Median and spread of the length of stay in nights (log-normal).
    median_nights: float
    spread: float = 0.9


FACILITIES = (
    FacilityPlan(
        "nacht-dordrecht",
        "Nachtopvang De Brug (demo)",
        "nachtopvang",
        "demo-onderdak-zuid",
        "GM0505",
        "regional",
        "62.50",
        ((0, 50),),
        250,
        6.0,
        1.6,
    ),
    FacilityPlan(
        "nacht-reserve",
        "Nachtopvang reserve (demo)",
        "nachtopvang",
        "demo-onderdak-zuid",
        "GM0505",
        "regional",
        "62.50",
        ((0, 10),),
        20,
        4.0,
        1.2,
    ),
    FacilityPlan(
        "winter",
        "Winteropvang (demo)",
        "winteropvang",
        "demo-onderdak-zuid",
        "GM0505",
        "regional",
        "45.00",
        ((0, 30), (3, 0), (11, 30), (15, 0), (23, 30)),
        90,
        20.0,
        0.8,
    ),
    FacilityPlan(
        "crisis-gezin",
        "Crisisopvang gezinnen (demo)",
        "crisisopvang_gezinnen",
        "demo-onderdak-zuid",
        "GM0505",
        "regional",
        "95.00",
        ((0, 3),),
        25,
        35.0,
        0.5,
    ),
    FacilityPlan(
        "vrouwen",
        "Vrouwenopvang crisis (demo)",
        "vrouwenopvang",
        "demo-schuilhaven",
        "GM0505",
        "regional",
        "110.00",
        ((0, 7),),
        66,
        36.0,
        0.5,
    ),
    FacilityPlan(
        "vrouwen-vervolg",
        "Vrouwenopvang vervolg (demo)",
        "vrouwenopvang",
        "demo-schuilhaven",
        "GM0642",
        "regional",
        "85.00",
        ((0, 8),),
        12,
        150.0,
        0.5,
    ),
    FacilityPlan(
        "tussen",
        "Tussenvoorziening De Overstap (demo)",
        "tussenvoorziening",
        "demo-onderdak-zuid",
        "GM0642",
        "regional",
        "75.00",
        ((0, 8), (12, 24)),
        40,
        120.0,
        0.6,
    ),
    FacilityPlan(
        "flex",
        "Flexwonen Merwedekade (demo)",
        "flexwonen",
        "demo-woonstichting",
        "GM0590",
        "local",
        "25.00",
        ((0, 80),),
        70,
        300.0,
        0.5,
    ),
    FacilityPlan(
        "training",
        "Woontraining jongvolwassenen (demo)",
        "woontraining",
        "demo-zorg-merwezicht",
        "GM0512",
        "regional",
        "70.00",
        ((0, 30),),
        25,
        360.0,
        0.4,
    ),
    FacilityPlan(
        "skaeve",
        "Skaeve Huse (demo)",
        "skaeve_huse",
        "demo-zorg-merwezicht",
        "GM1927",
        "regional",
        "40.00",
        ((0, 12),),
        4,
        700.0,
        0.5,
    ),
    FacilityPlan(
        "bw-dordrecht",
        "Beschermd wonen Dordrecht (demo)",
        "beschermd_wonen",
        "demo-zorg-merwezicht",
        "GM0505",
        "regional",
        "165.00",
        ((0, 240),),
        30,
        2700.0,
        0.6,
    ),
    FacilityPlan(
        "bw-gorinchem",
        "Beschermd wonen Gorinchem (demo)",
        "beschermd_wonen",
        "demo-zorg-merwezicht",
        "GM0512",
        "regional",
        "160.00",
        ((0, 200),),
        25,
        2700.0,
        0.6,
    ),
    FacilityPlan(
        "hf",
        "Housing First (demo)",
        "housing_first",
        "demo-woonstichting",
        "GM0505",
        "regional",
        "35.00",
        ((0, 25), (12, 42)),
        20,
        900.0,
        0.5,
    ),
    FacilityPlan(
        "respijt",
        "Terugvalvoorziening (demo)",
        "terugval",
        "demo-zorg-merwezicht",
        "GM0642",
        "regional",
        "120.00",
        ((0, 6), (9, 12)),
        60,
        7.0,
        0.5,
    ),
)

# Where people go after each category, with weights (destinations of docs/exchange.md).
DESTINATIONS = {
    "opvang": (
        ("tussenvoorziening", 14),
        ("eigen_woning", 10),
        ("housing_first", 4),
        ("beschermd_wonen", 5),
        ("bank_slapen", 20),
        ("straat", 22),
        ("vertrokken_onbekend", 20),
        ("ziekenhuis", 2),
        ("detentie", 3),
    ),
    "tussen": (
        ("eigen_woning", 45),
        ("beschermd_thuis", 15),
        ("housing_first", 8),
        ("andere_opvang", 8),
        ("bank_slapen", 9),
        ("vertrokken_onbekend", 15),
    ),
    "bw": (
        ("beschermd_thuis", 45),
        ("eigen_woning", 20),
        ("ggz_kliniek", 12),
        ("andere_opvang", 5),
        ("overleden", 6),
        ("vertrokken_onbekend", 12),
    ),
    "hf": (("eigen_woning", 60), ("ggz_kliniek", 10), ("straat", 10), ("vertrokken_onbekend", 20)),
    "respijt": (("eigen_woning", 100),),
}
HOUSING = {"eigen_woning", "housing_first", "beschermd_thuis"}
NEXT_TYPE = {
    "tussenvoorziening": "tussenvoorziening",
    "beschermd_wonen": "beschermd_wonen",
    "housing_first": "housing_first",
}
CATEGORY = {
    "nachtopvang": "opvang",
    "winteropvang": "opvang",
    "crisisopvang_gezinnen": "opvang",
    "vrouwenopvang": "opvang",
    "tussenvoorziening": "tussen",
    "flexwonen": "tussen",
    "woontraining": "tussen",
    "skaeve_huse": "tussen",
    "beschermd_wonen": "bw",
    "housing_first": "hf",
    "terugval": "respijt",
}
SIGNALS_PER_1000_INHABITANTS = 3.0
OPENED_YEARS_AGO = 12
POSTAL_PER_YEAR = 150
FAMILY_NAMES = (
    "Bakker",
    "Visser",
    "Smit",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Brouwer",
    "Wouters",
    "Kok",
    "Jacobs",
    "Vermeulen",
    "Schouten",
    "Willems",
    "Hoekstra",
    "Koster",
    "Prins",
    "Huisman",
    "Kuipers",
    "Post",
)
