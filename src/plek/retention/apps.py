from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "plek.retention"
    verbose_name = _("Bewaartermijnen")

    def ready(self) -> None:
        # Each app registers its kinds of record in its own retention.py (plek.core.retention).
        autodiscover_modules("retention")
