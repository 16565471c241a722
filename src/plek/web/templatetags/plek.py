"""plek's template components: small inclusion tags over NL Design System (Utrecht) markup.

Load with ``{% load plek %}``. Each tag renders one template under ``web/components/``; pages
use these instead of writing the component markup again, so the look and the accessibility
(labels, ids, aria attributes) are decided once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms, template
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.boundfield import BoundField
from django.http import QueryDict
from django.utils.translation import get_language

from plek.accounts.context import active_memberships
from plek.accounts.roles import profile
from plek.accounts.verification import is_verified
from plek.web.components import Table, Worklist
from plek.web.links import Link, resolve_href
from plek.web.navigation import nav_items

register = template.Library()


# --- layout ----------------------------------------------------------------------------------


@register.inclusion_tag("web/components/page_header.html", takes_context=True)
def page_header(context: template.Context) -> dict[str, Any]:
    """Site name, who is logged in as what, membership switch, language switch and logout.

    Works without a request too (the bare 500 page): then only the site name shows.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"request": request, "user": None, "membership": None, "memberships": []}
    membership = context.get("current_membership")
    return {
        "request": request,
        "user": user,
        "membership": membership,
        # Only with two or more does the header offer to switch.
        "memberships": active_memberships(request) if request is not None else [],
        # The person search: casework roles, once the second factor is done.
        "person_search": bool(
            membership is not None
            and profile(membership.role).reads_person_files
            and request is not None
            and is_verified(request)
        ),
        "search_text": context.get("search_text", ""),
    }


@register.inclusion_tag("web/components/main_nav.html", takes_context=True)
def main_nav(context: template.Context) -> dict[str, Any]:
    """The menu of the current role (web/navigation.py); nothing for anonymous visitors."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return {"items": []}
    # Before the second factor is done the user has no menu yet: only that step is open.
    if not is_verified(request):
        return {"items": []}
    membership = context.get("current_membership")
    return {"items": nav_items(membership.role if membership else None, request.path)}


@register.inclusion_tag("web/components/language_switch.html", takes_context=True)
def language_switch(context: template.Context) -> dict[str, Any]:
    """A POST form to Django's set_language, one button per other language: no JavaScript."""
    request = context.get("request")
    current = get_language() or settings.LANGUAGE_CODE
    return {
        "request": request,
        "next": request.get_full_path() if request is not None else "/",
        "others": [(code, name) for code, name in settings.LANGUAGES if code != current],
    }


_MESSAGE_KINDS = {"success": "ok", "error": "error", "warning": "warning"}


@register.inclusion_tag("web/components/messages.html", takes_context=True)
def messages_area(context: template.Context) -> dict[str, Any]:
    """Django's messages as NL Design System alerts (success is "ok", debug shows as info)."""
    return {
        "messages": [
            (_MESSAGE_KINDS.get(message.level_tag, "info"), message)
            for message in context.get("messages") or ()
        ]
    }


