"""Processing activities of the postal-address work, for the processing log."""

from __future__ import annotations

from plek.access.activities import ProcessingActivity

# Archiefwet / Selectielijst: a postal-address decision is kept like the Wmo file it belongs to.
POSTAL_VIEW = ProcessingActivity("briefadres.inzien", "Briefadresaanvraag inzien")
POSTAL_LIST = ProcessingActivity("briefadres.werklijst", "Werklijst briefadressen inzien")
POSTAL_HANDLE = ProcessingActivity(
    "briefadres.behandelen", "Briefadresaanvraag vastleggen, beoordelen en besluiten"
)
POSTAL_LETTER = ProcessingActivity("briefadres.besluitbrief", "Besluitbrief briefadres maken")
POSTAL_NOTIFY = ProcessingActivity(
    "briefadres.melding_sociale_dienst", "Sociale dienst informeren over een briefadres"
)

POSTAL_DATA_KINDS = ("briefadres", "grond briefadres", "briefadresgever", "besluit briefadres")
