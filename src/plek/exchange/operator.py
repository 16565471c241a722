"""Who `plek import` / `plek export` act as: ``--als GEBRUIKERSNAAM`` or the system operator."""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser

from plek.accounts.context import Actor
from plek.accounts.models import User
from plek.accounts.roles import Role


def add_als_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--als",
        metavar="GEBRUIKERSNAAM",
        default=None,
        help=(
            "de functioneel beheerder (actief) namens wie het verwerkingenlog de import/export "
            "vastlegt; zonder deze optie noemt het log de systeembeheerder ('systeem')"
        ),
    )


def operator_actor(username: str | None) -> Actor | None:
    """The actor for ``--als``: an active user with an active functional-admin membership."""
    if username is None:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    membership = (
        user.active_memberships().filter(role=Role.BEHEER).select_related("organisation").first()
        if user
        else None
    )
    if user is None or membership is None:
        raise CommandError(
            f"--als: '{username}' is geen actieve gebruiker met een actief lidmaatschap als "
            "functioneel beheerder."
        )
    return Actor(user=user, membership=membership)
