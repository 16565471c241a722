"""Vocabularies shared by apps that do not depend on each other."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Priority(models.TextChoices):
    """Urgency of a signal and priority on a waiting list: one scale (spoed/hoog/normaal)."""

    SPOED = "spoed", _("Spoed")
    HOOG = "hoog", _("Hoog")
    NORMAAL = "normaal", _("Normaal")
