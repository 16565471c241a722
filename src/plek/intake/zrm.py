"""The self-sufficiency matrix (Zelfredzaamheid-Matrix, ZRM): domains and scale.

Domain names and scale labels are our own short wording; the official per-level criteria texts
are copyrighted and can be loaded by a licensed municipality as configuration.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    FINANCIEN = "financien", _("Financiën")
    WERK_OPLEIDING = "werk_opleiding", _("Werk en opleiding")
    TIJDSBESTEDING = "tijdsbesteding", _("Tijdsbesteding")
    HUISVESTING = "huisvesting", _("Huisvesting")
    HUISELIJKE_RELATIES = "huiselijke_relaties", _("Huiselijke relaties")
    GEESTELIJKE_GEZONDHEID = "geestelijke_gezondheid", _("Geestelijke gezondheid")
    LICHAMELIJKE_GEZONDHEID = "lichamelijke_gezondheid", _("Lichamelijke gezondheid")
    MIDDELENGEBRUIK = "middelengebruik", _("Middelengebruik")
    BASALE_ADL = "basale_adl", _("Basale ADL")
    INSTRUMENTELE_ADL = "instrumentele_adl", _("Instrumentele ADL")
    SOCIAAL_NETWERK = "sociaal_netwerk", _("Sociaal netwerk")
    MAATSCHAPPELIJKE_PARTICIPATIE = (
        "maatschappelijke_participatie",
        _("Maatschappelijke participatie"),
    )
    JUSTITIE = "justitie", _("Justitie")


# The order of the plek-csv columns and of every table and chart.
DOMAINS: tuple[str, ...] = tuple(Domain.values)


class Score(models.IntegerChoices):
    ACUUT = 1, _("1 · acute problematiek")
    NIET_ZELFREDZAAM = 2, _("2 · niet zelfredzaam")
    BEPERKT = 3, _("3 · beperkt zelfredzaam")
    VOLDOENDE = 4, _("4 · voldoende zelfredzaam")
    VOLLEDIG = 5, _("5 · volledig zelfredzaam")


class InstrumentVersion(models.TextChoices):
    ZRM_2017 = "2017", _("ZRM 2017 (13 domeinen)")
    ZRM_2010 = "2010", _("ZRM 2010 (11 domeinen)")
