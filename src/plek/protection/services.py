"""Every change to indications, arrangements, try-out places and origins: one transaction each,
role and relation checked, logged in the processing log."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from plek.access.choices import Action, LogAction
from plek.access.exceptions import AccessDenied
from plek.access.kinds import DataKind
from plek.access.policy import decide
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.accounts.models import Municipality, Organisation
from plek.accounts.roles import Role
from plek.aftercare.models import AftercareTrack
from plek.core import dates
from plek.core.dates import long_date
from plek.housing.choices import Category
from plek.housing.models import Stay
from plek.people.models import Person
from plek.plans.models import Plan
from plek.protection import activities
from plek.protection.models import (
    Arrangement,
    ArrangementKind,
    Indication,
    IndicationEvent,
    IndicationKind,
    OriginChange,
    Product,
    TryOut,
)

INDICATION_ROLES = frozenset({Role.TOEGANG})
ARRANGEMENT_ROLES = frozenset({Role.AANBIEDER})
ORIGIN_ROLES = frozenset({Role.TOEGANG, Role.WIJKTEAM, Role.REGISSEUR})
# A try-out place holds at most this long (about half a year) before it must be concluded.
TRYOUT_MAX_DAYS = 183


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _require(
    actor: Actor,
    roles: frozenset[str],
    person_id: int,
    action: str,
    kind: str = DataKind.PLACEMENT,
) -> str:
    """Role and relation checked through the one door; the purpose to log is the relation's."""
    if actor.role not in roles:
        raise AccessDenied()
    decision = decide(actor, action, person_id, kind=kind)
    if not decision.allowed or decision.purpose is None:
        raise AccessDenied()
    return decision.purpose


def _log(
    actor: Actor, action: str, activity: activities.ProcessingActivity, person_id: int, purpose: str
) -> None:
    kinds = (
        activities.INDICATION_DATA_KINDS
        if activity is activities.INDICATION_HANDLE
        else activities.ARRANGEMENT_DATA_KINDS
    )
    record_processing(actor, action, activity, person_id, kinds, purpose)


# --- origin on a day ----------------------------------------------------------------------------


def origin_on(person_id: int, day: datetime.date) -> int | None:
    """The municipality of origin (id) that held for the person on `day`.

    The last change from on or before `day` holds; before the first change, the origin it
    replaced; without any change, the person's current origin.
    """
    changes = list(
        OriginChange.objects.filter(person_id=person_id)
        .order_by("valid_from", "id")
        .values_list("valid_from", "municipality_id", "previous_municipality_id")
    )
    held: int | None = None
    for valid_from, municipality_id, previous_id in changes:
        if valid_from <= day:
            held = municipality_id
        elif held is None:
            return previous_id
        else:
            break
    if held is not None:
        return held
    return Person.objects.values_list("origin_municipality_id", flat=True).get(pk=person_id)


# --- indications --------------------------------------------------------------------------------


def record_indication(
    actor: Actor,
    person_id: int,
    kind: str,
    valid_from: datetime.date,
    valid_until: datetime.date,
    municipality_id: int,
    review_on: datetime.date | None = None,
    provider_id: int | None = None,
    decided_on: datetime.date | None = None,
) -> Indication:
    purpose = _require(actor, INDICATION_ROLES, person_id, Action.CREATE)
    if kind not in IndicationKind.values:
        raise _invalid("kind", _("Soort indicatie: kies een soort."))
    if valid_until < valid_from:
        raise _invalid("valid_until", _("Geldig tot en met: ligt vóór de begindatum."))
    if review_on is not None and not valid_from <= review_on <= valid_until:
        raise _invalid("review_on", _("Herbeoordeling: kies een datum binnen de geldigheid."))
    if not Municipality.objects.filter(pk=municipality_id).exists():
        raise _invalid("municipality", _("Verantwoordelijke gemeente: kies een gemeente."))
    if provider_id is not None and not Organisation.objects.filter(pk=provider_id).exists():
        raise _invalid("provider", _("Aanbieder: kies een organisatie."))
    with transaction.atomic():
        indication = Indication.objects.create(
            external_id=f"plek-{uuid.uuid4().hex}",
            person_id=person_id,
            kind=kind,
            decided_on=decided_on or dates.today(),
            decided_by=actor.user,
            organisation_id=actor.organisation_id,
            valid_from=valid_from,
            valid_until=valid_until,
            review_on=review_on,
            municipality_id=municipality_id,
            origin_municipality_id=origin_on(person_id, valid_from),
            provider_id=provider_id,
        )
        _log(actor, LogAction.CREATE, activities.INDICATION_HANDLE, person_id, purpose)
    return indication


