"""Processing activities of the plans app (see ``plek.access.activities``)."""

from __future__ import annotations

from plek.access.activities import ProcessingActivity

PLAN_VIEW = ProcessingActivity("plan.inzien", "Plan van een huishouden inzien")
PLAN_RECORD = ProcessingActivity("plan.vastleggen", "Plan van een huishouden vastleggen")
PLAN_EXPORT = ProcessingActivity("plan.afdrukken", "Plan van een huishouden als PDF maken")
HAND_OVER = ProcessingActivity("plan.overdragen", "Regie over een plan overdragen")

PLAN_DATA_KINDS = ("naam", "huishouden", "plan", "doelen", "acties", "evaluaties", "regisseur")
PLAN_LIST = ProcessingActivity("plan.werklijst", "Plannen in een werklijst tonen")
# A worklist row: the household's name, the plan's review date, a hand-over's sender.
PLAN_LIST_DATA_KINDS = ("naam", "huishouden", "evaluatiedatum")
# A row of "Acties over hun streefdatum": the household's name, the action and its date.
PLAN_ACTION_LIST_DATA_KINDS = ("naam", "huishouden", "acties")
