"""The database guarantees that a person is in one household at a time.

PostgreSQL: an exclusion constraint (btree_gist) over the half-open range [start_date, end_date)
per person (an open membership runs to infinity), as the housing stays have (housing 0003).
SQLite has no such constraint: there the services check it (``plek.people.services``:
adding a member, and merging two persons) inside serialised (IMMEDIATE) transactions.
"""

from django.db import migrations

NAME = "household_member_no_overlap"


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE people_householdmember ADD CONSTRAINT {NAME} EXCLUDE USING gist "
        "(person_id WITH =, daterange(start_date, end_date, '[)') WITH &&)"
    )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE people_householdmember DROP CONSTRAINT IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("people", "0003_consent_duplicateoverrule_personmerge_and_more")]

    operations = [migrations.RunPython(forwards, backwards)]
