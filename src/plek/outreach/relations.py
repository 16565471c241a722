"""The access relations of street outreach.

- ``veldwerk:contact``: the outreach worker who met the person, and their team, may work on the
  file of a person linked to a street contact for ``DAYS_AFTER_CONTACT`` days after the contact.
- ``veldwerk:doorverwijzing``: the wijkteam a contact was referred to may look at the person's
  file while the referral waits for its answer, and ``DAYS_AFTER_RESPONSE`` days after, so that
  it can decide and open a signal. Accepting opens a signal, which brings its own relation.

Both open what early help needs: identity, contact, household, signals and whether a plan exists
(``plek.access.kinds``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from plek.access.choices import Purpose
from plek.access.relations import (
    CASEWORK_ACTIONS,
    Grant,
    Moment,
    SingleGrantSource,
    register_relation_source,
)
from plek.accounts.models import Membership
from plek.outreach.models import ReferralStatus, StreetContact

DAYS_AFTER_CONTACT = 180
DAYS_AFTER_RESPONSE = 30
CONTACT_BASIS = "veldwerk:contact"
REFERRAL_BASIS = "veldwerk:doorverwijzing"


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


def met_by(membership: Membership) -> Q:
    holder = Q(worker_id=membership.user_id)
    if membership.team_id:
        holder |= Q(team_id=membership.team_id)
    return holder


class StreetContactSource(SingleGrantSource):
    name = "veldwerk"
    priority = 210

    def rows(self, membership: Membership, moment: Moment) -> QuerySet[Any]:
        since = _end_of(moment.day - datetime.timedelta(days=DAYS_AFTER_CONTACT + 1))
        return StreetContact.objects.filter(
            met_by(membership), met_at__gte=since, met_at__lt=_end_of(moment.day)
        )

    def the_grant(self) -> Grant:
        return Grant(
            basis=CONTACT_BASIS,
            purpose=Purpose.WMO_MO,
            actions=CASEWORK_ACTIONS,
            source=self.name,
        )


class ReferralSource(SingleGrantSource):
    name = "veldwerk-doorverwijzing"
    priority = 220

    def rows(self, membership: Membership, moment: Moment) -> QuerySet[Any]:
        if not membership.team_id:
            return StreetContact.objects.none()
        after = moment.day - datetime.timedelta(days=DAYS_AFTER_RESPONSE)
        return StreetContact.objects.filter(
            Q(referrals__status=ReferralStatus.OPEN) | Q(referrals__responded_on__gte=after),
            referrals__team_id=membership.team_id,
            referrals__referred_on__lte=moment.day,
        )

    def the_grant(self) -> Grant:
        return Grant(
            basis=REFERRAL_BASIS,
            purpose=Purpose.WMO_MO,
            actions=CASEWORK_ACTIONS,
            source=self.name,
        )


def register() -> None:
    register_relation_source(StreetContactSource())
    register_relation_source(ReferralSource())
