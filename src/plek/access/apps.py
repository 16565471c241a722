from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _create_log_heads(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """Every configured chain has a head from the start, so a deleted chain shows as missing."""
    from plek.access.chain import ensure_heads
    from plek.access.models import LogChain

    if LogChain._meta.db_table in connections[using].introspection.table_names():
        ensure_heads(using)


class AccessConfig(AppConfig):
    name = "plek.access"
    label = "access"

    def ready(self) -> None:
        # Registers the generic relation and break-the-glass as relation sources.
        from plek.access import (
            relations,  # noqa: F401
            worklists,
        )

        worklists.register()

        post_migrate.connect(_create_log_heads, sender=self)
