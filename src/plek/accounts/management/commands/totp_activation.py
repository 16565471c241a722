"""`plek totp-activation <username>`: an activation code for enrolling TOTP, from the operator.

For the first functional admin of an installation; afterwards admins issue codes to each other
and to users on the user's admin page.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from plek.accounts import services
from plek.accounts.models import User


class Command(BaseCommand):
    help = "Geeft een eenmalige activeringscode uit waarmee een gebruiker TOTP instelt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as exc:
            raise CommandError(f"Gebruiker {options['username']!r} bestaat niet.") from exc
        code = services.issue_totp_activation(None, user)
        self.stdout.write(code)
