"""Processing activities of indications, arrangements, try-out places and origin changes."""

from __future__ import annotations

from plek.access.activities import ProcessingActivity

INDICATION_VIEW = ProcessingActivity("indicatie.inzien", "Indicatie inzien")
INDICATION_LIST = ProcessingActivity("indicatie.werklijst", "Werklijst aflopende indicaties inzien")
INDICATION_HANDLE = ProcessingActivity(
    "indicatie.vastleggen", "Indicatie vastleggen, verlengen of beëindigen"
)
ARRANGEMENT_VIEW = ProcessingActivity("arrangement.inzien", "Ambulant arrangement inzien")
ARRANGEMENT_LIST = ProcessingActivity(
    "arrangement.werklijst", "Werklijst ambulante arrangementen inzien"
)
ARRANGEMENT_HANDLE = ProcessingActivity(
    "arrangement.vastleggen", "Ambulant arrangement of probeerplek vastleggen of beëindigen"
)
ORIGIN_CHANGE = ProcessingActivity(
    "herkomst.wijzigen", "Gemeente van herkomst wijzigen vanaf een datum"
)

INDICATION_DATA_KINDS = ("indicatie",)
ARRANGEMENT_DATA_KINDS = ("ambulant arrangement",)
