"""ZRM assessments: one row per assessment, one row per scored domain."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plek.intake.zrm import Domain, InstrumentVersion, Score


class Assessment(models.Model):
    external_id = models.CharField(_("kenmerk"), max_length=64, unique=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    assessed_on = models.DateField(_("afgenomen op"))
    instrument_version = models.CharField(
        _("versie instrument"),
        max_length=8,
        choices=InstrumentVersion.choices,
        default=InstrumentVersion.ZRM_2017,
    )
    # Not in plek-csv: an imported assessment has neither; one scored in plek has both.
    intake = models.ForeignKey(
        "intake.Intake",
        verbose_name=_("intake"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments",
    )
    assessor = models.ForeignKey(
        "accounts.User",
        verbose_name=_("afgenomen door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ZRM-meting")
        verbose_name_plural = _("ZRM-metingen")
        ordering = ["assessed_on", "external_id"]
        indexes = [models.Index(fields=["person", "assessed_on"])]

    def __str__(self) -> str:
        return self.external_id


class AssessmentScore(models.Model):
    """A domain left open is simply absent, so per-domain figures are plain GROUP BYs."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("meting"), on_delete=models.CASCADE, related_name="scores"
    )
    domain = models.CharField(_("domein"), max_length=32, choices=Domain.choices)
    score = models.PositiveSmallIntegerField(_("score"), choices=Score.choices)

    class Meta:
        verbose_name = _("ZRM-score")
        verbose_name_plural = _("ZRM-scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="score_once_per_domain"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.score}"


class Intake(models.Model):
    """One integrated intake for a household ("1 toegang"): all life domains at once."""

    # The public identifier in API v2: an intake is made in plek and has no kenmerk.
    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    household = models.ForeignKey(
        "people.Household",
        verbose_name=_("huishouden"),
        on_delete=models.PROTECT,
        related_name="intakes",
    )
    # The person the intake was started for: the subject of access decisions and the log.
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("aanvrager"),
        on_delete=models.PROTECT,
        related_name="intakes",
    )
    started_on = models.DateField(_("gestart op"))
    completed_on = models.DateField(_("afgerond op"), null=True, blank=True)
    question_behind_question = models.TextField(_("vraag achter de vraag"))
    started_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("gestart door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["team", "completed_on"])]
        constraints = [
            # "one integrated intake per household": one in progress at a time.
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(completed_on__isnull=True),
                name="one_open_intake_per_household",
            ),
        ]

    def __str__(self) -> str:
        return f"Intake {self.pk}"


class IntakeNarrative(models.Model):
    """What the household tells about one life domain, in prose."""

    intake = models.ForeignKey(
        Intake, verbose_name=_("intake"), on_delete=models.CASCADE, related_name="narratives"
    )
    domain = models.CharField(_("domein"), max_length=32, choices=Domain.choices)
    text = models.TextField(_("verhaal"))

    class Meta:
        verbose_name = _("verhaal per leefgebied")
        verbose_name_plural = _("verhalen per leefgebied")
        constraints = [
            models.UniqueConstraint(fields=["intake", "domain"], name="narrative_once_per_domain")
        ]

    def __str__(self) -> str:
        return f"{self.intake_id} · {self.domain}"


class IntakeParticipant(models.Model):
    """Who took part: an organisation, a person (a professional, a relative), or both."""

    intake = models.ForeignKey(
        Intake, verbose_name=_("intake"), on_delete=models.CASCADE, related_name="participants"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("naam of rol"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("deelnemer aan de intake")
        verbose_name_plural = _("deelnemers aan de intake")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(name=""),
                name="participant_names_someone",
            )
        ]

    def __str__(self) -> str:
        return self.name or str(self.organisation_id)
