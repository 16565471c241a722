"""The carer burden check-in: five short statements, each answered on a scale of 0 to 4.

The score is the sum (0–20); from ``settings.INFORMAL_OVERLOAD_SCORE`` (default 13) the carer
counts as overloaded and the check-in raises a signal "overbelaste mantelzorger". The statements
follow the common Dutch practice of asking about experienced pressure (ervaren druk) in a few
plain questions; they are plek's own wording.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

QUESTIONS: tuple[tuple[str, Any], ...] = (
    ("tijd", _("Ik heb te weinig tijd voor mezelf")),
    ("zwaar", _("De zorg valt me lichamelijk of geestelijk zwaar")),
    ("slaap", _("Ik slaap slecht of ben vaak moe door de zorg")),
    ("alleen", _("Ik sta er alleen voor")),
    ("volhouden", _("Ik weet niet hoe lang ik dit nog volhoud")),
)

SCALE: tuple[tuple[int, Any], ...] = (
    (0, _("Nooit")),
    (1, _("Zelden")),
    (2, _("Soms")),
    (3, _("Vaak")),
    (4, _("Altijd")),
)
MAX_ANSWER = 4
MAX_SCORE = MAX_ANSWER * len(QUESTIONS)


def overload_norm() -> int:
    return int(settings.INFORMAL_OVERLOAD_SCORE)


def score(answers: dict[str, int]) -> int:
    """The sum of the answers; every question must be answered with 0..4."""
    missing = [code for code, _label in QUESTIONS if code not in answers]
    if missing:
        raise ValueError(f"onbeantwoord: {', '.join(missing)}")
    for code, value in answers.items():
        if not 0 <= int(value) <= MAX_ANSWER:
            raise ValueError(f"{code}: {value} ligt niet tussen 0 en {MAX_ANSWER}")
    return sum(int(answers[code]) for code, _label in QUESTIONS)


def is_overloaded(total: int) -> bool:
    return total >= overload_norm()
