"""Where other apps plug into a postal-address decision without postal importing them.

A listener hears of a decision once its transaction has committed (the local decision always
stands first; what a listener does afterwards can fail without undoing it). A panel adds a line
to the application page (for example the state of the zaak in the case system).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils.functional import Promise

from plek.accounts.context import Actor

DecisionListener = Callable[[Actor, int], None]


@dataclass(frozen=True)
class Panel:
    """One line on the application page: a heading, a state text and an optional POST action."""

    title: str | Promise
    state: str | Promise
    detail: str = ""
    action_url: str = ""
    action_label: str | Promise = ""
    element_id: str = ""


PanelProvider = Callable[[Actor, int], "Panel | None"]

_listeners: list[DecisionListener] = []
_panels: list[PanelProvider] = []


def on_decision(listener: DecisionListener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def add_panel(provider: PanelProvider) -> None:
    if provider not in _panels:
        _panels.append(provider)


def decision_committed(actor: Actor, application_id: int) -> None:
    """Call every listener after the surrounding transaction commits; a failing one is logged."""
    for listener in _listeners:
        transaction.on_commit(partial(listener, actor, application_id), robust=True)


def panels(actor: Actor, application_id: int) -> list[Panel]:
    return [panel for provider in _panels if (panel := provider(actor, application_id))]
