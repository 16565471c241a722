"""Demo enrichment: givers, the uniform criteria, and the MDT's work on recent applications
and running addresses (their reviews: most recent, some due soon, some overdue, relative to
today).

Runs after the plek-csv import of the demo region (``plek.demo.chain``); synthetic only.
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.db.models import Q

from plek.accounts.models import Membership, Team, User
from plek.accounts.roles import Role
from plek.core import dates
from plek.postal.models import (
    AccessCriterion,
    Assessment,
    CriterionCheck,
    Decision,
    Ground,
    Opinion,
    PostalApplication,
    PostalGiver,
    Review,
)

GIVERS = (
    ("Stichting Postadres Drechtsteden (demo)", "Voorstraat 100, 3311 ZZ Dordrecht", 150),
    ("Leger des Heils Dordrecht (demo)", "Johan de Wittstraat 1, 3311 KJ Dordrecht", 80),
    ("Gemeentewinkel Zwijndrecht (demo)", "Raadhuisplein 1, 3331 AA Zwijndrecht", 40),
)
CRITERIA = (
    ("geen-woonadres", "Heeft geen woonadres in de BRP en geen vaste verblijfplaats"),
    ("binding-regio", "Heeft aantoonbare binding met de regio"),
    ("bereikbaar", "Is bereikbaar voor post en afspraken"),
    ("meewerken-plan", "Is bereid mee te werken aan een plan op de leefgebieden"),
)


def enrich(rng: random.Random) -> None:
    givers = [
        PostalGiver.objects.update_or_create(
            name=name, defaults={"address": address, "max_active": most}
        )[0]
        for name, address, most in GIVERS
    ]
    criteria = [
        AccessCriterion.objects.update_or_create(code=code, defaults={"text": text, "order": n})[0]
        for n, (code, text) in enumerate(CRITERIA, start=1)
    ]
    team = Team.objects.filter(name="MDT briefadressen").first()
    members = list(
        Membership.objects.filter(role=Role.BRIEFADRES).select_related("user", "organisation")
    )
    if team is None:
        return
    # The MDT works on the open applications and the running addresses.
    recent = PostalApplication.objects.filter(
        Q(decision="") | Q(decision=Decision.TOEGEKEND, ended_on__isnull=True)
    ).order_by("applied_on", "id")
    for application in recent:
        application.team = team
        application.ground = rng.choice(Ground.values)
        application.giver = rng.choice(givers)
        application.giver_consent = True
        application.save(update_fields=["team", "ground", "giver", "giver_consent"])
        if application.decision == "" and members and rng.random() < 0.5:
            for criterion in criteria:
                CriterionCheck.objects.get_or_create(
                    application=application,
                    criterion=criterion,
                    defaults={"status": "voldaan", "checked_by": members[0].user},
                )
            Assessment.objects.get_or_create(
                application=application,
                assessor=members[0].user,
                defaults={
                    "organisation": members[0].organisation,
                    "opinion": Opinion.TOEKENNEN,
                    "note": "Slaapt afwisselend bij vrienden; binding met de regio.",
                },
            )
    # Its own generator: the apps enriched after this one get the same draws as before.
    own = random.Random(f"{SEED_NAME}-reviews")  # noqa: S311 - synthetic demo data
    _review_running(own, [m.user for m in members])


SEED_NAME = "plek-demo-postal"
REVIEW_NOTES = (
    "Gesprek gevoerd; zoekt actief naar woonruimte, briefadres blijft nodig.",
    "Post wordt opgehaald; plan loopt, inschrijving woningzoekende gedaan.",
    "Nog geen woonadres; afspraak met de woonconsulent gemaakt.",
)


def _review_running(rng: random.Random, reviewers: list[User]) -> None:
    """Reviews of the running addresses, so that the next review of most lies ahead, of some
    within two weeks, and of a few has passed (the worklist and the list flag those)."""
    if not reviewers:
        return
    today = dates.today()
    months = int(settings.POSTAL_REVIEW_MONTHS)
    running = PostalApplication.objects.filter(
        decision=Decision.TOEGEKEND, ended_on__isnull=True, decided_on__isnull=False
    ).exclude(reviews__isnull=False)
    reviews = []
    for application in running.order_by("decided_on", "id"):
        assert application.decided_on is not None
        roll = rng.random()
        if roll < 0.15:
            due = today - datetime.timedelta(days=rng.randint(1, 40))
        elif roll < 0.35:
            due = today + datetime.timedelta(days=rng.randint(0, 14))
        else:
            due = today + datetime.timedelta(days=rng.randint(15, 85))
        reviewed_on = dates.add_months(due, -months)
        if not application.decided_on < reviewed_on <= today:
            continue  # decided too recently: its first review comes from the decision date
        reviews.append(
            Review(
                application=application,
                reviewed_on=reviewed_on,
                note=rng.choice(REVIEW_NOTES),
                reviewed_by=rng.choice(reviewers),
            )
        )
    Review.objects.bulk_create(reviews)