def _locked_indication(actor: Actor, indication_id: int) -> tuple[Indication, str]:
    """The indication, locked, and the purpose its change is logged under."""
    indication = Indication.objects.select_for_update().get(pk=indication_id)
    purpose = _require(actor, INDICATION_ROLES, indication.person_id, Action.CHANGE)
    if indication.ended_on is not None:
        raise _invalid("reason", _("Deze indicatie is al beëindigd."))
    return indication, purpose


def extend_indication(
    actor: Actor,
    indication_id: int,
    valid_until: datetime.date,
    reason: str,
    review_on: datetime.date | None = None,
) -> Indication:
    """Extend an indication to a later last day, with a reason (and a new review date)."""
    if not reason.strip():
        raise _invalid("reason", _("Reden: geef een reden voor de verlenging."))
    with transaction.atomic():
        indication, purpose = _locked_indication(actor, indication_id)
        if valid_until <= indication.valid_until:
            raise _invalid(
                "valid_until",
                _("Nieuwe einddatum: moet na de huidige einddatum (%(day)s) liggen.")
                % {"day": long_date(indication.valid_until)},
            )
        if review_on is not None and not indication.valid_from <= review_on <= valid_until:
            raise _invalid("review_on", _("Herbeoordeling: kies een datum binnen de geldigheid."))
        IndicationEvent.objects.create(
            indication=indication,
            kind=IndicationEvent.Kind.VERLENGD,
            day=dates.today(),
            previous_until=indication.valid_until,
            new_until=valid_until,
            reason=reason.strip(),
            user=actor.user,
        )
        indication.valid_until = valid_until
        indication.review_on = review_on
        indication.save(update_fields=["valid_until", "review_on"])
        _log(actor, LogAction.CHANGE, activities.INDICATION_HANDLE, indication.person_id, purpose)
    return indication


def end_indication(
    actor: Actor, indication_id: int, ended_on: datetime.date, reason: str
) -> Indication:
    """End an indication early: `ended_on` is its last day."""
    if not reason.strip():
        raise _invalid("reason", _("Reden: geef een reden voor de beëindiging."))
    with transaction.atomic():
        indication, purpose = _locked_indication(actor, indication_id)
        if not indication.valid_from <= ended_on <= indication.valid_until:
            raise _invalid(
                "ended_on", _("Einddatum: kies een datum binnen de geldigheid van de indicatie.")
            )
        IndicationEvent.objects.create(
            indication=indication,
            kind=IndicationEvent.Kind.BEEINDIGD,
            day=ended_on,
            previous_until=indication.valid_until,
            reason=reason.strip(),
            user=actor.user,
        )
        indication.ended_on = ended_on
        indication.end_reason = reason.strip()
        indication.save(update_fields=["ended_on", "end_reason"])
        _log(actor, LogAction.CHANGE, activities.INDICATION_HANDLE, indication.person_id, purpose)
    return indication


# --- ambulatory arrangements --------------------------------------------------------------------


def _clean_intensity(product: Product, hours: Decimal | None) -> Decimal | None:
    if product.unit == Product.Unit.UUR and hours is None:
        raise _invalid("hours_per_week", _("Uren per week: vul het aantal uren in."))
    if hours is not None and hours <= 0:
        raise _invalid("hours_per_week", _("Uren per week: vul een aantal groter dan 0 in."))
    return hours


