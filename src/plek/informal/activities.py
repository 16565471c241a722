"""Processing activities of informal care: carers, help requests and buddies."""

from __future__ import annotations

from plek.access.activities import ProcessingActivity

CARER_VIEW = ProcessingActivity("mantelzorg.inzien", "Mantelzorger en zorgrelaties inzien")
CARER_LIST = ProcessingActivity("mantelzorg.werklijst", "Mantelzorgers van het team inzien")
CARER_RECORD = ProcessingActivity(
    "mantelzorg.vastleggen",
    "Mantelzorger registreren, belastingcheck, ondersteuning en waardering vastleggen",
)
HELP_REQUEST_RECORD = ProcessingActivity(
    "hulpvraag.indienen", "Hulpvraag voor een bewoner indienen bij de vrijwilligerscentrale"
)
HELP_REQUEST_SUMMARY = ProcessingActivity(
    "hulpvraag.samenvatting_inzien",
    "Samenvatting van een hulpvraag inzien (met toestemming gedeeld met de vrijwilligerscentrale)",
)
BUDDY_CONCERN = ProcessingActivity(
    "maatje.zorg_melden", "Zorg van een maatje doorgeven aan de nazorg"
)

CARER_DATA_KINDS = ("mantelzorger", "zorgrelaties", "belastingchecks", "ondersteuning")
SUMMARY_DATA_KINDS = ("voornaam", "wijk", "hulpvraag")
