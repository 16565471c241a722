"""The one folding of names for search: lower case, no accents, punctuation as spaces.

``fold`` does it in Python (for what a user types); ``Folded`` does the same in SQL, for the
generated column ``Person.search_name``, so every write path (the ORM, ``bulk_create``, the
exchange import's ``COPY``) fills it: the database computes it, nobody can forget to.
PostgreSQL uses ``translate(lower(…))``; SQLite the same table in a function plek registers on
each connection (``register_sqlite_function``).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db.models import Func, TextField

# Accented letters (both cases) and their plain lower-case letter; punctuation becomes a space.
_ACCENTED = (
    "àáâãäåèéêëìíîïòóôõöøùúûüýÿñçÀÁÂÃÄÅÈÉÊËÌÍÎÏÒÓÔÕÖØÙÚÛÜÝŸÑÇ"
    "ıİşŞğĞčČćĆšŠžŽłŁőŐűŰāĀēĒīĪōŌūŪęĘąĄńŃśŚźŹżŻřŘěĚ"
)
_PLAIN = (
    "aaaaaaeeeeiiiioooooouuuuyyncaaaaaaeeeeiiiioooooouuuuyync"
    "iissggccccsszzlloouuaaeeiioouueeaannsszzzzrree"
)
_PUNCTUATION = "-'’.,/"
FOLD_FROM = _ACCENTED + _PUNCTUATION
FOLD_TO = _PLAIN + " " * len(_PUNCTUATION)
assert len(FOLD_FROM) == len(FOLD_TO)
_TABLE = str.maketrans(FOLD_FROM, FOLD_TO)


def fold(text: str) -> str:
    """What ``Folded`` stores, for a search term: lower case, no accents, single spaces."""
    lowered = text.lower().translate(_TABLE)
    # Letters outside the table: decompose and drop the accents (the column keeps them).
    decomposed = unicodedata.normalize("NFKD", lowered)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class Folded(Func):
    """SQL: the folded text of non-null text expressions joined by spaces (see the module
    docstring). ``||``, not ``concat()``: a generated column needs an immutable expression."""

    output_field = TextField()

    def _joined(self, compiler: Any) -> tuple[str, list[Any]]:
        parts, params = [], []
        for expression in self.source_expressions:
            sql, more = compiler.compile(expression)
            parts.append(f"({sql})")
            params.extend(more)
        return " || ' ' || ".join(parts), params

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        sql, params = self._joined(compiler)
        # Constants, inlined: a generated column's expression takes no parameters.
        return (
            f"translate(lower({sql}), {_literal(FOLD_FROM)}, {_literal(FOLD_TO)})",
            list(params),
        )

    def as_sqlite(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        sql, params = self._joined(compiler)
        return f"{SQLITE_FUNCTION}({sql})", list(params)


# SQLite's own lower() knows ASCII only, and a chain of replace() over the table overflows its
# parser: plek registers this deterministic function on every SQLite connection instead.
SQLITE_FUNCTION = "plek_fold"


def _sqlite_fold(text: str | None) -> str | None:
    return None if text is None else text.lower().translate(_TABLE)


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: give SQLite connections ``plek_fold``."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, _sqlite_fold, deterministic=True)