def register_arrangement(
    actor: Actor,
    person_id: int,
    kind: str,
    product_id: int,
    start_date: datetime.date,
    hours_per_week: Decimal | None = None,
    review_on: datetime.date | None = None,
    indication_id: int | None = None,
) -> Arrangement:
    """The provider registers support at home; it is linked to the person's running plan and
    aftercare track, and carries the origin that held on its start."""
    purpose = _require(actor, ARRANGEMENT_ROLES, person_id, Action.CREATE)
    provider_id = actor.organisation_id
    if provider_id is None:
        raise AccessDenied()
    if kind not in ArrangementKind.values:
        raise _invalid("kind", _("Soort: kies een soort ondersteuning."))
    product = Product.objects.filter(pk=product_id).first()
    if product is None:
        raise _invalid("product", _("Product: kies een product."))
    hours = _clean_intensity(product, hours_per_week)
    if review_on is not None and review_on < start_date:
        raise _invalid("review_on", _("Evaluatie op: ligt vóór de begindatum."))
    indication = None
    if indication_id is not None:
        indication = Indication.objects.filter(pk=indication_id, person_id=person_id).first()
        if indication is None:
            raise _invalid("indication", _("Indicatie: deze indicatie hoort niet bij de persoon."))
        if (
            not indication.valid_from
            <= start_date
            <= (indication.ended_on or indication.valid_until)
        ):
            raise _invalid(
                "start_date", _("Begindatum: ligt buiten de geldigheid van de indicatie.")
            )
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=person_id)
        plan = (
            Plan.objects.filter(
                Q(ended_on__isnull=True) | Q(ended_on__gte=start_date), person_id=person_id
            )
            .order_by("-started_on", "-id")
            .first()
        )
        track = (
            AftercareTrack.objects.filter(
                Q(ended_on__isnull=True) | Q(ended_on__gte=start_date), person_id=person_id
            )
            .order_by("-started_on", "-id")
            .first()
        )
        arrangement = Arrangement.objects.create(
            external_id=f"plek-{uuid.uuid4().hex}",
            person_id=person_id,
            kind=kind,
            provider_id=provider_id,
            product=product,
            hours_per_week=hours,
            start_date=start_date,
            review_on=review_on,
            indication=indication,
            plan=plan,
            aftercare_track=track,
            origin_municipality_id=origin_on(person_id, start_date),
            created_by=actor.user,
        )
        _log(actor, LogAction.CREATE, activities.ARRANGEMENT_HANDLE, person_id, purpose)
    return arrangement


def end_arrangement(
    actor: Actor, arrangement_id: int, end_date: datetime.date, reason: str
) -> Arrangement:
    """End the support: `end_date` is its last day."""
    if not reason.strip():
        raise _invalid("end_reason", _("Reden: geef een reden voor de beëindiging."))
    with transaction.atomic():
        arrangement = Arrangement.objects.select_for_update().get(pk=arrangement_id)
        purpose = _require(actor, ARRANGEMENT_ROLES, arrangement.person_id, Action.CHANGE)
        if arrangement.provider_id != actor.organisation_id:
            raise AccessDenied()
        if arrangement.end_date is not None:
            raise _invalid("end_date", _("Dit arrangement is al beëindigd."))
        if end_date < arrangement.start_date:
            raise _invalid("end_date", _("Einddatum: ligt vóór de begindatum."))
        arrangement.end_date = end_date
        arrangement.end_reason = reason.strip()
        arrangement.save(update_fields=["end_date", "end_reason"])
        _log(actor, LogAction.CHANGE, activities.ARRANGEMENT_HANDLE, arrangement.person_id, purpose)
    return arrangement


# --- try-out places (probeerplek) ---------------------------------------------------------------


def start_tryout(
    actor: Actor,
    stay_id: int,
    product_id: int,
    start_date: datetime.date,
    ends_by: datetime.date,
    hours_per_week: Decimal | None = None,
) -> TryOut:
    """A resident of protected living tries living at home; the stay stays open as the way back."""
    stay = Stay.objects.select_related("facility").get(pk=stay_id)
    if stay.facility.category != Category.BW or stay.facility.provider_id != actor.organisation_id:
        raise AccessDenied()
    if stay.end_date is not None:
        raise _invalid("stay", _("Verblijf: dit verblijf is al beëindigd."))
    if start_date < stay.start_date:
        raise _invalid("start_date", _("Begindatum: ligt vóór het begin van het verblijf."))
    if not start_date <= ends_by <= start_date + datetime.timedelta(days=TRYOUT_MAX_DAYS):
        raise _invalid(
            "ends_by",
            _("Uiterlijk tot en met: kies een datum binnen %(days)s dagen na de begindatum.")
            % {"days": TRYOUT_MAX_DAYS},
        )
    with transaction.atomic():
        if (
            TryOut.objects.select_for_update()
            .filter(stay_id=stay_id, concluded_on__isnull=True)
            .exists()
        ):
            raise _invalid("stay", _("Verblijf: er loopt al een probeerplek voor dit verblijf."))
        arrangement = register_arrangement(
            actor,
            stay.person_id,
            ArrangementKind.BESCHERMD_THUIS,
            product_id,
            start_date,
            hours_per_week,
            review_on=ends_by,
        )
        tryout = TryOut.objects.create(
            person_id=stay.person_id,
            stay=stay,
            arrangement=arrangement,
            start_date=start_date,
            ends_by=ends_by,
        )
    return tryout


