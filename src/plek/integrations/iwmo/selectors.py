"""What the functional admin sees of the iWmo exchange: messages and codes, never a person."""

from __future__ import annotations

from dataclasses import dataclass

from plek.integrations.iwmo.services import RETURN_CODE_TEXT
from plek.integrations.models_iwmo import IwmoMessage, MessageState

RECENT = 25


@dataclass(frozen=True)
class MessageRow:
    message: IwmoMessage
    codes: list[str]


def _describe(code: str) -> str:
    number, _sep, value = code.rpartition(":")
    text = RETURN_CODE_TEXT.get(value, "")
    line = f"{number}: " if number else ""
    return f"{line}{value}{f' ({text})' if text else ''}"


def recent_messages() -> list[MessageRow]:
    rows = IwmoMessage.objects.defer("xml").order_by("-created_at", "-id")[:RECENT]
    return [MessageRow(row, [_describe(code) for code in row.return_codes]) for row in rows]


def waiting_count() -> int:
    return IwmoMessage.objects.filter(outgoing=True, state=MessageState.READY).count()
