"""The processing activities of the access-request register."""

from __future__ import annotations

from plek.access.activities import ProcessingActivity

REQUEST_REGISTER = ProcessingActivity(
    "inzage.verzoek_registreren", "Inzageverzoek van een bewoner registreren"
)
REQUEST_LIST = ProcessingActivity("inzage.verzoeken_inzien", "Register van inzageverzoeken inzien")
REQUEST_CHANGE = ProcessingActivity(
    "inzage.verzoek_behandelen", "Inzageverzoek behandelen (persoon, verlenging, afhandeling)"
)
REQUEST_DATA_KINDS = ("inzageverzoek", "naam aanvrager", "adres voor het antwoord")
