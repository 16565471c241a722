"""The functional admin sets the terms of the postal-address process; changes kept as history."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plek.accounts import config_history
from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.postal.models import PostalTerms
from plek.postal.rules import Terms, terms

AREA = "briefadres"
# field: (label, lowest, highest)
LIMITS = {
    "decision_days": (gettext_lazy("Beslistermijn (dagen)"), 1, 365),
    "plan_days": (gettext_lazy("Termijn voor het plan (dagen)"), 1, 365),
    "review_months": (gettext_lazy("Herbeoordeling elke (maanden)"), 1, 24),
}


def validate_terms(values: Mapping[str, object]) -> Terms:
    errors: dict[str, str] = {}
    clean: dict[str, int] = {}
    for name, (label, low, high) in LIMITS.items():
        value = values.get(name)
        try:
            number = int(str(value))
        except ValueError:
            number = low - 1
        if value is None or isinstance(value, bool) or str(number) != str(value).strip():
            number = low - 1
        if not low <= number <= high:
            errors[name] = _("%(label)s: een heel getal van %(low)d tot en met %(high)d.") % {
                "label": label,
                "low": low,
                "high": high,
            }
        clean[name] = number
    unknown = sorted(set(values) - set(LIMITS))
    if unknown:
        errors["__all__"] = _("Termijnen briefadres: onbekende sleutel %(names)s.") % {
            "names": ", ".join(unknown)
        }
    if errors:
        raise ValidationError(errors)
    return Terms(**clean)


def save_terms(
    actor: Actor | None, values: Mapping[str, object], source: str = config_history.SCREEN
) -> Terms:
    """Store the terms (actor None: the command line); they apply at once, nothing is cached."""
    if actor is not None and actor.role != Role.BEHEER:
        raise PermissionDenied(_("Alleen functioneel beheerders."))
    new = validate_terms(values)
    with transaction.atomic():
        old = terms()
        row = PostalTerms.objects.select_for_update().order_by("pk").first() or PostalTerms()
        row.decision_days = new.decision_days
        row.plan_days = new.plan_days
        row.review_months = new.review_months
        row.save()
        config_history.record(
            actor,
            AREA,
            _("Termijnen briefadres"),
            {name: str(getattr(old, name)) for name in LIMITS},
            {name: str(getattr(new, name)) for name in LIMITS},
            {name: label for name, (label, _low, _high) in LIMITS.items()},
            source=source,
        )
    return new


def as_dict(current: Terms) -> dict[str, int]:
    return {name: getattr(current, name) for name in LIMITS}
