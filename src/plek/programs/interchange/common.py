"""What both formats share: the sheets and their columns, and how a problem is reported."""

from __future__ import annotations

from dataclasses import dataclass

SHEETS: dict[str, tuple[str, ...]] = {
    "themas": ("titel", "toelichting"),
    "acties": (
        "nummer",
        "thema",
        "titel",
        "omschrijving",
        "trekker",
        "contact",
        "betrokkenen",
        "herkomst",
        "motie",
        "toegevoegd_op",
    ),
    "mijlpalen": ("actie", "titel", "jaar", "deel", "bereikt_op"),
    "momenten": ("titel", "peildatum", "stand"),
    "statussen": ("actie", "peildatum", "status", "toelichting"),
    "indicatoren": (
        "naam",
        "thema",
        "actie",
        "bron",
        "soort_voorziening",
        "bereik",
        "gemeente",
        "periode",
        "beginwaarde",
        "streefwaarde",
        "richting",
        "eenheid",
    ),
    "waarden": ("indicator", "datum", "waarde", "toelichting"),
}
PROGRAMME_FIELDS = ("naam", "eigenaar", "begin", "einde", "versie", "toelichting", "gemeenten")
DATE_COLUMNS = {"toegevoegd_op", "bereikt_op", "peildatum", "datum", "begin", "einde"}
NUMBER_COLUMNS = {"beginwaarde", "streefwaarde", "waarde"}
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int  # 0 for the programme sheet's field list; rows count from 1 as in the file
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.sheet}, rij {self.row}" if self.row else self.sheet
        return f"{where}, kolom '{self.column}': {self.message}"


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(problem) for problem in problems[:5]))
        self.problems = problems
