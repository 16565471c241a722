"""Processing activities of the aftercare (waakvlam) work."""

from __future__ import annotations

from plek.access.activities import ProcessingActivity

AFTERCARE_VIEW = ProcessingActivity("nazorg.inzien", "Nazorgtraject inzien")
AFTERCARE_LIST = ProcessingActivity(
    "nazorg.werklijst", "Werklijsten en signaleringen nazorg inzien"
)
AFTERCARE_HANDLE = ProcessingActivity(
    "nazorg.vastleggen", "Nazorgtraject starten, coach toewijzen, contactmoment vastleggen"
)

AFTERCARE_DATA_KINDS = ("nazorgtraject", "contactmomenten", "stoplichten per leefgebied")
