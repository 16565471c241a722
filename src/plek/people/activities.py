"""Processing activities of the people app (see ``plek.access.activities`` for the pattern)."""

from __future__ import annotations

from plek.access.activities import ProcessingActivity

PERSON_CREATE = ProcessingActivity("persoon.registreren", "Een nieuwe persoon registreren")
PERSON_CHANGE = ProcessingActivity(
    "persoon.contact_wijzigen", "Contactgegevens en adres van een persoon wijzigen"
)
DUPLICATE_CHECK = ProcessingActivity(
    "persoon.dubbelen_controleren", "Nagaan of een nieuwe persoon al geregistreerd is"
)
CONSENT_CHANGE = ProcessingActivity(
    "persoon.toestemming_vastleggen", "Toestemming voor het delen van gegevens vastleggen"
)
HOUSEHOLD_VIEW = ProcessingActivity("huishouden.inzien", "Samenstelling van een huishouden inzien")
HOUSEHOLD_CHANGE = ProcessingActivity(
    "huishouden.wijzigen", "Huishouden aanmaken of de samenstelling wijzigen"
)
PERSON_LIST = ProcessingActivity("persoon.lijst", "Lijst van personen raadplegen")
PERSON_MERGE = ProcessingActivity(
    "persoon.samenvoegen", "Twee registraties van een persoon samenvoegen"
)
PERSON_MERGE_UNDO = ProcessingActivity(
    "persoon.samenvoegen_ongedaan", "Samenvoegen van twee registraties ongedaan maken"
)
INZAGE_LOOKUP = ProcessingActivity(
    "inzage.persoon_zoeken", "Persoon opzoeken voor een inzageverzoek (AVG)"
)
INZAGE_EXPORT = ProcessingActivity(
    "inzage.exporteren", "Alle gegevens van een persoon exporteren voor een inzageverzoek (AVG)"
)
PERSON_SEARCH = ProcessingActivity(
    "persoon.zoeken", "Een persoon zoeken op naam, geboortedatum, BSN, adres of kenmerk"
)
