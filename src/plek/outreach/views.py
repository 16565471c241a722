"""Outreach pages: thin, through selectors and services only."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plek.access.exceptions import AccessDenied
from plek.accounts.context import actor_from_request
from plek.accounts.roles import Role
from plek.core import dates
from plek.core.forms import errors_onto_form
from plek.core.text import is_digits
from plek.outreach import selectors, services
from plek.outreach.forms import ContactForm, LinkForm, ReferralForm, ResponseForm
from plek.outreach.models import StreetContact


def _crumbs(label: str = "") -> list[tuple[str, str]]:
    crumbs = [(_("Start"), reverse("web:home")), (_("Straatcontacten"), reverse("outreach:list"))]
    if label:
        crumbs.append((label, ""))
    return crumbs


@require_http_methods(["GET"])
def contact_list(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    query = request.GET.get("zoek", "")
    page, rows = selectors.contacts_page(actor, query, request.GET.get("page"))
    return render(
        request,
        "outreach/contact_list.html",
        {"page": page, "rows": rows, "query": query, "crumbs": _crumbs()},
    )


@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    initial: dict[str, Any] = {}
    if is_digits(request.GET.get("persoon", "")):
        initial["person_id"] = int(request.GET["persoon"])
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = services.record_contact(
                actor,
                services.ContactInput(
                    met_at=form.met_at(),
                    location=data["location"],
                    description=data["description"],
                    offered=data["offered"],
                    note=data["note"],
                    person_id=data.get("person_id"),
                ),
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            messages.success(request, _("Het straatcontact is vastgelegd."))
            return HttpResponseRedirect(reverse("outreach:detail", args=[contact.pk]))
    elif request.method == "GET":
        # Only outreach workers record street contacts: others learn that before the form.
        selectors.own_contacts(actor)
    return render(
        request,
        "outreach/contact_form.html",
        {"form": form, "crumbs": _crumbs(_("Straatcontact vastleggen"))},
    )


def _detail_context(request: HttpRequest, contact_id: int, **forms: Form) -> dict[str, Any]:
    actor = actor_from_request(request)
    try:
        opened = selectors.open_contact(actor, contact_id)
    except StreetContact.DoesNotExist as exc:
        raise Http404 from exc
    referral_form = forms.get("referral_form")
    if referral_form is None and opened.is_own:
        referral_form = ReferralForm(
            teams=services.wijkteams(),
            initial={
                "respond_by": dates.today()
                + datetime.timedelta(days=services.DEFAULT_RESPONSE_DAYS)
            },
        )
    open_referral = any(r.status == "open" for r in opened.referrals)
    return {
        "opened": opened,
        "contact": opened.contact,
        "label": selectors.contact_label(opened.contact),
        "link_form": forms.get("link_form") or LinkForm(),
        "referral_form": referral_form,
        "may_refer": opened.is_own and not open_referral,
        "response_form": forms.get("response_form") or ResponseForm(),
        "crumbs": _crumbs(_("Straatcontact")),
    }


@require_http_methods(["GET"])
def contact_detail(request: HttpRequest, contact_id: int) -> HttpResponse:
    return render(request, "outreach/contact_detail.html", _detail_context(request, contact_id))


@require_POST
def contact_link(request: HttpRequest, contact_id: int) -> HttpResponse:
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            services.link_contact(actor_from_request(request), contact_id, form.cleaned_data["bsn"])
        except StreetContact.DoesNotExist as exc:
            raise Http404 from exc
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            messages.success(request, _("Het contact is aan de persoon gekoppeld."))
            return HttpResponseRedirect(reverse("outreach:detail", args=[contact_id]))
    context = _detail_context(request, contact_id, link_form=form)
    return render(request, "outreach/contact_detail.html", context, status=400)


@require_POST
def contact_refer(request: HttpRequest, contact_id: int) -> HttpResponse:
    form = ReferralForm(request.POST, teams=services.wijkteams())
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.refer(
                actor_from_request(request),
                contact_id,
                services.ReferralInput(
                    team_id=data["team"],
                    reason=data["reason"],
                    respond_by=data["respond_by"],
                    urgency=data["urgency"],
                ),
            )
        except StreetContact.DoesNotExist as exc:
            raise Http404 from exc
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            messages.success(request, _("De doorverwijzing is verstuurd naar het wijkteam."))
            return HttpResponseRedirect(reverse("outreach:detail", args=[contact_id]))
    context = _detail_context(request, contact_id, referral_form=form)
    return render(request, "outreach/contact_detail.html", context, status=400)


@require_POST
def referral_respond(request: HttpRequest, referral_id: int) -> HttpResponse:
    contact_id = selectors.contact_of_referral(referral_id)
    if contact_id is None:
        raise Http404
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.respond(
                actor_from_request(request),
                referral_id,
                form.cleaned_data["decision"],
                form.cleaned_data["note"],
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        else:
            messages.success(request, _("Uw reactie is vastgelegd."))
            return HttpResponseRedirect(reverse("outreach:detail", args=[contact_id]))
    context = _detail_context(request, contact_id, response_form=form)
    return render(request, "outreach/contact_detail.html", context, status=400)


@require_http_methods(["GET"])
def referral_list(request: HttpRequest) -> HttpResponse:
    actor = actor_from_request(request)
    only_open = request.GET.get("alle") != "1"
    query = request.GET.get("zoek", "")
    page, rows = selectors.referrals_page(actor, only_open, query, request.GET.get("page"))
    is_outreach = actor.membership is not None and actor.membership.role == Role.VELDWERK
    return render(
        request,
        "outreach/referral_list.html",
        {
            "page": page,
            "rows": rows,
            "query": query,
            "only_open": only_open,
            "is_outreach": is_outreach,
            "crumbs": _crumbs(_("Doorverwijzingen")),
        },
    )


@require_http_methods(["GET"])
def refer_person(request: HttpRequest, person_id: int) -> HttpResponse:
    """From the dossier: the newest own contact with this person, at its referral form."""
    contact_id = selectors.latest_own_contact(actor_from_request(request), person_id)
    if contact_id is None:
        raise AccessDenied()
    return HttpResponseRedirect(reverse("outreach:detail", args=[contact_id]) + "#doorverwijzen")
