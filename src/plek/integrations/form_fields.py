"""Form helpers shared by the integrations' settings pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models


def https_by_default(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """A URL typed without a scheme is read as https (Django 6's default, chosen now)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)
