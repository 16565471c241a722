"""The vocabularies of the access policy and the processing log.

They live apart from ``policy`` so that models, forms and the policy can all import them without
a cycle; ``plek.access.policy`` re-exports ``Action`` and ``Purpose``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """What an actor wants to do with a person's data."""

    VIEW = "view", _("inzien")
    CREATE = "create", _("vastleggen")
    CHANGE = "change", _("wijzigen")
    DELETE = "delete", _("verwijderen")
    EXPORT = "export", _("exporteren")


class Purpose(models.TextChoices):
    """Processing purposes (doelbinding): every read and write names one."""

    WMO_MO = "wmo_mo", _("Uitvoering Wmo / maatschappelijke opvang")
    BESCHERMD_WONEN = "beschermd_wonen", _("Uitvoering beschermd wonen")
    VROEGSIGNALERING = "vroegsignalering", _("Vroegsignalering schulden")
    BRIEFADRES = "briefadres", _("Briefadres")
    NAZORG = "nazorg", _("Nazorg (waakvlam)")
    INZAGE = "inzage", _("Inzageverzoek (AVG)")
    TOEZICHT = "toezicht_privacy", _("Toezicht op privacy")
    TOEGANGSBEHEER = "toegangsbeheer", _("Beheer van toegangsrechten")


# Purposes under which casework may open a file; the others belong to the privacy officer.
CASEWORK_PURPOSES = frozenset(
    {
        Purpose.WMO_MO,
        Purpose.BESCHERMD_WONEN,
        Purpose.VROEGSIGNALERING,
        Purpose.BRIEFADRES,
        Purpose.NAZORG,
    }
)


class RelationKind(models.TextChoices):
    """Why a professional, team or organisation works with a person."""

    REGISSEUR = "regisseur", _("Regisseur / casemanager")
    PLANTEAM = "planteam", _("Lid van het team van het plan")
    AANBIEDER = "aanbieder", _("Aanbieder met lopend verblijf of verwijzing")
    BRIEFADRES = "briefadres", _("MDT briefadressen")
    WAAKVLAM = "waakvlam", _("Waakvlamcoach")
    OVERIG = "overig", _("Overige betrokkenheid")


class LogAction(models.TextChoices):
    """The action of a processing-log entry (VNG verwerkingenlogging)."""

    READ = "read", _("Raadplegen")
    CREATE = "create", _("Vastleggen")
    CHANGE = "change", _("Wijzigen")
    DELETE = "delete", _("Verwijderen")
    EXPORT = "export", _("Exporteren")


# Policy actions and log actions differ only in the word for reading.
LOG_ACTION_FOR = {
    Action.VIEW: LogAction.READ,
    Action.CREATE: LogAction.CREATE,
    Action.CHANGE: LogAction.CHANGE,
    Action.DELETE: LogAction.DELETE,
    Action.EXPORT: LogAction.EXPORT,
}


class Confidentiality(models.TextChoices):
    """Vertrouwelijkheid of the processed data (VNG verwerkingenlogging)."""

    NORMAAL = "normaal", _("Normaal")
    VERTROUWELIJK = "vertrouwelijk", _("Vertrouwelijk")
    OPGEHEVEN = "opgeheven", _("Opgeheven")
