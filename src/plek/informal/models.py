"""Informal care around the chain: carers, volunteers, help requests and matches, circles.

Carers (mantelzorgers) and volunteers (vrijwilligers) are not professionals: they never read a
file. A carer may or may not be a person in the chain (``Carer.person``); what a help request
shows a volunteer is written for them (first name, area, what is asked) with the resident's
consent, kept apart from the link to the resident (``HelpRequest.person``), which the volunteer
coordinator never sees. Read through ``plek.informal.selectors``; change through
``plek.informal.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# --- carers (mantelzorgers) -----------------------------------------------------------------


class CareRelationKind(models.TextChoices):
    PARTNER = "partner", _("Partner")
    OUDER = "ouder", _("Ouder")
    KIND = "kind", _("Kind")
    FAMILIE = "familie", _("Ander familielid")
    BUUR = "buur", _("Buur of vriend")
    NETWERK = "netwerk", _("Ander netwerklid")


class Carer(models.Model):
    """A registered informal carer; ``person`` only when the carer is also in the chain."""

    municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="carers",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("persoon in de keten"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carer_registrations",
    )
    first_name = models.CharField(_("voornaam"), max_length=100)
    family_name = models.CharField(_("achternaam"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=6)
    house_number = models.PositiveIntegerField(_("huisnummer"))
    phone = models.CharField(_("telefoonnummer"), max_length=32, blank=True)
    young_carer = models.BooleanField(_("jonge mantelzorger"), default=False)
    # The team of the carer consultant who registered and supports the carer.
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carers",
    )
    registered_on = models.DateField(_("geregistreerd op"))
    ended_on = models.DateField(_("uitgeschreven op"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geregistreerd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("mantelzorger")
        verbose_name_plural = _("mantelzorgers")
        ordering = ["family_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["municipality", "registered_on"]),
            models.Index(fields=["team", "ended_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.family_name}"


class CareRelation(models.Model):
    """Who the carer cares for, since when, with the person's consent to register it."""

    carer = models.ForeignKey(
        Carer, verbose_name=_("mantelzorger"), on_delete=models.CASCADE, related_name="relations"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("zorgvrager"),
        on_delete=models.PROTECT,
        related_name="carers",
    )
    kind = models.CharField(_("relatie"), max_length=16, choices=CareRelationKind.choices)
    consent_on = models.DateField(_("toestemming van de zorgvrager op"))
    start_on = models.DateField(_("zorgt sinds"))
    end_on = models.DateField(_("zorgt tot"), null=True, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("uren per week"), null=True, blank=True)
    # What the person cared for shares with the carer: the only thing a carer is ever shown.
    shared_summary = models.TextField(_("wat de zorgvrager deelt met de mantelzorger"), blank=True)

    class Meta:
        verbose_name = _("zorgrelatie")
        verbose_name_plural = _("zorgrelaties")
        ordering = ["carer", "start_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="care_relation_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carer_id} → {self.person_id}"


