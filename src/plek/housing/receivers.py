"""Keeping the stored ranking keys right when a ZRM assessment of a waiting person is saved.

The intake saves an assessment and then its scores (in bulk) in one transaction; the keys of
the person's open entries are worked out once that transaction has committed.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from plek.intake.models import Assessment


def assessment_saved(sender: Any, instance: Assessment, **kwargs: Any) -> None:
    from plek.housing.waiting_list import refresh_rank_keys

    person_id = instance.person_id
    transaction.on_commit(lambda: refresh_rank_keys(person_ids=[person_id]))


def connect() -> None:
    post_save.connect(assessment_saved, sender=Assessment, dispatch_uid="housing-rank-zrm")
