"""Every state change of the accounts app, each in one transaction.

Login (limited by django-axes), the second factor, the demo skip, choosing a membership, and the
functional admin's changes to municipalities, organisations, teams, users and memberships.
Technical log lines carry ids and event names only: never a username, name or code.
"""

from __future__ import annotations

import datetime
import enum
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

import structlog
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from plek.accounts import selectors
from plek.accounts.context import SESSION_KEY, Actor
from plek.accounts.login_limits import lock_until
from plek.accounts.models import (
    Membership,
    MembershipChange,
    MembershipChangeEvent,
    MembershipStatus,
    Municipality,
    Organisation,
    Team,
    TotpActivation,
    User,
)
from plek.accounts.roles import Role
from plek.accounts.verification import DEMO_SKIP_SESSION_KEY

logger = structlog.get_logger("plek.accounts")

ModelT = TypeVar("ModelT", bound=models.Model)

CBS_CODE = re.compile(r"^GM\d{4}$")


# --- login and its throttle ------------------------------------------------------------------


@dataclass(frozen=True)
class LoginOutcome:
    user: User | None = None
    lock: selectors.LoginLock | None = None


def log_in(request: HttpRequest, username: str, password: str) -> LoginOutcome:
    """Check the password through django-axes, which refuses while the client is locked.

    Failures are counted by django-axes per (username, client address) and per address
    (plek.accounts.login_limits); while locked, even the right password is refused.
    """
    user = authenticate(request, username=username, password=password)
    if user is None:
        locked = bool(getattr(request, "axes_locked_out", False))
        logger.info("login_failed", locked=locked, request_id=_request_id(request))
        if locked:
            return LoginOutcome(lock=selectors.LoginLock(lock_until(request, username)))
        return LoginOutcome()
    # Django's login rotates the session key, so a planted session id is worthless.
    auth_login(request, user)
    logger.info("login_succeeded", user_id=user.pk, request_id=_request_id(request))
    return LoginOutcome(user=user)


def log_out(request: HttpRequest) -> None:
    """End the session entirely: its data (membership, demo skip, device) goes with it."""
    user_id = request.user.pk
    auth_logout(request)
    if user_id is not None:
        logger.info("logout", user_id=user_id, request_id=_request_id(request))


# --- second factor ---------------------------------------------------------------------------


