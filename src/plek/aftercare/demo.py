"""Demo enrichment: the demo coach follows the running aftercare tracks, with their coming
check-ins, and has already seen some of the older alerts; a few people who moved into a home
lately have a plan led by demo-regisseur but no aftercare yet.

The imported check-ins already hold red lights and missed moments, so the coach's alert inbox
fills itself from those facts; only the acknowledgements ("gezien") are stored. plek-csv carries
the check-ins up to the day of the export, so the ones still to come are planned here from the
schedule, relative to today. The recent movers are the case lead's proposals: start aftercare
now, while the move is fresh.
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from plek.accounts.models import Membership, User
from plek.aftercare.caselead import persons_led_by
from plek.aftercare.models import AftercareTrack, AlertAcknowledgement, CheckIn, Light
from plek.aftercare.schedule import due_dates
from plek.aftercare.selectors import active_on, alerts_of
from plek.core import dates
from plek.housing.choices import HOUSING_DESTINATIONS
from plek.housing.models import Stay
from plek.people.models import Household, HouseholdMember, HouseholdRole
from plek.plans.models import CaseLeadAssignment, Plan

RECENT_MOVERS = 4
DAY = datetime.timedelta(days=1)
# Alerts older than this are marked seen by the demo coach for part of them.
SEEN_AFTER_DAYS = 30
# An imported check-in still open this long after its date was caught up with, late.
CAUGHT_UP_AFTER_DAYS = 42
# The demo case lead's newest tracks that are left unstarted, so "proposed tracks" has work.
PROPOSED_FOR_CASE_LEAD = 2


def _catch_up_old_checkins(rng: random.Random, today: datetime.date) -> None:
    """A coach does not leave a check-in open for a year: the imported ones missed long ago
    were done late (more than 7 days, so the monitor's "within 7 days" share stays the same).
    The recently missed ones stay open and raise their alert."""
    old = CheckIn.objects.filter(
        done_on__isnull=True, due_on__lt=today - datetime.timedelta(days=CAUGHT_UP_AFTER_DAYS)
    )
    caught_up = []
    for checkin in old.order_by("id"):
        checkin.done_on = checkin.due_on + datetime.timedelta(days=rng.randint(8, 21))
        checkin.light = rng.choices([Light.GROEN, Light.ORANJE], (3, 1))[0]
        caught_up.append(checkin)
    CheckIn.objects.bulk_update(caught_up, ["done_on", "light"])


def _leave_proposals(today: datetime.date) -> None:
    """The demo case lead has not yet started aftercare for the newest exits to a home: those
    imported tracks (no check-in done yet) go, and the exits show as proposals."""
    lead = User.objects.filter(username="demo-regisseur").first()
    if lead is None:
        return
    done = CheckIn.objects.filter(track_id=OuterRef("pk"), done_on__isnull=False)
    newest = (
        AftercareTrack.objects.filter(
            person_id__in=persons_led_by(lead.pk),
            ended_on__isnull=True,
            started_on__gte=today - datetime.timedelta(days=45),
        )
        .exclude(Exists(done))
        .order_by("-started_on", "-id")
        .values_list("pk", flat=True)[:PROPOSED_FOR_CASE_LEAD]
    )
    AftercareTrack.objects.filter(pk__in=list(newest)).delete()


def _plan_coming_checkins(tracks: list[AftercareTrack], today: datetime.date) -> None:
    """Every running track gets the check-ins its schedule still has after the last imported
    one (the import stops at the day of the export)."""
    last = dict(
        CheckIn.objects.filter(track__in=tracks)
        .values("track_id")
        .annotate(last=Max("due_on"))
        .values_list("track_id", "last")
    )
    CheckIn.objects.bulk_create(
        CheckIn(external_id=f"{track.external_id}-p{n:02d}", track=track, due_on=due)
        for track in tracks
        for n, due in enumerate(due_dates(track.started_on), start=1)
        if due > max(last.get(track.pk) or track.started_on, today - datetime.timedelta(days=1))
    )


def enrich(rng: random.Random) -> None:
    today = dates.today()
    # Its own generator, so the apps enriched after this one get the same draws as before.
    own = random.Random("plek-demo-aftercare")  # noqa: S311 - synthetic demo data
    _catch_up_old_checkins(own, today)
    _leave_proposals(today)
    running = list(AftercareTrack.objects.filter(active_on(today), ended_on__isnull=True))
    _plan_coming_checkins(running, today)
    coach = User.objects.filter(username="demo-waakvlam").first()
    if coach is None:
        return
    unassigned = [t.pk for t in running if t.coach_id is None]
    ids = [pk for pk in unassigned if rng.random() < 0.6]
    AftercareTrack.objects.filter(pk__in=ids).update(coach=coach)
    # The coach has looked at part of the older alerts already: the inbox shows both. Its own
    # generator, so the apps enriched after this one get the same draws as before.
    seen = random.Random("plek-demo-aftercare-seen")  # noqa: S311 - synthetic demo data
    coached = AftercareTrack.objects.filter(pk__in=ids)
    old = today - datetime.timedelta(days=SEEN_AFTER_DAYS)
    AlertAcknowledgement.objects.bulk_create(
        [
            AlertAcknowledgement(
                user=coach, kind=alert.kind, object_id=alert.object_id, track=alert.track
            )
            for alert in alerts_of(coached, today, coach.pk)
            if alert.day < old and seen.random() < 0.5
        ],
        ignore_conflicts=True,
    )
    _recent_movers()


def _recent_movers() -> None:
    """A plan led by demo-regisseur for people who left a facility for a home in the proposal
    window and have no aftercare track since: the regisseur's proposals. No random draws."""
    lead = Membership.objects.filter(user__username="demo-regisseur").select_related("team").first()
    if lead is None:
        return
    today = timezone.localdate()
    since = today - datetime.timedelta(days=int(settings.AFTERCARE_PROPOSAL_DAYS))
    tracked = AftercareTrack.objects.filter(
        Q(person_id=OuterRef("person_id"), ended_on__isnull=True)
        | Q(person_id=OuterRef("person_id"), started_on__gte=OuterRef("end_date"))
    )
    with_plan = Plan.objects.filter(person_id=OuterRef("person_id"), ended_on__isnull=True)
    stays = (
        Stay.objects.filter(
            end_date__gte=since, end_date__lte=today, exit_destination__in=HOUSING_DESTINATIONS
        )
        .exclude(Exists(tracked))
        .exclude(Exists(with_plan))
        .select_related("person")
        .order_by("-end_date", "external_id")[:RECENT_MOVERS]
    )
    for stay in stays:
        assert stay.end_date is not None
        # The plan began during the stay, to prepare the move.
        started = max(stay.start_date, stay.end_date - 60 * DAY)
        household = Household.objects.create(name=stay.person.family_name)
        HouseholdMember.objects.create(
            household=household,
            person_id=stay.person_id,
            role=HouseholdRole.AANVRAGER,
            start_date=started,
        )
        plan = Plan.objects.create(
            external_id=f"demo-plan-{stay.external_id}",
            person_id=stay.person_id,
            started_on=started,
            review_on=started + 182 * DAY,
            household=household,
            team_id=lead.team_id,
        )
        CaseLeadAssignment.objects.create(
            plan=plan,
            user_id=lead.user_id,
            team_id=lead.team_id,
            started_at=timezone.make_aware(datetime.datetime.combine(started, datetime.time(9))),
        )