@register.inclusion_tag("web/components/breadcrumbs.html")
def breadcrumbs(crumbs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """A trail of (label, href) pairs; the last one is the current page and has no link."""
    return {"crumbs": crumbs}


# --- content ---------------------------------------------------------------------------------


@register.inclusion_tag("web/components/alert.html")
def alert(message: str, kind: str = "info", heading: str = "") -> dict[str, Any]:
    """A notice box; kind is one of info, ok, warning, error."""
    return {"message": message, "kind": kind, "heading": heading}


@register.inclusion_tag("web/components/worklist_panel.html")
def worklist_panel(worklist: Worklist, heading_level: int = 2) -> dict[str, Any]:
    return {"worklist": worklist, "heading_level": heading_level}


@register.inclusion_tag("web/components/link_panel.html")
def link_panel(title: str, links: Iterable[Link], heading_level: int = 2) -> dict[str, Any]:
    """A titled list of links; links whose page does not exist (yet) are left out."""
    resolved = [(link, link.href()) for link in links]
    return {
        "title": title,
        "links": [(link, href) for link, href in resolved if href],
        "heading_level": heading_level,
    }


@register.inclusion_tag("web/components/data_table.html")
def data_table(table: Table) -> dict[str, Any]:
    rows = [
        [(cell, index in table.numeric_columns or cell.numeric) for index, cell in enumerate(row)]
        for row in table.rows
    ]
    columns = [(label, index in table.numeric_columns) for index, label in enumerate(table.columns)]
    return {"table": table, "columns": columns, "rows": rows}


@register.inclusion_tag("web/components/chart.html")
def chart(spec: dict[str, Any], spec_id: str, description: str) -> dict[str, Any]:
    """A Vega-Lite chart drawn in the browser; put its data table next to it (data_table)."""
    return {"spec": spec, "spec_id": spec_id, "description": description}


@register.inclusion_tag("web/components/pagination.html", takes_context=True)
def pagination(context: template.Context, page: Any) -> dict[str, Any]:
    """Previous/next links and the position, keeping the other query parameters (a search)."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)

    def href(number: int) -> str:
        params["page"] = str(number)
        return "?" + params.urlencode()

    return {
        "page": page,
        "previous_href": href(page.previous_page_number()) if page.has_previous() else "",
        "next_href": href(page.next_page_number()) if page.has_next() else "",
    }


@register.simple_tag
def link_href(url_name: str, fallback_path: str = "") -> str:
    """The URL of a named page, or the fallback path while that name does not exist (yet).

    ``{% link_href "access:processing-log" "/privacy/verwerkingen/" %}``
    """
    return resolve_href(url_name, fallback_path)


# --- forms -----------------------------------------------------------------------------------

# Per kind of widget: its NL Design System class, and the class it adds when invalid.
_WIDGET_CLASSES = {
    "select": ("utrecht-select utrecht-select--html-select", "utrecht-select--invalid"),
    "checkbox": ("utrecht-checkbox utrecht-checkbox--html-input", "utrecht-checkbox--invalid"),
    "textarea": ("utrecht-textarea utrecht-textarea--html-textarea", "utrecht-textarea--invalid"),
    "text": ("utrecht-textbox utrecht-textbox--html-input", "utrecht-textbox--invalid"),
}


def _widget_kind(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "text"


@register.inclusion_tag("web/components/form_field.html")
def form_field(field: BoundField, hint: str = "", mark_optional: bool = True) -> dict[str, Any]:
    """Label, hint, error text and input, with the input pointing at hint and error
    (aria-describedby) so a screen reader reads them with the field."""
    kind = _widget_kind(field.field.widget)
    hint_text = hint or field.help_text
    hint_id, error_id = f"{field.auto_id}-hint", f"{field.auto_id}-error"
    described_by = [hint_id] if hint_text else []
    if field.errors:
        described_by.append(error_id)
    css, invalid = _WIDGET_CLASSES[kind]
    if field.errors:
        css = f"{css} {invalid}"
    attrs: dict[str, str | bool] = {"class": css}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return {
        "field": field,
        "kind": kind,
        "widget": field.as_widget(attrs=attrs),
        "hint": hint_text,
        "hint_id": hint_id,
        "error_id": error_id,
        # A label that says itself when the field is needed ("(verplicht bij afwijzing)") is
        # not marked "(niet verplicht)" as well.
        "optional": mark_optional
        and not field.field.required
        and kind != "checkbox"
        and "verplicht" not in str(field.label).casefold(),
    }


@register.inclusion_tag("web/components/form_errors.html")
def form_errors(form: forms.BaseForm) -> dict[str, Any]:
    """A summary above the form: each error names its field and links to it."""
    field_errors = [
        (form[name].label, form[name].auto_id, _without_label(str(form[name].label), str(message)))
        for name, errors in form.errors.items()
        if name != NON_FIELD_ERRORS and name in form.fields
        for message in errors
    ]
    return {"form_level": form.non_field_errors(), "field_errors": field_errors}


def _without_label(label: str, message: str) -> str:
    """plek's messages name their field ("Vanaf: vul een datum in."); the summary links the
    label itself, so a message that starts with it loses that start ("Vanaf: Vanaf: …")."""
    head, colon, rest = message.partition(":")
    if colon and head.strip().casefold() == label.strip().casefold():
        return rest.strip()
    return message


@register.inclusion_tag("web/components/button.html")
def button(
    label: str, kind: str = "primary", name: str = "", value: str = "", button_type: str = "submit"
) -> dict[str, Any]:
    """A form button; kind is primary, secondary, subtle or danger."""
    return {"label": label, "kind": kind, "name": name, "value": value, "type": button_type}
