"""Login, second factor, logout, choosing a membership, and the functional admin pages.

Views stay thin: forms validate input, services change state, selectors read.
"""

from __future__ import annotations

from base64 import b32encode
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from plek.accounts import login_options, selectors, services
from plek.accounts.context import Actor, actor_from_request
from plek.accounts.decorators import functional_admin, privacy_officer
from plek.accounts.forms import (
    ActivationForm,
    CodeForm,
    LoginForm,
    MembershipChoiceForm,
    MembershipForm,
    MunicipalityForm,
    OrganisationForm,
    SearchForm,
    TeamForm,
    UserCreateForm,
    UserEditForm,
)
from plek.accounts.models import Membership, Municipality, Organisation, Team, User
from plek.accounts.verification import is_verified
from plek.core.text import is_digits
from plek.web.components import Cell, Table, Text
from plek.web.navigation import ADMIN_LINKS, REGION_LINKS
from plek.web.qr import qr_svg

PAGE_SIZE = 25

# --- login, second factor, logout ------------------------------------------------------------


def _next_url(request: HttpRequest) -> str:
    """Where to go after login: a local ``next`` if given and safe, else the start page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if candidate and safe else resolve_url(settings.LOGIN_REDIRECT_URL)


def lock_message(minutes: int) -> str:
    return ngettext(
        "Te veel mislukte pogingen. Probeer het over %(minutes)d minuut opnieuw.",
        "Te veel mislukte pogingen. Probeer het over %(minutes)d minuten opnieuw.",
        minutes,
    ) % {"minutes": minutes}


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and is_verified(request):
        return redirect(_next_url(request))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = services.log_in(
            request, form.cleaned_data["username"], form.cleaned_data["password"]
        )
        if outcome.user is not None:
            # The second-factor page sends users on at once when their role needs none.
            query = urlencode({"next": _next_url(request)})
            return redirect(f"{reverse('accounts:second-factor')}?{query}")
        if outcome.lock is not None:
            form.add_error(None, lock_message(outcome.lock.minutes_left))
        else:
            # The same words for an unknown user and a wrong password: reveal nothing.
            form.add_error(None, _("De gebruikersnaam of het wachtwoord klopt niet."))
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    context = {"form": form, "next": next_url, "login_options": login_options.available()}
    return render(request, "accounts/login.html", context)


CODE_ERRORS = {
    services.CodeCheck.REJECTED: gettext_lazy(
        "Deze code klopt niet. Controleer of de tijd op uw telefoon goed staat en "
        "probeer het met de nieuwste code opnieuw."
    ),
    services.CodeCheck.THROTTLED: gettext_lazy(
        "Te veel onjuiste codes na elkaar. Wacht even en probeer het dan opnieuw."
    ),
}


ACTIVATION_REJECTED = gettext_lazy(
    "Deze activeringscode klopt niet, is al gebruikt of is verlopen. Vraag uw functioneel "
    "beheerder om een nieuwe."
)


@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """First time: an activation code from the admin, then enrol an authenticator app (QR code);
    afterwards: enter its code."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    next_url = _next_url(request)
    if is_verified(request):
        return redirect(next_url)
    user: User = request.user
    enrolling = not selectors.has_confirmed_totp(user)
    context: dict[str, Any] = {
        "next": next_url,
        "enrolling": enrolling,
        "demo_skip_available": settings.DEMO_MODE and user.is_demo,
    }
    if enrolling and not services.activation_accepted(request, user):
        # No device may be tied to the account with the password alone.
        activation = ActivationForm(request.POST or None)
        if request.method == "POST" and activation.is_valid():
            code = activation.cleaned_data["activation_code"]
            if services.redeem_totp_activation(request, user, code) is (
                services.ActivationCheck.ACCEPTED
            ):
                return redirect(
                    f"{reverse('accounts:second-factor')}?{urlencode({'next': next_url})}"
                )
            activation.add_error("activation_code", str(ACTIVATION_REJECTED))
        context["activation_form"] = activation
        return render(request, "accounts/second_factor.html", context)
    device = services.enrolment_device(user) if enrolling else None
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if device is not None:
            result = services.confirm_enrolment(request, device, token)
        else:
            result = services.verify_code(request, user, token)
        if result is services.CodeCheck.ACCEPTED:
            return redirect(next_url)
        form.add_error("token", str(CODE_ERRORS[result]))
    context["form"] = form
    if device is not None:
        secret = b32encode(device.bin_key).decode().rstrip("=")
        context["secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        context["qr"] = qr_svg(device.config_url, _("QR-code om plek aan uw app toe te voegen"))
    return render(request, "accounts/second_factor.html", context)


@require_POST
def demo_skip(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("accounts:second-factor"))
    services.skip_second_factor_for_demo(request)
    return redirect(_next_url(request))


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    services.log_out(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@require_POST
def switch_membership(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("web:home"))
    form = MembershipChoiceForm(request.user, request.POST)
    if form.is_valid():
        membership = form.cleaned_data["membership"]
        services.choose_membership(request, membership)
        messages.success(
            request,
            _("U werkt nu als %(role)s bij %(organisation)s.")
            % {"role": membership.get_role_display(), "organisation": membership.organisation},
        )
    else:
        messages.error(request, _("Kies een van uw eigen, actieve lidmaatschappen."))
    return redirect("web:home")


# --- functional admin ------------------------------------------------------------------------


def _yes_no(value: bool) -> str:
    return _("Ja") if value else _("Nee")


def _date(value: Any) -> str:
    return localize(value) if value else "—"


@dataclass(frozen=True)
class Section:
    """One kind of thing the functional admin manages: its list, its forms and how to save."""

    key: str
    slug: str
    title: Text
    new_title: Text
    model: type[models.Model]
    form: type[forms.ModelForm]
    select: Callable[[str], models.QuerySet[Any]]
    columns: tuple[Text, ...]
    cells: Callable[[Any], list[Any]]
    save: Callable[[Actor, Any], models.Model]
    create_form: type[forms.ModelForm] | None = None
    template: str = "accounts/beheer/form.html"
    extra_context: Callable[[HttpRequest, Any], dict[str, Any]] = field(
        default=lambda request, obj: {}
    )

    def url(self, action: str, *args: Any) -> str:
        return reverse(f"beheer:{self.key}-{action}", args=args)


def _user_extra(request: HttpRequest, user: User) -> dict[str, Any]:
    rows = [
        [
            _edit_cell("membership", membership.get_role_display(), membership.pk),
            *_membership_details(membership),
        ]
        for membership in selectors.memberships(user=user)
    ]
    return {
        "memberships_table": Table(
            _("Lidmaatschappen van deze gebruiker"),
            MEMBERSHIP_COLUMNS[1:],
            rows,
            empty_text=_("Nog geen lidmaatschappen."),
        ),
        "new_membership_url": SECTIONS["membership"].url("create") + f"?gebruiker={user.pk}",
        "has_second_factor": selectors.has_confirmed_totp(user),
        "is_self": user.pk == request.user.pk,
    }


MEMBERSHIP_COLUMNS: tuple[Text, ...] = (
    gettext_lazy("Gebruiker"),
    gettext_lazy("Rol"),
    gettext_lazy("Organisatie"),
    gettext_lazy("Team"),
    gettext_lazy("Vanaf"),
    gettext_lazy("Geldt niet meer vanaf"),
    gettext_lazy("Status"),
)


def _edit_cell(key: str, text: object, pk: int) -> Cell:
    return Cell(text, reverse(f"beheer:{key}-update", args=[pk]))


def _membership_details(membership: Membership) -> list[Cell]:
    return [
        Cell(membership.organisation.name),
        Cell(membership.team.name if membership.team else "—"),
        Cell(_date(membership.start_date)),
        Cell(_date(membership.end_date)),
        Cell(membership.get_status_display()),
    ]


SECTIONS: dict[str, Section] = {
    section.key: section
    for section in (
        Section(
            "municipality",
            "gemeenten",
            gettext_lazy("Gemeenten"),
            gettext_lazy("Nieuwe gemeente"),
            Municipality,
            MunicipalityForm,
            selectors.municipalities,
            (
                gettext_lazy("Naam"),
                gettext_lazy("CBS-code"),
                gettext_lazy("Regio"),
                gettext_lazy("Centrumgemeente"),
            ),
            lambda m: [
                _edit_cell("municipality", m.name, m.pk),
                Cell(m.code),
                Cell(m.region or "—"),
                Cell(_yes_no(m.is_centre)),
            ],
            lambda actor, form: services.save_municipality(actor, form.save(commit=False)),
        ),
        Section(
            "organisation",
            "organisaties",
            gettext_lazy("Organisaties"),
            gettext_lazy("Nieuwe organisatie"),
            Organisation,
            OrganisationForm,
            selectors.organisations,
            (
                gettext_lazy("Naam"),
                gettext_lazy("Kenmerk"),
                gettext_lazy("Soort"),
                gettext_lazy("Gemeente"),
            ),
            lambda o: [
                _edit_cell("organisation", o.name, o.pk),
                Cell(o.external_id),
                Cell(o.get_kind_display()),
                Cell(o.municipality.name if o.municipality else "—"),
            ],
            lambda actor, form: services.save_organisation(actor, form.save(commit=False)),
        ),
        Section(
            "team",
            "teams",
            gettext_lazy("Teams"),
            gettext_lazy("Nieuw team"),
            Team,
            TeamForm,
            selectors.teams,
            (gettext_lazy("Naam"), gettext_lazy("Organisatie")),
            lambda t: [_edit_cell("team", t.name, t.pk), Cell(t.organisation.name)],
            lambda actor, form: services.save_team(
                actor, form.save(commit=False), form.cleaned_data["municipalities"]
            ),
        ),
        Section(
            "user",
            "gebruikers",
            gettext_lazy("Gebruikers"),
            gettext_lazy("Nieuwe gebruiker"),
            User,
            UserEditForm,
            selectors.users,
            (gettext_lazy("Gebruikersnaam"), gettext_lazy("Naam"), gettext_lazy("Status")),
            lambda u: [
                _edit_cell("user", u.username, u.pk),
                Cell(u.get_full_name() or "—"),
                Cell(_("Actief") if u.is_active else _("Gedeactiveerd")),
            ],
            lambda actor, form: (
                services.create_user(actor, form.save(commit=False), form.cleaned_data["password1"])
                if isinstance(form, UserCreateForm)
                else services.save_user(actor, form.save(commit=False))
            ),
            create_form=UserCreateForm,
            template="accounts/beheer/user_form.html",
            extra_context=_user_extra,
        ),
        Section(
            "membership",
            "lidmaatschappen",
            gettext_lazy("Lidmaatschappen"),
            gettext_lazy("Nieuw lidmaatschap"),
            Membership,
            MembershipForm,
            selectors.memberships,
            MEMBERSHIP_COLUMNS,
            lambda m: [
                _edit_cell("membership", f"{m.user.display_name} ({m.user.username})", m.pk),
                Cell(m.get_role_display()),
                *_membership_details(m),
            ],
            lambda actor, form: services.save_membership(actor, form.save(commit=False)),
        ),
    )
}


def _crumbs(*trail: tuple[Text, str]) -> list[tuple[Text, str]]:
    return [(gettext_lazy("Start"), reverse("web:home")), *trail]


@functional_admin
def admin_index(request: HttpRequest) -> HttpResponse:
    context = {
        "admin_links": ADMIN_LINKS,
        "region_links": REGION_LINKS,
        "crumbs": _crumbs((_("Beheer"), "")),
    }
    return render(request, "accounts/beheer/index.html", context)


@functional_admin
def section_list(request: HttpRequest, section: str) -> HttpResponse:
    spec = SECTIONS[section]
    search = SearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page = Paginator(spec.select(query), PAGE_SIZE).get_page(request.GET.get("page"))
    table = Table(
        spec.title,
        spec.columns,
        [spec.cells(obj) for obj in page],
        empty_text=_("Niets gevonden.") if query else _("Nog niets vastgelegd."),
        caption_hidden=True,
    )
    context = {
        "section": spec,
        "search": search,
        "query": query,
        "page": page,
        "table": table,
        "create_url": spec.url("create"),
        "crumbs": _crumbs((spec.title, "")),
    }
    return render(request, "accounts/beheer/list.html", context)


@functional_admin
@require_http_methods(["GET", "POST"])
def section_create(request: HttpRequest, section: str) -> HttpResponse:
    spec = SECTIONS[section]
    form_class = spec.create_form or spec.form
    form = form_class(request.POST or None, initial=_initial(request, spec))
    return _edit(request, spec, form, spec.new_title, None)


@functional_admin
@require_http_methods(["GET", "POST"])
def section_update(request: HttpRequest, section: str, pk: int) -> HttpResponse:
    spec = SECTIONS[section]
    instance = get_object_or_404(spec.model, pk=pk)
    form = spec.form(request.POST or None, instance=instance)
    return _edit(request, spec, form, str(instance), instance)


def _initial(request: HttpRequest, spec: Section) -> dict[str, Any]:
    if spec.key != "membership":
        return {}
    # "Add a membership" on a user's page arrives with that user chosen.
    return {"user": request.GET.get("gebruiker"), "start_date": timezone.localdate()}


def _edit(
    request: HttpRequest, spec: Section, form: forms.ModelForm, title: Text, instance: Any
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            saved = spec.save(actor_from_request(request), form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Opgeslagen: %(name)s.") % {"name": saved})
            return redirect(spec.url("update", saved.pk))
    context = {
        "section": spec,
        "form": form,
        "title": title,
        "instance": instance,
        "list_url": spec.url("list"),
        "crumbs": _crumbs((spec.title, spec.url("list")), (title, "")),
        **(spec.extra_context(request, instance) if instance is not None else {}),
    }
    return render(request, spec.template, context)


@functional_admin
@require_POST
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.set_user_active(actor_from_request(request), user, active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = _("Account geactiveerd.") if active else _("Account gedeactiveerd.")
        messages.success(request, done)
    return redirect(SECTIONS["user"].url("update", user.pk))


@functional_admin
@require_POST
def user_issue_activation(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a one-time activation code for enrolling TOTP; shown once, on this page only."""
    user = get_object_or_404(User, pk=pk)
    try:
        code = services.issue_totp_activation(actor_from_request(request), user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(SECTIONS["user"].url("update", user.pk))
    context = {
        "account": user,
        "code": code,
        "hours": settings.TOTP_ACTIVATION_HOURS,
        "back_url": SECTIONS["user"].url("update", user.pk),
        "crumbs": _crumbs((SECTIONS["user"].title, SECTIONS["user"].url("list")), (str(user), "")),
    }
    response = render(request, "accounts/beheer/activation_code.html", context)
    return response


@functional_admin
@require_POST
def user_reset_second_factor(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    services.reset_second_factor(actor_from_request(request), user)
    messages.success(request, _("Tweede factor verwijderd: bij de volgende login komt een nieuwe."))
    return redirect(SECTIONS["user"].url("update", user.pk))


# --- four eyes: approving case-file memberships ------------------------------------------------


@functional_admin
@require_http_methods(["GET", "POST"])
def membership_approvals(request: HttpRequest) -> HttpResponse:
    """Requested case-file memberships; a second functional admin approves or rejects them."""
    actor = actor_from_request(request)
    if request.method == "POST":
        pk = request.POST.get("membership", "")
        decision = request.POST.get("decision")
        if not is_digits(pk) or decision not in {"approve", "reject"}:
            messages.error(request, _("Kies een lidmaatschap en goedkeuren of afwijzen."))
        else:
            get_object_or_404(Membership, pk=int(pk))
            try:
                decided = services.decide_membership(actor, int(pk), decision == "approve")
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("%(membership)s: %(status)s.")
                    % {"membership": decided, "status": decided.get_status_display()},
                )
        return redirect("beheer:membership-approvals")
    page = Paginator(selectors.memberships_awaiting_approval(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "me": request.user.pk,
        "crumbs": _crumbs((_("Goedkeuren van dossierrollen"), "")),
    }
    return render(request, "accounts/beheer/approvals.html", context)


# --- privacy officer: changes to case-file roles --------------------------------------------------


ROLE_CHANGE_COLUMNS: tuple[Text, ...] = (
    gettext_lazy("Op"),
    gettext_lazy("Wijziging"),
    gettext_lazy("Door"),
    gettext_lazy("Gebruiker"),
    gettext_lazy("Rol"),
    gettext_lazy("Organisatie"),
    gettext_lazy("Vanaf"),
    gettext_lazy("Geldt niet meer vanaf"),
    gettext_lazy("Status"),
)


@privacy_officer
@require_http_methods(["GET"])
def case_file_role_changes(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.case_file_role_changes(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        [
            Cell(localize(timezone.localtime(change.changed_at))),
            Cell(change.get_event_display()),
            Cell(f"{change.changed_by.display_name} ({change.changed_by.username})"),
            Cell(f"{change.user.display_name} ({change.user.username})"),
            Cell(change.get_role_display()),
            Cell(change.organisation.name),
            Cell(_date(change.start_date)),
            Cell(_date(change.end_date)),
            Cell(change.get_status_display()),
        ]
        for change in page
    ]
    table = Table(
        _("Wijzigingen in dossierrollen, nieuwste eerst"),
        ROLE_CHANGE_COLUMNS,
        rows,
        empty_text=_("Nog geen wijzigingen."),
    )
    context = {"page": page, "table": table}
    return render(request, "accounts/privacy/role_changes.html", context)