class BurdenCheckIn(models.Model):
    """The carer's own burden: a short standard check-in with a score (see ``burden.py``)."""

    carer = models.ForeignKey(
        Carer, verbose_name=_("mantelzorger"), on_delete=models.CASCADE, related_name="checkins"
    )
    done_on = models.DateField(_("datum"))
    answers = models.JSONField(_("antwoorden"), default=dict)
    score = models.PositiveSmallIntegerField(_("score"))
    overloaded = models.BooleanField(_("overbelast"))
    # The signal "overbelaste mantelzorger" this check-in raised, when it did.
    signal = models.OneToOneField(
        "signals.Signal",
        verbose_name=_("signaal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carer_checkin",
    )
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
        verbose_name = _("belastingcheck")
        verbose_name_plural = _("belastingchecks")
        ordering = ["carer", "done_on", "id"]
        indexes = [models.Index(fields=["done_on", "overloaded"])]

    def __str__(self) -> str:
        return f"{self.carer_id} · {self.done_on} · {self.score}"


class SupportKind(models.TextChoices):
    RESPIJT = "respijt", _("Respijtzorg (vervangende zorg)")
    CURSUS = "cursus", _("Cursus of training")
    CONSULENT = "consulent", _("Mantelzorgconsulent")
    LOTGENOTEN = "lotgenoten", _("Lotgenotencontact of mantelzorgsalon")
    MAATJE = "maatje", _("Mantelzorgmaatje")


class CarerSupport(models.Model):
    carer = models.ForeignKey(
        Carer, verbose_name=_("mantelzorger"), on_delete=models.CASCADE, related_name="supports"
    )
    kind = models.CharField(_("soort ondersteuning"), max_length=16, choices=SupportKind.choices)
    start_on = models.DateField(_("vanaf"))
    end_on = models.DateField(_("tot"), null=True, blank=True)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("ondersteuning van een mantelzorger")
        verbose_name_plural = _("ondersteuning van mantelzorgers")
        ordering = ["carer", "start_on", "id"]
        indexes = [models.Index(fields=["start_on"])]

    def __str__(self) -> str:
        return f"{self.carer_id} · {self.kind}"


class PaymentStatus(models.TextChoices):
    AANGEMELD = "aangemeld", _("Aangemeld")
    TOEGEKEND = "toegekend", _("Toegekend")
    UITBETAALD = "uitbetaald", _("Uitbetaald")
    AFGEWEZEN = "afgewezen", _("Afgewezen")


class Appreciation(models.Model):
    """The yearly appreciation: sign-up for the carer day and the allowance, and its payment."""

    carer = models.ForeignKey(
        Carer,
        verbose_name=_("mantelzorger"),
        on_delete=models.CASCADE,
        related_name="appreciations",
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    signed_up_on = models.DateField(_("aangemeld op"))
    carer_day = models.BooleanField(_("komt naar de Dag van de Mantelzorg"), default=False)
    amount = models.DecimalField(_("bedrag"), max_digits=8, decimal_places=2, default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.AANGEMELD
    )
    paid_on = models.DateField(_("uitbetaald op"), null=True, blank=True)

    class Meta:
        verbose_name = _("mantelzorgwaardering")
        verbose_name_plural = _("mantelzorgwaarderingen")
        ordering = ["carer", "year"]
        constraints = [
            models.UniqueConstraint(fields=["carer", "year"], name="appreciation_once_a_year"),
            models.CheckConstraint(
                condition=~Q(status="uitbetaald") | Q(paid_on__isnull=False),
                name="appreciation_paid_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.carer_id} · {self.year}"


class CarerParticipation(models.Model):
    """A carer taking part in a plan (``plans.PlanParticipant``), so the carer's page knows."""

    carer = models.ForeignKey(
        Carer, verbose_name=_("mantelzorger"), on_delete=models.CASCADE, related_name="plan_roles"
    )
    participant = models.OneToOneField(
        "plans.PlanParticipant",
        verbose_name=_("deelnemer aan het plan"),
        on_delete=models.CASCADE,
        related_name="carer_link",
    )

    class Meta:
        verbose_name = _("mantelzorger in een plan")
        verbose_name_plural = _("mantelzorgers in plannen")

    def __str__(self) -> str:
        return f"{self.carer_id} · {self.participant_id}"


# --- volunteers, help requests, matches -----------------------------------------------------


class Skill(models.Model):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("naam"), max_length=100)

    class Meta:
        verbose_name = _("vaardigheid")
        verbose_name_plural = _("vaardigheden")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class VogStatus(models.TextChoices):
    NIET_NODIG = "niet_nodig", _("Niet nodig voor dit werk")
    AANGEVRAAGD = "aangevraagd", _("Aangevraagd")
    AFGEGEVEN = "afgegeven", _("Afgegeven")
    GEWEIGERD = "geweigerd", _("Geweigerd")


class Availability(models.Model):
    """Parts of the week; shared by volunteers and help requests so matching compares them."""

    morning = models.BooleanField(_("ochtenden"), default=False)
    afternoon = models.BooleanField(_("middagen"), default=False)
    evening = models.BooleanField(_("avonden"), default=False)
    weekend = models.BooleanField(_("weekend"), default=False)

    class Meta:
        abstract = True


class Volunteer(Availability):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("vrijwilligerscentrale"),
        on_delete=models.PROTECT,
        related_name="volunteers",
    )
    municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="volunteers",
    )
    first_name = models.CharField(_("voornaam"), max_length=100)
    family_name = models.CharField(_("achternaam"), max_length=200)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=32, blank=True)
    # The neighbourhood (wijk) the volunteer is willing to work in.
    area = models.CharField(_("wijk"), max_length=100)
    skills = models.ManyToManyField(Skill, verbose_name=_("vaardigheden"), related_name="+")
    trained_on = models.DateField(_("training gevolgd op"), null=True, blank=True)
    vog_status = models.CharField(
        _("verklaring omtrent het gedrag (VOG)"),
        max_length=16,
        choices=VogStatus.choices,
        default=VogStatus.NIET_NODIG,
    )
    vog_issued_on = models.DateField(_("VOG afgegeven op"), null=True, blank=True)
    insured = models.BooleanField(_("verzekerd via de vrijwilligersverzekering"), default=False)
    registered_on = models.DateField(_("ingeschreven op"))
    ended_on = models.DateField(_("uitgeschreven op"), null=True, blank=True)

    class Meta:
        verbose_name = _("vrijwilliger")
        verbose_name_plural = _("vrijwilligers")
        ordering = ["first_name", "family_name", "id"]
        indexes = [
            models.Index(fields=["organisation", "ended_on"]),
            models.Index(fields=["municipality", "area"]),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.family_name}"


