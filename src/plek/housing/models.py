"""Facilities with their capacity over time, stays and waiting-list entries.

These are the facts the chain records and the monitor counts. Rows imported from another system
keep that system's key in ``external_id`` so that a second import updates instead of duplicating.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from plek.core.choices import Priority
from plek.housing.choices import (
    CATEGORY_OF_TYPE,
    Category,
    ChildrenRule,
    ExitDestination,
    FacilityType,
    ProposalStatus,
    Scope,
    UnitKind,
)


class Facility(models.Model):
    external_id = models.CharField(_("kenmerk"), max_length=64, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    type = models.CharField(_("soort voorziening"), max_length=32, choices=FacilityType.choices)
    # Follows from `type`; stored because every monitor query filters on it.
    category = models.CharField(_("categorie"), max_length=16, choices=Category.choices)
    provider = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("aanbieder"),
        on_delete=models.PROTECT,
        related_name="facilities",
    )
    municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="facilities",
    )
    scope = models.CharField(_("bereik"), max_length=16, choices=Scope.choices)
    day_tariff = models.DecimalField(
        _("dagtarief (euro)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    # Eligibility rules (not in plek-csv; their defaults admit everyone, so imports stay exact).
    min_age = models.PositiveSmallIntegerField(_("minimumleeftijd"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximumleeftijd"), null=True, blank=True)
    sex = models.CharField(
        _("alleen voor geslacht"),
        max_length=1,
        blank=True,
        default="",
        choices=[("V", _("Vrouwen")), ("M", _("Mannen"))],
    )
    children_rule = models.CharField(
        _("huishouden met kinderen"),
        max_length=8,
        blank=True,
        default="",
        choices=ChildrenRule.choices,
    )
    indication_required = models.BooleanField(
        _("toegangsbesluit vereist"),
        default=False,
        help_text=_("Alleen kandidaten met een geldig toegangsbesluit van de Wmo-consulent."),
    )
    origin_municipalities = models.ManyToManyField(
        "accounts.Municipality",
        verbose_name=_("alleen uit deze gemeenten"),
        blank=True,
        related_name="+",
    )
    origin_region = models.ForeignKey(
        "accounts.Region",
        verbose_name=_("alleen uit deze regio"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("voorziening")
        verbose_name_plural = _("voorzieningen")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(day_tariff__gte=0), name="facility_tariff_not_negative"
            )
        ]
        indexes = [models.Index(fields=["category", "type"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.category = CATEGORY_OF_TYPE[self.type]
        super().save(*args, **kwargs)


class CapacityPeriod(models.Model):
    """From `valid_from` until the facility's next period, it has `units` places."""

    facility = models.ForeignKey(
        Facility, verbose_name=_("voorziening"), on_delete=models.CASCADE, related_name="capacity"
    )
    valid_from = models.DateField(_("geldig vanaf"))
    units = models.PositiveIntegerField(_("aantal plaatsen"))

    class Meta:
        verbose_name = _("capaciteit")
        verbose_name_plural = _("capaciteit")
        ordering = ["facility", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "valid_from"], name="capacity_one_row_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.facility_id} vanaf {self.valid_from}: {self.units}"


