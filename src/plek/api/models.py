"""System clients of the API: other systems that call plek with a signed token (as the ZGW APIs).

A client has its own service user with one membership (organisation and role), so the access
policy decides for it as for a professional of that organisation, and the processing log names it
as the user and organisation of every read. Scopes limit which routes it may call at all.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plek.accounts.roles import Role


class SystemClient(models.Model):
    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("naam"), max_length=200)
    client_id = models.SlugField(_("client-id"), max_length=64, unique=True)
    # The HS256 key: the server needs it to check signatures, so it is stored; the pages show it
    # once, when it is made, and never again.
    secret = models.CharField(_("geheim"), max_length=128, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisatie"), on_delete=models.PROTECT
    )
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    service_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("servicegebruiker"),
        on_delete=models.PROTECT,
        related_name="system_client",
    )
    membership = models.OneToOneField(
        "accounts.Membership",
        verbose_name=_("lidmaatschap"),
        on_delete=models.PROTECT,
        related_name="system_client",
    )
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("systeemclient")
        verbose_name_plural = _("systeemclients")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.client_id})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, code: str) -> bool:
        return code in self.scopes
