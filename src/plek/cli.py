"""The `plek` console script: one entry point for running, demoing and operating plek.

`plek demo` runs the embedded demo; every other word is a Django management command, with
dashes allowed for underscores (`plek verify-log` = `manage.py verify_log`).
"""

from __future__ import annotations

import os
import sys

USAGE = """gebruik: plek <opdracht> [opties]

  demo          database aanmaken/bijwerken, demoregio laden en plek starten op http://127.0.0.1:8000
  serve         plek starten (zonder demodata te laden)
  verify-log    het verwerkingenlog controleren (sleutel en ijkpunt) en een ijkpunt schrijven
  anchor-log    een ondertekend ijkpunt van het verwerkingenlog buiten de database schrijven
  <opdracht>    elke andere Django-beheeropdracht (migrate, createsuperuser, ...)
"""


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return
    command, rest = args[0], args[1:]
    if command == "demo":
        # The demo region's users may skip the second factor, visibly; only in this mode.
        os.environ.setdefault("PLEK_DEMO_MODE", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plek.settings")
    from django.core.management import execute_from_command_line

    name = {"serve": "runserver"}.get(command, command.replace("-", "_"))
    if name == "runserver":
        import django

        from plek.startup import insecure_start_problems

        django.setup()
        problems = insecure_start_problems()
        if problems:
            print("plek start niet buiten de demomodus (PLEK_DEMO_MODE):", file=sys.stderr)
            for problem in problems:
                print(f"- {problem}", file=sys.stderr)
            sys.exit(2)
        if not rest:
            rest = ["127.0.0.1:8000"]
    execute_from_command_line(["plek", name, *rest])


if __name__ == "__main__":
    main()
