"""The start pages' worklists, registered by the apps that fill them.

An app registers each of its worklists from its ``AppConfig.ready`` (usually through a
``register()`` in its own ``worklists.py``): a title, the roles whose start page shows it, a
``source`` (a function from the actor to the items, written over the app's selectors) and,
where the roles alone do not settle it, a ``visible`` check. The start pages
(``plek.web.start_pages``) read this registry and import no app, so the apps stay below the
shared page. A worklist without a source cannot be registered: an empty promise on a start page
is not a feature.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from plek.accounts.context import Actor
from plek.web.components import Text, Worklist, WorklistItem

WorklistSource = Callable[[Actor], Sequence[WorklistItem]]


def _always(actor: Actor) -> bool:
    return True


@dataclass(frozen=True)
class WorklistSpec:
    key: str
    title: Text
    roles: tuple[str, ...]
    source: WorklistSource
    description: Text = ""
    # Place on the start page: lower comes first.
    order: int = 100
    # Whether this actor sees the list at all (beyond the role); the source still filters.
    visible: Callable[[Actor], bool] = _always
    # The full list (search, sort, pages) when the list can grow beyond the panel: a URL
    # name, or a function giving the address (for a list opened with a filter in its query).
    more: str | Callable[[], str] = ""

    def more_href(self) -> str:
        if callable(self.more):
            return self.more()
        return reverse(self.more) if self.more else ""

    def build(self, actor: Actor) -> Worklist:
        return Worklist(
            self.title, self.source(actor), self.description, more_href=self.more_href()
        )


_WORKLISTS: dict[str, WorklistSpec] = {}


def register_worklist(spec: WorklistSpec) -> None:
    """Add (or, under the same key, replace) a worklist on the start pages of its roles."""
    if not callable(spec.source):
        raise ImproperlyConfigured(f"Werklijst {spec.key!r} heeft geen bron (source).")
    if not spec.roles:
        raise ImproperlyConfigured(f"Werklijst {spec.key!r} noemt geen rol.")
    _WORKLISTS[spec.key] = spec


def registered_worklists() -> list[WorklistSpec]:
    return sorted(_WORKLISTS.values(), key=lambda spec: (spec.order, spec.key))


def worklists_for(role: str | None) -> list[WorklistSpec]:
    return [spec for spec in registered_worklists() if role in spec.roles]


def build_worklists(actor: Actor, specs: Iterable[WorklistSpec]) -> list[Worklist]:
    return [spec.build(actor) for spec in specs if spec.visible(actor)]
