"""Persons: the residents the chain works for. Read them only through ``plek.people.selectors``."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plek.access.choices import Purpose
from plek.people.bsn import validate_bsn
from plek.people.folding import Folded


class Sex(models.TextChoices):
    MAN = "M", _("Man")
    VROUW = "V", _("Vrouw")
    ANDERS = "X", _("Anders / onbekend")


class Person(models.Model):
    # Public identifier in API v2 (API Design Rules): random, so it reveals no count or order.
    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
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
    # Contact details and the current address; all optional, filled in when known.
    phone = models.CharField(_("telefoonnummer"), max_length=32, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    street = models.CharField(_("straat"), max_length=200, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=16, blank=True)
    postcode = models.CharField(
        _("postcode"),
        max_length=6,
        blank=True,
        validators=[
            RegexValidator(
                r"^[1-9][0-9]{3}[A-Z]{2}$",
                _("Postcode: vier cijfers en twee hoofdletters, bijvoorbeeld 3311AB."),
            )
        ],
    )
    address_municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name=_("gemeente van het adres"),
        on_delete=models.PROTECT,
        related_name="persons_living_in",
        null=True,
        blank=True,
    )
    no_fixed_address = models.BooleanField(_("zonder vaste woon- of verblijfplaats"), default=False)
    # Set when this person was merged into another (plek.people.services.merge_persons).
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("samengevoegd met"),
        on_delete=models.PROTECT,
        related_name="merged_persons",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    # Family name and initials folded for search (lower case, no accents, no punctuation):
    # computed by the database on every write, whatever the path (plek.people.folding).
    search_name = models.GeneratedField(
        expression=Folded(models.F("family_name"), models.F("initials")),
        output_field=models.TextField(),
        db_persist=True,
        verbose_name=_("zoeknaam"),
    )

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        ordering = ["family_name", "initials", "id"]
        indexes = [
            # Lists and duplicate checks search by name and date of birth.
            models.Index(fields=["family_name", "birth_date"], name="person_name_birth_idx"),
            # The person search (plek.people.search): birth date, address, folded name. On
            # PostgreSQL a trigram index on the name serves partial names (migration 0006).
            models.Index(fields=["birth_date"], name="person_birth_idx"),
            models.Index(fields=["postcode", "house_number"], name="person_postcode_idx"),
            models.Index(fields=["search_name"], name="person_search_name_idx"),
        ]
        constraints = [
            # The full 11-test runs in Python (validate_bsn); the database refuses the one
            # number that passes it without being a BSN.
            models.CheckConstraint(condition=~Q(bsn="000000000"), name="person_bsn_not_all_zeros"),
            # Either an address or "no fixed address", never both.
            models.CheckConstraint(
                condition=Q(no_fixed_address=False) | Q(street="", house_number="", postcode=""),
                name="person_address_or_no_fixed_address",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | ~Q(merged_into=models.F("pk")),
                name="person_not_merged_into_itself",
            ),
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

    @property
    def address_line(self) -> str:
        if self.no_fixed_address:
            return str(_("zonder vaste woon- of verblijfplaats"))
        street = " ".join(part for part in (self.street, self.house_number) if part)
        return ", ".join(part for part in (street, self.postcode) if part)


class Household(models.Model):
    """What a plan belongs to ("1 huishouden, 1 plan, 1 regisseur"); members change over time."""

    # Public identifier in API v2 (API Design Rules): random, so it reveals no count or order.
    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
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
        self.name = household_name(self.name)
        super().save(*args, **kwargs)


def household_name(name: str) -> str:
    """The name without a leading "Huishouden": pages say "Huishouden <name>" themselves."""
    name = " ".join(name.split())
    word, _space, rest = name.partition(" ")
    return rest if rest and word.casefold() in {"huishouden", "household"} else name


class HouseholdRole(models.TextChoices):
    AANVRAGER = "aanvrager", _("Aanvrager")
    PARTNER = "partner", _("Partner")
    KIND = "kind", _("Kind")
    OVERIG = "overig", _("Ander lid van het huishouden")


class HouseholdMember(models.Model):
    """A person belongs to a household in a role from `start_date` until `end_date` (exclusive).

    One household at a time: on PostgreSQL an exclusion constraint over the date ranges per
    person (migration 0004); on SQLite the services check it (``people.services``).
    """

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


# The kinds of data a consent can cover (``services.give_consent`` checks against these).
CONSENT_DATA_KINDS = (
    ("basisgegevens", _("Basisgegevens")),
    ("contactgegevens", _("Contactgegevens en adres")),
    ("signalen", _("Signalen")),
    ("intake", _("Intake en ZRM-scores")),
    ("plan", _("Plan")),
    ("verblijf", _("Verblijf en wachtlijst")),
    ("briefadres", _("Briefadres")),
    ("nazorg", _("Nazorg")),
)


class ConsentQuerySet(models.QuerySet["Consent"]):
    def valid_on(self, day: datetime.date) -> ConsentQuerySet:
        return self.filter(
            Q(given_on__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gt=day),
            Q(revoked_on__isnull=True) | Q(revoked_on__gt=day),
        )


class Consent(models.Model):
    """The person allows an organisation to receive these kinds of data for this purpose.

    Valid from ``given_on`` until ``valid_until`` (exclusive) or ``revoked_on`` (exclusive),
    whichever comes first. A revoked consent stays stored: it is history.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("persoon"), on_delete=models.PROTECT, related_name="consents"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("ontvangende organisatie"),
        on_delete=models.PROTECT,
        related_name="consents_received",
    )
    data_kinds = models.JSONField(_("soorten gegevens"), default=list)
    purpose = models.CharField(_("doel"), max_length=32, choices=Purpose.choices)
    given_on = models.DateField(_("gegeven op"))
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True)
    revoked_on = models.DateField(_("ingetrokken op"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["person", "given_on"], name="consent_person_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=models.F("given_on")),
                name="consent_valid_until_after_given",
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | Q(revoked_on__gte=models.F("given_on")),
                name="consent_revoked_on_or_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.organisation_id} ({self.purpose})"

    @property
    def data_kind_labels(self) -> str:
        """The kinds covered, in words ("Contactgegevens en adres, Plan"), not as codes."""
        labels = dict(CONSENT_DATA_KINDS)
        return ", ".join(str(labels.get(kind, kind)) for kind in self.data_kinds)

    def is_valid_on(self, day: datetime.date) -> bool:
        if self.given_on > day:
            return False
        if self.valid_until is not None and self.valid_until <= day:
            return False
        return self.revoked_on is None or self.revoked_on > day


class DuplicateOverrule(models.Model):
    """A professional created a person although plek showed possible duplicates."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("nieuwe persoon"),
        on_delete=models.CASCADE,
        related_name="duplicate_overrules",
    )
    candidate_ids = models.JSONField(_("mogelijke dubbelen (ids)"), default=list)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("doorgezette nieuwe persoon")
        verbose_name_plural = _("doorgezette nieuwe personen")

    def __str__(self) -> str:
        return f"{self.person_id}: {self.candidate_ids}"


class PersonMerge(models.Model):
    """Person ``source`` merged into ``target``; ``moved`` lists exactly the rows that moved.

    ``moved`` is a list of ``{"model": "app_label.model", "field": name, "pk": id}``; undoing
    the merge moves exactly those rows back and sets ``undone_at``.
    """

    target = models.ForeignKey(
        Person, verbose_name=_("blijft"), on_delete=models.PROTECT, related_name="merges_into"
    )
    source = models.ForeignKey(
        Person,
        verbose_name=_("samengevoegd"),
        on_delete=models.PROTECT,
        related_name="merges_from",
    )
    moved = models.JSONField(_("verplaatste rijen"), default=list)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("samengevoegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    merged_at = models.DateTimeField(_("samengevoegd op"), auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ongedaan gemaakt door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    undone_at = models.DateTimeField(_("ongedaan gemaakt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("samenvoeging van personen")
        verbose_name_plural = _("samenvoegingen van personen")
        ordering = ["-merged_at", "-id"]
        constraints = [
            # A person is merged away at most once at a time.
            models.UniqueConstraint(
                fields=["source"],
                condition=Q(undone_at__isnull=True),
                name="person_merge_one_active_per_source",
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="person_merge_two_persons"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}"