class RequesterKind(models.TextChoices):
    BEWONER = "bewoner", _("Bewoner zelf")
    PROFESSIONAL = "professional", _("Professional")
    ORGANISATIE = "organisatie", _("Organisatie")


class RequestUrgency(models.TextChoices):
    HOOG = "hoog", _("Hoog: binnen een week")
    NORMAAL = "normaal", _("Normaal: binnen een maand")
    LAAG = "laag", _("Laag: geen haast")


class RequestStatus(models.TextChoices):
    NIEUW = "nieuw", _("Nieuw")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    GEKOPPELD = "gekoppeld", _("Gekoppeld")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


class Outcome(models.TextChoices):
    GOED = "goed", _("Goed afgerond: de hulp is gegeven")
    DOORGELOPEN = "doorgelopen", _("Loopt zelfstandig door")
    GESTOPT = "gestopt", _("Voortijdig gestopt")
    GEEN_MATCH = "geen_match", _("Geen vrijwilliger gevonden")
    INGETROKKEN = "ingetrokken", _("Hulpvraag ingetrokken")


# Outcomes that count as "ended well" in the figures.
ENDED_WELL = (Outcome.GOED, Outcome.DOORGELOPEN)


class HelpRequest(Availability):
    municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="help_requests",
    )
    requester_kind = models.CharField(
        _("aangevraagd door"), max_length=16, choices=RequesterKind.choices
    )
    requester_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie van de aanvrager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingediend door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The resident in the chain, when a professional asks for them: never shown to coordinators.
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("bewoner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="help_requests",
    )
    # A buddy (maatje) for a resident in aftercare: the track the buddy's concerns go to.
    aftercare_track = models.ForeignKey(
        "aftercare.AftercareTrack",
        verbose_name=_("nazorgtraject"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # --- the consented summary: all a coordinator or a volunteer ever sees -------------------
    first_name = models.CharField(_("voornaam"), max_length=100)
    area = models.CharField(_("wijk"), max_length=100)
    question = models.TextField(_("wat wordt gevraagd"))
    consent_on = models.DateField(_("toestemming van de bewoner op"))
    # --- what kind of help, how urgent, when ------------------------------------------------
    skill = models.ForeignKey(
        Skill, verbose_name=_("soort hulp"), on_delete=models.PROTECT, related_name="+"
    )
    urgency = models.CharField(_("urgentie"), max_length=8, choices=RequestUrgency.choices)
    period_start = models.DateField(_("vanaf"))
    period_end = models.DateField(_("tot"), null=True, blank=True)
    received_on = models.DateField(_("ontvangen op"))
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.NIEUW
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coördinator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    taken_on = models.DateField(_("in behandeling genomen op"), null=True, blank=True)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=16, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("hulpvraag")
        verbose_name_plural = _("hulpvragen")
        ordering = ["received_on", "id"]
        indexes = [
            models.Index(fields=["municipality", "status", "received_on"]),
            models.Index(fields=["received_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_end__gte=F("period_start")),
                name="help_request_period_order",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(outcome=""),
                name="help_request_closed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name}, {self.area}"

    @property
    def is_buddy_request(self) -> bool:
        return self.aftercare_track_id is not None


class Match(models.Model):
    """A volunteer matched to a help request: introduction, follow-up, closure with outcome."""

    request = models.ForeignKey(
        HelpRequest, verbose_name=_("hulpvraag"), on_delete=models.CASCADE, related_name="matches"
    )
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("vrijwilliger"), on_delete=models.PROTECT, related_name="matches"
    )
    matched_on = models.DateField(_("gekoppeld op"))
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gekoppeld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The shortlist's explanation at the moment of matching: score and its parts.
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    explanation = models.JSONField(_("uitleg"), default=list)
    introduced_on = models.DateField(_("kennismaking op"), null=True, blank=True)
    follow_up_on = models.DateField(_("nazorggesprek gepland op"), null=True, blank=True)
    followed_up_on = models.DateField(_("nazorggesprek gehouden op"), null=True, blank=True)
    follow_up_note = models.TextField(_("verslag nazorggesprek"), blank=True)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=16, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")
        ordering = ["matched_on", "id"]
        indexes = [models.Index(fields=["volunteer", "ended_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(ended_on__isnull=True),
                name="one_open_match_per_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} ↔ {self.volunteer_id}"


# --- neighbourhood circles (buurtcirkels) ---------------------------------------------------


class CircleQuota(models.Model):
    """How many neighbourhood circles a municipality wants at most."""

    municipality = models.OneToOneField(
        "accounts.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="circle_quota",
    )
    max_circles = models.PositiveSmallIntegerField(_("hoogstens zoveel buurtcirkels"))

    class Meta:
        verbose_name = _("maximum aantal buurtcirkels")
        verbose_name_plural = _("maximum aantallen buurtcirkels")

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.max_circles}"


class Circle(models.Model):
    municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="circles",
    )
    name = models.CharField(_("naam"), max_length=100)
    area = models.CharField(_("wijk"), max_length=100)
    lead = models.ForeignKey(
        Volunteer,
        verbose_name=_("vrijwilliger die de cirkel leidt"),
        on_delete=models.PROTECT,
        related_name="circles_led",
    )
    organises = models.TextField(_("wat de cirkel organiseert"), blank=True)
    started_on = models.DateField(_("gestart op"))
    ended_on = models.DateField(_("gestopt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("buurtcirkel")
        verbose_name_plural = _("buurtcirkels")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class CircleMember(models.Model):
    """A resident in a circle, by first name only: circles are about neighbours, not files."""

    circle = models.ForeignKey(
        Circle, verbose_name=_("buurtcirkel"), on_delete=models.CASCADE, related_name="members"
    )
    first_name = models.CharField(_("voornaam"), max_length=100)
    joined_on = models.DateField(_("lid sinds"))
    left_on = models.DateField(_("lid tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("lid van een buurtcirkel")
        verbose_name_plural = _("leden van buurtcirkels")
        ordering = ["circle", "first_name", "id"]

    def __str__(self) -> str:
        return self.first_name


class CircleMeeting(models.Model):
    circle = models.ForeignKey(
        Circle, verbose_name=_("buurtcirkel"), on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(_("datum"))
    attendees = models.PositiveSmallIntegerField(_("aanwezigen"))
    topic = models.CharField(_("onderwerp of activiteit"), max_length=200)

    class Meta:
        verbose_name = _("bijeenkomst van een buurtcirkel")
        verbose_name_plural = _("bijeenkomsten van buurtcirkels")
        ordering = ["circle", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.circle_id} · {self.held_on}"
