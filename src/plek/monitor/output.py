"""The monitor's figures as the JSON of EXCHANGE.md §2 and as flat rows for CSV and spreadsheets."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        # Already rounded to at most 4 places: float's shortest repr gives back the same digits.
        return float(value)
    raise TypeError(f"{type(value).__name__} kan niet naar JSON")


def to_json(result: dict[str, Any]) -> str:
    return json.dumps(result, default=_plain, ensure_ascii=False, indent=2)


def flat_rows(result: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(figure, key path, value) for every value but the period, keys joined with dots."""

    def walk(figure: str, prefix: str, value: Any) -> Iterator[tuple[str, str, Any]]:
        if isinstance(value, dict):
            for key, inner in value.items():
                yield from walk(figure, f"{prefix}.{key}" if prefix else str(key), inner)
        else:
            yield figure, prefix, value

    for figure, values in result.items():
        if figure != "period":
            yield from walk(figure, "", values)
