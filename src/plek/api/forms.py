"""Forms of the functional admin's system-client pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plek.accounts.models import Organisation
from plek.accounts.roles import Role
from plek.api.scopes import scope_choices


class ScopesForm(forms.Form):
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=scope_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Wat de client mag opvragen; de toegangsregels gelden daarbovenop."),
    )


class ClientForm(ScopesForm):
    name = forms.CharField(label=_("Naam"), max_length=200)
    client_id = forms.SlugField(
        label=_("Client-id"),
        max_length=64,
        help_text=_("Kleine letters, cijfers en streepjes; staat in het token van de client."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisation.objects.order_by("name")
    )
    role = forms.ChoiceField(
        label=_("Rol"),
        choices=Role.choices,
        help_text=_("Een dossierrol wacht op goedkeuring door een tweede beheerder."),
    )

    field_order = ["name", "client_id", "organisation", "role", "scopes"]
