"""Persons: the residents the chain works for. Read them only through ``plek.people.selectors``."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plek.people.bsn import validate_bsn


class Sex(models.TextChoices):
    MAN = "M", _("Man")
    VROUW = "V", _("Vrouw")
    ANDERS = "X", _("Anders / onbekend")


class Person(models.Model):
    # The source's own key (plek-csv `persons.csv:id`), stable across imports.
    external_id = models.CharField(
        _("kenmerk bron"), max_length=64, unique=True, null=True, blank=True
    )
    # NULL, not "", when unknown: several persons may lack a BSN, none may share one.
    bsn = models.CharField(
        _("BSN"), max_length=9, unique=True, null=True, blank=True, validators=[validate_bsn]
    )
    initials = models.CharField(_("voorletters"), max_length=20, blank=True)
    family_name = models.CharField(_("achternaam"), max_length=200)
    birth_date = models.DateField(_("geboortedatum"), null=True, blank=True)
    sex = models.CharField(_("geslacht"), max_length=1, choices=Sex.choices, default=Sex.ANDERS)
    origin_municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name=_("gemeente van herkomst"),
        on_delete=models.PROTECT,
        related_name="persons_of_origin",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        ordering = ["family_name", "initials", "id"]
        indexes = [
            # Lists and duplicate checks search by name and date of birth.
            models.Index(fields=["family_name", "birth_date"], name="person_name_birth_idx"),
        ]
        constraints = [
            # The full 11-test runs in Python (validate_bsn); the database refuses the one
            # number that passes it without being a BSN.
            models.CheckConstraint(condition=~Q(bsn="000000000"), name="person_bsn_not_all_zeros"),
        ]

    def __str__(self) -> str:
        return " ".join(part for part in (self.initials, self.family_name) if part)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Forms hand over "" for an empty field; stored as NULL so uniqueness ignores it.
        self.bsn = self.bsn or None
        # Persons entered in plek get a source key too, so that plek-csv can export and
        # re-import them like everyone else.
        self.external_id = self.external_id or uuid.uuid4().hex
        super().save(*args, **kwargs)


class Household(models.Model):
    """What a plan belongs to ("1 huishouden, 1 plan, 1 regisseur"); members change over time."""

    external_id = models.CharField(_("kenmerk"), max_length=64, unique=True)
    name = models.CharField(
        _("naam"), max_length=200, help_text=_("Bijvoorbeeld de achternaam van het huishouden.")
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.external_id = self.external_id or uuid.uuid4().hex
        super().save(*args, **kwargs)


class HouseholdRole(models.TextChoices):
    AANVRAGER = "aanvrager", _("Aanvrager")
    PARTNER = "partner", _("Partner")
    KIND = "kind", _("Kind")
    OVERIG = "overig", _("Ander lid van het huishouden")


class HouseholdMember(models.Model):
    """A person belongs to a household in a role from `start_date` until `end_date` (exclusive)."""

    household = models.ForeignKey(
        Household, verbose_name=_("huishouden"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("persoon"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=16, choices=HouseholdRole.choices)
    start_date = models.DateField(_("vanaf"))
    end_date = models.DateField(_("tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("lid van een huishouden")
        verbose_name_plural = _("leden van huishoudens")
        ordering = ["household", "start_date", "id"]
        indexes = [models.Index(fields=["person", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="household_member_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.get_role_display()} · {self.household_id}"
