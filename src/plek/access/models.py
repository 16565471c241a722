"""Relations that open a file, break-the-glass events, and the append-only processing log.

The structure of the log and its MAC chains is described in ``plek.access.chain``.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plek.access.choices import Confidentiality, LogAction, Purpose, RelationKind
from plek.accounts.roles import Role
from plek.core.dates import minute_stamp

GENESIS_HASH = "0" * 64


class RelationQuerySet(models.QuerySet["Relation"]):
    def valid_on(self, day: Any) -> RelationQuerySet:
        return self.filter(
            Q(valid_from__lte=day), Q(valid_until__isnull=True) | Q(valid_until__gt=day)
        )


class Relation(models.Model):
    """A generic relation of one user, team or organisation with a person, for a while.

    Apps with their own relations (plan, stay, application) register their own relation source
    instead of copying rows here; this table is for relations no other app holds.
    """

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        related_name="access_relations",
    )
    kind = models.CharField(_("soort relatie"), max_length=32, choices=RelationKind.choices)
    purpose = models.CharField(
        _("doel"), max_length=32, choices=Purpose.choices, default=Purpose.WMO_MO
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        on_delete=models.CASCADE,
        related_name="access_relations",
        null=True,
        blank=True,
    )
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        related_name="access_relations",
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="access_relations",
        null=True,
        blank=True,
    )
    valid_from = models.DateField(_("geldig vanaf"))
    # Exclusive: the relation no longer holds on this date.
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects = RelationQuerySet.as_manager()

    class Meta:
        verbose_name = _("relatie met persoon")
        verbose_name_plural = _("relaties met personen")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(user__isnull=False, team__isnull=True, organisation__isnull=True)
                    | Q(user__isnull=True, team__isnull=False, organisation__isnull=True)
                    | Q(user__isnull=True, team__isnull=True, organisation__isnull=False)
                ),
                name="relation_exactly_one_holder",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=F("valid_from")),
                name="relation_ends_after_start",
            ),
        ]
        # Both directions are asked: "may this user see P" and "whom may this user see".
        indexes = [
            models.Index(fields=["person", "valid_from"], name="relation_person_idx"),
            models.Index(fields=["user", "valid_from"], name="relation_user_idx"),
            models.Index(fields=["team", "valid_from"], name="relation_team_idx"),
            models.Index(fields=["organisation", "valid_from"], name="relation_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.person_id}"


class BreakGlassGround(models.TextChoices):
    """Why a file must be opened without a relation: the list the professional chooses from."""

    SPOED = "spoed_veiligheid", _("Acute zorg of veiligheid")
    MELDT_ZICH = "bewoner_meldt_zich", _("Bewoner meldt zich en vraagt nu hulp")
    WAARNEMING = "waarneming", _("Waarneming voor een afwezige collega")
    CRISIS = "crisis_buiten_kantoortijd", _("Crisis buiten kantoortijd")
    VERWIJZING = "verwijzing", _("Verwijzing of overdracht in voorbereiding")
    ANDERS = "anders", _("Anders (licht toe)")


class BreakGlass(models.Model):
    """A professional opened a file without a relation, with a stated reason, for a short time."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        on_delete=models.PROTECT,
        related_name="break_glass_events",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="break_glass_events",
    )
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        related_name="break_glass_events",
    )
    ground = models.CharField(
        _("grond"), max_length=32, choices=BreakGlassGround.choices, default=BreakGlassGround.ANDERS
    )
    reason = models.TextField(_("reden"))
    purpose = models.CharField(_("doel"), max_length=32, choices=Purpose.choices)
    granted_at = models.DateTimeField(_("verleend op"), default=timezone.now)
    expires_at = models.DateTimeField(_("verloopt op"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    justified = models.BooleanField(_("terecht"), null=True, blank=True)
    review_note = models.TextField(_("toelichting beoordeling"), blank=True)

    class Meta:
        verbose_name = _("doorbraak van toegang")
        verbose_name_plural = _("doorbraken van toegang")
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("granted_at")), name="break_glass_expires_after_grant"
            ),
            models.CheckConstraint(
                condition=Q(reviewed_at__isnull=True, justified__isnull=True)
                | Q(reviewed_at__isnull=False, justified__isnull=False),
                name="break_glass_review_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "person", "expires_at"], name="break_glass_active_idx"),
            models.Index(fields=["reviewed_at", "granted_at"], name="break_glass_review_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.person_id} · {minute_stamp(self.granted_at)}"

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None


class BreakGlassUnlock(models.Model):
    """The privacy officer lets a user break the glass again today, past the daily limit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        on_delete=models.PROTECT,
        related_name="break_glass_unlocks",
    )
    day = models.DateField(_("dag"))
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vrijgegeven door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unlocked_at = models.DateTimeField(_("vrijgegeven op"), default=timezone.now)

    class Meta:
        verbose_name = _("vrijgave doorbreken")
        verbose_name_plural = _("vrijgaven doorbreken")
        indexes = [models.Index(fields=["user", "day"], name="break_glass_unlock_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.day}"


class RefusedAccess(models.Model):
    """The security log: a logged-in user was refused (403), with what they asked for.

    Probing ids leaves a trace tied to the user (finding #14). No foreign keys, like the
    processing log: the trace outlives users and persons. The path is stored without its query
    string (no search terms, no BSN).
    """

    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    user_id = models.BigIntegerField(_("gebruiker (id)"))
    username = models.CharField(_("gebruikersnaam"), max_length=150)
    organisation_id = models.BigIntegerField(_("organisatie (id)"), null=True, blank=True)
    role = models.CharField(_("rol"), max_length=32, blank=True)
    method = models.CharField(_("methode"), max_length=8)
    path = models.CharField(_("pad"), max_length=300)
    person_id = models.BigIntegerField(_("persoon (id)"), null=True, blank=True)
    request_id = models.CharField(_("verzoek-id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("geweigerde toegang")
        verbose_name_plural = _("geweigerde toegang")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["user_id", "at"], name="refused_user_idx"),
            models.Index(fields=["at"], name="refused_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.method} {self.path}"


class LogChain(models.Model):
    """The head of one of the log's MAC chains: locked while appending, checked on verify."""

    chain = models.PositiveSmallIntegerField(_("keten"), primary_key=True)
    last_sequence = models.BigIntegerField(_("laatste volgnummer"), default=0)
    last_hash = models.CharField(_("laatste hash"), max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("keten van het verwerkingenlog")
        verbose_name_plural = _("ketens van het verwerkingenlog")

    def __str__(self) -> str:
        return f"{self.chain}: {self.last_sequence}"


class AppendOnlyQuerySet(models.QuerySet["ProcessingLogEntry"]):
    # The database refuses these too (triggers); failing here first gives a clear Python error.
    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("Het verwerkingenlog is alleen-toevoegen: wijzigen kan niet.")

    def delete(self) -> NoReturn:
        raise TypeError("Het verwerkingenlog is alleen-toevoegen: verwijderen kan niet.")


class ProcessingLogEntry(models.Model):
    """One processing of personal data (VNG verwerkingenlogging), a link in a MAC chain.

    The ``hash`` and ``previous_hash`` columns hold HMAC-SHA256 values (see plek.access.chain).

    No foreign keys on purpose: removing a user, organisation or person must neither cascade
    into the log nor update it, and the stored names keep the entry readable afterwards.
    """

    chain = models.PositiveSmallIntegerField(_("keten"))
    sequence = models.BigIntegerField(_("volgnummer"))
    timestamp = models.DateTimeField(_("tijdstip"))
    action = models.CharField(_("actie"), max_length=16, choices=LogAction.choices)
    activity_code = models.CharField(_("verwerkingsactiviteit (code)"), max_length=64)
    activity_name = models.CharField(_("verwerkingsactiviteit"), max_length=200)
    purpose = models.CharField(_("doel"), max_length=32, choices=Purpose.choices)
    confidentiality = models.CharField(
        _("vertrouwelijkheid"), max_length=16, choices=Confidentiality.choices
    )
    retention_period = models.CharField(_("bewaartermijn"), max_length=16)
    user_id = models.BigIntegerField(_("gebruiker (id)"), null=True, blank=True)
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    organisation_id = models.BigIntegerField(_("organisatie (id)"), null=True, blank=True)
    organisation_name = models.CharField(_("organisatie"), max_length=200, blank=True)
    role = models.CharField(_("rol"), max_length=32, blank=True)
    person_id = models.BigIntegerField(_("persoon (id)"), null=True, blank=True)
    data_kinds = models.JSONField(_("soorten gegevens"), default=list)
    request_id = models.CharField(_("verzoek-id"), max_length=64, blank=True)
    break_glass = models.BooleanField(_("doorbraak van toegang"), default=False)
    break_glass_id = models.BigIntegerField(_("doorbraak (id)"), null=True, blank=True)
    previous_hash = models.CharField(_("vorige hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("verwerking")
        verbose_name_plural = _("verwerkingenlog")
        ordering = ["-timestamp", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="log_chain_sequence_unique")
        ]
        # The privacy officer searches by person, user, organisation and period, newest first.
        indexes = [
            models.Index(fields=["person_id", "timestamp"], name="log_person_idx"),
            models.Index(fields=["user_id", "timestamp"], name="log_user_idx"),
            models.Index(fields=["organisation_id", "timestamp"], name="log_org_idx"),
            models.Index(fields=["timestamp"], name="log_timestamp_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.chain}/{self.sequence} {self.action} {self.activity_code}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("Het verwerkingenlog is alleen-toevoegen: wijzigen kan niet.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("Het verwerkingenlog is alleen-toevoegen: verwijderen kan niet.")

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role in Role.values else self.role
