"""The plan as a PDF for the resident (WeasyPrint), in plain Dutch, on the letterhead."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from plek.core.letterhead import Recipient, letterhead, recipient
from plek.plans.selectors import PlanView


def plan_recipient(view: PlanView) -> Recipient:
    """The plan's person, or the household's first member, at the address plek holds."""
    person: Any = view.plan.person or (view.members[0].person if view.members else None)
    if person is None:
        return recipient(view.subject)
    street = " ".join(part for part in (person.street, person.house_number) if part)
    return recipient(str(person), street, person.postcode)


def plan_pdf(view: PlanView) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "plans/plan_pdf.html",
        {
            "view": view,
            "plan": view.plan,
            "today": timezone.localdate(),
            "letterhead": letterhead(),
            "recipient": plan_recipient(view),
        },
    )
    return HTML(string=html).write_pdf()
