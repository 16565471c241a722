"""The kinds of help volunteers offer and help requests ask for: the starting list.

Loaded by migration ``0002_skills``; ``ensure_skills`` puts them back where a database was
emptied (the test flush, a fresh demo).
"""

from __future__ import annotations

SKILLS: tuple[tuple[str, str], ...] = (
    ("boodschappen", "Boodschappen doen"),
    ("vervoer", "Vervoer en begeleiding naar afspraken"),
    ("administratie", "Hulp bij de administratie"),
    ("gezelschap", "Gezelschap en een luisterend oor"),
    ("klussen", "Klussen in en om het huis"),
    ("tuin", "Tuinonderhoud"),
    ("digitaal", "Hulp met computer en telefoon"),
    ("taal", "Taal en lezen"),
    ("maatje", "Maatje na de opvang"),
    ("respijt", "Even overnemen van de mantelzorg"),
)


def ensure_skills() -> None:
    from plek.informal.models import Skill

    for code, name in SKILLS:
        Skill.objects.get_or_create(code=code, defaults={"name": name})
