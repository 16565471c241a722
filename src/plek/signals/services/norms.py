"""The functional admin sets the response norm per urgency; every change kept in the history."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plek.accounts import config_history
from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.core.choices import Priority
from plek.signals.models import ResponseNorm
from plek.signals.norms import response_norms

AREA = "norm"
MAX_NORM_DAYS = 365


def validate_norms(norms: Mapping[str, object]) -> dict[str, int]:
    """Whole days 0…365 for each urgency; errors keyed by urgency, in Dutch, naming it."""
    errors: dict[str, str] = {}
    clean: dict[str, int] = {}
    for urgency in Priority.values:
        label = Priority(urgency).label
        value = norms.get(urgency)
        if value is None or value == "":
            errors[urgency] = _("Reactienorm %(urgency)s: vul een aantal dagen in.") % {
                "urgency": label
            }
            continue
        try:
            days = int(str(value))
        except ValueError:
            days = -1
        if isinstance(value, bool) or days < 0 or days > MAX_NORM_DAYS or str(days) != str(value):
            errors[urgency] = _(
                "Reactienorm %(urgency)s: een heel aantal dagen van 0 tot en met %(max)d."
            ) % {"urgency": label, "max": MAX_NORM_DAYS}
            continue
        clean[urgency] = days
    unknown = sorted(set(norms) - set(Priority.values))
    if unknown:
        errors["__all__"] = _("Reactienormen: onbekende urgentie %(names)s.") % {
            "names": ", ".join(unknown)
        }
    if not errors and not clean[Priority.SPOED] <= clean[Priority.HOOG] <= clean[Priority.NORMAAL]:
        errors[Priority.HOOG] = _(
            "Reactienorm Hoog: moet tussen de norm voor spoed en die voor normaal liggen."
        )
    if errors:
        raise ValidationError(errors)
    return clean


def save_response_norms(
    actor: Actor | None, norms: Mapping[str, object], source: str = config_history.SCREEN
) -> dict[str, int]:
    """Store the norms (actor None: the command line). Applies at once: nothing is cached."""
    if actor is not None and actor.role != Role.BEHEER:
        raise PermissionDenied(_("Alleen functioneel beheerders."))
    clean = validate_norms(norms)
    with transaction.atomic():
        before = {key: str(days) for key, days in response_norms().items()}
        for urgency, days in clean.items():
            ResponseNorm.objects.update_or_create(urgency=urgency, defaults={"days": days})
        labels = {
            key: _("Reactienorm %(urgency)s (dagen)") % {"urgency": Priority(key).label}
            for key in clean
        }
        config_history.record(
            actor,
            AREA,
            _("Reactienormen"),
            before,
            {key: str(days) for key, days in clean.items()},
            labels,
            source=source,
        )
    return clean
