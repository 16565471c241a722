from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plek.access.exceptions import AccessDenied
from plek.access.kinds import DataKind
from plek.access.policy import BREAK_GLASS_BASIS, is_privacy_officer, may_read_person_files
from plek.accounts.context import actor_from_request
from plek.core.dates import today
from plek.core.forms import errors_onto_form
from plek.people import search, selectors, services
from plek.people.dossier import ActionLink, DossierAction, dossier_sections
from plek.people.forms import (
    ConsentForm,
    ContactForm,
    EndMemberForm,
    HouseholdForm,
    InzageSearchForm,
    MemberForm,
    MemberSearchForm,
    MergeForm,
    PersonForm,
    RevokeConsentForm,
)
from plek.people.models import Consent, Household, Person, PersonMerge
from plek.people.selectors import (
    find_person_for_inzage,
    get_person,
    inzage_export,
    open_dossier,
    open_household,
)


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or "1"))
    except ValueError:
        return 1


@require_http_methods(["GET", "POST"])
def person_search(request: HttpRequest) -> HttpResponse:
    """The header's person search. The text comes by POST (a name or BSN stays out of URLs,
    history and access logs); so do the page buttons. GET shows the empty search."""
    actor = actor_from_request(request)
    if not may_read_person_files(actor):
        raise AccessDenied()
    text = request.POST.get("q", "").strip() if request.method == "POST" else ""
    result = None
    if text:
        result = search.search_persons(actor, text, _page_number(request.POST.get("pagina")))
    context = {"search_text": text, "result": result, "max_query": search.MAX_QUERY}
    return render(request, "people/search.html", context)


@require_http_methods(["GET"])
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        dossier = open_dossier(actor, person_id)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    opened = dossier.opened
    grant = opened.decision.grant
    titles = {section.key: section.title for section in dossier_sections()}
    context = {
        "person": opened.person,
        "timeline": [(titles.get(entry.section, ""), entry) for entry in dossier.timeline],
        "decision": opened.decision,
        "break_glass_until": (
            grant.valid_until if grant and opened.decision.basis == BREAK_GLASS_BASIS else None
        ),
        "memberships": dossier.memberships,
        "consents": dossier.consents,
        "merged_persons": dossier.merged_persons,
        "may_merge": services.may_merge(actor),
        "status": dossier.status,
        "next_deadline": dossier.next_deadline,
        "alerts": dossier.alerts,
        "action_groups": _grouped(dossier.actions, opened.person),
        "today": today(),
    }
    return render(request, "people/person_detail.html", context)


def _grouped(actions: list[DossierAction], person: Person) -> list[tuple[str, list[ActionLink]]]:
    """The dossier's actions as links under their group headings, in registration order."""
    groups: dict[str, list[ActionLink]] = {}
    for action in actions:
        groups.setdefault(str(action.group), []).append(
            ActionLink(action.label, action.url(person))
        )
    return list(groups.items())


def _person_data(data: dict[str, Any]) -> services.PersonData:
    return services.PersonData(
        family_name=data["family_name"],
        initials=data["initials"],
        bsn=data["bsn"],
        birth_date=data["birth_date"],
        sex=data["sex"],
        origin_municipality_id=data["origin_municipality"].pk
        if data["origin_municipality"]
        else None,
        phone=data["phone"],
        email=data["email"],
        street=data["street"],
        house_number=data["house_number"],
        postcode=data["postcode"],
        address_municipality_id=data["address_municipality"].pk
        if data["address_municipality"]
        else None,
        no_fixed_address=data["no_fixed_address"],
    )


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    """Register a new person; a duplicate BSN is refused, close matches need a choice."""
    actor = actor_from_request(request)
    if not may_read_person_files(actor):
        raise AccessDenied()
    form = PersonForm(request.POST or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(
                actor, _person_data(form.cleaned_data), overrule=form.cleaned_data["overrule"]
            )
        except services.DuplicatePerson as exc:
            report = exc.report
            if exc.refused:
                form.add_error("bsn", _("BSN: er is al een persoon met dit BSN."))
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("De persoon is geregistreerd."))
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/person_form.html", {"form": form, "report": report})


