"""Processing activities of placement and flow, for the processing log."""

from __future__ import annotations

from plek.access.activities import ProcessingActivity

WAITING_REGISTER = ProcessingActivity(
    "wonen.wachtlijst_inschrijven", "Inschrijven op een wachtlijst"
)
WAITING_CHANGE = ProcessingActivity("wonen.wachtlijst_wijzigen", "Wachtlijstinschrijving wijzigen")
WAITING_VIEW = ProcessingActivity(
    "wonen.wachtlijst_inzien", "Wachtlijstinschrijving en rangschikking inzien"
)
PROPOSAL_CREATE = ProcessingActivity("wonen.voorstel_doen", "Kandidaat voorstellen voor een plek")
PROPOSAL_DECIDE = ProcessingActivity("wonen.voorstel_besluiten", "Voorstel accepteren of afwijzen")
PROPOSAL_VIEW = ProcessingActivity("wonen.voorstel_inzien", "Voorstel voor een plek inzien")
STAY_CHANGE = ProcessingActivity(
    "wonen.verblijf_vastleggen", "Verblijf vastleggen (plaatsing, overplaatsing, vertrek)"
)
STAY_VIEW = ProcessingActivity("wonen.verblijf_inzien", "Verblijf inzien")
BOARD_VIEW = ProcessingActivity("wonen.bezetting_inzien", "Bewoners op het bezettingsbord inzien")
RESPITE_CHANGE = ProcessingActivity("wonen.terugval_boeken", "Terugvalplek boeken of verlengen")
