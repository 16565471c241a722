"""The shortlist for a help request: volunteers ranked by a score that explains itself.

One SQL query with a LIMIT, whatever the number of volunteers: the score is computed by the
database from three parts, each of which the coordinator sees as a reason.

- kind of help: the volunteer has the skill asked for: 50 points;
- area: the volunteer works in the request's neighbourhood: 30 points;
- availability: 5 points for each part of the week (mornings, afternoons, evenings, weekend)
  both have ticked, at most 20.

Ties go to the volunteer with the fewest open matches, then the longest registered. Only
active volunteers of the request's municipality count; a buddy (maatje) needs a certificate of
conduct (VOG) that has been issued.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Lower
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from plek.informal.models import HelpRequest, VogStatus, Volunteer

SKILL_POINTS = 50
AREA_POINTS = 30
PART_POINTS = 5
SHORTLIST_SIZE = 10
PARTS = (
    ("morning", _("ochtenden")),
    ("afternoon", _("middagen")),
    ("evening", _("avonden")),
    ("weekend", _("weekend")),
)


@dataclass(frozen=True)
class Candidate:
    volunteer: Volunteer
    score: int
    skill: bool
    area: bool
    parts: tuple[str, ...]
    open_matches: int

    @property
    def reasons(self) -> list[str | Promise]:
        """The explanation, one line per part of the score."""
        lines: list[str | Promise] = []
        lines.append(
            _("Kan deze soort hulp bieden (+%(p)d)") % {"p": SKILL_POINTS}
            if self.skill
            else _("Heeft deze vaardigheid niet opgegeven (+0)")
        )
        lines.append(
            _("Werkt in dezelfde wijk (+%(p)d)") % {"p": AREA_POINTS}
            if self.area
            else _("Werkt in een andere wijk (+0)")
        )
        if self.parts:
            lines.append(
                _("Beschikbaar op gevraagde dagdelen: %(parts)s (+%(p)d)")
                % {"parts": ", ".join(self.parts), "p": PART_POINTS * len(self.parts)}
            )
        else:
            lines.append(_("Geen gevraagd dagdeel beschikbaar (+0)"))
        lines.append(_("Lopende koppelingen: %(n)d") % {"n": self.open_matches})
        return lines


def shortlist(
    request: HelpRequest,
    *,
    needs_vog: bool = False,
    only_volunteer_id: int | None = None,
    size: int = SHORTLIST_SIZE,
) -> Iterator[Candidate]:
    """The best ``size`` volunteers for this request, best first (one query).

    ``needs_vog``: only volunteers with an issued certificate of conduct (buddies).
    """
    volunteers = Volunteer.objects.filter(
        municipality_id=request.municipality_id, ended_on__isnull=True
    )
    if needs_vog:
        volunteers = volunteers.filter(vog_status=VogStatus.AFGEGEVEN)
    if only_volunteer_id is not None:
        volunteers = volunteers.filter(pk=only_volunteer_id)
    has_skill = Exists(
        Volunteer.skills.through.objects.filter(
            volunteer_id=OuterRef("pk"), skill_id=request.skill_id
        )
    )
    wanted = [name for name, _label in PARTS if getattr(request, name)]
    area = request.area.strip().lower()

    def flag(condition: Q | Exists) -> Case:
        return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())

    score = Value(SKILL_POINTS) * flag(has_skill) + Value(AREA_POINTS) * flag(Q(area_lower=area))
    for name in wanted:
        score = score + Value(PART_POINTS) * flag(Q(**{name: True}))
    rows = (
        volunteers.alias(area_lower=Lower("area"))
        .annotate(
            has_skill=flag(has_skill),
            same_area=flag(Q(area_lower=area)),
            open_matches=Count("matches", filter=Q(matches__ended_on__isnull=True)),
            score=score,
        )
        .order_by("-score", "open_matches", "registered_on", "id")[:size]
    )
    for volunteer in rows:
        parts = tuple(
            str(label) for name, label in PARTS if name in wanted and getattr(volunteer, name)
        )
        yield Candidate(
            volunteer=volunteer,
            score=int(volunteer.score),
            skill=bool(volunteer.has_skill),
            area=bool(volunteer.same_area),
            parts=parts,
            open_matches=int(volunteer.open_matches),
        )
