"""Demo enrichment: carers, volunteers, help requests and matches, buddies and circles.

Runs after the chain is loaded, with its own random generator (``SEED``), so the other apps'
demo data and figures stay exactly as they were. Nothing here writes signals, stays or plans:
the monitor's figures do not change. Calibrated loosely on the seeds: a few hundred registered
carers and about 165 volunteers in the region, requests growing about 10% a year.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from plek.accounts.models import Municipality, Organisation, Team, User
from plek.aftercare.models import AftercareTrack
from plek.informal import burden
from plek.informal.models import (
    Appreciation,
    BurdenCheckIn,
    Carer,
    CareRelation,
    CareRelationKind,
    CarerSupport,
    Circle,
    CircleMeeting,
    CircleMember,
    CircleQuota,
    HelpRequest,
    Match,
    Outcome,
    PaymentStatus,
    RequesterKind,
    RequestStatus,
    RequestUrgency,
    Skill,
    SupportKind,
    VogStatus,
    Volunteer,
)
from plek.informal.skills import ensure_skills
from plek.people.models import Person

SEED = 1616
CARERS = 320
VOLUNTEERS = 165
REQUESTS_FIRST_YEAR = 150
AREAS = ("Centrum", "Noord", "Oost", "Zuid", "West", "Buitenwijk")
FIRST_NAMES = (
    "Anna", "Bram", "Chantal", "Daan", "Esra", "Fenna", "Gerrit", "Hanna", "Imane", "Joris",
    "Kim", "Lars", "Mila", "Noah", "Olga", "Pieter", "Rosa", "Sem", "Tess", "Yusuf",
)  # fmt: skip
FAMILY_NAMES = (
    "de Boer", "Visser", "Smit", "Bakker", "Mulder", "de Graaf", "Kok", "Jacobs", "van Dijk",
    "Bos", "Vos", "Peters", "Hendriks", "Dekker", "Brouwer", "Meijer", "Koster", "Prins",
)  # fmt: skip
QUESTIONS = {
    "boodschappen": "Iemand die een keer per week meegaat naar de supermarkt.",
    "vervoer": "Vervoer naar het ziekenhuis voor een controle.",
    "administratie": "Samen de post ordenen en formulieren invullen.",
    "gezelschap": "Iemand om mee te praten en een wandeling te maken.",
    "klussen": "Een lamp ophangen en een kastje in elkaar zetten.",
    "tuin": "De tuin winterklaar maken.",
    "digitaal": "Leren videobellen met de kleinkinderen.",
    "taal": "Oefenen met Nederlands praten.",
    "respijt": "Een middag de zorg overnemen zodat de mantelzorger even weg kan.",
}


def enrich(rng: random.Random) -> None:
    """The chain's generator is not used: informal care draws from its own."""
    del rng
    own = random.Random(SEED)  # noqa: S311  (synthetic demo data, not security)
    with transaction.atomic():
        ensure_skills()
        if Volunteer.objects.exists() or Carer.objects.exists():
            return
        municipalities = list(Municipality.objects.order_by("code"))
        welzijn = Organisation.objects.filter(external_id="demo-welzijn").first()
        if not municipalities or welzijn is None:
            return
        today = timezone.localdate()
        _carers(own, municipalities, today)
        volunteers = _volunteers(own, municipalities, welzijn, today)
        _requests(own, volunteers, today)
        _buddies(own, volunteers, today)
        _circles(own, municipalities, volunteers, today)


def _day_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(FAMILY_NAMES)


