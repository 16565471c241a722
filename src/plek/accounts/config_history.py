"""The change history of the region's configuration: one row per changed field, old and new.

Every service that changes a setting of the functional admin (facilities, units, capacity,
response norms, postal terms, tariffs, the allocation model) takes a snapshot before and after
and calls ``record`` inside its own transaction, so the history and the change are one.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from plek.accounts.context import Actor
from plek.accounts.models import ConfigChange, User

SCREEN = "scherm"
YAML = "yaml"


def as_text(value: Any) -> str:
    """A stored value as the history shows it: dates as ISO, booleans as ja/nee, lists sorted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(sorted(as_text(item) for item in value))
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, str]:
    """The fields of a row as text; many-to-many fields only once the row has a key."""
    values: dict[str, str] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values[name] = as_text(list(getattr(obj, name).all())) if obj.pk else ""
        elif field.is_relation:
            values[name] = as_text(getattr(obj, name, None))
        else:
            values[name] = as_text(getattr(obj, name))
    return values


def record(
    actor: Actor | None,
    area: str,
    subject: object,
    before: Mapping[str, str],
    after: Mapping[str, str],
    labels: Mapping[str, object] | None = None,
    *,
    key: object = "",
    source: str = SCREEN,
    user: User | None = None,
) -> list[ConfigChange]:
    """Store one row per field whose text differs; returns the rows (none when nothing changed)."""
    rows = [
        ConfigChange(
            changed_by=user if user is not None else (actor.user if actor else None),
            area=area,
            subject=str(subject)[:200],
            subject_key=str(key)[:64],
            field=str((labels or {}).get(name, name))[:100],
            old_value=before.get(name, ""),
            new_value=after.get(name, ""),
            source=source,
        )
        for name in after
        if before.get(name, "") != after.get(name, "")
    ]
    return ConfigChange.objects.bulk_create(rows)


def field_labels(model: type[models.Model], fields: Iterable[str]) -> dict[str, str]:
    return {
        name: str(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
        for name in fields
    }


def changes(area: str = "", query: str = "") -> QuerySet[ConfigChange]:
    """The history, newest first; optionally one area and a search in subject, field and values."""
    rows = ConfigChange.objects.select_related("changed_by")
    if area:
        rows = rows.filter(area=area)
    if query:
        rows = rows.filter(
            Q(subject__icontains=query)
            | Q(field__icontains=query)
            | Q(old_value__icontains=query)
            | Q(new_value__icontains=query)
        )
    return rows.order_by("-changed_at", "-id")
