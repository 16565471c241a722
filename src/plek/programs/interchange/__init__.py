"""A programme as YAML or as a spreadsheet (XLSX), and back: the template of docs/programmes.md.

Both formats hold the same lists ("bladen"): programma (field/value), themas, acties, mijlpalen,
momenten, statussen, indicatoren, waarden. An import checks every row first and reports each
problem in Dutch with its sheet, row and column; only a file without problems is stored, in one
transaction, as a new programme.

The module is split by what it does; import from here, as before:

- ``common``: the sheets and their columns, ``Problem`` and ``ImportFailed``;
- ``export``: the programme as plain data;
- ``yaml_file`` and ``xlsx_file``: writing and reading each format;
- ``importing``: checking every row and storing the programme.
"""

from plek.programs.interchange.common import (
    DATE_COLUMNS,
    LIST_SEPARATOR,
    NUMBER_COLUMNS,
    PROGRAMME_FIELDS,
    SHEETS,
    ImportFailed,
    Problem,
)
from plek.programs.interchange.export import export_programme
from plek.programs.interchange.importing import Checker, import_data, import_upload
from plek.programs.interchange.xlsx_file import HEADER_FILL, HEADER_FONT, from_xlsx, to_xlsx
from plek.programs.interchange.yaml_file import from_yaml, to_yaml

__all__ = [
    "DATE_COLUMNS",
    "HEADER_FILL",
    "HEADER_FONT",
    "LIST_SEPARATOR",
    "NUMBER_COLUMNS",
    "PROGRAMME_FIELDS",
    "SHEETS",
    "Checker",
    "ImportFailed",
    "Problem",
    "export_programme",
    "from_xlsx",
    "from_yaml",
    "import_data",
    "import_upload",
    "to_xlsx",
    "to_yaml",
]