def _carers(rng: random.Random, municipalities: list[Municipality], today: datetime.date) -> None:
    person_ids = sorted(Person.objects.values_list("pk", flat=True))
    if not person_ids:
        return
    teams = {
        code: team
        for team in Team.objects.filter(name__startswith="Wijkteam").prefetch_related(
            "municipalities"
        )
        for code in team.municipalities.values_list("code", flat=True)
    }
    consultant = User.objects.filter(username="demo-wijkteam").first()
    since = today - datetime.timedelta(days=730)
    carers = []
    for _ in range(CARERS):
        municipality = rng.choice(municipalities)
        first, family = _name(rng)
        registered = _day_between(rng, since, today)
        carers.append(
            Carer(
                municipality=municipality,
                first_name=first,
                family_name=family,
                postcode=f"{rng.randint(3300, 3399)}{''.join(rng.choices('ABCDEFGHJK', k=2))}",
                house_number=rng.randint(1, 180),
                young_carer=rng.random() < 0.1,
                team=teams.get(municipality.code),
                registered_on=registered,
                ended_on=_day_between(rng, registered, today) if rng.random() < 0.08 else None,
                registered_by=consultant,
            )
        )
    Carer.objects.bulk_create(carers)
    relations, checkins, supports, appreciations = [], [], [], []
    for carer in carers:
        start = carer.registered_on - datetime.timedelta(days=rng.randint(30, 2000))
        relations.append(
            CareRelation(
                carer=carer,
                person_id=rng.choice(person_ids),
                kind=rng.choice(CareRelationKind.values),
                consent_on=carer.registered_on,
                start_on=start,
                hours_per_week=rng.choice((4, 8, 12, 16, 24, 40)),
                shared_summary="Wat er deze week gepland staat en wie te bellen bij zorgen.",
            )
        )
        for _ in range(rng.choice((0, 1, 1, 2))):
            answers = {code: rng.choice((0, 1, 2, 2, 3, 3, 4)) for code, _l in burden.QUESTIONS}
            score = burden.score(answers)
            checkins.append(
                BurdenCheckIn(
                    carer=carer,
                    done_on=_day_between(rng, carer.registered_on, today),
                    answers=answers,
                    score=score,
                    overloaded=burden.is_overloaded(score),
                )
            )
        if rng.random() < 0.45:
            begin = _day_between(rng, carer.registered_on, today)
            supports.append(
                CarerSupport(
                    carer=carer,
                    kind=rng.choice(SupportKind.values),
                    start_on=begin,
                    end_on=begin + datetime.timedelta(days=rng.randint(14, 180))
                    if rng.random() < 0.5
                    else None,
                )
            )
        for year in range(carer.registered_on.year, today.year + 1):
            if rng.random() < 0.35:
                status = rng.choice(PaymentStatus.values)
                appreciations.append(
                    Appreciation(
                        carer=carer,
                        year=year,
                        signed_up_on=max(carer.registered_on, datetime.date(year, 1, 1)),
                        carer_day=rng.random() < 0.4,
                        amount=Decimal("150.00"),
                        status=status,
                        paid_on=datetime.date(year, 11, 10)
                        if status == PaymentStatus.UITBETAALD
                        else None,
                    )
                )
    CareRelation.objects.bulk_create(relations)
    BurdenCheckIn.objects.bulk_create(checkins)
    CarerSupport.objects.bulk_create(supports)
    Appreciation.objects.bulk_create(appreciations)


def _volunteers(
    rng: random.Random,
    municipalities: list[Municipality],
    organisation: Organisation,
    today: datetime.date,
) -> list[Volunteer]:
    skills = list(Skill.objects.order_by("code"))
    since = today - datetime.timedelta(days=1100)
    volunteers = []
    for _ in range(VOLUNTEERS):
        first, family = _name(rng)
        registered = _day_between(rng, since, today)
        vog = rng.choice(
            (VogStatus.AFGEGEVEN, VogStatus.AFGEGEVEN, VogStatus.NIET_NODIG, VogStatus.AANGEVRAAGD)
        )
        volunteers.append(
            Volunteer(
                organisation=organisation,
                municipality=rng.choice(municipalities),
                first_name=first,
                family_name=family,
                area=rng.choice(AREAS),
                morning=rng.random() < 0.5,
                afternoon=rng.random() < 0.6,
                evening=rng.random() < 0.3,
                weekend=rng.random() < 0.3,
                trained_on=registered + datetime.timedelta(days=14) if rng.random() < 0.7 else None,
                vog_status=vog,
                vog_issued_on=registered if vog == VogStatus.AFGEGEVEN else None,
                insured=rng.random() < 0.9,
                registered_on=registered,
                ended_on=_day_between(rng, registered, today) if rng.random() < 0.1 else None,
            )
        )
    Volunteer.objects.bulk_create(volunteers)
    through = Volunteer.skills.through
    through.objects.bulk_create(
        through(volunteer_id=volunteer.pk, skill_id=skill.pk)
        for volunteer in volunteers
        for skill in rng.sample(skills, rng.randint(1, 3))
    )
    return volunteers


