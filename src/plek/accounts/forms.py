"""Forms of the login, the second factor and the functional admin pages.

Labels and messages are Dutch source strings; every message names the field it is about.
The widgets get their NL Design System classes from the ``form_field`` template component.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plek.accounts.models import Membership, Municipality, Organisation, Team, User
from plek.accounts.services import validate_cbs_code


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    token = forms.RegexField(
        label=_("Code"),
        help_text=_("De zes cijfers die uw authenticator-app nu toont."),
        regex=r"^\s*\d{6,8}\s*$",
        max_length=12,
        error_messages={
            "invalid": _("Vul als code de zes cijfers uit uw authenticator-app in."),
            "required": _("Vul als code de zes cijfers uit uw authenticator-app in."),
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class ActivationForm(forms.Form):
    activation_code = forms.CharField(
        label=_("Activeringscode"),
        help_text=_(
            "De eenmalige code die u van de functioneel beheerder kreeg, bijvoorbeeld "
            "ABCD-EFGH-JKLM-NPQR."
        ),
        max_length=40,
        error_messages={"required": _("Vul als activeringscode de code van uw beheerder in.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        where = f"{obj.organisation.name} · {obj.team.name}" if obj.team else obj.organisation.name
        return f"{obj.get_role_display()} — {where}"


class MembershipChoiceForm(forms.Form):
    membership = MembershipChoiceField(
        label=_("Werken als"), queryset=Membership.objects.none(), empty_label=None
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = user.active_memberships().order_by(  # type: ignore[attr-defined]
            "start_date", "id"
        )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=100)


# --- functional admin ------------------------------------------------------------------------

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class MunicipalityForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = ["code", "name", "region", "is_centre"]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        validate_cbs_code(code)
        return code


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["external_id", "name", "kind", "municipality"]
        help_texts = {"external_id": _("De eigen sleutel van de bron, stabiel tussen imports.")}


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["organisation", "name", "municipalities"]
        help_texts = {"municipalities": _("Houd Ctrl (of Cmd) ingedrukt om er meer te kiezen.")}


class UserForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "preferred_language"]


class UserEditForm(UserForm):
    class Meta(UserForm.Meta):
        # The username is the login name: fixed once the account exists.
        fields = ["first_name", "last_name", "email", "preferred_language"]


class UserCreateForm(UserForm):
    password1 = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minstens 12 tekens; geen veelgebruikt wachtwoord en niet alleen cijfers."),
    )
    password2 = forms.CharField(
        label=_("Wachtwoord (herhaling)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_password2(self) -> str:
        first = self.cleaned_data.get("password1")
        second: str = self.cleaned_data["password2"]
        if first and first != second:
            raise ValidationError(_("De twee wachtwoorden zijn niet gelijk."))
        return second

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password1")
        if password:
            # Checked against the user as filled in, so "too similar to the name" works.
            candidate = User(**{name: cleaned.get(name) for name in UserForm.Meta.fields})
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.display_name} ({obj.username})"


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "organisation", "team", "role", "start_date", "end_date"]
        field_classes = {"user": UserChoiceField}
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET}
        help_texts = {
            "team": _("Het team moet bij de gekozen organisatie horen."),
            "end_date": _(
                "De eerste dag waarop het lidmaatschap niet meer geldt. "
                "Leeg laten als het doorloopt."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Deactivated users keep their history but get no new memberships.
        active = User.objects.filter(is_active=True).order_by("username")
        if self.instance.pk:
            active = active | User.objects.filter(pk=self.instance.user_id)
        self.fields["user"].queryset = active  # type: ignore[attr-defined]
        self.fields["team"].queryset = Team.objects.select_related("organisation")  # type: ignore[attr-defined]
