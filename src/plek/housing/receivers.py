"""Keeping the stored ranking keys right when a ZRM assessment of a waiting person is saved,
or a person's data (the municipality of origin) changes.

The intake saves an assessment and then its scores (in bulk) in one transaction; the keys of
the person's open entries are worked out once that transaction has committed.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from plek.intake.models import Assessment
from plek.people.models import Person


def assessment_saved(sender: Any, instance: Assessment, **kwargs: Any) -> None:
    from plek.housing.waiting_list import refresh_rank_keys

    person_id = instance.person_id
    transaction.on_commit(lambda: refresh_rank_keys(person_ids=[person_id]))


def person_saved(sender: Any, instance: Person, created: bool, **kwargs: Any) -> None:
    """A changed municipality of origin moves the person's entries to another region's list."""
    if created:
        return
    from plek.housing.waiting_list import refresh_rank_keys

    person_id = instance.pk
    transaction.on_commit(lambda: refresh_rank_keys(person_ids=[person_id]))


def connect() -> None:
    post_save.connect(assessment_saved, sender=Assessment, dispatch_uid="housing-rank-zrm")
    post_save.connect(person_saved, sender=Person, dispatch_uid="housing-rank-origin")
