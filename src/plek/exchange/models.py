"""Imports started from the browser: who uploaded what, how far it got, and what was wrong."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    QUEUED = "wachtrij", _("In de wachtrij")
    RUNNING = "bezig", _("Bezig")
    DONE = "klaar", _("Geïmporteerd")
    FAILED = "mislukt", _("Niet geïmporteerd")


class ImportJob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gestart door"),
        on_delete=models.PROTECT,
        related_name="import_jobs",
    )
    # The capacity the import was started in, for the processing log.
    membership = models.ForeignKey(
        "accounts.Membership",
        verbose_name=_("als"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    created_at = models.DateTimeField(_("gestart op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    files = models.JSONField(_("bestanden"), default=list)
    rows = models.PositiveIntegerField(_("rijen"), default=0)
    # One `file:row:column: message` line per problem, exactly as `plek import` prints them.
    problems = models.JSONField(_("problemen"), default=list)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} · {self.get_status_display()}"

    @property
    def finished(self) -> bool:
        return self.status in {ImportStatus.DONE, ImportStatus.FAILED}
