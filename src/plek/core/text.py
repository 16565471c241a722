"""Checks of typed or delivered text that every app needs alike."""

from __future__ import annotations


def is_digits(text: str) -> bool:
    """True for one or more ASCII digits 0–9 and nothing else.

    ``str.isdigit`` also says yes to "¹", "²" and "①", which ``int`` refuses: a check with it
    lets such input through to a traceback where a Dutch message belongs.
    """
    return text.isascii() and text.isdigit()
