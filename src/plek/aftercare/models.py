"""Aftercare (waakvlam) tracks and their check-ins."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Light(models.TextChoices):
    GROEN = "groen", _("Groen")
    ORANJE = "oranje", _("Oranje")
    ROOD = "rood", _("Rood")


class AftercareTrack(models.Model):
    external_id = models.CharField(_("kenmerk"), max_length=64, unique=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        related_name="aftercare_tracks",
    )
    started_on = models.DateField(_("gestart op"))
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)

    # --- the work done in plek (empty for imported history) ----------------------------------
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("waakvlamcoach"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aftercare_tracks",
    )
    # The stay whose exit to a home this track follows up, when it came from a proposal.
    origin_stay = models.ForeignKey(
        "housing.Stay",
        verbose_name=_("aanleiding (verblijf)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aftercare_tracks",
    )
    end_reason = models.CharField(_("reden van beëindiging"), max_length=16, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gestart door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("waakvlamtraject")
        verbose_name_plural = _("waakvlamtrajecten")
        ordering = ["started_on", "external_id"]
        indexes = [
            models.Index(fields=["person", "started_on"]),
            models.Index(fields=["coach", "ended_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["origin_stay"],
                condition=Q(origin_stay__isnull=False),
                name="aftercare_one_track_per_stay",
            )
        ]

    def __str__(self) -> str:
        return self.external_id

    @property
    def end_reason_label(self) -> str:
        """The end reason in words (imported history may hold a code plek does not know)."""
        if self.end_reason in EndReason.values:
            return str(EndReason(self.end_reason).label)
        return self.end_reason


class CheckIn(models.Model):
    external_id = models.CharField(_("kenmerk"), max_length=64, unique=True)
    track = models.ForeignKey(
        AftercareTrack,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="checkins",
    )
    due_on = models.DateField(_("gepland op"))
    done_on = models.DateField(_("gedaan op"), null=True, blank=True)
    # The worst light of the domains (the plek-csv column); per domain in CheckInDomain.
    light = models.CharField(_("stoplicht"), max_length=8, choices=Light.choices, blank=True)
    note = models.TextField(_("notitie"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["due_on", "external_id"]
        indexes = [
            models.Index(fields=["due_on"]),
            models.Index(fields=["track", "due_on"]),
            models.Index(fields=["light"]),
        ]

    def __str__(self) -> str:
        return self.external_id


class EndReason(models.TextChoices):
    AFGEROND = "afgerond", _("Afgerond volgens schema")
    TERUGVAL = "terugval", _("Terugval naar de opvang")
    VERHUISD = "verhuisd", _("Verhuisd buiten de regio")
    GEWEIGERD = "geweigerd", _("Bewoner wil geen nazorg meer")


class CheckInDomain(models.Model):
    """The traffic light of one life domain (ZRM domain) at one check-in."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("leefgebied"), max_length=40)
    light = models.CharField(_("stoplicht"), max_length=8, choices=Light.choices)

    class Meta:
        verbose_name = _("stoplicht per leefgebied")
        verbose_name_plural = _("stoplichten per leefgebied")
        constraints = [
            models.UniqueConstraint(
                fields=["checkin", "domain"], name="aftercare_one_light_per_domain"
            )
        ]

    def __str__(self) -> str:
        return f"{self.checkin_id}: {self.domain} {self.light}"


class AlertKind(models.TextChoices):
    ROOD = "rood", _("Stoplicht op rood")
    GEMIST = "gemist", _("Contactmoment gemist")
    SIGNAAL = "signaal", _("Nieuw signaal")
    TERUGVAL = "terugval", _("Nieuw verblijf in de opvang (terugval)")
    MAATJE = "maatje", _("Zorg van het maatje")


class BuddyConcern(models.Model):
    """A stored fact: a buddy (maatje) of the resident noticed something worrying, such as a
    coming relapse. Recorded through ``plek.informal``; becomes an alert like the others."""

    track = models.ForeignKey(
        AftercareTrack,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="buddy_concerns",
    )
    raised_on = models.DateField(_("gemeld op"))
    text = models.TextField(_("wat het maatje ziet"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("zorg van een maatje")
        verbose_name_plural = _("zorgen van maatjes")
        ordering = ["track", "raised_on", "id"]

    def __str__(self) -> str:
        return f"{self.track_id} · {self.raised_on}"


class AlertAcknowledgement(models.Model):
    """The one stored part of an alert: that a recipient has seen it. Alerts themselves are
    computed from check-ins, signals and stays when asked."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("soort"), max_length=16, choices=AlertKind.choices)
    # The id of the check-in, signal or stay the alert is about.
    object_id = models.PositiveBigIntegerField(_("over"))
    track = models.ForeignKey(AftercareTrack, on_delete=models.CASCADE, related_name="+")
    acknowledged_at = models.DateTimeField(_("gezien op"), auto_now_add=True)

    class Meta:
        verbose_name = _("gezien signalering")
        verbose_name_plural = _("geziene signaleringen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "object_id", "track"], name="aftercare_ack_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
