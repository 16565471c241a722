"""Other ways to log in, offered on the login page (single sign-on): apps above accounts register
a function that returns the options currently configured; accounts never imports them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class LoginOption:
    label: str
    url: str


OptionsFunction = Callable[[], list[LoginOption]]
_SOURCES: dict[str, OptionsFunction] = {}


def register_login_options(key: str, source: OptionsFunction) -> None:
    _SOURCES[key] = source


def available() -> list[LoginOption]:
    return [option for source in _SOURCES.values() for option in source()]