def _requests(rng: random.Random, volunteers: list[Volunteer], today: datetime.date) -> None:
    skills = {s.code: s for s in Skill.objects.all()}
    by_municipality: dict[int, list[Volunteer]] = {}
    for volunteer in volunteers:
        if volunteer.ended_on is None:
            by_municipality.setdefault(volunteer.municipality_id, []).append(volunteer)
    places = sorted(by_municipality)
    requests, matches = [], []
    for year_back, count in ((1, REQUESTS_FIRST_YEAR), (0, int(REQUESTS_FIRST_YEAR * 1.1))):
        start = today - datetime.timedelta(days=365 * (year_back + 1))
        end = today - datetime.timedelta(days=365 * year_back)
        for _ in range(count):
            code = rng.choice(sorted(QUESTIONS))
            received = _day_between(rng, start, end)
            municipality_id = rng.choice(places)
            request = HelpRequest(
                municipality_id=municipality_id,
                requester_kind=rng.choice(RequesterKind.values),
                first_name=rng.choice(FIRST_NAMES),
                area=rng.choice(AREAS),
                question=QUESTIONS[code],
                consent_on=received,
                skill=skills[code],
                urgency=rng.choice(RequestUrgency.values),
                period_start=received,
                received_on=received,
                morning=rng.random() < 0.5,
                afternoon=rng.random() < 0.5,
                status=RequestStatus.NIEUW,
            )
            requests.append(request)
            matched = received + datetime.timedelta(days=rng.randint(2, 35))
            if matched > today or rng.random() < 0.15:
                # A request nobody could take is closed within two months, not left "new".
                stale = (today - received).days > 60
                if (matched <= today and rng.random() < 0.5) or stale:
                    request.status = RequestStatus.AFGESLOTEN
                    request.closed_on = matched
                    request.outcome = Outcome.GEEN_MATCH
                continue
            ends = matched + datetime.timedelta(days=rng.randint(20, 200))
            closed = ends <= today
            outcome = rng.choice(
                (Outcome.GOED, Outcome.GOED, Outcome.GOED, Outcome.DOORGELOPEN, Outcome.GESTOPT)
            )
            request.status = RequestStatus.AFGESLOTEN if closed else RequestStatus.GEKOPPELD
            request.taken_on = received
            request.closed_on = ends if closed else None
            request.outcome = outcome if closed else ""
            matches.append(
                (
                    request,
                    Match(
                        volunteer=rng.choice(by_municipality[municipality_id]),
                        matched_on=matched,
                        score=rng.choice((55, 80, 85, 90)),
                        explanation=["Kan deze soort hulp bieden (+50)"],
                        introduced_on=matched + datetime.timedelta(days=rng.randint(1, 7)),
                        follow_up_on=matched + datetime.timedelta(days=42),
                        followed_up_on=matched + datetime.timedelta(days=42)
                        if matched + datetime.timedelta(days=42) <= today
                        else None,
                        ended_on=ends if closed else None,
                        outcome=outcome if closed else "",
                    ),
                )
            )
    HelpRequest.objects.bulk_create(requests)
    for request, match in matches:
        match.request = request
    Match.objects.bulk_create(match for _request, match in matches)


def _buddies(rng: random.Random, volunteers: list[Volunteer], today: datetime.date) -> None:
    """A few residents in aftercare with a buddy, so the coach sees where buddies are."""
    buddies = [v for v in volunteers if v.ended_on is None and v.vog_status == VogStatus.AFGEGEVEN]
    tracks = list(
        AftercareTrack.objects.filter(ended_on__isnull=True, coach__isnull=False).order_by("pk")[:4]
    )
    skill = Skill.objects.get(code="maatje")
    for track in tracks:
        if not buddies:
            return
        received = max(track.started_on, today - datetime.timedelta(days=120))
        request = HelpRequest.objects.create(
            municipality_id=buddies[0].municipality_id,
            requester_kind=RequesterKind.PROFESSIONAL,
            person_id=track.person_id,
            aftercare_track=track,
            first_name=rng.choice(FIRST_NAMES),
            area=rng.choice(AREAS),
            question="Een maatje om samen te koken en de week door te nemen.",
            consent_on=received,
            skill=skill,
            urgency=RequestUrgency.NORMAAL,
            period_start=received,
            received_on=received,
            afternoon=True,
            status=RequestStatus.GEKOPPELD,
            taken_on=received,
        )
        Match.objects.create(
            request=request,
            volunteer=buddies.pop(rng.randrange(len(buddies))),
            matched_on=received + datetime.timedelta(days=7),
            score=85,
            explanation=["Kan deze soort hulp bieden (+50)", "Werkt in dezelfde wijk (+30)"],
            follow_up_on=received + datetime.timedelta(days=49),
        )


def _circles(
    rng: random.Random,
    municipalities: list[Municipality],
    volunteers: list[Volunteer],
    today: datetime.date,
) -> None:
    leads = [v for v in volunteers if v.ended_on is None]
    for municipality in municipalities:
        CircleQuota.objects.create(municipality=municipality, max_circles=3)
    for index in range(8):
        lead = leads[index * 7 % len(leads)]
        circle = Circle.objects.create(
            municipality_id=lead.municipality_id,
            name=f"Buurtcirkel {lead.area} {index + 1}",
            area=lead.area,
            lead=lead,
            organises="Samen koken op donderdag, een wandelgroep en hulp bij kleine klussen.",
            started_on=today - datetime.timedelta(days=rng.randint(60, 700)),
        )
        if Circle.objects.filter(municipality_id=lead.municipality_id).count() > 3:
            circle.delete()
            continue
        CircleMember.objects.bulk_create(
            CircleMember(
                circle=circle, first_name=rng.choice(FIRST_NAMES), joined_on=circle.started_on
            )
            for _ in range(rng.randint(7, 12))
        )
        CircleMeeting.objects.bulk_create(
            CircleMeeting(
                circle=circle,
                held_on=_day_between(rng, circle.started_on, today),
                attendees=rng.randint(5, 11),
                topic=rng.choice(("Koffieochtend", "Samen koken", "Wandeling", "Klusmiddag")),
            )
            for _ in range(rng.randint(2, 6))
        )
