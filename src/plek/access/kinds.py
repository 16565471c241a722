"""Purpose-bound access: which kinds of a person's data each relation opens.

A relation is there for a purpose, and opens only the kinds of data that purpose needs. Every
dossier section and every person-data page or API resource declares its kind (``DataKind``);
the policy lets a relation through only for the kinds of its basis (``KINDS_BY_BASIS``). A
person may have several relations with one reader: the first (in the sources' order) that opens
the kind asked for decides, and names its purpose in the log.

The matrix is documented in ``docs/security.md``; ``tests/access/test_kinds.py`` checks that
the document and this table say the same, cell by cell, and that the policy follows it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataKind(models.TextChoices):
    """Kinds of a person's data, as the policy grants them."""

    IDENTITY = "identiteit", _("Identiteit (naam, BSN, geboortedatum, geslacht, herkomst)")
    CONTACT = "contact", _("Contactgegevens en adres")
    HOUSEHOLD = "huishouden", _("Huishouden en toestemmingen")
    SIGNALS = "signalen", _("Signalen en contactpogingen")
    INTAKE = "intake_zrm", _("Intake en ZRM-scores")
    PLAN = "plan", _("Plan: doelen, acties, evaluaties")
    PLAN_EXISTENCE = "plan_bestaan", _("Bestaan van een plan en de regisseur")
    PLACEMENT = "verblijf", _("Wachtlijst, plaatsing en verblijven")
    POSTAL = "briefadres", _("Briefadres: aanvraag, besluit, herbeoordeling")
    AFTERCARE = "nazorg", _("Nazorg (waakvlam)")


ALL_KINDS = frozenset(DataKind.values)
_BASE = frozenset({DataKind.IDENTITY, DataKind.CONTACT, DataKind.HOUSEHOLD})
# What placement needs: who, where to reach them, with whom they live, the placement itself,
# and whether there is a plan (and whose) to coordinate with.
_PLACEMENT = _BASE | {DataKind.PLACEMENT, DataKind.PLAN_EXISTENCE}

# Basis (as in ``Grant.basis``) -> kinds. A basis not listed opens identity only.
KINDS_BY_BASIS: dict[str, frozenset[str]] = {
    # The case lead and the plan's team: the whole file.
    "plan:regisseur": ALL_KINDS,
    "plan:team": ALL_KINDS,
    # Someone a hand-over waits for: looks at the whole file before accepting it.
    "plan:overdracht": ALL_KINDS,
    "relatie:regisseur": ALL_KINDS,
    "relatie:planteam": ALL_KINDS,
    # The integrated intake assesses every life domain.
    "intake": ALL_KINDS,
    # Providers: what placement needs; with a running stay also the plan they work on.
    "wonen:verblijf": _PLACEMENT | {DataKind.PLAN},
    "wonen:voorstel": _PLACEMENT,
    "wonen:terugval": _PLACEMENT,
    "relatie:aanbieder": _PLACEMENT,
    # Whoever registered a waiting entry (access consultant): placement and the indication.
    "wonen:wachtlijst": _PLACEMENT | {DataKind.INTAKE},
    # The access consultant keeping the region's central waiting list: placement only.
    "wonen:centrale_wachtlijst": _PLACEMENT,
    # The access consultant who decided an indication: likewise placement and the assessment.
    "indicatie": _PLACEMENT | {DataKind.INTAKE},
    # The provider named on an indication prepares the support: placement only.
    "indicatie:aanbieder": _PLACEMENT,
    # The provider of an ambulatory arrangement: placement and the plan they work on.
    "arrangement": _PLACEMENT | {DataKind.PLAN},
    # The postal-address team: identity, contact, the application, and whether a plan exists
    # (a granted address needs a plan); never ZRM scores, signals or stays.
    "relatie:briefadres": frozenset(
        {DataKind.IDENTITY, DataKind.CONTACT, DataKind.POSTAL, DataKind.PLAN_EXISTENCE}
    ),
    # Early signals (debts, eviction): the signals and who else is involved.
    "signaal:toegewezen": _BASE | {DataKind.SIGNALS, DataKind.PLAN_EXISTENCE},
    "signaal:adres_toegewezen": frozenset({DataKind.SIGNALS}),
    # Street outreach: the worker who met the person, and the wijkteam a contact was referred
    # to, see what early help needs (plek.outreach.relations).
    "veldwerk:contact": _BASE | {DataKind.SIGNALS, DataKind.PLAN_EXISTENCE},
    "veldwerk:doorverwijzing": _BASE | {DataKind.SIGNALS, DataKind.PLAN_EXISTENCE},
    # The aftercare coach: the track, the stay it came from and the alerts (new signal, relapse).
    "relatie:waakvlam": _BASE
    | {DataKind.AFTERCARE, DataKind.PLACEMENT, DataKind.SIGNALS, DataKind.PLAN_EXISTENCE},
    # The team that registered a carer who is a person in the chain: the carer's own support
    # (overload signals, the plan made with them), not their stays or postal address.
    "relatie:mantelzorgconsulent": _BASE
    | {DataKind.SIGNALS, DataKind.PLAN, DataKind.PLAN_EXISTENCE},
    "relatie:overig": _BASE,
    # Break-the-glass: an emergency look at the whole file (view only, reviewed afterwards).
    "break_the_glass": ALL_KINDS,
}


def kinds_for(basis: str) -> frozenset[str]:
    return KINDS_BY_BASIS.get(basis, frozenset({DataKind.IDENTITY}))


def opens(basis: str, kind: str | None) -> bool:
    """Does a grant on this basis open this kind of data? ``None`` asks for identity."""
    return (kind or DataKind.IDENTITY) in kinds_for(basis)
