"""Extension keys of the monitor's JSON: figures that apps add beside M1–M13.

The exchange contract allows new top-level keys and forbids changing the existing ones, so the
engine's result stays exactly M1–M13 and each extension is a separate function of the period,
registered by the app that owns the figures (``register_extension`` in its ``AppConfig.ready``).
``plek monitor`` adds them under their own key; consumers that know only M1–M13 skip them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from plek.core.text import is_digits
from plek.monitor.engine_types import Period

Extension = Callable[[Period], dict[str, Any]]

_EXTENSIONS: dict[str, Extension] = {}


def register_extension(key: str, figures: Extension) -> None:
    if key == "period" or (key.startswith("M") and is_digits(key[1:])):
        raise ValueError(f"De sleutel {key!r} is van het contract en kan geen extensie zijn.")
    _EXTENSIONS[key] = figures


def with_extensions(result: dict[str, Any], period: Period) -> dict[str, Any]:
    """The engine's result with every registered extension added under its own key."""
    extended = dict(result)
    for key in sorted(_EXTENSIONS):
        extended[key] = _EXTENSIONS[key](period)
    return extended
