"""Put a service's ``ValidationError`` on a Django form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def errors_onto_form(form: forms.BaseForm, error: ValidationError) -> None:
    """Field errors go to their field; errors for unknown fields and plain errors go on top."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
