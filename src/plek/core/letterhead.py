"""The organisation's letterhead, the recipient and the signatory of letters to residents.

Configured in settings (``PLEK_LETTERHEAD_*``, docs/operations.md), read here; the templates
include ``web/letter/letterhead.html`` and ``web/letter/signature.html`` with ``letterhead`` and
``recipient``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings


@dataclass(frozen=True)
class Letterhead:
    organisation: str
    address_lines: tuple[str, ...]
    contact: str
    signatory: str
    signatory_title: str


@dataclass(frozen=True)
class Recipient:
    name: str
    address_lines: tuple[str, ...] = field(default_factory=tuple)


def letterhead() -> Letterhead:
    return Letterhead(
        organisation=settings.LETTERHEAD_ORGANISATION,
        address_lines=tuple(
            line.strip() for line in settings.LETTERHEAD_ADDRESS.split("|") if line.strip()
        ),
        contact=settings.LETTERHEAD_CONTACT,
        signatory=settings.LETTERHEAD_SIGNATORY,
        signatory_title=settings.LETTERHEAD_SIGNATORY_TITLE,
    )


def recipient(name: str, *address_lines: str) -> Recipient:
    return Recipient(name=name, address_lines=tuple(line for line in address_lines if line))
