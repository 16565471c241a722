"""Municipalities, organisations, teams, users and their memberships (who works where, as what)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plek.accounts.roles import Role, RoleProfile, profile
from plek.core.dates import minute_stamp


class Region(models.Model):
    name = models.CharField(_("naam"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        help_text=_("GM gevolgd door vier cijfers, bijvoorbeeld GM0505."),
    )
    name = models.CharField(_("naam"), max_length=120)
    region = models.ForeignKey(
        Region,
        verbose_name=_("regio"),
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
    )
    is_centre = models.BooleanField(_("centrumgemeente"), default=False)

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class OrganisationKind(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    SOCIALE_DIENST = "sociale_dienst", _("Sociale dienst")
    WIJKTEAM = "wijkteam", _("Wijkteam")
    OPVANG_AANBIEDER = "opvang_aanbieder", _("Opvangaanbieder")
    ZORGAANBIEDER = "zorgaanbieder", _("Zorgaanbieder")
    WONINGCORPORATIE = "woningcorporatie", _("Woningcorporatie")
    NUTSBEDRIJF = "nutsbedrijf", _("Energie- of waterbedrijf")
    ZORGVERZEKERAAR = "zorgverzekeraar", _("Zorgverzekeraar")
    WELZIJN = "welzijn", _("Welzijnsorganisatie")
    OVERIG = "overig", _("Overig")


class Organisation(models.Model):
    # The source's own key (plek-csv `organisations.csv:id`), stable across imports.
    external_id = models.CharField(_("kenmerk"), max_length=64, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=32, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="teams"
    )
    name = models.CharField(_("naam"), max_length=200)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("werkgebied"), blank=True, related_name="teams"
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_unique_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"


class User(AbstractUser):
    # Demo users may skip the second factor, and only while PLEK_DEMO_MODE is on.
    is_demo = models.BooleanField(_("demogebruiker"), default=False)
    preferred_language = models.CharField(
        _("voorkeurstaal"),
        max_length=8,
        choices=[("nl", "Nederlands"), ("en", "English")],
        default="nl",
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def active_memberships(self, on: datetime.date | None = None) -> models.QuerySet[Membership]:
        return (
            Membership.objects.active(on).filter(user=self).select_related("organisation", "team")
        )

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class MembershipStatus(models.TextChoices):
    """Four eyes: a membership with a case-file role counts only once a second admin approved."""

    APPROVED = "goedgekeurd", _("Goedgekeurd")
    REQUESTED = "aangevraagd", _("Wacht op goedkeuring")
    REJECTED = "afgewezen", _("Afgewezen")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, on: datetime.date | None = None) -> MembershipQuerySet:
        day = on or timezone.localdate()
        return self.filter(
            Q(status=MembershipStatus.APPROVED),
            Q(start_date__lte=day),
            Q(end_date__isnull=True) | Q(end_date__gt=day),
        )


class Membership(models.Model):
    """A user works for an organisation (and possibly a team) in one role, from start to end."""

    user = models.ForeignKey(
        User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
    )
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    start_date = models.DateField(_("startdatum"))
    # Exclusive: the membership no longer holds on this date.
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MembershipStatus.choices,
        default=MembershipStatus.APPROVED,
    )
    requested_by = models.ForeignKey(
        User,
        verbose_name=_("aangevraagd door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("beoordeeld door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["user__username", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="membership_ends_after_start",
            )
        ]
        indexes = [
            models.Index(fields=["user", "start_date"]),
            models.Index(fields=["status", "start_date"], name="membership_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"

    @property
    def is_case_file_role(self) -> bool:
        return profile(self.role).reads_person_files

    @property
    def profile(self) -> RoleProfile:
        return profile(self.role)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.team is not None and self.team.organisation_id != self.organisation_id:
            raise ValidationError({"team": _("Het team hoort niet bij deze organisatie.")})
        if self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("De einddatum moet na de startdatum liggen.")})


class MembershipChangeEvent(models.TextChoices):
    CREATED = "aangemaakt", _("Aangemaakt")
    REQUESTED = "aangevraagd", _("Aangevraagd, wacht op goedkeuring")
    APPROVED = "goedgekeurd", _("Goedgekeurd")
    REJECTED = "afgewezen", _("Afgewezen")
    CHANGED = "gewijzigd", _("Gewijzigd")


class MembershipChange(models.Model):
    """One change of a membership, as it was after the change: the privacy officer's list."""

    membership = models.ForeignKey(
        Membership,
        verbose_name=_("lidmaatschap"),
        on_delete=models.PROTECT,
        related_name="changes",
    )
    event = models.CharField(_("wijziging"), max_length=16, choices=MembershipChangeEvent.choices)
    changed_by = models.ForeignKey(
        User, verbose_name=_("door"), on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("op"), default=timezone.now)
    user = models.ForeignKey(
        User, verbose_name=_("gebruiker"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=MembershipStatus.choices)
    # Whether the role opens person files: what the privacy officer watches.
    case_file_role = models.BooleanField(_("dossierrol"))

    class Meta:
        verbose_name = _("wijziging van een lidmaatschap")
        verbose_name_plural = _("wijzigingen van lidmaatschappen")
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(fields=["case_file_role", "changed_at"], name="membership_change_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} · {self.membership_id}"


class TotpActivation(models.Model):
    """A one-time code from a functional admin that lets one user enrol an authenticator app.

    The code itself is never stored: only its hash. Without it, the password alone does not
    let anyone tie a new device to the account.
    """

    user = models.ForeignKey(
        User,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="totp_activations",
    )
    code_hash = models.CharField(_("code (hash)"), max_length=128)
    issued_by = models.ForeignKey(
        User,
        verbose_name=_("uitgegeven door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    issued_at = models.DateTimeField(_("uitgegeven op"), default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"))
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("foute pogingen"), default=0)

    class Meta:
        verbose_name = _("activeringscode tweede factor")
        verbose_name_plural = _("activeringscodes tweede factor")
        indexes = [models.Index(fields=["user", "expires_at"], name="totp_activation_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} · {minute_stamp(self.issued_at)}"


class ConfigChange(models.Model):
    """One changed setting of the region's configuration: who, when, which field, old and new.

    Written by the functional admin's services (facilities, units, capacity, norms, terms,
    tariffs, the allocation model) through ``plek.accounts.config_history``; never changed after.
    """

    changed_at = models.DateTimeField(_("op"), default=timezone.now, db_index=True)
    changed_by = models.ForeignKey(
        User,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    area = models.CharField(_("onderdeel"), max_length=32)
    subject = models.CharField(_("wat"), max_length=200)
    subject_key = models.CharField(_("kenmerk"), max_length=64, blank=True, default="")
    field = models.CharField(_("veld"), max_length=100)
    old_value = models.TextField(_("oude waarde"), blank=True, default="")
    new_value = models.TextField(_("nieuwe waarde"), blank=True, default="")
    source = models.CharField(_("via"), max_length=16, default="scherm")

    class Meta:
        verbose_name = _("wijziging van de configuratie")
        verbose_name_plural = _("wijzigingen van de configuratie")
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["area", "changed_at"], name="config_change_area_idx")]

    def __str__(self) -> str:
        return f"{self.subject} · {self.field}"
