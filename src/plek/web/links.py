"""Links to pages that may live in apps still being built: reverse by name, else a fixed path."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class Link:
    """A named page: reversed at render time so a missing app drops the link, not the page."""

    label: str | Promise
    url_name: str
    # Used when url_name does not (yet) exist; empty means: leave the link out.
    fallback_path: str = ""
    description: str | Promise = ""

    def href(self) -> str:
        return resolve_href(self.url_name, self.fallback_path)


def resolve_href(url_name: str, fallback_path: str = "") -> str:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return fallback_path
