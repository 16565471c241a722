"""Plans: one plan per household with one case lead (extended by the front-of-chain work)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    external_id = models.CharField(_("kenmerk"), max_length=64, unique=True)
    person = models.ForeignKey(
        "people.Person", verbose_name=_("persoon"), on_delete=models.PROTECT, related_name="plans"
    )
    started_on = models.DateField(_("gestart op"))
    review_on = models.DateField(_("evaluatie op"), null=True, blank=True)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plannen")
        ordering = ["started_on", "external_id"]
        indexes = [models.Index(fields=["person", "started_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="plan_ends_on_or_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.external_id
