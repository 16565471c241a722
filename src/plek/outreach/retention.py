"""Retention of street contacts with their referrals (registered with ``plek.core.retention``)."""

from django.utils.translation import gettext_lazy as _

from plek.access.choices import Purpose
from plek.core.retention import DELETE, RetentionKind, register
from plek.outreach.activities import CONTACT_DATA_KINDS

STREET_CONTACT = register(
    RetentionKind(
        code="straatcontact",
        label=_("Straatcontact (veldwerk), met doorverwijzingen"),
        model="outreach.StreetContact",
        # A contact is over when it happened; its referral follows within days.
        end_field="met_at",
        counted_by_monitor=False,
        default_years=5,
        action=DELETE,
        basis=_(
            "VNG Selectielijst 2020 noemt veldwerk niet apart; naaste analogie: "
            "vroegsignalering (outreachend contact vóór een voorziening), 5 jaar"
        ),
        purpose=Purpose.WMO_MO,
        data_kinds=CONTACT_DATA_KINDS,
        order=26,
    )
)
