"""The plan as a PDF for the resident (WeasyPrint), in plain Dutch."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from plek.plans.selectors import PlanView


def plan_pdf(view: PlanView) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "plans/plan_pdf.html", {"view": view, "plan": view.plan, "today": timezone.localdate()}
    )
    return HTML(string=html).write_pdf()
