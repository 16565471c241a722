"""A two-column table of one exported record, for the inzage PDF."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def record_table(record: dict[str, Any]) -> str:
    def text(value: Any) -> str:
        if value is None or value == "":
            return "–"
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False)
        return str(value)

    rows = format_html_join(
        "", "<tr><th>{}</th><td>{}</td></tr>", ((key, text(v)) for key, v in record.items())
    )
    return format_html("<table>{}</table>", rows)
