"""Single sign-on pages: off to the identity provider, back from it, and the admin's settings."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from plek.accounts import config_history
from plek.accounts.context import actor_from_request
from plek.accounts.decorators import functional_admin
from plek.accounts.verification import SSO_SECOND_FACTOR_SESSION_KEY
from plek.integrations.oidc import config as oidc_config
from plek.integrations.oidc import services
from plek.integrations.oidc.forms import OidcConfigForm


class OidcStart(OIDCAuthenticationRequestView):
    """Send the browser to the identity provider (state, nonce and PKCE in the session)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The library reads its settings here; plek reads the row when the request comes.
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get_settings(self, attr: str, *args: Any) -> Any:
        return oidc_config.setting(self.config, attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        self.config = oidc_config.current_config()
        if not self.config.ready:
            messages.error(request, _("Inloggen via single sign-on staat niet aan."))
            return redirect("accounts:login")
        self.OIDC_OP_AUTH_ENDPOINT = self.config.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = self.config.client_id
        response: HttpResponse = super().get(request)
        return response


class OidcCallback(OIDCAuthenticationCallbackView):
    """Back from the identity provider: log in the linked account, or say it did not work."""

    def get_settings(self, attr: str, *args: Any) -> Any:
        return oidc_config.setting(self.config, attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        self.config = oidc_config.current_config()
        if not self.config.ready:
            return self.login_failure()
        response: HttpResponse = super().get(request)
        return response

    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request,
            _(
                "Inloggen via single sign-on is niet gelukt. Uw account bij de identity "
                "provider is niet gekoppeld aan een actief account in plek, of de inlogpoging "
                "is verlopen. Vraag zo nodig uw functioneel beheerder."
            ),
        )
        return HttpResponseRedirect(reverse("accounts:login"))

    def login_success(self) -> HttpResponse:
        super().login_success()
        if self.config.provider_enforces_second_factor:
            self.request.session[SSO_SECOND_FACTOR_SESSION_KEY] = True
        # The second-factor page sends the user on at once when nothing more is needed.
        query = urlencode({"next": self.success_url})
        return HttpResponseRedirect(f"{reverse('accounts:second-factor')}?{query}")


@functional_admin
def config_edit(request: HttpRequest) -> HttpResponse:
    current = oidc_config.current_config()
    form = OidcConfigForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.save_config(actor_from_request(request), form)
        messages.success(request, _("De instellingen voor single sign-on zijn opgeslagen."))
        return redirect("oidc:config")
    context = {
        "form": form,
        "callback_url": request.build_absolute_uri(reverse("oidc:callback")),
        "history": config_history.changes(services.HISTORY_AREA)[:20],
        "secret_from_environment": oidc_config.client_secret(current) != current.client_secret,
    }
    return render(request, "integrations/oidc_config.html", context)
