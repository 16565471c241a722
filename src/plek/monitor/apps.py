from typing import Any

from django.apps import AppConfig


class MonitorConfig(AppConfig):
    name = "plek.monitor"
    label = "monitor"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from plek.exchange.events import import_finished

        import_finished.connect(_refresh_soon, dispatch_uid="monitor-after-import")
        # Freshness itself comes from database triggers; this only warms the store early.
        post_save.connect(_refresh_soon, dispatch_uid="monitor-after-save")
        post_delete.connect(_refresh_soon, dispatch_uid="monitor-after-delete")


WATCHED_APPS = {"housing", "people", "signals", "intake", "plans", "postal", "aftercare"}


def _refresh_soon(sender: Any, **kwargs: Any) -> None:
    from django.conf import settings
    from django.db import transaction

    if not settings.MONITOR_REFRESH_AFTER_CHANGES:
        return
    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.app_label not in WATCHED_APPS:
        return
    from plek.monitor.tasks import queue_refresh

    transaction.on_commit(queue_refresh)
