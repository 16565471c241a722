"""Processing activities of the BRP adapter (see ``plek.access.activities``)."""

from __future__ import annotations

from plek.access.activities import ProcessingActivity

BRP_CONSULT = ProcessingActivity(
    "brp.raadplegen", "Naam, geboorte, geslacht en adres van een persoon in de BRP raadplegen"
)
BRP_COPY = ProcessingActivity("brp.overnemen", "Gegevens uit de BRP overnemen in plek")
# At registration the person is not in plek yet: logged without a person id (never the BSN).
BRP_CONSULT_REGISTRATION = ProcessingActivity(
    "brp.raadplegen_registratie", "De BRP raadplegen om een nieuwe persoon te registreren"
)
