"""The processing activities of the signals app (verwerkingsactiviteiten)."""

from __future__ import annotations

from plek.access.activities import ProcessingActivity

# Debt help and early signals: VNG Selectielijst 2020 keeps them 5 years.
RETENTION = "P5Y"

SIGNAL_VIEW = ProcessingActivity("signaal.inzien", "Signaal inzien", retention_period=RETENTION)
SIGNAL_LIST = ProcessingActivity(
    "signaal.lijst_inzien", "Lijst van signalen van het team inzien", retention_period=RETENTION
)
SIGNAL_CREATE = ProcessingActivity(
    "signaal.vastleggen", "Signaal vastleggen", retention_period=RETENTION
)
SIGNAL_ASSIGN = ProcessingActivity(
    "signaal.toewijzen", "Signaal toewijzen aan team en medewerker", retention_period=RETENTION
)
CONTACT_ATTEMPT = ProcessingActivity(
    "signaal.contactpoging", "Contactpoging vastleggen", retention_period=RETENTION
)
SIGNAL_OUTCOME = ProcessingActivity(
    "signaal.uitkomst", "Uitkomst van een signaal vastleggen", retention_period=RETENTION
)
SIGNAL_FEEDBACK = ProcessingActivity(
    "signaal.terugmelden", "Eindresultaat terugmelden aan de bron", retention_period=RETENTION
)
FEEDBACK_LIST = ProcessingActivity(
    "signaal.terugmeldingen_inzien",
    "Terugmeldingen inzien (signaalpartner)",
    retention_period=RETENTION,
)
DELIVERY_UPLOAD = ProcessingActivity(
    "signaal.aanlevering_controleren",
    "Aanlevering van signalen ontvangen en controleren",
    retention_period=RETENTION,
)
DELIVERY_STORE = ProcessingActivity(
    "signaal.aanlevering_opslaan",
    "Geldige rijen van een aanlevering als signalen opslaan",
    retention_period=RETENTION,
)
DELIVERY_CANCEL = ProcessingActivity(
    "signaal.aanlevering_annuleren",
    "Aanlevering annuleren en de gegevens verwijderen",
    retention_period=RETENTION,
)

SIGNAL_DATA_KINDS = (
    "signaal",
    "financiële achterstand",
    "adres",
    "contactpogingen",
    "uitkomst",
)
DELIVERY_DATA_KINDS = ("BSN", "naam", "geboortedatum", "adres", "financiële achterstand")
