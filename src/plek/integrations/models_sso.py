"""Single sign-on with the municipality's identity provider (OpenID Connect).

One configuration row, edited by functional admins on /beheer/single-sign-on/; every change is
kept in the configuration history (``accounts.ConfigChange``, area ``sso``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MatchClaim(models.TextChoices):
    # The e-mail address the identity provider vouches for, on the first login; after that the
    # provider's own subject id (stored in OidcIdentity) ties the accounts together.
    EMAIL = "email", _("E-mailadres (eerste keer), daarna het sub-kenmerk")
    # Only accounts an earlier login already tied to the provider's subject id.
    SUB = "sub", _("Alleen het sub-kenmerk van een eerder gekoppeld account")


class OidcConfig(models.Model):
    """The identity provider plek trusts; there is at most one row (pk 1)."""

    enabled = models.BooleanField(_("aan"), default=False)
    provider_name = models.CharField(
        _("naam van de identity provider"),
        max_length=80,
        blank=True,
        help_text=_("Op de inlogpagina: 'Inloggen met <naam>'."),
    )
    issuer = models.URLField(_("issuer"), blank=True)
    authorization_endpoint = models.URLField(_("authorization endpoint"), blank=True)
    token_endpoint = models.URLField(_("token endpoint"), blank=True)
    userinfo_endpoint = models.URLField(_("userinfo endpoint"), blank=True)
    jwks_endpoint = models.URLField(_("JWKS endpoint"), blank=True)
    client_id = models.CharField(_("client id"), max_length=200, blank=True)
    # PLEK_OIDC_CLIENT_SECRET in the environment takes precedence (keep it out of the database).
    client_secret = models.CharField(_("client secret"), max_length=500, blank=True)
    scopes = models.CharField(_("scopes"), max_length=200, default="openid email profile")
    sign_algorithm = models.CharField(
        _("ondertekening id-token"),
        max_length=8,
        default="RS256",
        choices=[("RS256", "RS256"), ("ES256", "ES256")],
    )
    match_claim = models.CharField(
        _("koppelen op"), max_length=8, choices=MatchClaim.choices, default=MatchClaim.EMAIL
    )
    # Off by default: plek still asks its own TOTP code after single sign-on, unless the
    # municipality states that its identity provider enforces a second factor itself.
    provider_enforces_second_factor = models.BooleanField(
        _("identity provider eist zelf een tweede factor"), default=False
    )

    class Meta:
        verbose_name = _("single sign-on (OpenID Connect)")
        verbose_name_plural = _("single sign-on (OpenID Connect)")

    def __str__(self) -> str:
        return self.provider_name or "OpenID Connect"

    @property
    def ready(self) -> bool:
        """Switched on and complete enough to send anyone to the provider."""
        return bool(
            self.enabled
            and self.authorization_endpoint
            and self.token_endpoint
            and self.jwks_endpoint
            and self.client_id
        )


class OidcIdentity(models.Model):
    """A plek account tied to the identity provider's subject id (``iss`` + ``sub``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="oidc_identities",
    )
    issuer = models.CharField(_("issuer"), max_length=300)
    subject = models.CharField(_("sub"), max_length=255)
    linked_at = models.DateTimeField(_("gekoppeld op"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("laatst ingelogd"), null=True, blank=True)

    class Meta:
        verbose_name = _("koppeling met de identity provider")
        verbose_name_plural = _("koppelingen met de identity provider")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="oidc_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.subject}"
