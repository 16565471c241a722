"""A password check beyond Django's own: a common word dressed up with digits and symbols.

Django's ``CommonPasswordValidator`` compares the whole password with its list of 20,000 common
passwords, so ``welkom`` is refused but ``Welkom2026!!`` passes, and ``aaaaaaaaaaaa`` too. This
validator takes the same list (plus a few Dutch words that list lacks), strips digits and
symbols from both ends and refuses when what is left is a common word, a repetition of one or
two characters, or a simple run of the keyboard or alphabet.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Dutch words people reach for and that the English-based list does not hold.
DUTCH_WORDS = frozenset(
    {
        "welkom",
        "wachtwoord",
        "zomer",
        "winter",
        "lente",
        "herfst",
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
        "gemeente",
        "wijkteam",
        "geheim",
        "inloggen",
        "plek",
        "nederland",
        "amsterdam",
        "rotterdam",
        "utrecht",
        "feyenoord",
        "ajax",
        "hallo",
        "voorjaar",
        "najaar",
    }
)
RUNS = ("abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm", "0123456789")
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


class CommonPatternValidator:
    def __init__(self) -> None:
        self.common = CommonPasswordValidator().passwords | DUTCH_WORDS

    def _weak(self, password: str) -> bool:
        lowered = password.lower().strip()
        if len(set(lowered)) <= 2:
            return True
        core = _EDGES.sub("", lowered)
        if not core or core in self.common:
            return True
        return len(core) >= 4 and any(core in run for run in RUNS)

    def validate(self, password: str, user: Any = None) -> None:
        if self._weak(password):
            raise ValidationError(
                _(
                    "Dit wachtwoord is te makkelijk te raden: een veelgebruikt woord of een "
                    "herhaling, ook met cijfers of tekens ervoor of erachter. Kies bijvoorbeeld "
                    "drie of vier losse woorden."
                ),
                code="password_common_pattern",
            )

    def get_help_text(self) -> str:
        return _("Geen veelgebruikt woord met alleen cijfers of tekens eromheen.")
