"""The Dutch decision letter as PDF (WeasyPrint), from a template; no network, no fonts fetched.

The letterhead, recipient and signatory come from ``plek.core.letterhead`` (configuration).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from plek.core.letterhead import Recipient, letterhead, recipient
from plek.postal.models import PostalApplication


def letter_recipient(application: PostalApplication) -> Recipient:
    """The applicant, at the postal address once granted, else at the address plek holds."""
    person = application.person
    name = " ".join(part for part in (person.initials, person.family_name) if part)
    if application.decision == "toegekend" and application.giver_label:
        return recipient(name, application.giver_label)
    street = " ".join(part for part in (person.street, person.house_number) if part)
    return recipient(name, street, person.postcode)


def decision_letter_pdf(application: PostalApplication) -> bytes:
    # Imported here: WeasyPrint loads its fonts and libraries, which only this path needs.
    from weasyprint import HTML

    html = render_to_string(
        "postal/letter.html",
        {
            "application": application,
            "today": timezone.localdate(),
            "letterhead": letterhead(),
            "recipient": letter_recipient(application),
        },
    )
    return HTML(string=html, base_url=None).write_pdf()