class CodeCheck(enum.Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    # Too many wrong codes in a row: django_otp makes the next try wait longer each time.
    THROTTLED = "throttled"


ACTIVATION_SESSION_KEY = "plek_totp_activation_id"
ACTIVATION_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
ACTIVATION_MAX_ATTEMPTS = 5


class ActivationCheck(enum.Enum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"


def _new_activation_code() -> str:
    raw = "".join(secrets.choice(ACTIVATION_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def _normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def issue_totp_activation(actor: Actor | None, user: User) -> str:
    """A new one-time activation code for enrolling TOTP; earlier unused codes lapse.

    ``actor`` is the functional admin (never for their own account), or None for the operator's
    ``plek totp-activation`` (bootstrapping the first admin). Returns the code, shown once.
    """
    if actor is not None:
        _require_functional_admin(actor)
        if actor.user.pk == user.pk:
            raise ValidationError(
                _("Een activeringscode voor uw eigen account geeft een andere beheerder uit.")
            )
    code = _new_activation_code()
    now = timezone.now()
    with transaction.atomic():
        TotpActivation.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
        TotpActivation.objects.create(
            user=user,
            code_hash=make_password(_normalise_code(code)),
            issued_by=actor.user if actor else None,
            issued_at=now,
            expires_at=now + datetime.timedelta(hours=settings.TOTP_ACTIVATION_HOURS),
        )
    logger.info(
        "totp_activation_issued", user_id=user.pk, by_user_id=actor.user.pk if actor else None
    )
    return code


def _open_activation(user: User) -> TotpActivation | None:
    return (
        TotpActivation.objects.select_for_update()
        .filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-issued_at")
        .first()
    )


def redeem_totp_activation(request: HttpRequest, user: User, code: str) -> ActivationCheck:
    """Check the activation code; on success this session may enrol one device.

    Five wrong codes make the code lapse: the admin issues a new one.
    """
    with transaction.atomic():
        activation = _open_activation(user)
        if activation is None:
            return ActivationCheck.REJECTED
        if not check_password(_normalise_code(code), activation.code_hash):
            activation.failed_attempts += 1
            if activation.failed_attempts >= ACTIVATION_MAX_ATTEMPTS:
                activation.used_at = timezone.now()
            activation.save(update_fields=["failed_attempts", "used_at"])
            logger.info("totp_activation_rejected", user_id=user.pk)
            return ActivationCheck.REJECTED
    request.session[ACTIVATION_SESSION_KEY] = activation.pk
    logger.info("totp_activation_accepted", user_id=user.pk)
    return ActivationCheck.ACCEPTED


def activation_accepted(request: HttpRequest, user: User) -> bool:
    """Has this session shown a still open activation code of this user?"""
    activation_id = request.session.get(ACTIVATION_SESSION_KEY)
    return (
        activation_id is not None
        and TotpActivation.objects.filter(
            pk=activation_id, user=user, used_at__isnull=True, expires_at__gt=timezone.now()
        ).exists()
    )


def enrolment_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled, made once so a reload shows the same QR code."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="plek", confirmed=False)
            logger.info("totp_enrolment_started", user_id=user.pk)
        return device


def confirm_enrolment(request: HttpRequest, device: TOTPDevice, token: str) -> CodeCheck:
    """Confirm a new device with a first code; from then on the user is verified.

    Only in a session that showed a valid activation code, which is used up by it.
    """
    with transaction.atomic():
        activation = (
            TotpActivation.objects.select_for_update()
            .filter(
                pk=request.session.get(ACTIVATION_SESSION_KEY) or 0,
                user_id=device.user_id,
                used_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .first()
        )
        if activation is None:
            raise PermissionDenied
        result = _check_code(device, token)
        if result is CodeCheck.ACCEPTED:
            activation.used_at = timezone.now()
            activation.save(update_fields=["used_at"])
            request.session.pop(ACTIVATION_SESSION_KEY, None)
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
            _mark_verified(request, device)
            logger.info("totp_enrolled", user_id=device.user_id)
    return result


def verify_code(request: HttpRequest, user: User, token: str) -> CodeCheck:
    """Check a code against the user's confirmed devices; mark the session verified on success."""
    result = CodeCheck.REJECTED
    with transaction.atomic():
        for device in TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk"):
            result = _check_code(device, token)
            if result is CodeCheck.ACCEPTED:
                _mark_verified(request, device)
                break
    logger.info("second_factor_checked", result=result.value, user_id=user.pk)
    return result


def skip_second_factor_for_demo(request: HttpRequest) -> None:
    """Demo users may skip the second factor, visibly and only while the demo mode is on."""
    user = request.user
    if not (settings.DEMO_MODE and getattr(user, "is_demo", False)):
        raise PermissionDenied
    request.session[DEMO_SKIP_SESSION_KEY] = True
    logger.warning("second_factor_skipped_demo", user_id=user.pk)


def _check_code(device: TOTPDevice, token: str) -> CodeCheck:
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        return CodeCheck.THROTTLED
    return CodeCheck.ACCEPTED if device.verify_token(token.strip()) else CodeCheck.REJECTED


def _mark_verified(request: HttpRequest, device: TOTPDevice) -> None:
    # More rights now than a moment ago: a new session key, like at login.
    request.session.cycle_key()
    otp_login(request, device)


# --- acting in a membership ------------------------------------------------------------------


def choose_membership(request: HttpRequest, membership: Membership) -> None:
    """Act in another of one's own active memberships from the next request on."""
    user = request.user
    if not user.active_memberships().filter(pk=membership.pk).exists():  # type: ignore[union-attr]
        raise PermissionDenied
    request.session[SESSION_KEY] = membership.pk
    logger.info("membership_chosen", user_id=user.pk, membership_id=membership.pk)


# --- functional admin ------------------------------------------------------------------------


def validate_cbs_code(value: str) -> None:
    if not CBS_CODE.match(value or ""):
        raise ValidationError(
            _("De CBS-code bestaat uit GM en vier cijfers, bijvoorbeeld GM0505."),
            code="cbs_code",
        )


def save_municipality(actor: Actor, municipality: Municipality) -> Municipality:
    try:
        validate_cbs_code(municipality.code)
    except ValidationError as error:
        raise ValidationError({"code": error.error_list}) from error
    return _save(actor, municipality)


def save_organisation(actor: Actor, organisation: Organisation) -> Organisation:
    return _save(actor, organisation)


def save_team(actor: Actor, team: Team, municipalities: Iterable[Municipality]) -> Team:
    with transaction.atomic():
        _save(actor, team)
        team.municipalities.set(municipalities)
    return team


# Fields whose change gives (other) power: a case-file membership changed in one of these needs
# a second functional admin's approval again.
POWER_FIELDS = ("user_id", "organisation_id", "team_id", "role", "start_date")


def _gives_more_power(before: Membership | None, after: Membership) -> bool:
    if before is None or before.status != MembershipStatus.APPROVED:
        return True
    if any(getattr(before, name) != getattr(after, name) for name in POWER_FIELDS):
        return True
    # Lifting or moving out the end lengthens the power; ending earlier never needs approval.
    if after.end_date is None:
        return before.end_date is not None
    return before.end_date is not None and after.end_date > before.end_date


def save_membership(actor: Actor, membership: Membership) -> Membership:
    """Create or change a membership: never backdated; a case-file role waits for approval.

    A membership whose role opens person files becomes active only when a second functional
    admin approves it (``decide_membership``). Every change is recorded (``MembershipChange``)
    and written to the processing log.
    """
    _require_functional_admin(actor)
    with transaction.atomic():
        before = (
            Membership.objects.select_for_update().get(pk=membership.pk) if membership.pk else None
        )
        moved = before is None or before.start_date != membership.start_date
        if moved and membership.start_date and membership.start_date < timezone.localdate():
            raise ValidationError(
                {
                    "start_date": _(
                        "Startdatum: een lidmaatschap gaat niet met terugwerkende kracht in; "
                        "kies vandaag of een latere datum."
                    )
                }
            )
        event = MembershipChangeEvent.CREATED if before is None else MembershipChangeEvent.CHANGED
        if membership.is_case_file_role and _gives_more_power(before, membership):
            membership.status = MembershipStatus.REQUESTED
            membership.requested_by = actor.user
            membership.decided_by = None
            membership.decided_at = None
            event = MembershipChangeEvent.REQUESTED
        elif before is None:
            membership.status = MembershipStatus.APPROVED
            membership.requested_by = actor.user
        membership.full_clean()
        membership.save()
        _record_membership_change(actor, membership, event, created=before is None)
    _log_change(actor, "created" if before is None else "changed", membership)
    return membership


def decide_membership(actor: Actor, membership_id: int, approve: bool) -> Membership:
    """A second functional admin approves or rejects a requested case-file membership.

    Nobody decides on a request they made themselves or on their own membership; a request is
    decided once (a concurrent second decision finds it decided and is refused).
    """
    _require_functional_admin(actor)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership_id)
        if membership.status != MembershipStatus.REQUESTED:
            raise ValidationError(_("Over dit lidmaatschap is al beslist."))
        if actor.user.pk in {membership.requested_by_id, membership.user_id}:
            raise ValidationError(
                _(
                    "U kunt niet beslissen over uw eigen aanvraag of uw eigen lidmaatschap: "
                    "een tweede functioneel beheerder moet dat doen."
                )
            )
        membership.status = MembershipStatus.APPROVED if approve else MembershipStatus.REJECTED
        membership.decided_by = actor.user
        membership.decided_at = timezone.now()
        membership.save(update_fields=["status", "decided_by", "decided_at"])
        _record_membership_change(
            actor,
            membership,
            MembershipChangeEvent.APPROVED if approve else MembershipChangeEvent.REJECTED,
        )
    _log_change(actor, "approved" if approve else "rejected", membership)
    return membership


def _record_membership_change(
    actor: Actor, membership: Membership, event: str, *, created: bool = False
) -> None:
    # accounts sits below access in the layering of imports only by convention: the processing
    # log is the one shared trace, so import it where it is used.
    from plek.access.activities import MEMBERSHIP_CHANGE
    from plek.access.choices import LogAction, Purpose
    from plek.access.services import record_processing

    MembershipChange.objects.create(
        membership=membership,
        event=event,
        changed_by=actor.user,
        user_id=membership.user_id,
        organisation_id=membership.organisation_id,
        role=membership.role,
        start_date=membership.start_date,
        end_date=membership.end_date,
        status=membership.status,
        case_file_role=membership.is_case_file_role,
    )
    record_processing(
        actor,
        LogAction.CREATE if created else LogAction.CHANGE,
        MEMBERSHIP_CHANGE,
        None,
        ["lidmaatschap", "rol"],
        Purpose.TOEGANGSBEHEER,
    )


def save_user(actor: Actor, user: User) -> User:
    return _save(actor, user, exclude=["password"])


def create_user(actor: Actor, user: User, password: str) -> User:
    """A new account with a password that passes every configured validator."""
    password_validation.validate_password(password, user)
    user.set_password(password)
    return _save(actor, user)


def set_user_active(actor: Actor, user: User, active: bool) -> User:
    """Deactivate rather than delete: history and the processing log keep pointing at the user."""
    _require_functional_admin(actor)
    if not active and user.pk == actor.user.pk:
        raise ValidationError(_("U kunt uw eigen account niet deactiveren."))
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
    _log_change(actor, "user_activated" if active else "user_deactivated", user)
    return user


def reset_second_factor(actor: Actor, user: User) -> int:
    """Remove the user's TOTP devices (a lost phone); the next login enrols a new one."""
    _require_functional_admin(actor)
    with transaction.atomic():
        removed, _counts = TOTPDevice.objects.filter(user=user).delete()
    _log_change(actor, "second_factor_reset", user)
    return removed


def _save(actor: Actor, instance: ModelT, exclude: list[str] | None = None) -> ModelT:
    _require_functional_admin(actor)
    created = instance.pk is None
    with transaction.atomic():
        instance.full_clean(exclude=exclude)
        instance.save()
    _log_change(actor, "created" if created else "changed", instance)
    return instance


def _require_functional_admin(actor: Actor) -> None:
    if actor.role != Role.BEHEER:
        raise PermissionDenied


def _log_change(actor: Actor, event: str, instance: models.Model) -> None:
    logger.info(
        f"admin_{event}",
        model=instance._meta.label_lower,
        object_id=instance.pk,
        by_user_id=actor.user.pk,
        request_id=actor.request_id,
    )


def _request_id(request: HttpRequest) -> str:
    return getattr(request, "request_id", "")
