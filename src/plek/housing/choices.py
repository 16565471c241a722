"""Facility types, their categories and exit destinations: plek-csv codes (docs/exchange.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    OPVANG = "opvang", _("Opvang")
    TUSSEN = "tussen", _("Tussenvoorziening")
    BW = "bw", _("Beschermd wonen")
    HF = "hf", _("Housing First")
    RESPIJT = "respijt", _("Respijt (terugval)")


class FacilityType(models.TextChoices):
    NACHTOPVANG = "nachtopvang", _("Nachtopvang")
    CRISISOPVANG = "crisisopvang", _("Crisisopvang")
    CRISISOPVANG_GEZINNEN = "crisisopvang_gezinnen", _("Crisisopvang gezinnen")
    VROUWENOPVANG = "vrouwenopvang", _("Vrouwenopvang")
    WINTEROPVANG = "winteropvang", _("Winteropvang")
    TUSSENVOORZIENING = "tussenvoorziening", _("Tussenvoorziening")
    FLEXWONEN = "flexwonen", _("Flexwonen")
    WOONTRAINING = "woontraining", _("Woontraining")
    SKAEVE_HUSE = "skaeve_huse", _("Skaeve Huse")
    SHORT_STAY = "short_stay", _("Short stay")
    PARTICULIERE_OPVANG = "particuliere_opvang", _("Particuliere opvang")
    BESCHERMD_WONEN = "beschermd_wonen", _("Beschermd wonen")
    PROBEERPLEK = "probeerplek", _("Probeerplek")
    HOUSING_FIRST = "housing_first", _("Housing First")
    TERUGVAL = "terugval", _("Terugvalvoorziening (respijt)")


CATEGORY_OF_TYPE: dict[str, str] = {
    **dict.fromkeys(
        ["nachtopvang", "crisisopvang", "crisisopvang_gezinnen", "vrouwenopvang", "winteropvang"],
        Category.OPVANG,
    ),
    **dict.fromkeys(
        [
            "tussenvoorziening",
            "flexwonen",
            "woontraining",
            "skaeve_huse",
            "short_stay",
            "particuliere_opvang",
        ],
        Category.TUSSEN,
    ),
    "beschermd_wonen": Category.BW,
    "probeerplek": Category.BW,
    "housing_first": Category.HF,
    "terugval": Category.RESPIJT,
}


class Scope(models.TextChoices):
    REGIONAL = "regional", _("Regionaal")
    LOCAL = "local", _("Lokaal")


class ExitDestination(models.TextChoices):
    EIGEN_WONING = "eigen_woning", _("Eigen (huur)woning")
    HOUSING_FIRST = "housing_first", _("Housing First")
    BESCHERMD_THUIS = "beschermd_thuis", _("Beschermd thuis (woning met begeleiding)")
    BESCHERMD_WONEN = "beschermd_wonen", _("Beschermd wonen")
    GGZ_KLINIEK = "ggz_kliniek", _("GGZ-kliniek")
    ZIEKENHUIS = "ziekenhuis", _("Ziekenhuis")
    DETENTIE = "detentie", _("Detentie")
    TUSSENVOORZIENING = "tussenvoorziening", _("Tussenvoorziening")
    ANDERE_OPVANG = "andere_opvang", _("Andere opvang")
    BANK_SLAPEN = "bank_slapen", _("Bankslapen")
    STRAAT = "straat", _("Straat")
    VERTROKKEN_ONBEKEND = "vertrokken_onbekend", _("Vertrokken, bestemming onbekend")
    OVERLEDEN = "overleden", _("Overleden")


HOUSING_DESTINATIONS = frozenset({"eigen_woning", "housing_first", "beschermd_thuis"})


class UnitKind(models.TextChoices):
    KAMER = "kamer", _("Kamer")
    BED = "bed", _("Bed")
    APPARTEMENT = "appartement", _("Appartement")


class ChildrenRule(models.TextChoices):
    ANY = "", _("Maakt niet uit")
    WITH = "met", _("Alleen huishoudens met kinderen")
    WITHOUT = "zonder", _("Alleen zonder kinderen")


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Voorgesteld")
    ACCEPTED = "geaccepteerd", _("Geaccepteerd")
    DECLINED = "afgewezen", _("Afgewezen")
    LAPSED = "vervallen", _("Vervallen")
