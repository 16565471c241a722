"""The dossier's registries refuse what would show an action without a permission check."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from plek.access.choices import Action
from plek.access.kinds import DataKind
from plek.people.dossier import (
    DossierAction,
    DossierStatus,
    dossier_actions,
    dossier_statuses,
    register_dossier_action,
    register_dossier_status,
)


def _url(person: object) -> str:
    return "/"


def test_an_action_without_a_policy_action_cannot_be_registered() -> None:
    with pytest.raises(ImproperlyConfigured):
        register_dossier_action(
            DossierAction("x.no-check", "X", _url, action="", kind=DataKind.PLAN)
        )


def test_an_action_without_a_known_kind_of_data_cannot_be_registered() -> None:
    with pytest.raises(ImproperlyConfigured):
        register_dossier_action(
            DossierAction("x.no-kind", "X", _url, action=Action.CREATE, kind="alles")
        )


def test_a_status_without_a_source_cannot_be_registered() -> None:
    with pytest.raises(ImproperlyConfigured):
        register_dossier_status(DossierStatus("x.no-source", "X", lines=None))  # type: ignore[arg-type]


def test_every_registered_action_and_status_names_its_check() -> None:
    assert dossier_actions(), "no app offers an action on the dossier"
    for action in dossier_actions():
        assert action.action in Action.values and action.kind in DataKind.values, action.key
        assert callable(action.url) and callable(action.allowed_for) and callable(action.available)
    for status in dossier_statuses():
        assert callable(status.lines) and status.kind in DataKind.values, status.key
