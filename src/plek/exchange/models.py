"""Imports started from the browser: who uploaded what, how far it got, and what was wrong."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plek.core.dates import minute_stamp
from plek.core.leases import expired, queue_deadline

if TYPE_CHECKING:
    from plek.core.tasks import Handover


class ImportStatus(models.TextChoices):
    QUEUED = "wachtrij", _("In de wachtrij")
    RUNNING = "bezig", _("Bezig")
    DONE = "klaar", _("Geïmporteerd")
    FAILED = "mislukt", _("Niet geïmporteerd")
    # The process running it died (kill -9, a lost worker): its lease ran out. Nothing is stored;
    # the uploaded files are kept so that `plek jobs rerun ID` can run it again.
    ABORTED = "afgebroken", _("Afgebroken")


ACTIVE = {ImportStatus.QUEUED, ImportStatus.RUNNING}


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
    # Until when the job counts as alive: the queue deadline while it waits, then a short lease
    # that the running worker renews (plek.core.leases). Past it, the job is aborted.
    lease_expires_at = models.DateTimeField(
        _("levend tot"), null=True, blank=True, default=queue_deadline
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    files = models.JSONField(_("bestanden"), default=list)
    rows = models.PositiveIntegerField(_("rijen"), default=0)
    # One `file:row:column: message` line per problem, exactly as `plek import` prints them; at
    # most services.MAX_STORED_PROBLEMS, then one line with the count of the rest.
    problems = models.JSONField(_("problemen"), default=list)
    problem_count = models.PositiveIntegerField(_("aantal problemen"), default=0)

    # Set on a job just started (not stored): whether it reached the broker (plek.core.tasks).
    handover: Handover | None = None

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{minute_stamp(self.created_at)} · {self.state.label}"

    @property
    def state(self) -> ImportStatus:
        """The status as everyone must read it: an active job whose lease ran out is aborted."""
        if self.status in ACTIVE and expired(self.lease_expires_at):
            return ImportStatus.ABORTED
        return ImportStatus(self.status)

    @property
    def problem_total(self) -> int:
        """All problems found, also those beyond the stored lines (jobs from before the count)."""
        return max(self.problem_count, len(self.problems))

    @property
    def problems_cut(self) -> bool:
        """Whether only the first problems were kept (the last line counts the rest)."""
        return bool(self.problems) and str(self.problems[-1]).startswith(":::… en nog")

    @property
    def finished(self) -> bool:
        return self.state not in ACTIVE