@require_http_methods(["GET", "POST"])
def household_create(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        person = get_person(actor, person_id)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    form = HouseholdForm(request.POST or None, initial={"name": person.family_name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            household = services.create_household(
                actor, person_id, data["name"], data["role"], data["start_date"]
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Het huishouden is aangemaakt."))
            return redirect("people:household", household_id=household.pk)
    return render(request, "people/household_form.html", {"form": form, "person": person})


def _household_page(
    request: HttpRequest,
    household_id: int,
    member_form: MemberForm | None = None,
    search_form: MemberSearchForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        view = open_household(actor, household_id)
    except Household.DoesNotExist as exc:
        raise Http404 from exc
    context = {
        "household": view.household,
        "members": view.members,
        "hidden_members": view.hidden_members,
        "search_form": search_form or MemberSearchForm(),
        "member_form": member_form,
        "end_form": EndMemberForm(),
    }
    return render(request, "people/household_detail.html", context, status=status)


def _member_choices(request: HttpRequest, text: str) -> list[tuple[int, str]]:
    """The persons the search finds that the actor works with (the others cannot be added)."""
    if not text.strip():
        return []
    result = search.search_persons(actor_from_request(request), text, log_existence=False)
    return [
        (
            hit.person_id,
            f"{hit.label}, {_('geboren')} {date_format(hit.birth_date, 'j F Y')}"
            if hit.birth_date
            else hit.label,
        )
        for hit in result.hits
    ]


@require_http_methods(["GET"])
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    return _household_page(request, household_id)


@require_POST
def household_member_search(request: HttpRequest, household_id: int) -> HttpResponse:
    """Step one of adding a member: search, then pick from the persons found."""
    search_form = MemberSearchForm(request.POST)
    if not search_form.is_valid():
        return _household_page(request, household_id, search_form=search_form, status=400)
    text = search_form.cleaned_data["zoek"]
    # The household first: a visitor who may not see it learns nothing from the search.
    try:
        open_household(actor_from_request(request), household_id)
    except Household.DoesNotExist as exc:
        raise Http404 from exc
    member_form = MemberForm(
        initial={"zoek": text, "start_date": today()}, choices=_member_choices(request, text)
    )
    return _household_page(request, household_id, member_form, search_form)


@require_POST
def household_add_member(request: HttpRequest, household_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    text = request.POST.get("zoek", "")
    form = MemberForm(request.POST, choices=_member_choices(request, text))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_household_member(
                actor, household_id, data["person"], data["role"], data["start_date"]
            )
        except Household.DoesNotExist as exc:
            raise Http404 from exc
        except AccessDenied:
            form.add_error(
                "person", _("Persoon: u mag deze persoon niet aan een huishouden toevoegen.")
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Het lid is toegevoegd."))
            return redirect("people:household", household_id=household_id)
    search_form = MemberSearchForm(initial={"zoek": text})
    return _household_page(request, household_id, form, search_form, status=400)


@require_POST
def household_end_member(request: HttpRequest, member_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    household_id = selectors.household_of_member(member_id)
    if household_id is None:
        raise Http404
    form = EndMemberForm(request.POST)
    if form.is_valid():
        try:
            services.end_household_member(actor, member_id, form.cleaned_data["end_date"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Het lidmaatschap is beëindigd."))
    else:
        messages.error(request, _("Tot: vul een geldige datum in."))
    return redirect("people:household", household_id=household_id)


@require_http_methods(["GET", "POST"])
def person_merge(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    if not services.may_merge(actor):
        raise AccessDenied()
    try:
        person = get_person(actor, person_id)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.merge_persons(actor, person_id, form.cleaned_data["source"])
        except KeyError:
            form.add_error("source", _("Persoonsnummer: deze persoon bestaat niet."))
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("De registraties zijn samengevoegd."))
            return redirect("people:detail", person_id=person_id)
    return render(request, "people/merge_form.html", {"form": form, "person": person})


@require_POST
def merge_undo(request: HttpRequest, merge_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    try:
        merge = services.undo_merge(actor, merge_id)
    except PersonMerge.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("people:detail", person_id=selectors.merge_target(merge_id))
    messages.success(request, _("De samenvoeging is ongedaan gemaakt."))
    return redirect("people:detail", person_id=merge.target_id)


# --- inzage (privacy officer) -------------------------------------------------------------------


def _privacy_officer(request: HttpRequest) -> Any:
    actor = actor_from_request(request)
    if not is_privacy_officer(actor):
        raise AccessDenied()
    return actor


@require_http_methods(["GET", "POST"])
def inzage(request: HttpRequest) -> HttpResponse:
    actor = _privacy_officer(request)
    # By POST: a BSN in a URL ends up in access logs and browser history.
    form = InzageSearchForm(request.POST if request.method == "POST" else None)
    found: int | None = None
    searched = False
    if form.is_bound and form.is_valid():
        searched = True
        try:
            found = find_person_for_inzage(actor, form.cleaned_data["zoek"])
        except ValueError:
            form.add_error("zoek", _("BSN of persoonsnummer: vul een geldig BSN of nummer in."))
            searched = False
    context = {"form": form, "found": found, "searched": searched}
    return render(request, "people/inzage.html", context)


def _export(request: HttpRequest, person_id: int) -> dict[str, Any]:
    actor = _privacy_officer(request)
    try:
        return inzage_export(actor, person_id)
    except Person.DoesNotExist as exc:
        raise Http404 from exc


@require_http_methods(["GET"])
def inzage_json(request: HttpRequest, person_id: int) -> HttpResponse:
    export = _export(request, person_id)
    response = HttpResponse(
        json.dumps(export, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="inzage-{person_id}.json"'
    return response


@require_http_methods(["GET"])
def inzage_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    from weasyprint import HTML

    from plek.people.inzage_letter import letter_context

    html = render_to_string(
        "people/inzage_pdf.html", letter_context(_privacy_officer(request), person_id)
    )
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="inzage-{person_id}.pdf"'
    return response


# --- contact details, address and consent -------------------------------------------------------


def _open_for_change(
    request: HttpRequest, person_id: int, kind: str, kinds: tuple[str, ...]
) -> tuple[Person, list[Consent]]:
    try:
        return selectors.open_for_change(actor_from_request(request), person_id, kind, kinds)
    except Person.DoesNotExist as exc:
        raise Http404 from exc


@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    """Change contact details and the current address (or "no fixed address")."""
    actor = actor_from_request(request)
    person, _consents = _open_for_change(
        request, person_id, DataKind.CONTACT, selectors.DOSSIER_CONTACT_KINDS
    )
    initial = {
        "phone": person.phone,
        "email": person.email,
        "no_fixed_address": person.no_fixed_address,
        "street": person.street,
        "house_number": person.house_number,
        "postcode": person.postcode,
        "address_municipality": person.address_municipality,
    }
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        municipality = data["address_municipality"]
        try:
            services.update_contact(
                actor,
                person_id,
                phone=data["phone"],
                email=data["email"],
                street=data["street"],
                house_number=data["house_number"],
                postcode=data["postcode"],
                address_municipality_id=municipality.pk if municipality else None,
                no_fixed_address=data["no_fixed_address"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("De contactgegevens en het adres zijn opgeslagen."))
            return redirect("people:detail", person_id=person_id)
    return render(request, "people/contact_form.html", {"form": form, "person": person})


def _consent_page(
    request: HttpRequest,
    person_id: int,
    form: ConsentForm | None = None,
    revoke_errors: dict[int, RevokeConsentForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    person, consents = _open_for_change(request, person_id, DataKind.HOUSEHOLD, ("toestemmingen",))
    revoke_errors = revoke_errors or {}
    rows = [
        (
            consent,
            consent.data_kind_labels,
            revoke_errors.get(consent.pk)
            or RevokeConsentForm(
                initial={"revoked_on": today()}, auto_id=f"id_intrekken{consent.pk}_%s"
            ),
        )
        for consent in consents
    ]
    context = {
        "person": person,
        "rows": rows,
        "form": form or ConsentForm(initial={"given_on": today()}),
        "today": today(),
    }
    return render(request, "people/consents.html", context, status=status)


@require_http_methods(["GET", "POST"])
def consents(request: HttpRequest, person_id: int) -> HttpResponse:
    """The person's consents: record a new one here, or revoke one (``consent_revoke``)."""
    if request.method == "GET":
        return _consent_page(request, person_id)
    actor = actor_from_request(request)
    form = ConsentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.give_consent(
                actor,
                person_id,
                data["organisation"].pk,
                data["data_kinds"],
                data["purpose"],
                data["given_on"],
                data["valid_until"],
            )
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("De toestemming is vastgelegd."))
            return redirect("people:consents", person_id=person_id)
    return _consent_page(request, person_id, form, status=400)


@require_POST
def consent_revoke(request: HttpRequest, consent_id: int) -> HttpResponse:
    actor = actor_from_request(request)
    person_id = selectors.person_of_consent(consent_id)
    if person_id is None:
        raise Http404
    form = RevokeConsentForm(request.POST, auto_id=f"id_intrekken{consent_id}_%s")
    if form.is_valid():
        try:
            services.revoke_consent(actor, consent_id, form.cleaned_data["revoked_on"])
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("De toestemming is ingetrokken."))
            return redirect("people:consents", person_id=person_id)
    return _consent_page(request, person_id, revoke_errors={consent_id: form}, status=400)
