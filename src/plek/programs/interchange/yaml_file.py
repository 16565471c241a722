"""The programme as YAML: writing it and reading it back."""

from __future__ import annotations

from typing import Any

import yaml
from django.utils.translation import gettext as _

from plek.programs.interchange.common import ImportFailed, Problem


def to_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def from_yaml(content: bytes) -> dict[str, Any]:
    try:
        data = yaml.safe_load(content.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        where = _(" (regel %(line)s)") % {"line": line + 1} if line is not None else ""
        raise ImportFailed(
            [
                Problem(
                    _("bestand"), 0, "-", _("Dit is geen geldige YAML%(where)s.") % {"where": where}
                )
            ]
        ) from error
    if not isinstance(data, dict) or not isinstance(data.get("programma"), dict):
        raise ImportFailed(
            [Problem("programma", 0, "-", _("Het onderdeel 'programma' ontbreekt."))]
        )
    return data
