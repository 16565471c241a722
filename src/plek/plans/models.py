"""Plans: one plan per household with one case lead ("1 huishouden, 1 plan, 1 regisseur").

`Plan` keeps exactly the plek-csv columns plus what plek itself adds (household, team); the
database enforces one active plan per household (and per person without a household), one current
case lead per plan and one pending hand-over per plan.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from plek.accounts.roles import Role
from plek.intake.zrm import Domain


class EndReason(models.TextChoices):
    GOALS_REACHED = "doelen_behaald", _("Doelen behaald")
    NO_LONGER_NEEDED = "geen_hulp_nodig", _("Geen regie meer nodig")
    DECLINED = "wil_niet", _("Bewoner wil niet verder")
    MOVED = "verhuisd", _("Verhuisd naar een andere gemeente")
    REFERRED = "doorverwezen", _("Doorverwezen naar andere hulp")
    DECEASED = "overleden", _("Overleden")
    OTHER = "anders", _("Anders")


class Plan(models.Model):
    external_id = models.CharField(_("kenmerk"), max_length=64, unique=True)
    person = models.ForeignKey(
        "people.Person", verbose_name=_("persoon"), on_delete=models.PROTECT, related_name="plans"
    )
    started_on = models.DateField(_("gestart op"))
    review_on = models.DateField(_("evaluatie op"), null=True, blank=True)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    # Not in plek-csv: why a plan ended in plek, and a word of explanation.
    end_reason = models.CharField(
        _("reden van beëindiging"), max_length=20, choices=EndReason.choices, blank=True
    )
    end_note = models.TextField(_("toelichting bij beëindiging"), blank=True)
    # Not in plek-csv: an imported plan is the plan of its person until someone links it.
    household = models.ForeignKey(
        "people.Household",
        verbose_name=_("huishouden"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )
    # The team of the current case lead: its members may see the household's persons.
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plannen")
        ordering = ["started_on", "external_id"]
        indexes = [
            models.Index(fields=["person", "started_on"]),
            models.Index(fields=["team", "review_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="plan_ends_on_or_after_start",
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(ended_on__isnull=True) & Q(household__isnull=False),
                name="one_active_plan_per_household",
            ),
            # A person outside any household has one running plan too ("1 plan" per person).
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True) & Q(household__isnull=True),
                name="one_active_plan_per_person_without_household",
            ),
        ]

    def __str__(self) -> str:
        return self.external_id


# Who can lead a plan: the professionals who do casework with households.
CASE_LEAD_ROLES = frozenset({Role.WIJKTEAM, Role.REGISSEUR, Role.TOEGANG, Role.BRIEFADRES})


class CaseLeadAssignment(models.Model):
    """Who was the plan's case lead, from when until when (history is kept)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="case_leads"
    )
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("regisseur"),
        on_delete=models.PROTECT,
        related_name="case_lead_assignments",
    )
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("regisseur vanaf"))
    ended_at = models.DateTimeField(_("regisseur tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("regisseur van een plan")
        verbose_name_plural = _("regisseurs van plannen")
        ordering = ["plan", "started_at", "id"]
        indexes = [models.Index(fields=["user", "ended_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(ended_at__isnull=True),
                name="one_current_case_lead_per_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.user_id}"


# A hand-over nobody has answered or withdrawn yet.
PENDING = Q(accepted_at__isnull=True, declined_at__isnull=True, cancelled_at__isnull=True)


class HandOver(models.Model):
    """A request to pass the plan to a new case lead; it counts once the new lead accepts."""

    # The public identifier in API v2: a hand-over is made in plek and has no kenmerk.
    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="hand_overs"
    )
    from_user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("van"),
        on_delete=models.PROTECT,
        related_name="hand_overs_given",
    )
    to_membership = models.ForeignKey(
        "accounts.Membership",
        verbose_name=_("naar"),
        on_delete=models.PROTECT,
        related_name="hand_overs_received",
    )
    note = models.TextField(_("toelichting"), blank=True)
    requested_at = models.DateTimeField(_("gevraagd op"))
    accepted_at = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    declined_at = models.DateTimeField(_("afgewezen op"), null=True, blank=True)
    # The case lead who asked withdraws the request before it was answered.
    cancelled_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(accepted_at__isnull=True)
                & Q(declined_at__isnull=True)
                & Q(cancelled_at__isnull=True),
                name="one_pending_hand_over_per_plan",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(declined_at__isnull=True),
                name="hand_over_accepted_or_declined",
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True)
                | (Q(accepted_at__isnull=True) & Q(declined_at__isnull=True)),
                name="hand_over_cancelled_only_while_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} → {self.to_membership_id}"

    @property
    def pending(self) -> bool:
        return self.accepted_at is None and self.declined_at is None and self.cancelled_at is None


class Goal(models.Model):
    """A goal on one life domain, in the resident's own words."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals"
    )
    domain = models.CharField(_("leefgebied"), max_length=32, choices=Domain.choices)
    own_words = models.TextField(_("doel in eigen woorden"))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.domain}"


class ParticipantKind(models.TextChoices):
    MANTELZORGER = "mantelzorger", _("Mantelzorger")
    NETWERK = "netwerk", _("Netwerklid")
    VRIJWILLIGER = "vrijwilliger", _("Vrijwilliger")


class PlanParticipant(models.Model):
    """Someone outside the professional chain who takes part in the plan: a carer, a member of
    the resident's network or a volunteer. Named as the plan names them; a registered carer is
    linked from ``plek.informal``."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=16, choices=ParticipantKind.choices)
    added_on = models.DateField(_("toegevoegd op"))

    class Meta:
        verbose_name = _("deelnemer aan een plan")
        verbose_name_plural = _("deelnemers aan plannen")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.name


class PlanAction(models.Model):
    """What is done for a goal, by which organisation, by when."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("doel"), on_delete=models.CASCADE, related_name="actions"
    )
    description = models.TextField(_("actie"))
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("verantwoordelijke organisatie"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_date = models.DateField(_("streefdatum"))
    done_on = models.DateField(_("gedaan op"), null=True, blank=True)
    # A carer or network member who carries out the action, next to the organisation.
    owner = models.ForeignKey(
        PlanParticipant,
        verbose_name=_("uitgevoerd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["goal", "target_date", "id"]
        indexes = [models.Index(fields=["organisation", "target_date"])]

    def __str__(self) -> str:
        return self.description[:40]


class Progress(models.TextChoices):
    NONE = "geen", _("Geen vooruitgang")
    SOME = "enige", _("Enige vooruitgang")
    REACHED = "behaald", _("Doel behaald")
    STOPPED = "gestopt", _("Doel losgelaten")


class Evaluation(models.Model):
    """How far a goal got, at a review."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("doel"), on_delete=models.CASCADE, related_name="evaluations"
    )
    evaluated_on = models.DateField(_("geëvalueerd op"))
    progress = models.CharField(_("voortgang"), max_length=16, choices=Progress.choices)
    note = models.TextField(_("toelichting"), blank=True)
    author = models.ForeignKey(
        "accounts.User",
        verbose_name=_("door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")
        ordering = ["goal", "evaluated_on", "id"]

    def __str__(self) -> str:
        return f"{self.goal_id} · {self.evaluated_on}"
