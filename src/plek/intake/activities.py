"""Processing activities of the intake app (see ``plek.access.activities``)."""

from __future__ import annotations

from plek.access.activities import ProcessingActivity

INTAKE_VIEW = ProcessingActivity("intake.inzien", "Integrale intake van een huishouden inzien")
INTAKE_RECORD = ProcessingActivity(
    "intake.vastleggen", "Integrale intake van een huishouden vastleggen"
)
HOUSEHOLD_FOR_INTAKE = ProcessingActivity(
    "intake.huishouden_inzien", "Samenstelling van het huishouden inzien voor een intake"
)
ZRM_VIEW = ProcessingActivity("zrm.inzien", "Zelfredzaamheid (ZRM-scores) van een persoon inzien")
ZRM_RECORD = ProcessingActivity("zrm.vastleggen", "ZRM-meting van een persoon vastleggen")

INTAKE_DATA_KINDS = ("huishouden", "hulpvraag", "verhaal per leefgebied", "betrokkenen")
ZRM_DATA_KINDS = ("ZRM-scores",)
HOUSEHOLD_DATA_KINDS = ("naam", "huishouden")
INTAKE_LIST = ProcessingActivity("intake.werklijst", "Lopende intakes in een werklijst tonen")
# A worklist row: the household's name, the applicant, the start date and who started it.
INTAKE_LIST_DATA_KINDS = ("naam", "huishouden", "startdatum intake")
