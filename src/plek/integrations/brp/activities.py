"""Processing activities of the BRP adapter (see ``plek.access.activities``)."""

from __future__ import annotations

from plek.access.activities import ProcessingActivity

BRP_CONSULT = ProcessingActivity(
    "brp.raadplegen", "Naam, geboorte, geslacht en adres van een persoon in de BRP raadplegen"
)
BRP_COPY = ProcessingActivity("brp.overnemen", "Gegevens uit de BRP overnemen in plek")
