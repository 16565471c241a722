"""The database guarantees that a unit and a person are never in two stays at once.

PostgreSQL: exclusion constraints (btree_gist) over the occupied nights, the half-open range
[start_date, end_date) (an open stay runs to infinity; a zero-night stay occupies nothing):

- ``stay_unit_no_overlap``: per unit (stays without a unit, as imported, are left out);
- ``stay_person_no_overlap``: per person, for every stay (the plek-csv import checks the same);
- ``respite_unit_no_overlap``: per respite unit.

They are DEFERRABLE INITIALLY DEFERRED so that an import rewriting many stays is judged on its
end state; plek's own services switch them to IMMEDIATE inside their transaction. SQLite has no
such constraints: there the services' checks run in serialised (IMMEDIATE) transactions.
"""

from django.db import migrations

CONSTRAINTS = (
    ("housing_stay", "stay_unit_no_overlap", "unit_id WITH =", "WHERE (unit_id IS NOT NULL)"),
    ("housing_stay", "stay_person_no_overlap", "person_id WITH =", ""),
    ("housing_respitebooking", "respite_unit_no_overlap", "unit_id WITH =", ""),
)


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for table, name, key, where in CONSTRAINTS:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {name} EXCLUDE USING gist "
            f"({key}, daterange(start_date, end_date, '[)') WITH &&) {where} "
            "DEFERRABLE INITIALLY DEFERRED"
        )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, _key, _where in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("housing", "0002_units_rules_matching_respite")]

    operations = [migrations.RunPython(forwards, backwards)]
