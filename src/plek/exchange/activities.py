"""What the processing log names for plek-csv imports and exports (docs/exchange.md)."""

from __future__ import annotations

from plek.access.activities import ProcessingActivity
from plek.access.choices import Purpose

# One log row per person a bulk load wrote or a bulk export read.
BULK_IMPORT = ProcessingActivity("gegevens.importeren", "Ketengegevens importeren (plek-csv)")
BULK_EXPORT = ProcessingActivity("gegevens.exporteren", "Ketengegevens exporteren (plek-csv)")
IMPORTED_KINDS = ("identificatie", "naam", "geboortedatum", "verblijven", "signalen", "ZRM-scores")
EXPORTED_KINDS = IMPORTED_KINDS
# The chain's data exchange serves the execution of the Wmo and sheltered care (the purpose of
# the relations the data belongs to); the operator's bulk processing is logged under it.
EXCHANGE_PURPOSE = Purpose.WMO_MO
