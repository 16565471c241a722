"""ZRM assessments: one row per assessment, one row per scored domain."""

from __future__ import annotations

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
