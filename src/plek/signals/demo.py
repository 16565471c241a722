"""Demo enrichment of the imported signals: what plek-csv does not carry.

Assigns each signal to the neighbourhood team of the person's origin municipality (signals about
an address to the team of the source's seat), gives arrear signals their source organisation,
amount and start date, announced evictions a date, records contact attempts that match the
imported first-contact dates, reports end results back, links cases, and leaves a stored and a
pending delivery for the demo signal source. Deterministic for a given ``rng``.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction

from plek.accounts.context import Actor
from plek.accounts.models import Membership, Organisation, User
from plek.accounts.roles import Role
from plek.signals import services
from plek.signals.models import ContactAttempt, Feedback, Signal

SOURCE_ORGANISATIONS = {
    "huurachterstand": "demo-woonstichting",
    "ontruiming": "demo-woonstichting",
    "energie": "demo-energiebedrijf",
    "water": "demo-waterbedrijf",
    "zorgverzekering": "demo-zorgverzekeraar",
}
ARREARS = {"huurachterstand", "energie", "water", "zorgverzekering"}
KINDS = ["telefoon", "huisbezoek", "brief", "email", "sms"]
PARTS = ["ochtend", "middag", "avond"]


def enrich(rng: random.Random) -> None:
    organisations = {
        org.external_id: org
        for org in Organisation.objects.filter(external_id__in=SOURCE_ORGANISATIONS.values())
    }
    teams = services.wijkteam_by_municipality()
    worker = User.objects.filter(username="demo-wijkteam").first()
    worker_team = (
        Membership.objects.filter(user=worker, role=Role.WIJKTEAM).values_list("team_id", flat=True)
    ).first()
    any_team = sorted(set(teams.values()))
    with transaction.atomic():
        signals = list(
            Signal.objects.select_related("person").order_by("received_on", "external_id")
        )
        attempts: list[ContactAttempt] = []
        feedback: list[Feedback] = []
        for signal in signals:
            _enrich_signal(signal, rng, organisations, teams, any_team)
            if worker is not None and signal.team_id == worker_team and rng.random() < 0.5:
                signal.worker = worker
            attempts.extend(_attempts(signal, rng))
            if signal.outcome and signal.source_organisation is not None and signal.outcome_on:
                feedback.append(
                    Feedback(
                        signal=signal,
                        organisation=signal.source_organisation,
                        outcome=signal.outcome,
                        reported_on=signal.outcome_on + datetime.timedelta(days=rng.randint(0, 3)),
                    )
                )
        Signal.objects.bulk_update(
            signals,
            [
                "team",
                "worker",
                "source_organisation",
                "source_reference",
                "arrear_amount",
                "arrear_since",
                "eviction_date",
                "postcode",
                "house_number",
            ],
            batch_size=1000,
        )
        ContactAttempt.objects.bulk_create(attempts, batch_size=1000)
        Feedback.objects.bulk_create(feedback, batch_size=1000, ignore_conflicts=True)
    services.link_unlinked_signals()
    _deliveries(rng)


def _enrich_signal(
    signal: Signal,
    rng: random.Random,
    organisations: dict[str, Organisation],
    teams: dict[int, int],
    any_team: list[int],
) -> None:
    organisation = organisations.get(SOURCE_ORGANISATIONS.get(signal.source, ""))
    signal.source_organisation = organisation
    if organisation is not None:
        signal.source_reference = f"demo-{signal.external_id}"
    if signal.person is None:
        signal.postcode = (
            f"{rng.randint(3300, 3399)}{rng.choice('ABCDEFGHJK')}{rng.choice('LMNPRS')}"
        )
        signal.house_number = rng.randint(1, 180)
    origin = signal.person.origin_municipality_id if signal.person else None
    team_id = services.team_for(teams, origin, organisation) if organisation else None
    if team_id is None and origin in teams:
        team_id = teams[origin]
    if team_id is None and any_team:
        team_id = rng.choice(any_team)
    signal.team_id = team_id
    if signal.source in ARREARS:
        signal.arrear_amount = Decimal(rng.randint(150, 4800)) + Decimal("0.00")
        signal.arrear_since = signal.received_on - datetime.timedelta(days=rng.randint(30, 150))
    if signal.source == "ontruiming":
        signal.eviction_date = signal.received_on + datetime.timedelta(days=rng.randint(10, 45))


def _attempts(signal: Signal, rng: random.Random) -> list[ContactAttempt]:
    attempts = []
    contact = signal.first_contact_on
    last = contact or signal.outcome_on
    if last is not None and last > signal.received_on:
        for _ in range(rng.choice([0, 0, 1, 2])):
            day = signal.received_on + datetime.timedelta(
                days=rng.randint(0, (last - signal.received_on).days - 1)
            )
            attempts.append(_attempt(signal, day, False, rng))
    if contact is not None:
        attempts.append(_attempt(signal, contact, True, rng))
    return attempts


def _attempt(
    signal: Signal, day: datetime.date, reached: bool, rng: random.Random
) -> ContactAttempt:
    return ContactAttempt(
        signal=signal,
        attempted_on=day,
        kind=rng.choice(KINDS if not reached else ["telefoon", "huisbezoek"]),
        part_of_day=rng.choice(PARTS),
        reached=reached,
    )


def _deliveries(rng: random.Random) -> None:
    membership = (
        Membership.objects.filter(user__username="demo-signaalbron", role=Role.SIGNAALBRON)
        .select_related("organisation", "user")
        .first()
    )
    if membership is None or membership.organisation.signal_deliveries.exists():
        return
    actor = Actor(user=membership.user, membership=membership, request_id="demo")
    header = (
        "reference,bsn,initials,family_name,birth_date,postcode,house_number,"
        "house_number_addition,kind,amount,arrear_since,eviction_date,crisis"
    )

    def line(n: int, family_name: str) -> str:
        return (
            f"WDR-{n:05d},,{rng.choice('ABCDEJKMPS')}.,{family_name},"
            f"{rng.randint(1950, 2003)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d},"
            f"{rng.randint(3330, 3339)}AB,{rng.randint(1, 120)},,huurachterstand,"
            f"{rng.randint(400, 3000)}.00,,,nee"
        )

    names = ["Demo-Akker", "Demo-Beek", "Demo-Dijk", "Demo-Veld", "Demo-Wal", "Demo-Hof"]
    stored = "\n".join([header, *(line(n, names[n % 6]) for n in range(1, 9))]) + "\n"
    delivery = services.upload_delivery(
        actor, "huurachterstanden-vorige-maand.csv", stored.encode()
    )
    services.store_delivery(actor, delivery.pk)
    pending_lines = [header, *(line(n, names[n % 6]) for n in range(9, 15))]
    pending_lines.append("WDR-00099,,A.,Demo-Fout,1980-13-01,33AB,x,,huur,veel,,,misschien")
    services.upload_delivery(
        actor, "huurachterstanden-deze-maand.csv", ("\n".join(pending_lines) + "\n").encode()
    )