class Stay(models.Model):
    """A person in a facility; occupies the nights start_date … end_date − 1."""

    external_id = models.CharField(_("kenmerk"), max_length=64, unique=True)
    # person, facility and unit have no index of their own: the indexes on (person, start_date),
    # (facility, start_date) and (unit, start_date) below serve every lookup by them, and each
    # index more is written for every one of the millions of stays a national import brings.
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        related_name="stays",
        db_index=False,
    )
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("voorziening"),
        on_delete=models.PROTECT,
        related_name="stays",
        db_index=False,
    )
    start_date = models.DateField(_("begindatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    exit_destination = models.CharField(
        _("uitstroombestemming"), max_length=32, choices=ExitDestination.choices, blank=True
    )
    # Not in plek-csv: imported stays have no unit and no predecessor.
    unit = models.ForeignKey(
        "housing.Unit",
        verbose_name=_("eenheid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stays",
        db_index=False,
    )
    expected_end_date = models.DateField(_("verwacht vertrek"), null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("vorig verblijf (overplaatsing)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_stays",
    )
    # The municipality of origin when the stay started: past periods keep their attribution
    # when the person's origin changes later (empty for stays from before it was recorded).
    origin_municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name=_("gemeente van herkomst bij aanvang"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("verblijf")
        verbose_name_plural = _("verblijven")
        ordering = ["start_date", "external_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="stay_ends_on_or_after_start",
            ),
            # An ended stay has a destination; an open one has none yet.
            models.CheckConstraint(
                condition=(Q(end_date__isnull=True) & Q(exit_destination=""))
                | (Q(end_date__isnull=False) & ~Q(exit_destination="")),
                name="stay_exit_destination_iff_ended",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "start_date"]),
            models.Index(fields=["facility", "start_date"]),
            models.Index(fields=["end_date"]),
            # Only stays with a unit: an imported stay has none, and millions of empty keys
            # would be written for nothing (docs/performance.md).
            models.Index(
                fields=["unit", "start_date"],
                condition=Q(unit__isnull=False),
                name="stay_by_unit",
            ),
            # Who is in a facility today: its open stays, without reading its years of history
            # (153,441 stays for 1,383 open ones in the national set's largest facility).
            models.Index(
                fields=["facility", "start_date"],
                condition=Q(end_date__isnull=True),
                name="stay_open_by_facility",
            ),
        ]

    def __str__(self) -> str:
        return self.external_id


class WaitingEntry(models.Model):
    external_id = models.CharField(_("kenmerk"), max_length=64, unique=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        related_name="waiting_entries",
    )
    facility_type = models.CharField(
        _("soort voorziening"), max_length=32, choices=FacilityType.choices
    )
    registered_on = models.DateField(_("ingeschreven op"))
    placed_on = models.DateField(_("geplaatst op"), null=True, blank=True)
    withdrawn_on = models.DateField(_("ingetrokken op"), null=True, blank=True)
    priority = models.CharField(_("prioriteit"), max_length=16, choices=Priority.choices)
    # Ranking inputs and the registration's own facts (not in plek-csv; defaults are neutral).
    children_involved = models.BooleanField(_("kinderen betrokken"), default=False)
    safety_risk = models.BooleanField(
        _("veiligheidsrisico (bijvoorbeeld huiselijk geweld)"), default=False
    )
    needs_accessible = models.BooleanField(_("toegankelijke eenheid nodig"), default=False)
    access_decision_on = models.DateField(_("toegangsbesluit op"), null=True, blank=True)
    access_decision_until = models.DateField(
        _("toegangsbesluit geldig tot en met"), null=True, blank=True
    )
    access_decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("toegangsbesluit door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_by = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("ingeschreven door organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawal_reason = models.TextField(_("reden intrekking"), blank=True, default="")
    parked_until = models.DateField(_("geparkeerd tot en met"), null=True, blank=True)
    park_reason = models.TextField(_("reden parkeren"), blank=True, default="")
    # The stored sort key of the ranking (``plek.housing.ranking``): the class (0 first) and
    # score − days-waiting weight × day number of registration, so that the order within a
    # class never changes with the day and an index serves one page of the list. Empty: to be
    # worked out (``plek.housing.waiting_list.refresh_rank_keys``).
    rank_class = models.PositiveSmallIntegerField(_("rangklasse"), default=0)
    rank_key = models.BigIntegerField(_("rangsleutel"), null=True, blank=True)
    # The person's municipality of origin, copied with the key: the region's list filters on
    # the entry's own columns while it walks the ranking index.
    origin_municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name=_("gemeente van herkomst"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("wachtlijstinschrijving")
        verbose_name_plural = _("wachtlijstinschrijvingen")
        ordering = ["registered_on", "external_id"]
        indexes = [
            models.Index(fields=["facility_type", "registered_on"]),
            models.Index(fields=["placed_on"]),
            models.Index(
                "facility_type",
                "rank_class",
                models.F("rank_key").desc(),
                "registered_on",
                "id",
                name="waiting_open_rank",
                condition=Q(placed_on__isnull=True, withdrawn_on__isnull=True),
                # Covering (PostgreSQL): a page of the central list and its region filter are
                # read from the index alone, without visiting the table.
                include=[
                    "person",
                    "priority",
                    "children_involved",
                    "safety_risk",
                    "parked_until",
                    "origin_municipality",
                    "registered_by",
                ],
            ),
            # The few open entries whose keys are not worked out yet (imported rows): found
            # without reading the list before every page.
            models.Index(
                "facility_type",
                name="waiting_open_unkeyed",
                condition=Q(
                    placed_on__isnull=True, withdrawn_on__isnull=True, rank_key__isnull=True
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.external_id


class Unit(models.Model):
    """A room, bed or apartment of a facility: what a stay occupies."""

    # Public identifier in API v2 (API Design Rules): random, so it reveals no count or order.
    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    facility = models.ForeignKey(
        Facility, verbose_name=_("voorziening"), on_delete=models.CASCADE, related_name="units"
    )
    code = models.CharField(_("code"), max_length=32)
    kind = models.CharField(_("soort eenheid"), max_length=16, choices=UnitKind.choices)
    family_suitable = models.BooleanField(_("geschikt voor een gezin"), default=False)
    accessible = models.BooleanField(_("toegankelijk (rolstoel)"), default=False)
    women_only = models.BooleanField(_("alleen voor vrouwen"), default=False)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("eenheid")
        verbose_name_plural = _("eenheden")
        ordering = ["facility", "code"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "code"], name="unit_code_per_facility")
        ]

    def __str__(self) -> str:
        return f"{self.facility} · {self.code}"


class RankingPolicy(models.Model):
    """The weights of the ranking parts, for one facility type or (type empty) for all others.

    Score = Σ weight × raw value per part; see ``plek.housing.ranking``.
    """

    facility_type = models.CharField(
        _("soort voorziening"),
        max_length=32,
        choices=FacilityType.choices,
        blank=True,
        default="",
        unique=True,
        help_text=_("Leeg: geldt voor elke soort zonder eigen weging."),
    )
    urgency = models.PositiveIntegerField(_("urgentie (punten per niveau)"), default=40)
    children = models.PositiveIntegerField(_("kinderen betrokken"), default=30)
    safety = models.PositiveIntegerField(_("veiligheid"), default=40)
    zrm_housing = models.PositiveIntegerField(_("ZRM huisvesting (per punt onder 5)"), default=10)
    zrm_mental = models.PositiveIntegerField(
        _("ZRM geestelijke gezondheid (per punt onder 5)"), default=10
    )
    days_waiting = models.PositiveIntegerField(_("dagen wachtend (per dag)"), default=1)
    park_days = models.PositiveIntegerField(_("parkeertermijn na afwijzing (dagen)"), default=14)
    candidates_per_unit = models.PositiveIntegerField(
        _("kandidaten per vrije eenheid"), default=1, validators=[MinValueValidator(1)]
    )
    class_first = models.BooleanField(
        _("eerst op urgentieklasse"),
        default=True,
        help_text=_(
            "Aan: spoed vóór hoog vóór normaal, de score telt binnen de klasse. "
            "Uit: alleen de score."
        ),
    )
    proposal_days = models.PositiveIntegerField(
        _("geldigheid van een voorstel (dagen)"), default=7, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("rangschikking")
        verbose_name_plural = _("rangschikkingen")
        ordering = ["facility_type"]

    def __str__(self) -> str:
        return self.get_facility_type_display() or str(_("standaard"))


class RankingPolicyChange(models.Model):
    """History of the ranking configuration: who changed which weights when, old and new."""

    facility_type = models.CharField(_("soort voorziening"), max_length=32, blank=True)
    changed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("gewijzigd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("gewijzigd op"), auto_now_add=True)
    old = models.JSONField(_("oude waarden"), default=dict)
    new = models.JSONField(_("nieuwe waarden"), default=dict)

    class Meta:
        verbose_name = _("wijziging rangschikking")
        verbose_name_plural = _("wijzigingen rangschikking")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.facility_type or '-'} {self.changed_at:%Y-%m-%d}"


class Proposal(models.Model):
    """A candidate proposed for a unit that is free (or will be) on ``available_on``."""

    # Public identifier in API v2 (API Design Rules): random, so it reveals no count or order.
    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        Unit, verbose_name=_("eenheid"), on_delete=models.PROTECT, related_name="proposals"
    )
    waiting_entry = models.ForeignKey(
        WaitingEntry,
        verbose_name=_("wachtlijstinschrijving"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    # Denormalised from the entry: the access relation and the board filter on it.
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        related_name="housing_proposals",
    )
    available_on = models.DateField(_("vrij op"))
    score = models.IntegerField(_("score bij voorstel"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    created_at = models.DateTimeField(_("voorgesteld op"), auto_now_add=True)
    decided_on = models.DateField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("besloten door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decline_reason = models.TextField(_("reden afwijzing"), blank=True, default="")
    expires_on = models.DateField(_("geldig tot en met"), null=True, blank=True)
    stay = models.OneToOneField(
        Stay,
        verbose_name=_("verblijf"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal",
    )

    class Meta:
        verbose_name = _("voorstel")
        verbose_name_plural = _("voorstellen")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A candidate is proposed for one unit at a time.
            models.UniqueConstraint(
                fields=["waiting_entry"],
                condition=Q(status="open"),
                name="proposal_one_open_per_entry",
            )
        ]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["person"])]

    def __str__(self) -> str:
        return f"{self.unit} · {self.person_id}"


class RespiteBooking(models.Model):
    """A respite stay for someone living in their own home: nights start_date … end_date − 1."""

    # Public identifier in API v2 (API Design Rules): random, so it reveals no count or order.
    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        Unit, verbose_name=_("eenheid"), on_delete=models.PROTECT, related_name="respite"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        related_name="respite_bookings",
    )
    start_date = models.DateField(_("eerste nacht"))
    end_date = models.DateField(_("vertrekdatum"))
    reason = models.TextField(_("aanleiding"))
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("geboekt door"), on_delete=models.PROTECT, related_name="+"
    )
    extended_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("verlengd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    extension_reason = models.TextField(_("reden verlenging"), blank=True, default="")

    class Meta:
        verbose_name = _("terugvalboeking")
        verbose_name_plural = _("terugvalboekingen")
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="respite_at_least_one_night"
            )
        ]
        indexes = [models.Index(fields=["unit", "start_date"]), models.Index(fields=["person"])]

    def __str__(self) -> str:
        return f"{self.unit} · {self.start_date}"
