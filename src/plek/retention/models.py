"""The retention periods the functional admin set, and what each run of the job did."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from plek.core.dates import minute_stamp


class RetentionPeriod(models.Model):
    """The period for one registered kind of record (``plek.core.retention``), when it differs
    from the kind's default. Changed only through ``plek.retention.services.set_period``."""

    kind = models.CharField(_("soort gegevens"), max_length=32, unique=True)
    years = models.PositiveSmallIntegerField(_("bewaartermijn (jaren)"))

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")

    def __str__(self) -> str:
        return f"{self.kind}: {self.years}"


class RetentionRun(models.Model):
    """One run of the retention job: counts per kind, no personal data."""

    started_at = models.DateTimeField(_("gestart op"))
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    dry_run = models.BooleanField(_("proefdraai"), default=False)
    # {kind code: {"expired": n, "done": n, "held": n}}
    counts = models.JSONField(_("aantallen"), default=dict)
    log_rows_pruned = models.BigIntegerField(_("logregels opgeruimd"), default=0)
    sealed_periods = models.PositiveIntegerField(_("monitorperioden vastgezet"), default=0)

    class Meta:
        verbose_name = _("run van de bewaartermijnen")
        verbose_name_plural = _("runs van de bewaartermijnen")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return minute_stamp(self.started_at)


class SealedPeriod(models.Model):
    """A monitor period (and area) whose published figures the retention job has sealed whole:
    everything its page shows. Later runs skip it."""

    period_start = models.DateField()
    period_end = models.DateField()
    municipality = models.CharField(max_length=16, blank=True)  # "" for the region
    sealed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period_start", "period_end", "municipality"], name="sealed_period_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end} {self.municipality or 'regio'}"
