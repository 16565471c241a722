"""The Dutch decision letter as PDF (WeasyPrint), from a template; no network, no fonts fetched."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from plek.postal.models import PostalApplication


def decision_letter_pdf(application: PostalApplication) -> bytes:
    # Imported here: WeasyPrint loads its fonts and libraries, which only this path needs.
    from weasyprint import HTML

    html = render_to_string(
        "postal/letter.html", {"application": application, "today": timezone.localdate()}
    )
    return HTML(string=html, base_url=None).write_pdf()