def conclude_tryout(actor: Actor, tryout_id: int, outcome: str, on: datetime.date) -> TryOut:
    """Stays home: the protected-living stay ends on `on` to beschermd thuis and the support goes
    on. Goes back: the support ends on `on` and the stay simply continues."""
    from plek.housing import services as housing_services

    if outcome not in TryOut.Outcome.values:
        raise _invalid("outcome", _("Uitkomst: kies blijft thuis of terug."))
    with transaction.atomic():
        tryout = (
            TryOut.objects.select_for_update()
            .select_related("arrangement", "stay")
            .get(pk=tryout_id)
        )
        if tryout.arrangement.provider_id != actor.organisation_id:
            raise AccessDenied()
        if tryout.concluded_on is not None:
            raise _invalid("outcome", _("Deze probeerplek is al afgerond."))
        if on < tryout.start_date:
            raise _invalid("on", _("Datum: ligt vóór het begin van de probeerplek."))
        if outcome == TryOut.Outcome.BLIJFT:
            housing_services.end_stay(actor, tryout.stay_id, on, "beschermd_thuis")
        else:
            end_arrangement(actor, tryout.arrangement_id, on, _("Terug naar beschermd wonen"))
        tryout.outcome = outcome
        tryout.concluded_on = on
        tryout.save(update_fields=["outcome", "concluded_on"])
    return tryout


# --- origin with history ------------------------------------------------------------------------


def change_origin(
    actor: Actor,
    person_id: int,
    municipality_id: int,
    valid_from: datetime.date,
    reason: str,
) -> OriginChange:
    """From `valid_from` on the person's origin is the new municipality.

    What started before that day keeps the origin it started with; stays, arrangements and
    indications starting on or after it (until a later change) take the new one.
    """
    # The origin is part of the identity (``DataKind.IDENTITY``).
    purpose = _require(actor, ORIGIN_ROLES, person_id, Action.CHANGE, DataKind.IDENTITY)
    if not reason.strip():
        raise _invalid("reason", _("Reden: geef een reden voor de wijziging."))
    if not Municipality.objects.filter(pk=municipality_id).exists():
        raise _invalid("municipality", _("Gemeente van herkomst: kies een gemeente."))
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=person_id)
        later = (
            OriginChange.objects.filter(person_id=person_id, valid_from__gt=valid_from)
            .order_by("valid_from", "id")
            .first()
        )
        change = OriginChange.objects.create(
            person_id=person_id,
            municipality_id=municipality_id,
            previous_municipality_id=origin_on(person_id, valid_from - datetime.timedelta(days=1)),
            valid_from=valid_from,
            reason=reason.strip(),
            user=actor.user,
        )
        if later is not None:
            later.previous_municipality_id = municipality_id
            later.save(update_fields=["previous_municipality"])
        window = {"gte": valid_from, "lt": later.valid_from} if later else {"gte": valid_from}
        starts = {f"start_date__{op}": day for op, day in window.items()}
        Stay.objects.filter(person_id=person_id, **starts).update(
            origin_municipality_id=municipality_id
        )
        Arrangement.objects.filter(person_id=person_id, **starts).update(
            origin_municipality_id=municipality_id
        )
        Indication.objects.filter(
            person_id=person_id, **{f"valid_from__{op}": day for op, day in window.items()}
        ).update(origin_municipality_id=municipality_id)
        current = origin_on(person_id, dates.today())
        Person.objects.filter(pk=person_id).update(origin_municipality_id=current)
        record_processing(
            actor,
            LogAction.CHANGE,
            activities.ORIGIN_CHANGE,
            person_id,
            ("gemeente van herkomst",),
            purpose,
        )
    return change
