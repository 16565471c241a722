"""Processing activities (verwerkingsactiviteiten) that plek records in the processing log.

Each activity carries its confidentiality and retention period (bewaartermijn, as an ISO 8601
duration), so a log entry states them without every caller having to know them. Apps define
their own activities next to their selectors and services with the same dataclass.
"""

from __future__ import annotations

from dataclasses import dataclass

from plek.access.choices import Confidentiality


@dataclass(frozen=True)
class ProcessingActivity:
    code: str
    name: str
    confidentiality: str = Confidentiality.VERTROUWELIJK
    # VNG Selectielijst 2020: a Wmo provision and its plan are kept 15 years.
    retention_period: str = "P15Y"


PERSON_VIEW = ProcessingActivity("persoon.inzien", "Basisgegevens van een persoon inzien")
PERSON_FILE_LOOKUP = ProcessingActivity(
    "persoon.bestaan_controleren", "Nagaan of er een dossier van een persoon bestaat"
)
BREAK_GLASS = ProcessingActivity(
    "toegang.doorbreken", "Toegang tot een dossier doorbreken (break-the-glass)"
)
# Supervision of the log itself: kept as long as the entries it looks at could matter.
LOG_SEARCH = ProcessingActivity(
    "toezicht.verwerkingen_zoeken", "Verwerkingenlog doorzoeken (privacytoezicht)"
)
BREAK_GLASS_LIST = ProcessingActivity(
    "toezicht.doorbraken_inzien", "Doorbraken van toegang inzien (privacytoezicht)"
)
BREAK_GLASS_REVIEW = ProcessingActivity(
    "toezicht.doorbraak_beoordelen", "Doorbraak van toegang beoordelen (privacytoezicht)"
)
# Who may act as what: kept as long as the reads those rights allowed could be questioned.
MEMBERSHIP_CHANGE = ProcessingActivity(
    "beheer.lidmaatschap_wijzigen", "Lidmaatschap (rol) van een medewerker vastleggen of wijzigen"
)
BREAK_GLASS_UNLOCK = ProcessingActivity(
    "toezicht.doorbreken_vrijgeven", "Medewerker vrijgeven voor meer doorbraken vandaag"
)
UNUSUAL_ACCESS = ProcessingActivity(
    "toezicht.ongebruikelijke_inzage", "Rapport ongebruikelijke inzage opvragen (privacytoezicht)"
)
