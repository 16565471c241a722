"""The precomputed monitor: figures stored per period, municipality and cut, and the change log
that tells which of them a later change to the chain's data has made stale.

Database triggers (migration 0001) write one `MonitorChange` per changed statement (PostgreSQL) or
row (SQLite) of the tables the figures read, with the earliest day the change can affect. A stored
figure remembers the database snapshot it was computed in; it is served only while no change
outside that snapshot reaches its period (`plek.monitor.precomputed`).
"""

from __future__ import annotations

from django.db import models


class MonitorFigure(models.Model):
    """One figure (M1 … M13) for one period, municipality of origin, cut and set of norms."""

    period_start = models.DateField()
    period_end = models.DateField()
    as_of = models.DateField()
    municipality = models.CharField(max_length=16, blank=True)  # "" for the whole region
    cut = models.CharField(max_length=64, blank=True)  # "" for no cut
    norms = models.CharField(max_length=200)
    figure = models.CharField(max_length=4)
    value = models.JSONField()
    # PostgreSQL: the snapshot (pg_snapshot text) the figure was computed in; SQLite: the change
    # counter read before computing.
    snapshot = models.CharField(max_length=2000)
    computed_at = models.DateTimeField(auto_now=True)
    # Published and frozen (``precomputed.sealing``): served for its period whatever the as-of
    # day, never recomputed, never pruned.
    sealed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "period_start",
                    "period_end",
                    "as_of",
                    "municipality",
                    "cut",
                    "norms",
                    "figure",
                ],
                name="monitor_figure_key",
            )
        ]

    def __str__(self) -> str:
        area = self.municipality or "regio"
        return f"{self.figure} {self.period_start}–{self.period_end} {area}"


class MonitorChange(models.Model):
    """A change to data the monitor reads, from `since` on (written by database triggers)."""

    xid = models.BigIntegerField()  # PostgreSQL transaction id; SQLite: the change counter
    since = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["since", "xid"], name="monitor_change_since")]

    def __str__(self) -> str:
        return f"wijziging {self.xid} vanaf {self.since}"


class MonitorCounter(models.Model):
    """SQLite only: one row counting changes (PostgreSQL uses transaction snapshots instead)."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)
