"""The processing activities of street outreach (verwerkingsactiviteiten)."""

from __future__ import annotations

from plek.access.activities import ProcessingActivity

# Outreach is part of social shelter (maatschappelijke opvang): kept like the signals, 5 years.
RETENTION = "P5Y"

CONTACT_CREATE = ProcessingActivity(
    "veldwerk.contact_vastleggen", "Straatcontact vastleggen", retention_period=RETENTION
)
CONTACT_VIEW = ProcessingActivity(
    "veldwerk.contact_inzien", "Straatcontact inzien", retention_period=RETENTION
)
CONTACT_LIST = ProcessingActivity(
    "veldwerk.contacten_inzien", "Lijst van straatcontacten inzien", retention_period=RETENTION
)
CONTACT_LINK = ProcessingActivity(
    "veldwerk.contact_koppelen",
    "Straatcontact aan een persoon koppelen",
    retention_period=RETENTION,
)
REFERRAL_CREATE = ProcessingActivity(
    "veldwerk.doorverwijzen", "Doorverwijzen naar een wijkteam", retention_period=RETENTION
)
REFERRAL_RESPOND = ProcessingActivity(
    "veldwerk.doorverwijzing_beantwoorden",
    "Reageren op een doorverwijzing van veldwerk",
    retention_period=RETENTION,
)
REFERRAL_LIST = ProcessingActivity(
    "veldwerk.doorverwijzingen_inzien", "Doorverwijzingen inzien", retention_period=RETENTION
)

CONTACT_DATA_KINDS = ("straatcontact", "plek en tijd", "beschrijving", "aanbod")
REFERRAL_DATA_KINDS = ("doorverwijzing", "straatcontact", "reactie")
