"""Demo street outreach: this week's contacts of the demo outreach worker, older ones, and
referrals to the demo wijkteam with and without an answer (some past their date), all relative
to today. Deterministic; its own random generator, so it shifts nothing else of the demo.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from plek.accounts.models import Membership
from plek.accounts.roles import Role
from plek.core import dates
from plek.outreach.models import Offer, Referral, ReferralStatus, StreetContact
from plek.people.models import Person
from plek.signals.models import Signal, Source

SEED = 2026_11
PLACES = (
    "Stationsplein, Dordrecht",
    "Statenplein, Dordrecht",
    "Merwekade, Dordrecht",
    "Weeshuisplein, Dordrecht",
    "Spuiboulevard, Dordrecht",
    "Park Merwestein, Dordrecht",
    "Stationsplein, Zwijndrecht",
    "Walburg, Zwijndrecht",
)
DESCRIPTIONS = (
    "Man, rond de vijftig, grijze baard, slaapt bij de ingang van de parkeergarage",
    "Jonge vrouw met een grote rugzak en een hond, noemt zich Sanne",
    "Man, ongeveer dertig, spreekt Pools en een beetje Engels",
    "Oudere man met rolstoel, zit 's middags op het bankje bij de bibliotheek",
    "Vrouw, rond de veertig, zegt sinds een maand bij vrienden te slapen",
    "Man, lang, groene legerjas, noemt zich Rob",
    "Jongen van een jaar of twintig, net uit huis gezet",
    "Man met fiets vol tassen, wil niet praten over zijn situatie",
)
REASONS = (
    "Slaapt buiten en heeft huurschuld bij de vorige verhuurder; wil hulp met zijn geld.",
    "Wil een briefadres en een uitkering aanvragen; heeft geen contact met instanties.",
    "Zorgen over gezondheid en alcoholgebruik; staat open voor een gesprek met het wijkteam.",
    "Net dakloos na een ontruiming; zoekt een plek om te slapen en hulp met schulden.",
)


def _at(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def enrich(rng: random.Random) -> None:
    del rng
    own = random.Random(SEED)  # noqa: S311  (synthetic demo data, not security)
    worker = (
        Membership.objects.filter(role=Role.VELDWERK, user__username="demo-veldwerk")
        .select_related("user")
        .first()
    )
    wijkteam = Membership.objects.filter(role=Role.WIJKTEAM, user__username="demo-wijkteam").first()
    if worker is None or wijkteam is None or wijkteam.team_id is None:
        return
    today = dates.today()
    monday = today - datetime.timedelta(days=today.weekday())
    persons = list(
        Person.objects.filter(bsn__isnull=False, merged_into__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:400]
    )
    chosen = own.sample(persons, min(10, len(persons)))
    with transaction.atomic():
        contacts = []
        # This week: early this morning when today is Monday, else spread since Monday.
        for n in range(8):
            day = monday + datetime.timedelta(days=(n * today.weekday()) // 8)
            hour = 7 + n % 3 if day == today else 9 + (n * 2) % 10
            contacts.append(
                StreetContact(
                    met_at=_at(day, hour, (n * 17) % 60),
                    location=PLACES[n % len(PLACES)],
                    description=DESCRIPTIONS[n % len(DESCRIPTIONS)],
                    offered=list(Offer.values)[n % (len(Offer.values) - 1)],
                    note="" if n % 3 else "Komt vaak 's avonds hier; morgen weer langs.",
                    person_id=chosen[n] if n % 2 and n < len(chosen) else None,
                    linked_on=today if n % 2 and n < len(chosen) else None,
                    worker=worker.user,
                    team_id=worker.team_id,
                )
            )
        # The weeks before: the same faces return, some now known by name.
        for n in range(16):
            day = monday - datetime.timedelta(days=3 + n * 4)
            linked = n % 3 == 0 and n // 3 + 5 < len(chosen)
            contacts.append(
                StreetContact(
                    met_at=_at(day, 10 + n % 8, (n * 7) % 60),
                    location=PLACES[(n + 3) % len(PLACES)],
                    description=DESCRIPTIONS[(n + 2) % len(DESCRIPTIONS)],
                    offered=list(Offer.values)[(n + 1) % len(Offer.values)],
                    person_id=chosen[n // 3 + 5] if linked else None,
                    linked_on=day if linked else None,
                    worker=worker.user,
                    team_id=worker.team_id,
                )
            )
        StreetContact.objects.bulk_create(contacts)
        this_week, earlier = contacts[:8], contacts[8:]
        referrals = []
        # Overdue: referred more than a week ago, no answer.
        for n, contact in enumerate(earlier[:3]):
            referrals.append(
                Referral(
                    contact=contact,
                    team_id=wijkteam.team_id,
                    reason=REASONS[n % len(REASONS)],
                    urgency="hoog" if n == 0 else "normaal",
                    referred_on=today - datetime.timedelta(days=9 + n),
                    respond_by=today - datetime.timedelta(days=2 + n),
                    referred_by=worker.user,
                )
            )
        # Waiting, still in time.
        for n, contact in enumerate(this_week[1:4]):
            referrals.append(
                Referral(
                    contact=contact,
                    team_id=wijkteam.team_id,
                    reason=REASONS[(n + 1) % len(REASONS)],
                    referred_on=today,
                    respond_by=today + datetime.timedelta(days=2 + n),
                    referred_by=worker.user,
                )
            )
        # Answered: accepted (a signal for a known person) and one declined.
        for n, contact in enumerate(earlier[3:6]):
            answered = today - datetime.timedelta(days=4 + n)
            accepted = n < 2
            signal = None
            if accepted and contact.person_id is not None:
                signal = Signal.objects.create(
                    person_id=contact.person_id,
                    source=Source.VELDWERK,
                    urgency="normaal",
                    received_on=answered,
                    team_id=wijkteam.team_id,
                    worker=wijkteam.user,
                )
            referrals.append(
                Referral(
                    contact=contact,
                    team_id=wijkteam.team_id,
                    reason=REASONS[(n + 2) % len(REASONS)],
                    referred_on=answered - datetime.timedelta(days=3),
                    respond_by=answered + datetime.timedelta(days=2),
                    referred_by=worker.user,
                    status=ReferralStatus.ACCEPTED if accepted else ReferralStatus.DECLINED,
                    responded_on=answered,
                    responded_by=wijkteam.user,
                    response_note=(
                        "Wij gaan samen met de veldwerker langs."
                        if accepted
                        else "Woont niet in ons werkgebied; doorgezet naar Wijkteam Dordrecht."
                    ),
                    signal=signal,
                )
            )
        Referral.objects.bulk_create(referrals)
